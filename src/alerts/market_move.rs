//! An index or a watched stock moving beyond +/-X% in one session. One alert
//! per (entity, day), however many articles or figures report the move.
//! Stocks match by name or ticker; names are compared after the pipeline's
//! alias resolution (the config's watchlist is resolved the same way at load).

use chrono::Days;
use serde::{Deserialize, Serialize};

use super::state::{MarketState, RuleState};
use super::{AlertDraft, AlertEvent, AlertRule, Obs, Step, Trigger, cooling, norm, same};
use crate::extract::FactKind;

/// What a market-move rule watches.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "target", rename_all = "snake_case")]
pub enum MarketTarget {
    /// Indices by name (empty: every index).
    Indices { names: Vec<String> },
    /// Stocks on a watchlist of names or tickers.
    Stocks { watchlist: Vec<String> },
}

/// Alerts when a watched index or stock moves by `pct` percent or more.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MarketMoveRule {
    pub target: MarketTarget,
    pub pct: f64,
    pub direction: Trigger,
}

/// One index or stock move for the rule `r`.
pub fn step(rule: &AlertRule, r: &MarketMoveRule, prev: Option<&RuleState>, o: &Obs<'_>) -> Step {
    let (what, name, ticker, change) = match (&o.fact.kind, &r.target) {
        (FactKind::IndexMove(m), MarketTarget::Indices { names })
            if names.is_empty() || names.iter().any(|n| same(n, &m.index)) =>
        {
            ("index", &m.index, None, m.change_pct)
        }
        (FactKind::StockMove(m), MarketTarget::Stocks { watchlist })
            if watchlist
                .iter()
                .any(|w| same(w, &m.name) || m.ticker.as_deref().is_some_and(|t| same(w, t))) =>
        {
            ("stock", &m.name, m.ticker.clone(), m.change_pct)
        }
        _ => return Step::default(),
    };
    if !change.is_finite() {
        return Step::default();
    }
    let mut st = match prev {
        Some(RuleState::MarketMove(s)) => s.clone(),
        _ => MarketState::default(),
    };
    st.last_value = Some(change);
    let entity = ticker.clone().unwrap_or_else(|| norm(name));
    let day = o.day;
    let seen = st.fired.iter().any(|(e, d)| *e == entity && *d == day);
    let way = super::Move::of(change);
    let mut alert = None;
    if change.abs() >= r.pct
        && r.direction.allows(way)
        && !seen
        && !cooling(rule, st.last_fired, o.at)
    {
        st.last_fired = Some(o.at);
        st.fired.push((entity.clone(), day));
        alert = Some(AlertDraft {
            key: format!("market:{}:{entity}:{day}", rule.name),
            rule_key: rule.name.clone(),
            fact_index: o.index,
            day,
            sentence: o.fact.sentence.clone(),
            event: AlertEvent::MarketMoved {
                what: what.into(),
                name: name.clone(),
                ticker,
                change_pct: change,
                threshold_pct: r.pct,
            },
        });
    }
    if let Some(oldest) = day.checked_sub_days(Days::new(7)) {
        st.fired.retain(|(_, d)| *d >= oldest);
    }
    Step {
        state: Some(RuleState::MarketMove(st)),
        alert,
    }
}
