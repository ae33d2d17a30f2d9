//! What the briefing reads besides the day's facts: alerts since the previous
//! briefing and sources in trouble (the board's forecasts: `board.rs`).

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{OptionalExtension, params};

use super::{AlertRow, HealthRow, Store, StoreError, parse_day};

/// A source whose last success is older than this is stale.
const STALE_AFTER: chrono::Duration = chrono::Duration::hours(48);

impl Store {
    /// The archive day just before `day`, if any.
    pub(super) fn briefing_before(&self, day: NaiveDate) -> Result<Option<NaiveDate>, StoreError> {
        let d: Option<String> = self
            .conn
            .query_row(
                "SELECT MAX(day) FROM briefings WHERE day < ?1",
                [day.to_string()],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.sql(e))?
            .flatten();
        Ok(d.as_deref().and_then(parse_day))
    }

    /// Alerts of days up to `day` recorded after the previous day's briefing was first made
    /// (all alerts of the day when there is none), oldest first.
    pub(super) fn alerts_since_briefing(
        &self,
        day: NaiveDate,
    ) -> Result<Vec<AlertRow>, StoreError> {
        let mut st = self
            .conn
            .prepare(
                "SELECT al.day, al.summary, al.rule_key, a.url FROM alerts al
                 LEFT JOIN articles a ON a.id = al.article_id
                 WHERE al.day <= ?1 AND (al.day = ?1 OR al.created_at > COALESCE(
                     (SELECT MAX(created_at) FROM briefings WHERE day < ?1), '9999'))
                 ORDER BY al.id",
            )
            .map_err(|e| self.sql(e))?;
        let rows = st
            .query_map(params![day.to_string()], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                ))
            })
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(|e| self.sql(e))?;
        rows.into_iter()
            .map(|(d, summary, rule, article_url)| {
                Ok(AlertRow {
                    day: parse_day(&d).ok_or_else(|| self.corrupt(format!("alert day {d:?}")))?,
                    summary,
                    rule,
                    article_url,
                })
            })
            .collect()
    }

    /// Sources failing now, not read successfully for [`STALE_AFTER`], or whose
    /// pages' body selector matched nothing in the last cycle (drift).
    pub(super) fn health_rows(&self, now: DateTime<Utc>) -> Result<Vec<HealthRow>, StoreError> {
        let mut out = Vec::new();
        for h in self.source_health()? {
            if h.last_attempt.is_none() {
                continue;
            }
            let row = |state: &str, detail: String| HealthRow {
                name: h.name.clone(),
                state: state.into(),
                detail,
            };
            if h.consecutive_failures > 0 {
                let why = h.last_error.clone().unwrap_or_else(|| "no detail".into());
                let n = h.consecutive_failures;
                out.push(row(
                    "failing",
                    format!("{n} failed cycle(s) in a row: {why}"),
                ));
            } else if h.last_success.is_none_or(|t| now - t > STALE_AFTER) {
                let when = h.last_success.map_or("never".into(), |t| {
                    t.format("%Y-%m-%d %H:%M UTC").to_string()
                });
                out.push(row("stale", format!("last read successfully: {when}")));
            }
            if h.drift > 0 {
                let d = h.drift;
                out.push(row("drift", format!("{d} page(s) where the body selector matched nothing: check the source's selectors")));
            }
        }
        Ok(out)
    }
}
