//! A revised forecast: an institution's forecast for a commodity and period
//! whose value differs from the last one stored for that series (institution,
//! commodity, period, currency, unit). Institutions are one series under all
//! their names because the pipeline resolves aliases (高盛 = Goldman Sachs)
//! before storage. "Maintained" is never a change. With no stored history a
//! forecast counts as revised when the text gives the old figure ("raised from
//! 11,525"); one only said to be raised or cut follows the first-observation
//! policy. The alert key names the old and new value, so the same revision
//! reported by several articles is one alert.

use serde::{Deserialize, Serialize};

use super::state::{RuleState, SeenState};
use super::{AlertDraft, AlertEvent, AlertRule, FirstObservation, Obs, Step, cooling, norm, same};
use crate::extract::{Direction, Forecast};

/// Alerts on a changed forecast; empty lists mean any institution / commodity.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ForecastRule {
    pub institutions: Vec<String>,
    pub commodities: Vec<String>,
}

/// Identity of a forecast series: normalised institution, commodity, period, currency, unit.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ForecastKey {
    pub institution: String,
    pub commodity: String,
    pub period: String,
    pub currency: String,
    pub unit: String,
}

impl ForecastKey {
    /// The key of a forecast fact.
    pub fn of(f: &Forecast) -> ForecastKey {
        ForecastKey {
            institution: norm(&f.institution),
            commodity: norm(&f.commodity),
            period: f.period.as_deref().map(norm).unwrap_or_default(),
            currency: f.currency.trim().to_uppercase(),
            unit: norm(&f.unit),
        }
    }
}

impl ForecastRule {
    fn watches(&self, f: &Forecast) -> bool {
        let any = |list: &[String], v: &str| list.is_empty() || list.iter().any(|x| same(x, v));
        any(&self.institutions, &f.institution) && any(&self.commodities, &f.commodity)
    }
}

/// One forecast `f`; `last` is the series' value before it (None: no history).
pub fn step(
    rule: &AlertRule,
    r: &ForecastRule,
    prev: Option<&RuleState>,
    last: Option<f64>,
    o: &Obs<'_>,
    f: &Forecast,
) -> Step {
    if !r.watches(f) {
        return Step::default();
    }
    let mut st = match prev {
        Some(RuleState::Forecast(s)) => s.clone(),
        _ => SeenState::default(),
    };
    st.last_value = Some(f.value);
    let differs = |a: f64| (a - f.value).abs() > f64::EPSILON * f.value.abs().max(1.0);
    let revision = match (last, f.previous) {
        _ if f.direction == Direction::Maintained => None,
        (Some(l), _) => differs(l).then_some(Some(l)),
        (None, Some(p)) => differs(p).then_some(Some(p)),
        (None, None) => (rule.first == FirstObservation::Alert
            && matches!(f.direction, Direction::Raised | Direction::Cut))
        .then_some(None),
    };
    let mut alert = None;
    if let Some(previous) = revision
        && !cooling(rule, st.last_fired, o.at)
    {
        st.last_fired = Some(o.at);
        let k = ForecastKey::of(f);
        alert = Some(AlertDraft {
            key: format!(
                "forecast:{}:{}:{}:{}:{}:{}:{}:{}",
                rule.name,
                k.institution,
                k.commodity,
                k.period,
                k.currency,
                k.unit,
                previous.map_or("-".into(), |p| p.to_string()),
                f.value
            ),
            rule_key: rule.name.clone(),
            fact_index: o.index,
            day: o.day,
            sentence: o.fact.sentence.clone(),
            event: AlertEvent::ForecastChanged {
                institution: f.institution.clone(),
                commodity: f.commodity.clone(),
                period: f.period.clone(),
                value: f.value,
                previous,
                currency: f.currency.clone(),
                unit: f.unit.clone(),
                direction: f.direction,
            },
        });
    }
    Step {
        state: Some(RuleState::Forecast(st)),
        alert,
    }
}
