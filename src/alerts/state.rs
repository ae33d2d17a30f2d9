//! Per-rule state, stored as JSON under the rule's name (`alert_state`).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::{AlertRule, RuleKind, cooling};

/// The state of one rule, by kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RuleState {
    Level(LevelState),
    PctMove(PctState),
    Forecast(SeenState),
    MarketMove(MarketState),
}

/// A level rule: which crossings are armed, the last observation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LevelState {
    /// A rise to the level would alert.
    pub up_armed: bool,
    /// A fall below the level would alert.
    pub down_armed: bool,
    pub value: f64,
    pub observed: NaiveDate,
    pub last_fired: Option<DateTime<Utc>>,
    /// The direction of the last alert: what subscribers last heard.
    #[serde(default)]
    pub last_move: Option<super::Move>,
}

/// A percentage-move rule: last observation, alert baseline, daily closes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct PctState {
    pub last: Option<(NaiveDate, f64)>,
    /// Value at the last alert (first observation until one fires).
    pub alert_base: Option<f64>,
    /// The last value of each recent day, oldest first.
    pub closes: Vec<(NaiveDate, f64)>,
    /// Days (and direction, +1/-1) a close-baseline alert went out.
    pub fired: Vec<(NaiveDate, i8)>,
    pub last_fired: Option<DateTime<Utc>>,
}

/// A forecast rule: the last forecast value it saw.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct SeenState {
    pub last_value: Option<f64>,
    pub last_fired: Option<DateTime<Utc>>,
}

/// A market-move rule: which (entity, session) pairs already alerted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct MarketState {
    pub last_value: Option<f64>,
    pub fired: Vec<(String, NaiveDate)>,
    pub last_fired: Option<DateTime<Utc>>,
}

impl RuleState {
    pub fn last_fired(&self) -> Option<DateTime<Utc>> {
        match self {
            RuleState::Level(s) => s.last_fired,
            RuleState::PctMove(s) => s.last_fired,
            RuleState::Forecast(s) => s.last_fired,
            RuleState::MarketMove(s) => s.last_fired,
        }
    }
    pub fn last_value(&self) -> Option<f64> {
        match self {
            RuleState::Level(s) => Some(s.value),
            RuleState::PctMove(s) => s.last.map(|(_, v)| v),
            RuleState::Forecast(s) => s.last_value,
            RuleState::MarketMove(s) => s.last_value,
        }
    }
}

/// What `orewatch alerts list` shows for a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Waiting: the next event alerts.
    Armed,
    /// Fired, waiting for the price to go back past the band.
    Fired,
    /// First seen past the level (recorded, not alerted): waiting to go back past the band.
    Past,
    /// Inside its cooldown.
    Cooling,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Armed => "armed",
            Status::Fired => "fired",
            Status::Past => "past level",
            Status::Cooling => "cooling",
        }
    }
}

/// The status of `rule` with state `st` at `now`.
pub fn status(rule: &AlertRule, st: Option<&RuleState>, now: DateTime<Utc>) -> Status {
    let Some(st) = st else {
        return Status::Armed;
    };
    if cooling(rule, st.last_fired(), now) {
        return Status::Cooling;
    }
    match (&rule.kind, st) {
        (RuleKind::Level(r), RuleState::Level(s)) => {
            let up = s.up_armed && r.direction != super::Trigger::Down;
            let down = s.down_armed && r.direction != super::Trigger::Up;
            if up || down {
                Status::Armed
            } else if s.last_fired.is_none() {
                Status::Past
            } else {
                Status::Fired
            }
        }
        _ => Status::Armed,
    }
}
