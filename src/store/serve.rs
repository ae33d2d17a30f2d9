//! What the archive server reads and the one thing it writes: forecasts and
//! stock moves by name, the health summary of `/healthz`, and unsubscribing.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::params;
use serde::Serialize;

use super::{Store, StoreError, parse_day, parse_ts, sqle, ts};
use crate::extract::{Fact, FactKind};

/// One stored forecast, with where it was read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ForecastEntry {
    pub institution: String,
    pub commodity: String,
    pub period: Option<String>,
    pub value: f64,
    pub previous: Option<f64>,
    pub currency: String,
    pub unit: String,
    pub direction: crate::extract::Direction,
    /// The article's published day, else the UTC day it was first fetched.
    pub day: Option<NaiveDate>,
    pub article_url: String,
    pub sentence: String,
}

/// One stored stock move.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StockMoveEntry {
    pub name: String,
    pub ticker: Option<String>,
    pub change_pct: f64,
    pub price: Option<f64>,
    pub day: Option<NaiveDate>,
    pub article_url: String,
    pub sentence: String,
}

/// A source whose last cycle failed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FailingSource {
    pub name: String,
    pub consecutive_failures: u32,
    pub last_error: Option<String>,
    pub last_success: Option<DateTime<Utc>>,
}

/// What `/healthz` reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HealthSnapshot {
    /// Latest successful source cycle (any source).
    pub last_fetch: Option<DateTime<Utc>>,
    pub last_briefing_day: Option<NaiveDate>,
    /// When that briefing was last rendered.
    pub last_briefing_at: Option<DateTime<Utc>>,
    /// Outbox rows not yet delivered (pending or being sent).
    pub outbox_backlog: u64,
    pub oldest_pending: Option<DateTime<Utc>>,
    pub failing_sources: Vec<FailingSource>,
}

/// A stored fact with its article's URL and day.
struct FactRow {
    fact: Fact,
    url: String,
    day: Option<NaiveDate>,
}

