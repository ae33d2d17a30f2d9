//! Alert rules: which new facts deserve an alert. Pure: rules + prior state +
//! new facts in, alert drafts + new state out. `Store::ingest` loads the state,
//! calls [`evaluate`] and writes the result in the same transaction.
//!
//! Decisions:
//! - A price-level rule fires when an observation lands on the other side of
//!   the level than the last observation seen for that rule. "At the level"
//!   counts as above. The first observation only records the side: we cannot
//!   tell whether it crossed, and a rule added while the price is already
//!   beyond its level should not fire at once. Observations dated before the
//!   rule's last observation are stale and ignored.
//! - A forecast-change alert fires for a forecast of (institution, commodity,
//!   period, currency, unit) whose value differs from the last one stored for
//!   that key; with no stored history, when the text says it was raised or cut.
//!   The alert key names the old and new value, so the same revision reported
//!   by several articles is one alert.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::extract::{Direction, Fact, FactKind, Forecast, Price};
pub use crate::report::format::number as fmt_num;

/// One configured alert rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AlertRule {
    /// A price crossing a level.
    PriceCross(PriceCrossRule),
    /// An analyst forecast that changed.
    ForecastChange(ForecastChangeRule),
}

/// Fires when a commodity price crosses `level`; optional filters narrow the prices watched.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PriceCrossRule {
    pub commodity: String,
    pub level: f64,
    #[serde(default)]
    pub currency: Option<String>,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub market: Option<String>,
}

/// Fires on a changed forecast, for one commodity or (None) any.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ForecastChangeRule {
    #[serde(default)]
    pub commodity: Option<String>,
}

impl AlertRule {
    /// Stable identity of the rule (state is kept under it), e.g.
    /// `price_cross:copper:13000:USD:t:*`.
    pub fn key(&self) -> String {
        match self {
            AlertRule::PriceCross(r) => format!(
                "price_cross:{}:{}:{}:{}:{}",
                norm(&r.commodity),
                r.level,
                r.currency
                    .as_deref()
                    .map_or("*".into(), |c| c.trim().to_uppercase()),
                r.unit.as_deref().map_or("*".into(), norm),
                r.market.as_deref().map_or("*".into(), norm),
            ),
            AlertRule::ForecastChange(r) => format!(
                "forecast_change:{}",
                r.commodity.as_deref().map_or("*".into(), norm)
            ),
        }
    }
}

fn norm(s: &str) -> String {
    s.trim().to_lowercase()
}

fn same(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// Which side of its level a rule's last observation was on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Above,
    Below,
}

impl Side {
    fn of(value: f64, level: f64) -> Side {
        if value >= level {
            Side::Above
        } else {
            Side::Below
        }
    }
    /// `above` / `below`, as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Above => "above",
            Side::Below => "below",
        }
    }
    /// Parses the stored form.
    pub fn parse(s: &str) -> Option<Side> {
        match s {
            "above" => Some(Side::Above),
            "below" => Some(Side::Below),
            _ => None,
        }
    }
}

/// Last observation seen by a price-level rule.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RuleState {
    pub side: Side,
    pub value: f64,
    pub observed: NaiveDate,
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

/// What evaluation needs to know from before: rule states and last stored forecasts.
#[derive(Debug, Clone, Default)]
pub struct PriorState {
    pub rules: HashMap<String, RuleState>,
    pub forecasts: HashMap<ForecastKey, f64>,
}

/// What happened, with the figures the mail needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum AlertEvent {
    PriceCrossed {
        commodity: String,
        level: f64,
        side: Side,
        value: f64,
        previous: f64,
        currency: String,
        unit: String,
        market: Option<String>,
    },
    ForecastChanged {
        institution: String,
        commodity: String,
        period: Option<String>,
        value: f64,
        previous: Option<f64>,
        currency: String,
        unit: String,
        direction: Direction,
    },
}

/// An alert to record (once, by `key`) and mail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlertDraft {
    /// Unique key of the alert: recording it twice is a no-op.
    pub key: String,
    pub rule_key: String,
    /// Position of the triggering fact in the article's facts.
    pub fact_index: usize,
    /// Day of the observation (price `as_of`, else the article's day).
    pub day: NaiveDate,
    pub sentence: String,
    pub event: AlertEvent,
}

