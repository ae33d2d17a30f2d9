//! Alerts inside an article's transaction: the plausibility gate over its
//! price facts (quarantining the implausible), the rules over the accepted
//! facts, their state, the alerts and their outbox rows.

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{OptionalExtension, Transaction, params};

use super::ingest::exec_cached;
use super::mailing::{Letter, Recipient, enqueue_all, recipient, subscriber_rows};
use super::outbox::MailKind;
use super::{StoreError, sqle, ts};
use crate::alerts::gate::{self, SeriesState};
use crate::alerts::{
    self, AlertDraft, AlertRule, AlertSet, ForecastKey, Obs, PriorState, Recipients, RuleState,
};
use crate::extract::{Fact, FactKind};
use crate::notify::{MailContext, compose};

/// The article the facts come from.
pub(crate) struct ArticleCtx<'a> {
    pub id: i64,
    pub source_id: i64,
    pub url: &'a str,
    pub day: NaiveDate,
    pub at: DateTime<Utc>,
}

/// Gates and evaluates `facts` (already inserted under `art.id`), records
/// alerts and enqueues their mail. Returns the alerts recorded.
pub(crate) fn apply(
    tx: &Transaction<'_>,
    path: &Path,
    art: &ArticleCtx<'_>,
    facts: &[Fact],
    set: &AlertSet,
    mail: &MailContext,
    now: DateTime<Utc>,
) -> Result<usize, StoreError> {
    let held = gate_facts(tx, path, art, facts, set, now)?;
    let obs: Vec<Obs<'_>> = facts
        .iter()
        .enumerate()
        .filter(|(i, _)| !held.contains(i))
        .map(|(index, fact)| Obs {
            index,
            fact,
            day: art.day,
            at: art.at,
        })
        .collect();
    let prior = load_prior(tx, path, &set.rules, facts)?;
    let eval = alerts::evaluate(&set.rules, &prior, &obs);
    for (name, st) in &eval.rules {
        save_state(tx, path, name, st, now)?;
    }
    let mut recorded = 0;
    for draft in &eval.alerts {
        let Some(rule) = set.rule(&draft.rule_key) else {
            continue;
        };
        recorded += usize::from(record_alert(tx, path, art, rule, draft, mail, now)?);
    }
    Ok(recorded)
}

/// Runs the gate over the price facts; returns the indexes quarantined.
fn gate_facts(
    tx: &Transaction<'_>,
    path: &Path,
    art: &ArticleCtx<'_>,
    facts: &[Fact],
    set: &AlertSet,
    now: DateTime<Utc>,
) -> Result<Vec<usize>, StoreError> {
    let mut held = Vec::new();
    let mut series: HashMap<String, SeriesState> = HashMap::new();
    for (idx, fact) in facts.iter().enumerate() {
        let FactKind::Price(p) = &fact.kind else {
            continue;
        };
        if p.is_bound() || !p.value.is_finite() {
            continue;
        }
        let key = gate::series_key(p);
        if !series.contains_key(&key) {
            let st = load_series(tx, path, &key)?.unwrap_or_default();
            series.insert(key.clone(), st);
        }
        let st = series.get_mut(&key).expect("inserted above");
        let day = p.as_of.unwrap_or(art.day);
        match gate::check(&set.gate, Some(st), p, day, art.source_id) {
            None => gate::accept(st, p, day, art.source_id),
            Some(reason) => {
                tracing::warn!(commodity = %p.commodity, value = p.value, %reason, "price quarantined");
                exec_cached(
                    tx,
                    "INSERT OR IGNORE INTO quarantine (fact_id, article_id, source_id, series, day, reason, created_at)
                     SELECT id, ?1, ?2, ?3, ?4, ?5, ?6 FROM facts WHERE article_id = ?1 AND idx = ?7",
                    params![art.id, art.source_id, key, day.to_string(), reason, ts(now), idx as i64],
                )
                .map_err(sqle(path))?;
                held.push(idx);
            }
        }
    }
    for (key, st) in &series {
        save_series(tx, path, key, st, now)?;
    }
    Ok(held)
}

pub(crate) fn load_series(
    tx: &Transaction<'_>,
    path: &Path,
    key: &str,
) -> Result<Option<SeriesState>, StoreError> {
    let json: Option<String> = tx
        .prepare_cached("SELECT json FROM gate_series WHERE series = ?1")
        .and_then(|mut st| st.query_row([key], |r| r.get(0)).optional())
        .map_err(sqle(path))?;
    json.map(|j| {
        serde_json::from_str(&j).map_err(|_| StoreError::Corrupt {
            path: path.to_path_buf(),
            what: format!("gate_series of {key}"),
        })
    })
    .transpose()
}

