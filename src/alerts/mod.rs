//! Alert rules: which new facts deserve an alert. Pure: rules + prior state +
//! new facts in, alert drafts + new state out. The store loads the state,
//! runs the plausibility [`gate`] and [`evaluate`] and writes the result in the
//! article's transaction; `orewatch replay` runs the same evaluation over
//! stored facts. docs/alerts.md describes every rule kind.
//!
//! Four kinds, one file each: [`level`] (a price crosses a level, with a
//! hysteresis band), [`pct_move`] (a price moves by X% against a baseline),
//! [`forecast`] (an institution revises a forecast), [`market_move`] (an index
//! or a watched stock moves beyond +/-X% in a session). Every rule has a name,
//! recipients ([`recipients`]), a cooldown and a first-observation policy.
//! Evaluation is edge-triggered: per-rule state ([`state`]) makes one event
//! one alert, however many articles report it.

pub mod event;
pub mod forecast;
pub mod gate;
pub mod level;
pub mod market_move;
pub mod pct_move;
pub mod recipients;
pub mod state;

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::extract::{Fact, FactKind, Price};
pub use crate::report::format::number as fmt_num;
pub use event::{AlertDraft, AlertEvent, Move};
pub use forecast::{ForecastKey, ForecastRule};
pub use gate::GateConfig;
pub use level::LevelRule;
pub use market_move::{MarketMoveRule, MarketTarget};
pub use pct_move::{Baseline, PctMoveRule};
pub use recipients::Recipients;
pub use state::RuleState;

/// One configured alert rule: what it watches (`kind`) and who hears of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlertRule {
    /// Unique name; state is kept under it.
    pub name: String,
    pub recipients: Recipients,
    /// Minutes after an alert during which the rule sends no other.
    pub cooldown_minutes: u32,
    /// What the first observation of a rule (no prior state) does.
    pub first: FirstObservation,
    pub kind: RuleKind,
}

/// The condition of a rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RuleKind {
    Level(LevelRule),
    PctMove(PctMoveRule),
    Forecast(ForecastRule),
    MarketMove(MarketMoveRule),
}

impl RuleKind {
    /// The config's name of the kind.
    pub fn name(&self) -> &'static str {
        match self {
            RuleKind::Level(_) => "level",
            RuleKind::PctMove(_) => "pct_move",
            RuleKind::Forecast(_) => "forecast",
            RuleKind::MarketMove(_) => "market_move",
        }
    }

    /// One line for `check-config`, e.g. `copper crosses 13000 USD/t (both, band 100)`.
    pub fn describe(&self) -> String {
        let on = |s: &PriceSeries| {
            let market = s
                .market
                .as_deref()
                .map(|m| format!(" on {m}"))
                .unwrap_or_default();
            format!("{} {}/{}{market}", s.commodity, s.currency, s.unit)
        };
        let any = |l: &[String], what: &str| {
            if l.is_empty() {
                format!("any {what}")
            } else {
                l.join(", ")
            }
        };
        match self {
            RuleKind::Level(r) => format!(
                "{} crosses {} {}/{} ({:?}, band {})",
                r.series.commodity, r.level, r.series.currency, r.series.unit, r.direction, r.band
            )
            .to_lowercase()
            .replacen(&r.series.currency.to_lowercase(), &r.series.currency, 1),
            RuleKind::PctMove(r) => format!(
                "{} moves {}% against {}",
                on(&r.series),
                r.pct,
                r.baseline.describe()
            ),
            RuleKind::Forecast(r) => format!(
                "a revised forecast by {} for {}",
                any(&r.institutions, "institution"),
                any(&r.commodities, "commodity")
            ),
            RuleKind::MarketMove(r) => match &r.target {
                MarketTarget::Indices { names } => {
                    format!("{} moves {}% in a session", any(names, "index"), r.pct)
                }
                MarketTarget::Stocks { watchlist } => {
                    format!("{} moves {}% in a session", watchlist.join(", "), r.pct)
                }
            },
        }
    }
}

/// What a rule does with its first observation, when it has no state yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FirstObservation {
    /// Record it as the starting point; alert only on a later change.
    #[default]
    Record,
    /// Alert if it already satisfies the rule (a price beyond the level, a
    /// forecast said to be raised or cut).
    Alert,
}

/// Which way a price must go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Trigger {
    Up,
    Down,
    #[default]
    Both,
}

impl Trigger {
    pub fn allows(self, m: Move) -> bool {
        matches!(
            (self, m),
            (Trigger::Both, _) | (Trigger::Up, Move::Up) | (Trigger::Down, Move::Down)
        )
    }
}

/// Which prices a price rule watches: commodity, currency and unit, and
/// optionally the market and product.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PriceSeries {
    pub commodity: String,
    pub currency: String,
    pub unit: String,
    pub market: Option<String>,
    pub product: Option<String>,
}