impl AlertDraft {
    /// One-line summary used as mail subject (without prefix), e.g.
    /// `copper crossed above 13,000 USD/t`.
    pub fn summary(&self) -> String {
        match &self.event {
            AlertEvent::PriceCrossed {
                commodity,
                level,
                side,
                currency,
                unit,
                ..
            } => format!(
                "{commodity} crossed {} {} {currency}/{unit}",
                side.as_str(),
                fmt_num(*level)
            ),
            AlertEvent::ForecastChanged {
                institution,
                commodity,
                period,
                value,
                previous,
                currency,
                unit,
                direction,
            } => {
                let verb = match (previous, direction) {
                    (Some(p), _) if value > p => "raised",
                    (Some(p), _) if value < p => "cut",
                    (_, Direction::Raised) => "raised",
                    (_, Direction::Cut) => "cut",
                    _ => "changed",
                };
                let period = period
                    .as_deref()
                    .map(|p| format!("{p} "))
                    .unwrap_or_default();
                let from = previous
                    .map(|p| format!(" (from {})", fmt_num(p)))
                    .unwrap_or_default();
                format!(
                    "{institution} {verb} its {period}{commodity} forecast to {} {currency}/{unit}{from}",
                    fmt_num(*value)
                )
            }
        }
    }
}

/// Result of [`evaluate`]: alerts to record and rule states to store.
#[derive(Debug, Clone, Default)]
pub struct Evaluation {
    pub alerts: Vec<AlertDraft>,
    /// New state of every price rule that saw an observation.
    pub rules: HashMap<String, RuleState>,
}

/// Evaluates `rules` on one article's `facts` (in order) given `prior` state.
/// `article_day` dates observations that carry no date of their own.
pub fn evaluate(
    rules: &[AlertRule],
    prior: &PriorState,
    facts: &[Fact],
    article_day: NaiveDate,
) -> Evaluation {
    let mut out = Evaluation::default();
    let mut forecasts = prior.forecasts.clone();
    for (index, fact) in facts.iter().enumerate() {
        match &fact.kind {
            // "under $11,000" is a bound, not an observation: it crosses nothing.
            FactKind::Price(p) if !p.is_bound() => {
                for rule in rules {
                    if let AlertRule::PriceCross(r) = rule {
                        price_rule(rule.key(), r, p, index, fact, article_day, prior, &mut out);
                    }
                }
            }
            FactKind::Forecast(f) => {
                let key = ForecastKey::of(f);
                let last = forecasts.get(&key).copied();
                forecasts.insert(key, f.value);
                let changed = match last {
                    Some(last) => (last - f.value).abs() > f64::EPSILON * f.value.abs().max(1.0),
                    None => matches!(f.direction, Direction::Raised | Direction::Cut),
                };
                if !changed {
                    continue;
                }
                let previous = last.or(f.previous);
                for rule in rules {
                    let AlertRule::ForecastChange(r) = rule else {
                        continue;
                    };
                    if r.commodity
                        .as_deref()
                        .is_some_and(|c| !same(c, &f.commodity))
                    {
                        continue;
                    }
                    let k = ForecastKey::of(f);
                    let alert_key = format!(
                        "forecast:{}:{}:{}:{}:{}:{}:{}",
                        k.institution,
                        k.commodity,
                        k.period,
                        k.currency,
                        k.unit,
                        previous.map_or("-".into(), |p| p.to_string()),
                        f.value
                    );
                    if out.alerts.iter().any(|a| a.key == alert_key) {
                        continue;
                    }
                    out.alerts.push(AlertDraft {
                        key: alert_key,
                        rule_key: rule.key(),
                        fact_index: index,
                        day: article_day,
                        sentence: fact.sentence.clone(),
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
            }
            _ => {}
        }
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn price_rule(
    rule_key: String,
    r: &PriceCrossRule,
    p: &Price,
    index: usize,
    fact: &Fact,
    article_day: NaiveDate,
    prior: &PriorState,
    out: &mut Evaluation,
) {
    let matches = same(&r.commodity, &p.commodity)
        && r.currency.as_deref().is_none_or(|c| same(c, &p.currency))
        && r.unit.as_deref().is_none_or(|u| same(u, &p.unit))
        && r.market
            .as_deref()
            .is_none_or(|m| p.market.as_deref().is_some_and(|pm| same(m, pm)));
    if !matches || !p.value.is_finite() || !r.level.is_finite() {
        return;
    }
    let observed = p.as_of.unwrap_or(article_day);
    let side = Side::of(p.value, r.level);
    let last = out
        .rules
        .get(&rule_key)
        .or_else(|| prior.rules.get(&rule_key))
        .copied();
    if let Some(last) = last {
        if observed < last.observed {
            return;
        }
        if last.side != side {
            out.alerts.push(AlertDraft {
                key: format!("{rule_key}@{observed}:{}:{}", side.as_str(), p.value),
                rule_key: rule_key.clone(),
                fact_index: index,
                day: observed,
                sentence: fact.sentence.clone(),
                event: AlertEvent::PriceCrossed {
                    commodity: p.commodity.clone(),
                    level: r.level,
                    side,
                    value: p.value,
                    previous: last.value,
                    currency: p.currency.clone(),
                    unit: p.unit.clone(),
                    market: p.market.clone(),
                },
            });
        }
    }
    out.rules.insert(
        rule_key,
        RuleState {
            side,
            value: p.value,
            observed,
        },
    );
}
