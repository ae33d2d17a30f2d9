//! Forward-looking frames of English sentences: a level named in an
//! expectation, a budget assumption or a future period is a forecast (when
//! someone named holds it), never a price.
//!
//! Cues, read in the clause before the amount (or just after it for periods):
//! forecast verbs and nouns ("sees", "saw", "predicts", "assumes", "its base
//! case", "estimate"), future modals ("will average", "would remain at"),
//! "based on", and periods ahead ("by end-1987", "by the end of the year",
//! "next year", a year after today's). Hedged modals ("could", "may",
//! "might") and conditions make the level no fact at all.

use chrono::Datelike;

use super::super::money::Money;
use super::super::text::{TokKind, Token};

/// Verbs and nouns of forecasting, besides the shared forecast word list.
const CUES: &[&str] = &[
    "forecast",
    "forecasts",
    "forecasting",
    "forecasted",
    "predict",
    "predicts",
    "predicted",
    "predicting",
    "saw",
    "see",
    "sees",
    "seeing",
    "expects",
    "expected",
    "expect",
    "expecting",
    "assume",
    "assumes",
    "assumed",
    "assuming",
    "assumption",
    "estimate",
    "estimates",
    "estimated",
    "projects",
    "projected",
    "projection",
    "projecting",
    "will",
    "would",
    "should",
    "'ll",
    "based",
];

/// Modals that leave a level open: no forecast, no price.
const HEDGED: &[&str] = &[
    "could",
    "may",
    "might",
    "can",
    "if",
    "unless",
    "potential",
    "upside",
    "downside",
];

/// Cases beside the base case: "bull case", "bear-case scenario", "best case".
const ALTERNATIVE: &[&str] = &[
    "bull",
    "bear",
    "bullish",
    "bearish",
    "best",
    "worst",
    "optimistic",
    "pessimistic",
    "blue-sky",
    "stress",
    "high",
    "low",
    "alternative",
];

/// "its bull case of $13,000", "in a bear-case scenario", "a blue-sky
/// scenario": a level in a case other than the base one is a possibility.
fn alternative_case(toks: &[Token], k: usize) -> bool {
    let w = toks[k].lw();
    let compound = w
        .strip_suffix("-case")
        .or_else(|| w.strip_suffix("-scenario"))
        .is_some_and(|a| ALTERNATIVE.contains(&a));
    compound
        || ALTERNATIVE.contains(&w)
            && toks
                .get(k + 1)
                .is_some_and(|n| n.is("case") || n.is("scenario") || n.is("scenarios"))
}

/// How a clause frames the amount `m`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Frame {
    /// A firm expectation; the token of the cue.
    Forecast(usize),
    /// A possibility or condition: not a fact.
    Hedged,
}

/// The frame of amount `m` in an English sentence, None for a plain level.
pub fn frame(toks: &[Token], m: &Money, clause_start: usize, year: i32) -> Option<Frame> {
    let from = clause_start.max(m.start.saturating_sub(40));
    // a poll is nobody's forecast; "as high as" is a possibility
    let poll = toks
        .iter()
        .any(|t| ["poll", "polled", "survey", "surveyed", "tracked"].contains(&t.lw()))
        || consensus(toks, m, clause_start);
    let as_high = m.start >= 3
        && toks[m.start - 3].is("as")
        && toks[m.start - 1].is("as")
        && (toks[m.start - 2].is("high")
            || toks[m.start - 2].is("low")
            || toks[m.start - 2].is("much"));
    if poll || as_high {
        return Some(Frame::Hedged);
    }
    let past = |t: &Token| {
        t.num().is_some_and(|v| {
            t.text.len() == 4
                && v.fract() == 0.0
                && (1900.0..2100.0).contains(&v)
                && (v as i32) < year
        })
    };
    let mut cue = None;
    for k in (from..m.start).rev() {
        let w = toks[k].lw();
        // "In 1986, earnings were based on ... 368 dlrs": a past level
        if past(&toks[k]) && cue.is_some() && !toks[k..m.start].iter().any(|t| t.is("now")) {
            return None;
        }
        // "May" is a month
        if HEDGED.contains(&w) && k + 12 >= m.start && !(w == "may" && toks[k].is_capitalized()) {
            return Some(Frame::Hedged);
        }
        if k + 12 >= m.start && alternative_case(toks, k) {
            return Some(Frame::Hedged);
        }
        if cue.is_none() && CUES.contains(&w) {
            cue = Some(k);
        }
    }
    // "to 16 dlrs a barrel at the end of 1986", "from 18 dlrs last year"
    let after = &toks[m.end.min(toks.len())..(m.end + 6).min(toks.len())];
    let past_after = after
        .iter()
        .take_while(|t| t.num().is_none() || past(t))
        .enumerate()
        .any(|(i, t)| {
            past(t)
                || t.is("last") && after.get(i + 1).is_some_and(|n| n.is("year"))
                || t.is("earlier")
        });
    if past_after {
        return None;
    }
    cue.or_else(|| period_ahead(toks, m, year))
        .map(Frame::Forecast)
}