impl PriceSeries {
    /// Does the observation `p` belong to this series?
    pub fn matches(&self, p: &Price) -> bool {
        same(&self.commodity, &p.commodity)
            && same(&self.currency, &p.currency)
            && same(&self.unit, &p.unit)
            && opt_matches(self.market.as_deref(), p.market.as_deref())
            && opt_matches(self.product.as_deref(), p.product.as_deref())
    }
}

fn opt_matches(want: Option<&str>, got: Option<&str>) -> bool {
    want.is_none_or(|w| got.is_some_and(|g| same(w, g)))
}

/// The rules of a configuration and the plausibility gate in front of them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AlertSet {
    pub rules: Vec<AlertRule>,
    pub gate: GateConfig,
}

impl AlertSet {
    /// Rules with the default gate.
    pub fn new(rules: Vec<AlertRule>) -> AlertSet {
        AlertSet {
            rules,
            gate: GateConfig::default(),
        }
    }
    /// The rule called `name`.
    pub fn rule(&self, name: &str) -> Option<&AlertRule> {
        self.rules.iter().find(|r| r.name == name)
    }
}

/// One fact to evaluate, with its context.
#[derive(Debug, Clone, Copy)]
pub struct Obs<'a> {
    /// Position of the fact in its article's facts.
    pub index: usize,
    pub fact: &'a Fact,
    /// The article's day: dates an observation without a date of its own.
    pub day: NaiveDate,
    /// When the fact was seen (its article's fetch): cooldowns count from it.
    pub at: DateTime<Utc>,
}

/// What evaluation needs to know from before: rule states by rule name and
/// the last stored value of each forecast series.
#[derive(Debug, Clone, Default)]
pub struct PriorState {
    pub rules: HashMap<String, RuleState>,
    pub forecasts: HashMap<ForecastKey, f64>,
}

/// Result of [`evaluate`]: alerts to record and the rule states to store.
#[derive(Debug, Clone, Default)]
pub struct Evaluation {
    pub alerts: Vec<AlertDraft>,
    /// New state of every rule that saw an observation, by rule name.
    pub rules: HashMap<String, RuleState>,
}

impl Evaluation {
    fn state<'a>(&'a self, prior: &'a PriorState, rule: &str) -> Option<&'a RuleState> {
        self.rules.get(rule).or_else(|| prior.rules.get(rule))
    }
}

/// Evaluates `rules` on `facts` (in order) given `prior` state.
pub fn evaluate(rules: &[AlertRule], prior: &PriorState, facts: &[Obs<'_>]) -> Evaluation {
    let mut out = Evaluation::default();
    let mut forecasts = prior.forecasts.clone();
    for o in facts {
        match &o.fact.kind {
            // "under $11,000" is a bound, not an observation: it moves nothing.
            FactKind::Price(p) if !p.is_bound() && p.value.is_finite() => {
                for rule in rules {
                    let prev = out.state(prior, &rule.name).cloned();
                    let step = match &rule.kind {
                        RuleKind::Level(r) => level::step(rule, r, prev.as_ref(), o, p),
                        RuleKind::PctMove(r) => pct_move::step(rule, r, prev.as_ref(), o, p),
                        _ => continue,
                    };
                    out.apply(rule, step);
                }
            }
            FactKind::Forecast(f) if f.value.is_finite() => {
                let key = ForecastKey::of(f);
                let last = forecasts.insert(key, f.value);
                for rule in rules {
                    if let RuleKind::Forecast(r) = &rule.kind {
                        let prev = out.state(prior, &rule.name).cloned();
                        let step = forecast::step(rule, r, prev.as_ref(), last, o, f);
                        out.apply(rule, step);
                    }
                }
            }
            FactKind::IndexMove(_) | FactKind::StockMove(_) => {
                for rule in rules {
                    if let RuleKind::MarketMove(r) = &rule.kind {
                        let prev = out.state(prior, &rule.name).cloned();
                        let step = market_move::step(rule, r, prev.as_ref(), o);
                        out.apply(rule, step);
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// What one rule made of one observation: its new state (None: untouched)
/// and perhaps an alert.
#[derive(Debug, Default)]
pub struct Step {
    pub state: Option<RuleState>,
    pub alert: Option<AlertDraft>,
}

impl Evaluation {
    fn apply(&mut self, rule: &AlertRule, step: Step) {
        if let Some(st) = step.state {
            self.rules.insert(rule.name.clone(), st);
        }
        if let Some(a) = step.alert
            && !self.alerts.iter().any(|b| b.key == a.key)
        {
            self.alerts.push(a);
        }
    }
}

/// Is `at` within the rule's cooldown after `last_fired`?
pub fn cooling(rule: &AlertRule, last_fired: Option<DateTime<Utc>>, at: DateTime<Utc>) -> bool {
    rule.cooldown_minutes > 0
        && last_fired
            .is_some_and(|t| at < t + chrono::Duration::minutes(rule.cooldown_minutes.into()))
}

pub(crate) fn norm(s: &str) -> String {
    s.trim().to_lowercase()
}

pub(crate) fn same(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}
