//! A price crossing a level, edge-triggered with a hysteresis band.
//!
//! The state says which crossings are armed. The first observation arms the
//! crossing away from its side (below the level: a rise would alert; at or
//! above: a fall). A crossing alerts when armed and allowed by `direction`,
//! and disarms; it re-arms only after the price goes back past the band
//! (below `level - band` for a rise, at or above `level + band` for a fall).
//! "At the level" counts as above. Inside the cooldown a crossing is held,
//! not dropped: it stays armed and alerts at the first observation after the
//! cooldown that is still beyond the level, unless the price went back to the
//! side the last alert announced meanwhile (then there is nothing new to
//! tell). Observations dated before the
//! rule's last one are stale and ignored.

use serde::{Deserialize, Serialize};

use super::state::{LevelState, RuleState};
use super::{
    AlertDraft, AlertEvent, AlertRule, FirstObservation, Move, Obs, PriceSeries, Step, Trigger,
    cooling,
};
use crate::extract::Price;

/// Alerts when a price of `series` crosses `level`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LevelRule {
    pub series: PriceSeries,
    pub level: f64,
    pub direction: Trigger,
    /// Hysteresis: how far back past the level a price must go to re-arm.
    pub band: f64,
}

/// One observation `p` for the level rule `r`.
pub fn step(
    rule: &AlertRule,
    r: &LevelRule,
    prev: Option<&RuleState>,
    o: &Obs<'_>,
    p: &Price,
) -> Step {
    if !r.series.matches(p) {
        return Step::default();
    }
    let observed = p.as_of.unwrap_or(o.day);
    let above = p.value >= r.level;
    let way = if above { Move::Up } else { Move::Down };
    let prev = match prev {
        Some(RuleState::Level(s)) => Some(s),
        _ => None,
    };
    let (mut st, previous) = match prev {
        Some(s) if observed < s.observed => return Step::default(),
        Some(s) => (s.clone(), Some(s.value)),
        None => {
            let st = LevelState {
                up_armed: !above,
                down_armed: above,
                value: p.value,
                observed,
                last_fired: None,
                last_move: None,
            };
            if rule.first == FirstObservation::Record {
                return Step {
                    state: Some(RuleState::Level(st)),
                    alert: None,
                };
            }
            // FirstObservation::Alert: the price is already beyond the level.
            let mut st = st;
            st.up_armed = true;
            st.down_armed = true;
            (st, None)
        }
    };
    let armed = if above { st.up_armed } else { st.down_armed };
    let mut alert = None;
    let cool = cooling(rule, st.last_fired, o.at);
    if armed && r.direction.allows(way) && cool && st.last_move == Some(way) {
        // Back on the side the last alert announced, inside the cooldown:
        // nothing new to tell, so the held opposite crossing is dropped.
        if above {
            st.up_armed = false;
        } else {
            st.down_armed = false;
        }
    } else if armed && r.direction.allows(way) && !cool {
        st.last_fired = Some(o.at);
        st.last_move = Some(way);
        if above {
            st.up_armed = false;
        } else {
            st.down_armed = false;
        }
        alert = Some(draft(rule, r, o, p, way, observed, previous));
    }
    if p.value < r.level - r.band {
        st.up_armed = true;
    }
    if p.value >= r.level + r.band {
        st.down_armed = true;
    }
    if previous.is_none() {
        // A first observation that did not alert keeps only its own side armed-away.
        st.up_armed = st.up_armed && !above;
        st.down_armed = st.down_armed && above;
    }
    st.value = p.value;
    st.observed = observed;
    Step {
        state: Some(RuleState::Level(st)),
        alert,
    }
}

fn draft(
    rule: &AlertRule,
    r: &LevelRule,
    o: &Obs<'_>,
    p: &Price,
    way: Move,
    observed: chrono::NaiveDate,
    previous: Option<f64>,
) -> AlertDraft {
    AlertDraft {
        key: format!(
            "level:{}:{}:{observed}:{}",
            rule.name,
            way.as_str(),
            p.value
        ),
        rule_key: rule.name.clone(),
        fact_index: o.index,
        day: observed,
        sentence: o.fact.sentence.clone(),
        event: AlertEvent::LevelCrossed {
            commodity: p.commodity.clone(),
            level: r.level,
            direction: way,
            value: p.value,
            previous,
            currency: p.currency.clone(),
            unit: p.unit.clone(),
            market: p.market.clone(),
        },
    }
}