/// "the consensus of $9,800", "consensus estimates of $9,800", "a $9,800
/// consensus": the market's figure, nobody's forecast. A bank's own figure in
/// the sentence ("Goldman's $11,000 forecast is above the consensus of $9,800")
/// stays its forecast: the word counts only in the amount's own phrase.
fn consensus(toks: &[Token], m: &Money, clause_start: usize) -> bool {
    let before = clause_start.max(m.start.saturating_sub(8))..m.start;
    let after = m.end.min(toks.len())..(m.end + 2).min(toks.len());
    let word = |t: &Token| t.lw().starts_with("consensus");
    toks[before.clone()]
        .iter()
        .rposition(word)
        .is_some_and(|p| {
            // "consensus of $9,800", not "the consensus view, but Citi sees $10,500"
            !toks[before.start + p..m.start]
                .iter()
                .any(|t| t.is_punct(',') || t.is("but") || t.is("while") || t.is("whereas"))
        })
        || toks[after].iter().any(word)
}

/// "projected to average $100 this year", "expected to reach": a passive
/// forecast whose holder is the source named before.
pub fn passive(toks: &[Token], cue: usize) -> bool {
    [
        "projected",
        "expected",
        "forecast",
        "seen",
        "estimated",
        "predicted",
    ]
    .contains(&toks[cue].lw())
        && toks.get(cue + 1).is_some_and(|t| t.is("to") || t.is("at"))
}

/// "by yearend", "by end-1987", "by the end of the year", "next year",
/// "in 1988" (after today's year) within a few tokens after the amount.
fn period_ahead(toks: &[Token], m: &Money, year: i32) -> Option<usize> {
    let end = (m.end + 6).min(toks.len());
    let year_ahead = |t: &Token| {
        t.num()
            .is_some_and(|v| t.text.len() == 4 && v.fract() == 0.0 && v as i32 > year && v < 2100.0)
    };
    (m.end..end)
        .take_while(|&k| !matches!(toks[k].kind, TokKind::Punct(';' | ':')))
        .find(|&k| {
            let t = &toks[k];
            let next = toks.get(k + 1);
            (t.is("by")
                && next.is_some_and(|n| {
                    n.lw().starts_with("end")
                        || n.lw().starts_with("year")
                        || n.is("the") && toks.get(k + 2).is_some_and(|e| e.is("end"))
                        || year_ahead(n)
                }))
                || (t.is("next") && next.is_some_and(|n| n.is("year")))
                || ((t.is("in") || t.is("for")) && next.is_some_and(year_ahead))
                || (t.is("through") && next.is_some_and(|n| n.is("the")))
        })
}

/// Today's year, for periods ahead.
pub fn this_year(today: chrono::NaiveDate) -> i32 {
    today.year()
}

/// "Citi's call for gold is $3,400", "our call for copper at": a bank's call
/// is its forecast. The noun only after a possessive ("a conference call",
/// "margin calls" are not).
pub fn possessive_call(toks: &[Token], from: usize, to: usize) -> Option<usize> {
    (from.max(1)..to).rev().find(|&j| {
        matches!(toks[j].lw(), "call" | "calls")
            && (toks[j - 1].is("s") && j >= 2 && toks[j - 2].is_punct('\'')
                || matches!(toks[j - 1].lw(), "its" | "their" | "our" | "house"))
    })
}
