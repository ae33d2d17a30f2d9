//! Quarantined price observations (the plausibility gate's), rule states for
//! `orewatch alerts list`, stored facts for `orewatch replay`, subscriber topics.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{OptionalExtension, params};

use super::alerting::{load_series, rule_recipients, save_series};
use super::mailing::Recipient;
use super::{QuarantinedRow, Store, StoreError, parse_day, parse_ts, sqle, ts};
use crate::alerts::gate;
use crate::alerts::{Recipients, RuleState};
use crate::extract::{Fact, FactKind};

/// One quarantined observation.
#[derive(Debug, Clone, PartialEq)]
pub struct QuarantineRow {
    pub id: i64,
    pub status: String,
    pub day: NaiveDate,
    pub reason: String,
    pub fact: Fact,
    pub url: String,
}

/// A stored fact in replay order, with what evaluation needs of its article.
#[derive(Debug, Clone)]
pub struct StoredFact {
    pub index: usize,
    pub fact: Fact,
    /// The article's day (published, else first seen).
    pub day: NaiveDate,
    /// The fetch of the stored version.
    pub at: DateTime<Utc>,
    pub url: String,
}

/// Who a rule would mail now: addresses, and those that cannot be mailed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RecipientList {
    pub ok: Vec<String>,
    pub bad: Vec<(String, String)>,
}

