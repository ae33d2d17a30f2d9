//! A price moving by X% or more against a stated baseline:
//! - `previous`: the rule's previous observation (of any day);
//! - `last_alert`: the value at the rule's last alert (the first observation
//!   until one fires), so a slow drift alerts once per X%;
//! - `close`: the last observation of the day `days` days before (the latest
//!   one on or before that day); at most one alert per day and direction.
//!
//! The first observation has no baseline and only starts the state. Inside
//! the cooldown a move is not alerted (the baseline still moves on).

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::state::{PctState, RuleState};
use super::{AlertDraft, AlertEvent, AlertRule, Move, Obs, PriceSeries, Step, Trigger, cooling};
use crate::extract::Price;

/// What a move is measured against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "baseline", rename_all = "snake_case")]
pub enum Baseline {
    Previous,
    LastAlert,
    Close { days: u32 },
}

impl Baseline {
    /// In words: `the previous observation`, ...
    pub fn describe(self) -> String {
        match self {
            Baseline::Previous => "the previous observation".into(),
            Baseline::LastAlert => "the last alert".into(),
            Baseline::Close { days } => format!("the close {days} day(s) before"),
        }
    }
}

/// Alerts when a price of `series` moves by `pct` percent or more.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PctMoveRule {
    pub series: PriceSeries,
    pub pct: f64,
    pub baseline: Baseline,
    pub direction: Trigger,
}

/// One observation `p` for the move rule `r`.
pub fn step(
    rule: &AlertRule,
    r: &PctMoveRule,
    prev: Option<&RuleState>,
    o: &Obs<'_>,
    p: &Price,
) -> Step {
    if !r.series.matches(p) {
        return Step::default();
    }
    let observed = p.as_of.unwrap_or(o.day);
    let mut st = match prev {
        Some(RuleState::PctMove(s)) => s.clone(),
        _ => PctState::default(),
    };
    if st.last.is_some_and(|(d, _)| observed < d) {
        return Step::default();
    }
    let base = match r.baseline {
        Baseline::Previous => st.last.map(|(_, v)| v),
        Baseline::LastAlert => st.alert_base,
        Baseline::Close { days } => close_before(&st.closes, observed, days),
    };
    let mut alert = None;
    if let Some(base) = base.filter(|b| *b != 0.0 && b.is_finite()) {
        let change = (p.value - base) / base.abs() * 100.0;
        let way = Move::of(change);
        let sign: i8 = if way == Move::Up { 1 } else { -1 };
        let once_a_day =
            matches!(r.baseline, Baseline::Close { .. }) && st.fired.contains(&(observed, sign));
        if change.abs() >= r.pct
            && r.direction.allows(way)
            && !once_a_day
            && !cooling(rule, st.last_fired, o.at)
        {
            st.last_fired = Some(o.at);
            st.alert_base = Some(p.value);
            st.fired.push((observed, sign));
            alert = Some(AlertDraft {
                key: format!("pct:{}:{observed}:{}", rule.name, p.value),
                rule_key: rule.name.clone(),
                fact_index: o.index,
                day: observed,
                sentence: o.fact.sentence.clone(),
                event: AlertEvent::PriceMoved {
                    commodity: p.commodity.clone(),
                    change_pct: change,
                    value: p.value,
                    baseline: base,
                    against: r.baseline.describe(),
                    currency: p.currency.clone(),
                    unit: p.unit.clone(),
                    market: p.market.clone(),
                },
            });
        }
    }
    if st.alert_base.is_none() {
        st.alert_base = Some(p.value);
    }
    st.last = Some((observed, p.value));
    record_close(&mut st, observed, p.value, r.baseline);
    Step {
        state: Some(RuleState::PctMove(st)),
        alert,
    }
}

/// The latest close on or before `day - days`.
fn close_before(closes: &[(NaiveDate, f64)], day: NaiveDate, days: u32) -> Option<f64> {
    let limit = day.checked_sub_days(Days::new(days.into()))?;
    closes
        .iter()
        .rev()
        .find(|(d, _)| *d <= limit)
        .map(|(_, v)| *v)
}

/// Keeps the day's last value; drops what no baseline can need any more.
fn record_close(st: &mut PctState, day: NaiveDate, value: f64, baseline: Baseline) {
    match st.closes.last_mut() {
        Some((d, v)) if *d == day => *v = value,
        _ => st.closes.push((day, value)),
    }
    let keep = match baseline {
        Baseline::Close { days } => u64::from(days) + 7,
        _ => 1,
    };
    if let Some(oldest) = day.checked_sub_days(Days::new(keep)) {
        // Keep one close older than the window, as the baseline of its first day.
        while st.closes.len() > 1 && st.closes[1].0 <= oldest {
            st.closes.remove(0);
        }
        st.fired.retain(|(d, _)| *d >= oldest);
    }
}