impl Store {
    /// Facts of `kind` whose indexed column `col` is among `values` (compared
    /// without case), newest article first, at most `limit`.
    fn facts_named(
        &self,
        kind: &str,
        cols: &[&str],
        values: &[String],
        limit: usize,
    ) -> Result<Vec<FactRow>, StoreError> {
        let wanted: Vec<String> = values.iter().map(|v| v.trim().to_lowercase()).collect();
        let json = serde_json::to_string(&wanted).unwrap_or_default();
        let filter = cols
            .iter()
            .map(|c| format!("lower(f.{c}) IN (SELECT value FROM json_each(?2))"))
            .collect::<Vec<_>>()
            .join(" OR ");
        let sql = format!(
            "SELECT f.id, f.json, a.url, coalesce(a.published, substr(a.fetched_at, 1, 10)) FROM facts f
             JOIN articles a ON a.id = f.article_id
             WHERE f.kind = ?1 AND ({filter})
             ORDER BY coalesce(a.published, a.fetched_at) DESC, a.id DESC, f.idx LIMIT ?3"
        );
        let mut st = self.conn.prepare_cached(&sql).map_err(|e| self.sql(e))?;
        let rows = st
            .query_map(params![kind, json, limit as i64], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                ))
            })
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(|e| self.sql(e))?;
        rows.into_iter()
            .map(|(id, json, url, day)| {
                let fact = serde_json::from_str(&json)
                    .map_err(|e| self.corrupt(format!("fact {id}: {e}")))?;
                Ok(FactRow {
                    fact,
                    url,
                    day: day.as_deref().and_then(parse_day),
                })
            })
            .collect()
    }

    /// Every stored forecast by one of `institutions` (canonical names; empty:
    /// any) for one of `commodities` (empty: any), newest first, at most `limit`.
    pub fn forecasts_by(
        &self,
        institutions: &[String],
        commodities: &[String],
        limit: usize,
    ) -> Result<Vec<ForecastEntry>, StoreError> {
        let all = ["forecast".to_string()];
        let (cols, values): (&[&str], &[String]) = match (institutions, commodities) {
            ([], []) => (&["kind"], &all),
            ([], c) => (&["commodity"], c),
            (i, _) => (&["institution"], i),
        };
        let any = |list: &[String], v: &str| {
            list.is_empty() || list.iter().any(|x| x.trim().eq_ignore_ascii_case(v.trim()))
        };
        let rows = self.facts_named("forecast", cols, values, limit)?;
        Ok(rows
            .into_iter()
            .filter_map(|r| match r.fact.kind {
                FactKind::Forecast(f)
                    if any(institutions, &f.institution) && any(commodities, &f.commodity) =>
                {
                    Some(ForecastEntry {
                        institution: f.institution,
                        commodity: f.commodity,
                        period: f.period,
                        value: f.value,
                        previous: f.previous,
                        currency: f.currency,
                        unit: f.unit,
                        direction: f.direction,
                        day: r.day,
                        article_url: r.url,
                        sentence: r.fact.sentence,
                    })
                }
                _ => None,
            })
            .collect())
    }

    /// Stored moves of the stock named or ticked one of `names`, newest first.
    pub fn stock_moves(
        &self,
        names: &[String],
        limit: usize,
    ) -> Result<Vec<StockMoveEntry>, StoreError> {
        let rows = self.facts_named("stock_move", &["name", "ticker"], names, limit)?;
        Ok(rows
            .into_iter()
            .filter_map(|r| match r.fact.kind {
                FactKind::StockMove(m) => Some(StockMoveEntry {
                    name: m.name,
                    ticker: m.ticker,
                    change_pct: m.change_pct,
                    price: m.price,
                    day: r.day,
                    article_url: r.url,
                    sentence: r.fact.sentence,
                }),
                _ => None,
            })
            .collect())
    }

    /// Last fetch, last briefing, outbox backlog and failing sources.
    pub fn health_snapshot(&self) -> Result<HealthSnapshot, StoreError> {
        let (fetch, day, at, backlog, oldest): (
            Option<String>,
            Option<String>,
            Option<String>,
            i64,
            Option<String>,
        ) = self
            .conn
            .query_row(
                "SELECT (SELECT MAX(last_success) FROM source_health),
                        (SELECT MAX(day) FROM briefings),
                        (SELECT updated_at FROM briefings ORDER BY day DESC LIMIT 1),
                        (SELECT COUNT(*) FROM outbox WHERE status IN ('pending', 'sending')),
                        (SELECT MIN(created_at) FROM outbox WHERE status IN ('pending', 'sending'))",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .map_err(|e| self.sql(e))?;
        let when = |s: Option<String>, what: &str| {
            s.map(|s| parse_ts(&s).ok_or_else(|| self.corrupt(format!("{what} {s:?}"))))
                .transpose()
        };
        let failing_sources = self
            .source_health()?
            .into_iter()
            .filter(|s| s.consecutive_failures > 0)
            .map(|s| FailingSource {
                name: s.name,
                consecutive_failures: s.consecutive_failures,
                last_error: s.last_error,
                last_success: s.last_success,
            })
            .collect();
        Ok(HealthSnapshot {
            last_fetch: when(fetch, "source_health last_success")?,
            last_briefing_day: day.as_deref().and_then(parse_day),
            last_briefing_at: when(at, "briefing updated_at")?,
            outbox_backlog: u64::try_from(backlog).unwrap_or(0),
            oldest_pending: when(oldest, "outbox created_at")?,
            failing_sources,
        })
    }

    /// Unsubscribes `email` (case-insensitive) from briefings and alerts at once, and
    /// withdraws their mail not yet sent. `false`: no such subscriber.
    pub fn unsubscribe(&mut self, email: &str, now: DateTime<Utc>) -> Result<bool, StoreError> {
        self.write(|tx, path| {
            let n = tx
                .execute(
                    "UPDATE subscribers SET briefing = 0, alerts = 0,
                         unsubscribed_at = coalesce(unsubscribed_at, ?2) WHERE email = ?1",
                    params![email.trim(), ts(now)],
                )
                .map_err(sqle(path))?;
            tx.execute(
                "UPDATE outbox SET status = 'failed', last_error = 'the recipient unsubscribed'
                 WHERE status = 'pending' AND recipient = ?1 COLLATE NOCASE",
                [email.trim()],
            )
            .map_err(sqle(path))?;
            Ok(n > 0)
        })
    }
}
