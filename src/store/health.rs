//! Source health across cycles, the fetch log written in batches, and its pruning.

use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

use super::admin::insert_fetch;
use super::{FetchRecord, Store, StoreError, parse_ts, sqle, ts};

/// Wait after the second failure in a row; it doubles with each further one.
pub const BACKOFF_FIRST: Duration = Duration::from_secs(30 * 60);
/// Longest wait between two attempts of a failing source.
pub const BACKOFF_MAX: Duration = Duration::from_secs(8 * 60 * 60);

/// When a source that has failed `failures` times in a row may be tried again,
/// counted from `now`: at once after one failure (it may be a blip), then 30 min,
/// doubling, capped at 8 h. `None`: no wait.
pub fn backoff_after(failures: u32, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    if failures < 2 {
        return None;
    }
    let factor = 2u32.saturating_pow((failures - 2).min(16));
    let wait = BACKOFF_FIRST.saturating_mul(factor).min(BACKOFF_MAX);
    Some(now + chrono::Duration::from_std(wait).unwrap_or(chrono::Duration::hours(8)))
}

/// How one source's cycle ended, as stored in its health.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceOutcome {
    /// The listing (or feed, or the article page) could not be read.
    pub failed: bool,
    /// The first problem of the cycle, if any.
    pub error: Option<String>,
    /// Pages fetched in full, answered 304, and whose body selector matched nothing.
    pub pages: u32,
    pub not_modified: u32,
    pub drift: u32,
}

/// A source's stored health, for `orewatch sources`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SourceHealth {
    pub name: String,
    pub url: String,
    pub last_attempt: Option<DateTime<Utc>>,
    pub last_success: Option<DateTime<Utc>>,
    pub consecutive_failures: u32,
    pub last_error: Option<String>,
    /// Skipped by cycles until then (backing off after failures).
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub pages: u32,
    pub not_modified: u32,
    pub drift: u32,
}

impl SourceHealth {
    /// Share of the last successful cycle's article requests answered 304.
    pub fn not_modified_share(&self) -> Option<f64> {
        let all = self.pages + self.not_modified;
        (all > 0).then(|| f64::from(self.not_modified) / f64::from(all))
    }
}

impl Store {
    /// Until when a failing source is skipped (`None`: due now).
    pub fn source_backoff(&self, source_id: i64) -> Result<Option<DateTime<Utc>>, StoreError> {
        let next: Option<Option<String>> = self
            .conn
            .query_row(
                "SELECT next_attempt_at FROM source_health WHERE source_id = ?1",
                [source_id],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.sql(e))?;
        next.flatten()
            .map(|s| {
                parse_ts(&s)
                    .ok_or_else(|| self.corrupt(format!("source_health of source {source_id}")))
            })
            .transpose()
    }

    /// Writes a source's fetch-log rows (pages not stored with an article: 304s,
    /// errors, the listing) and its health after a cycle, in one transaction,
    /// and indexes the articles stored since the last time for search.
    pub fn finish_source(
        &mut self,
        source_id: i64,
        log: &[FetchRecord],
        outcome: &SourceOutcome,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.write_refetchable(|tx, path| {
            super::ingest::index_pending(tx, path)?;
            for f in log {
                insert_fetch(tx, path, f)?;
            }
            let failures: u32 = tx
                .query_row(
                    "SELECT consecutive_failures FROM source_health WHERE source_id = ?1",
                    [source_id],
                    |r| r.get(0),
                )
                .optional()
                .map_err(sqle(path))?
                .unwrap_or(0);
            if outcome.failed {
                let failures = failures.saturating_add(1);
                let next = backoff_after(failures, now).map(ts);
                tx.execute(
                    "INSERT INTO source_health (source_id, last_attempt, consecutive_failures, last_error, next_attempt_at)
                     VALUES (?1, ?2, ?3, ?4, ?5)
                     ON CONFLICT (source_id) DO UPDATE SET last_attempt = excluded.last_attempt,
                         consecutive_failures = excluded.consecutive_failures, last_error = excluded.last_error,
                         next_attempt_at = excluded.next_attempt_at",
                    params![source_id, ts(now), failures, outcome.error, next],
                )
                .map_err(sqle(path))?;
            } else {
                tx.execute(
                    "INSERT INTO source_health (source_id, last_attempt, last_success, consecutive_failures, last_error,
                         next_attempt_at, pages, not_modified, drift) VALUES (?1, ?2, ?2, 0, ?3, NULL, ?4, ?5, ?6)
                     ON CONFLICT (source_id) DO UPDATE SET last_attempt = excluded.last_attempt,
                         last_success = excluded.last_success, consecutive_failures = 0,
                         last_error = COALESCE(excluded.last_error, source_health.last_error), next_attempt_at = NULL,
                         pages = excluded.pages, not_modified = excluded.not_modified, drift = excluded.drift",
                    params![source_id, ts(now), outcome.error, outcome.pages, outcome.not_modified, outcome.drift],
                )
                .map_err(sqle(path))?;
            }
            Ok(())
        })
    }

    /// Every source with its health, by name.
    pub fn source_health(&self) -> Result<Vec<SourceHealth>, StoreError> {
        let mut st = self
            .conn
            .prepare(
                "SELECT s.name, s.url, h.last_attempt, h.last_success, COALESCE(h.consecutive_failures, 0),
                        h.last_error, h.next_attempt_at, COALESCE(h.pages, 0), COALESCE(h.not_modified, 0),
                        COALESCE(h.drift, 0)
                 FROM sources s LEFT JOIN source_health h ON h.source_id = s.id ORDER BY s.name",
            )
            .map_err(|e| self.sql(e))?;
        type Raw = (
            String,
            String,
            [Option<String>; 3],
            u32,
            Option<String>,
            [u32; 3],
        );
        let rows: Vec<Raw> = st
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    [r.get(2)?, r.get(3)?, r.get(6)?],
                    r.get(4)?,
                    r.get(5)?,
                    [r.get(7)?, r.get(8)?, r.get(9)?],
                ))
            })
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(|e| self.sql(e))?;
        rows.into_iter()
            .map(
                |(name, url, times, failures, last_error, [pages, not_modified, drift])| {
                    let t = |s: &Option<String>| {
                        s.as_deref()
                            .map(|v| {
                                parse_ts(v)
                                    .ok_or_else(|| self.corrupt(format!("source_health of {name}")))
                            })
                            .transpose()
                    };
                    Ok(SourceHealth {
                        last_attempt: t(&times[0])?,
                        last_success: t(&times[1])?,
                        next_attempt_at: t(&times[2])?,
                        name,
                        url,
                        consecutive_failures: failures,
                        last_error,
                        pages,
                        not_modified,
                        drift,
                    })
                },
            )
            .collect()
    }

    /// Deletes fetch-log rows older than `keep_days` days; returns how many.
    pub fn prune_fetch_log(
        &mut self,
        keep_days: u32,
        now: DateTime<Utc>,
    ) -> Result<usize, StoreError> {
        let cutoff = now - chrono::Duration::days(i64::from(keep_days));
        self.write(|tx, path| {
            tx.execute("DELETE FROM fetches WHERE fetched_at < ?1", [ts(cutoff)])
                .map_err(sqle(path))
        })
    }
}
