//! Forecasts listed against periods listed: "$10,500 and $11,000 a tonne for
//! 2027 and 2028 respectively", "in 2027 and 2028 of $9,900 and $10,400",
//! "预计2027年和2028年铜价分别为…和…": the n-th figure is of the n-th period.

use chrono::{Datelike, NaiveDate};

use super::super::model::{Fact, FactKind};
use super::super::period::{listed_periods, listed_periods_zh};
use super::super::text::Token;

/// Give the forecasts read from one sentence (`facts`) the periods of its
/// period list, in order, when there is one period per forecast of one holder
/// and the list is not interleaved with the figures ("$9,800 in 2027 and
/// $10,200 in 2028" names each figure's own period and has no list).
pub(super) fn assign_periods(sentence: &str, toks: &[Token], facts: &mut [Fact], today: NaiveDate) {
    let mut forecasts: Vec<_> = facts
        .iter_mut()
        .filter_map(|f| match &mut f.kind {
            FactKind::Forecast(fc) => Some(fc),
            _ => None,
        })
        .collect();
    if forecasts.len() < 2 {
        return;
    }
    let one_holder = forecasts
        .windows(2)
        .all(|w| w[0].institution == w[1].institution);
    let one_commodity = forecasts
        .windows(2)
        .all(|w| w[0].commodity == w[1].commodity);
    let respectively = toks.iter().any(|t| t.is("respectively")) || sentence.contains("分别");
    if !one_holder || !(respectively || one_commodity) {
        return;
    }
    let periods = if sentence.is_ascii() {
        listed_periods(toks, today)
    } else {
        listed_periods_zh(sentence, today.year())
    };
    let Some(periods) = periods.filter(|p| p.len() == forecasts.len()) else {
        return;
    };
    // without "respectively" each figure must not already hold a period of its own
    // outside the list (the list's year is no other period: "halves of next year")
    if !respectively
        && forecasts.iter().any(|f| {
            f.period
                .as_ref()
                .is_some_and(|p| !periods.iter().any(|q| q.starts_with(p.as_str())))
        })
    {
        return;
    }
    for (f, p) in forecasts.iter_mut().zip(periods) {
        f.period = Some(p);
    }
}