impl Store {
    /// Quarantined observations, oldest first; `pending_only` leaves out decided ones.
    pub fn quarantine(&self, pending_only: bool) -> Result<Vec<QuarantineRow>, StoreError> {
        let mut st = self
            .conn
            .prepare(
                "SELECT q.id, q.status, q.day, q.reason, f.json, a.url FROM quarantine q
                 JOIN facts f ON f.id = q.fact_id JOIN articles a ON a.id = q.article_id
                 WHERE (?1 = 0 OR q.status = 'pending') ORDER BY q.id",
            )
            .map_err(|e| self.sql(e))?;
        let rows = st
            .query_map([pending_only], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                ))
            })
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(|e| self.sql(e))?;
        rows.into_iter()
            .map(|(id, status, day, reason, json, url)| {
                let fact = serde_json::from_str(&json)
                    .map_err(|e| self.corrupt(format!("fact of quarantine {id}: {e}")))?;
                let day = parse_day(&day)
                    .ok_or_else(|| self.corrupt(format!("day of quarantine {id}")))?;
                Ok(QuarantineRow {
                    id,
                    status,
                    day,
                    reason,
                    fact,
                    url,
                })
            })
            .collect()
    }

    /// The pending quarantined price figures dated `day`, for its briefing.
    pub(crate) fn quarantined_on(&self, day: NaiveDate) -> Result<Vec<QuarantinedRow>, StoreError> {
        Ok(self
            .quarantine(true)?
            .into_iter()
            .filter(|q| q.day == day)
            .filter_map(|q| match q.fact.kind {
                FactKind::Price(p) => Some(QuarantinedRow {
                    id: q.id,
                    commodity: p.commodity,
                    value: p.value,
                    currency: p.currency,
                    unit: p.unit,
                    reason: q.reason,
                    article_url: q.url,
                }),
                _ => None,
            })
            .collect())
    }

    /// Accepts (it then counts: price table, gate baseline, replay) or rejects
    /// a pending quarantined observation. Returns false when no pending row has `id`.
    pub fn decide_quarantine(&mut self, id: i64, accept: bool) -> Result<bool, StoreError> {
        let now = Utc::now();
        self.write(|tx, path| {
            let row: Option<(String, String, String, Option<i64>)> = tx
                .query_row(
                    "SELECT q.series, q.day, f.json, q.source_id FROM quarantine q JOIN facts f ON f.id = q.fact_id
                     WHERE q.id = ?1 AND q.status = 'pending'",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )
                .optional()
                .map_err(sqle(path))?;
            let Some((series, day, json, source)) = row else {
                return Ok(false);
            };
            let status = if accept { "accepted" } else { "rejected" };
            tx.execute(
                "UPDATE quarantine SET status = ?2, decided_at = ?3 WHERE id = ?1",
                params![id, status, ts(now)],
            )
            .map_err(sqle(path))?;
            let fact: Option<Fact> = serde_json::from_str(&json).ok();
            if let (true, Some(FactKind::Price(p)), Some(day)) =
                (accept, fact.map(|f| f.kind), parse_day(&day))
            {
                let mut st = load_series(tx, path, &series)?.unwrap_or_default();
                gate::accept(&mut st, &p, day, source.unwrap_or_default());
                save_series(tx, path, &series, &st, now)?;
            }
            Ok(true)
        })
    }

    /// The stored state of the rule `name`, with when it changed.
    pub fn alert_state(
        &self,
        name: &str,
    ) -> Result<Option<(RuleState, DateTime<Utc>)>, StoreError> {
        let row: Option<(String, String)> = self
            .conn
            .query_row(
                "SELECT json, updated_at FROM alert_state WHERE rule = ?1",
                [name],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(|e| self.sql(e))?;
        Ok(row.and_then(|(json, at)| Some((serde_json::from_str(&json).ok()?, parse_ts(&at)?))))
    }

    /// Every stored fact not held by the gate, in the order the live run saw
    /// them (article fetch time, article, position).
    pub fn replay_facts(&self) -> Result<Vec<StoredFact>, StoreError> {
        let mut st = self
            .conn
            .prepare(
                "SELECT f.idx, f.json, COALESCE(a.published, substr(a.fetched_at, 1, 10)), a.updated_at, a.url
                 FROM facts f JOIN articles a ON a.id = f.article_id
                 WHERE f.id NOT IN (SELECT fact_id FROM quarantine WHERE status <> 'accepted')
                 ORDER BY a.updated_at, a.id, f.idx",
            )
            .map_err(|e| self.sql(e))?;
        let rows = st
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                ))
            })
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(|e| self.sql(e))?;
        rows.into_iter()
            .map(|(idx, json, day, at, url)| {
                let bad = |what: &str| self.corrupt(format!("{what} of a fact of {url}"));
                Ok(StoredFact {
                    index: usize::try_from(idx).map_err(|_| bad("idx"))?,
                    fact: serde_json::from_str(&json).map_err(|_| bad("json"))?,
                    day: parse_day(&day).ok_or_else(|| bad("day"))?,
                    at: parse_ts(&at).ok_or_else(|| bad("updated_at"))?,
                    url,
                })
            })
            .collect()
    }

    /// The subscribers `want` names now, as the next alert would be mailed.
    pub fn rule_recipients(&mut self, want: &Recipients) -> Result<RecipientList, StoreError> {
        self.write(|tx, path| {
            let mut out = RecipientList::default();
            for r in rule_recipients(tx, path, want)? {
                match r {
                    Recipient::Ok(r) => out.ok.push(r.mailbox.email.to_string()),
                    Recipient::Bad { email, reason } => out.bad.push((email, reason)),
                }
            }
            Ok(out)
        })
    }

    /// Sets the topics (commodities, sectors) of a subscriber. False: no such subscriber.
    pub fn set_topics(&mut self, email: &str, topics: &[String]) -> Result<bool, StoreError> {
        self.write(|tx, path| {
            let id: Option<i64> = tx
                .query_row("SELECT id FROM subscribers WHERE email = ?1", [email.trim()], |r| r.get(0))
                .optional()
                .map_err(sqle(path))?;
            let Some(id) = id else {
                return Ok(false);
            };
            tx.execute("DELETE FROM subscriber_topics WHERE subscriber_id = ?1", [id])
                .map_err(sqle(path))?;
            for t in topics.iter().map(|t| t.trim().to_lowercase()).filter(|t| !t.is_empty()) {
                tx.execute(
                    "INSERT OR IGNORE INTO subscriber_topics (subscriber_id, topic) VALUES (?1, ?2)",
                    params![id, t],
                )
                .map_err(sqle(path))?;
            }
            Ok(true)
        })
    }
}