pub(crate) fn save_series(
    tx: &Transaction<'_>,
    path: &Path,
    key: &str,
    st: &SeriesState,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let json = serde_json::to_string(st).unwrap_or_default();
    exec_cached(
        tx,
        "INSERT INTO gate_series (series, json, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (series) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at",
        params![key, json, ts(now)],
    )
    .map_err(sqle(path))?;
    Ok(())
}

fn save_state(
    tx: &Transaction<'_>,
    path: &Path,
    name: &str,
    st: &RuleState,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let json = serde_json::to_string(st).unwrap_or_default();
    let kind = serde_json::to_value(st)
        .ok()
        .and_then(|v| v.get("kind").and_then(|k| k.as_str()).map(String::from))
        .unwrap_or_default();
    exec_cached(
        tx,
        "INSERT INTO alert_state (rule, kind, json, updated_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (rule) DO UPDATE SET kind = excluded.kind, json = excluded.json,
             updated_at = excluded.updated_at",
        params![name, kind, json, ts(now)],
    )
    .map_err(sqle(path))?;
    Ok(())
}

/// Rule states and the last stored value of each forecast series in `facts`.
fn load_prior(
    tx: &Transaction<'_>,
    path: &Path,
    rules: &[AlertRule],
    facts: &[Fact],
) -> Result<PriorState, StoreError> {
    let mut prior = PriorState::default();
    let mut st = tx
        .prepare_cached("SELECT json FROM alert_state WHERE rule = ?1")
        .map_err(sqle(path))?;
    for rule in rules {
        let json: Option<String> = st
            .query_row([&rule.name], |r| r.get(0))
            .optional()
            .map_err(sqle(path))?;
        // A state of another kind (the rule was redefined) starts afresh.
        if let Some(state) = json.and_then(|j| serde_json::from_str::<RuleState>(&j).ok()) {
            prior.rules.insert(rule.name.clone(), state);
        }
    }
    let mut st = tx
        .prepare_cached(
            "SELECT h.value FROM forecast_history h WHERE h.institution = ?1 AND h.commodity = ?2 AND h.period = ?3
             AND h.currency = ?4 AND h.unit = ?5 ORDER BY h.id DESC LIMIT 1 OFFSET ?6",
        )
        .map_err(sqle(path))?;
    // This article's own forecasts were just added to the history (the
    // latest rows of their series): the value before is past them.
    let mut own: HashMap<ForecastKey, i64> = HashMap::new();
    for fact in facts {
        if let FactKind::Forecast(f) = &fact.kind
            && f.value.is_finite()
        {
            *own.entry(ForecastKey::of(f)).or_default() += 1;
        }
    }
    for (k, n) in own {
        let last: Option<f64> = st
            .query_row(
                params![k.institution, k.commodity, k.period, k.currency, k.unit, n],
                |r| r.get(0),
            )
            .optional()
            .map_err(sqle(path))?;
        if let Some(v) = last {
            prior.forecasts.insert(k, v);
        }
    }
    Ok(prior)
}

/// Records one alert (once, by key) and enqueues its mail to the rule's recipients.
fn record_alert(
    tx: &Transaction<'_>,
    path: &Path,
    art: &ArticleCtx<'_>,
    rule: &AlertRule,
    draft: &AlertDraft,
    mail: &MailContext,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let json = serde_json::to_string(draft).unwrap_or_default();
    let n = exec_cached(
            tx,
            "INSERT OR IGNORE INTO alerts (key, rule_key, article_id, fact_idx, day, summary, json, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![draft.key, draft.rule_key, art.id, draft.fact_index as i64, draft.day.to_string(),
                draft.summary(), json, ts(now)],
        )
        .map_err(sqle(path))?;
    if n == 0 {
        return Ok(false);
    }
    let to = rule_recipients(tx, path, &rule.recipients)?;
    // Nobody to tell: the mail is not rendered (the alert row above is the record).
    if to.is_empty() {
        return Ok(true);
    }
    let rendered = compose::render_alert(mail, draft, art.url).map_err(|err| StoreError::Mail {
        path: path.to_path_buf(),
        reason: err.to_string(),
    })?;
    let letter = Letter {
        ctx: mail,
        kind: MailKind::Alert,
        key: &draft.key,
        rendered: &rendered,
        now,
        personal: None,
    };
    enqueue_all(tx, path, &letter, &to)?;
    Ok(true)
}

/// The alert subscribers a rule's recipients name, each checked as it is read.
pub(crate) fn rule_recipients(
    tx: &Transaction<'_>,
    path: &Path,
    want: &Recipients,
) -> Result<Vec<Recipient>, StoreError> {
    let mut out = Vec::new();
    for (id, email, name, tz, topics) in subscriber_rows(tx, path, MailKind::Alert)? {
        if !want.wants(&email, &topics) {
            continue;
        }
        out.push(recipient(id, email, name.as_deref(), tz.as_deref(), topics));
    }
    Ok(out)
}
