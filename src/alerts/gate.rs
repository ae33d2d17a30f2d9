//! The plausibility gate: a price observation is quarantined (not alerted,
//! not in the briefing's price table) when, against what was accepted before
//! for its series (commodity, market, product):
//! - its currency or unit was never accepted for the series (a USD/lb figure
//!   in a USD/t series);
//! - it is more than `max_jump_pct` away from the last accepted value in the
//!   same currency and unit (a mistyped "$1,301" for 13,010);
//! - another source's accepted value of the same day, currency and unit
//!   differs by more than `contradiction_pct`.
//!
//! The first observation of a series is accepted. An accepted observation
//! updates the series; `orewatch quarantine accept ID` does the same for a
//! quarantined one. Pure.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{fmt_num, norm};
use crate::extract::Price;

/// Gate settings (`[alerts.gate]`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GateConfig {
    pub enabled: bool,
    pub max_jump_pct: f64,
    pub contradiction_pct: f64,
}

impl Default for GateConfig {
    fn default() -> Self {
        GateConfig {
            enabled: true,
            max_jump_pct: 30.0,
            contradiction_pct: 5.0,
        }
    }
}

/// An accepted value of a series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Accepted {
    pub currency: String,
    pub unit: String,
    pub value: f64,
    pub day: NaiveDate,
    pub source: i64,
}

/// What the gate knows of one series.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SeriesState {
    /// The last accepted value per (currency, unit).
    pub last: Vec<Accepted>,
    /// Every value accepted on the latest day seen.
    pub day: Vec<Accepted>,
}

/// The series key of a price: `commodity|market|product`, lower case.
pub fn series_key(p: &Price) -> String {
    format!(
        "{}|{}|{}",
        norm(&p.commodity),
        p.market.as_deref().map(norm).unwrap_or_default(),
        p.product.as_deref().map(norm).unwrap_or_default()
    )
}

/// Why the observation `p` (dated `day`, from `source`) is implausible, or
/// None to accept it.
pub fn check(
    cfg: &GateConfig,
    st: Option<&SeriesState>,
    p: &Price,
    day: NaiveDate,
    source: i64,
) -> Option<String> {
    let st = st.filter(|s| cfg.enabled && !s.last.is_empty())?;
    let same_unit = |a: &Accepted| {
        a.currency.eq_ignore_ascii_case(&p.currency) && a.unit.eq_ignore_ascii_case(&p.unit)
    };
    let money = |v: f64, a: &Accepted| format!("{} {}/{}", fmt_num(v), a.currency, a.unit);
    let Some(last) = st.last.iter().find(|a| same_unit(a)) else {
        let known: Vec<String> = st
            .last
            .iter()
            .map(|a| format!("{}/{}", a.currency, a.unit))
            .collect();
        return Some(format!(
            "{}/{} is not a currency and unit of this series (accepted so far: {})",
            p.currency,
            p.unit,
            known.join(", ")
        ));
    };
    let jump = pct_apart(p.value, last.value);
    if jump > cfg.max_jump_pct {
        return Some(format!(
            "{:.0}% away from the last accepted {} of {} (limit {}%)",
            jump,
            money(last.value, last),
            last.day,
            cfg.max_jump_pct
        ));
    }
    let contradicted = st.day.iter().find(|a| {
        a.day == day
            && a.source != source
            && same_unit(a)
            && pct_apart(p.value, a.value) > cfg.contradiction_pct
    });
    contradicted.map(|a| {
        format!(
            "contradicted by {} from another source the same day (tolerance {}%)",
            money(a.value, a),
            cfg.contradiction_pct
        )
    })
}

/// Records `p` as accepted in `st`.
pub fn accept(st: &mut SeriesState, p: &Price, day: NaiveDate, source: i64) {
    let a = Accepted {
        currency: p.currency.trim().to_uppercase(),
        unit: p.unit.trim().to_lowercase(),
        value: p.value,
        day,
        source,
    };
    let same = |b: &Accepted| b.currency == a.currency && b.unit == a.unit;
    match st.last.iter_mut().find(|b| same(b)) {
        Some(b) if b.day <= day => *b = a.clone(),
        Some(_) => {}
        None => st.last.push(a.clone()),
    }
    let latest = st.day.iter().map(|b| b.day).max();
    match latest {
        Some(d) if d > day => {}
        Some(d) if d == day => st.day.push(a),
        _ => st.day = vec![a],
    }
}

fn pct_apart(v: f64, base: f64) -> f64 {
    if base == 0.0 {
        return if v == 0.0 { 0.0 } else { f64::INFINITY };
    }
    ((v - base) / base).abs() * 100.0
}
