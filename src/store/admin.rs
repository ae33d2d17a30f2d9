//! Sources, fetches, subscribers, job runs and counts.

use std::path::Path;

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Transaction, params};

use crate::notify::address;

use super::{
    Counts, FetchRecord, NewSubscriber, Store, StoreError, Subscriber, Validators, parse_ts, sqle,
    ts,
};

/// `meta` key recording when the configured subscribers were seeded.
const SEEDED_KEY: &str = "subscribers_seeded_at";

impl Store {
    /// Inserts or updates (by name) a source; returns its id.
    pub fn upsert_source(&mut self, name: &str, url: &str) -> Result<i64, StoreError> {
        self.write(|tx, path| {
            tx.query_row(
                "INSERT INTO sources (name, url) VALUES (?1, ?2)
                 ON CONFLICT (name) DO UPDATE SET url = excluded.url RETURNING id",
                params![name, url],
                |r| r.get(0),
            )
            .map_err(sqle(path))
        })
    }

    /// ETag / Last-Modified of the last full fetch of `url` stored with its
    /// article, for a conditional request: one row per URL.
    pub fn validators(&self, url: &str) -> Result<Option<Validators>, StoreError> {
        self.conn
            .prepare_cached("SELECT etag, last_modified FROM validators WHERE url = ?1")
            .and_then(|mut st| {
                st.query_row([url], |r| {
                    Ok(Validators {
                        etag: r.get(0)?,
                        last_modified: r.get(1)?,
                    })
                })
                .optional()
            })
            .map_err(|e| self.sql(e))
    }

    /// [`Store::validators`] of many URLs at once (one call for a source's pages).
    pub fn validators_of(&self, urls: &[String]) -> Result<Vec<Option<Validators>>, StoreError> {
        urls.iter().map(|u| self.validators(u)).collect()
    }

    /// Records one fetch attempt on its own; a 2xx one with validators makes
    /// them its URL's. A 200 fetch of an article is recorded by
    /// [`Store::ingest_fetched`] instead, with the article.
    pub fn record_fetch(&mut self, f: &FetchRecord) -> Result<(), StoreError> {
        self.write(|tx, path| {
            insert_fetch(tx, path, f)?;
            let full = f.status.is_some_and(|s| (200..300).contains(&s));
            if full && (f.etag.is_some() || f.last_modified.is_some()) {
                set_validators(tx, path, f)?;
            }
            Ok(())
        })
    }

    /// Content hash of the stored article at `canonical_url`, if any.
    pub fn article_hash(&self, canonical_url: &str) -> Result<Option<String>, StoreError> {
        self.conn
            .query_row(
                "SELECT content_hash FROM articles WHERE url = ?1",
                [canonical_url],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.sql(e))
    }

    /// Adds a subscriber, or updates the one with that address (case-insensitive):
    /// their briefing and alert choices, and their name when one is given.
    /// Returns `true` only when a new subscriber was inserted.
    pub fn add_subscriber(&mut self, s: &NewSubscriber) -> Result<bool, StoreError> {
        let (email, name) = validate_subscriber(s)?;
        self.write(|tx, path| upsert_subscriber(tx, path, &email, name, s, Utc::now()))
    }

    /// Adds the configured initial subscribers, once in the life of the database:
    /// the first call with a non-empty list inserts those not yet subscribed (an
    /// existing subscriber is left as is) and records the seeding in `meta`, in one
    /// transaction; every later call adds nothing, even after all have unsubscribed.
    /// Returns how many were added. An invalid address seeds nothing.
    pub fn seed_subscribers(&mut self, subs: &[NewSubscriber]) -> Result<usize, StoreError> {
        if subs.is_empty() {
            return Ok(0);
        }
        let valid = subs
            .iter()
            .map(|s| validate_subscriber(s).map(|(email, name)| (email, name, s)))
            .collect::<Result<Vec<_>, _>>()?;
        let now = Utc::now();
        self.write(|tx, path| {
            let claimed = tx
                .execute(
                    "INSERT OR IGNORE INTO meta (key, value) VALUES (?1, ?2)",
                    params![SEEDED_KEY, ts(now)],
                )
                .map_err(sqle(path))?;
            if claimed == 0 {
                return Ok(0);
            }
            let mut added = 0;
            for (email, name, s) in &valid {
                let n = tx
                    .execute(
                        "INSERT OR IGNORE INTO subscribers (email, name, briefing, alerts, created_at)
                         VALUES (?1, ?2, ?3, ?4, ?5)",
                        params![email, name, s.briefing, s.alerts, ts(now)],
                    )
                    .map_err(sqle(path))?;
                added += n;
            }
            Ok(added)
        })
    }

    /// All subscribers, oldest first, with their time zone and topics.
    pub fn list_subscribers(&self) -> Result<Vec<Subscriber>, StoreError> {
        let mut st = self
            .conn
            .prepare(
                "SELECT s.id, s.email, s.name, s.briefing, s.alerts, s.created_at, s.tz, s.unsubscribed_at,
                        (SELECT group_concat(topic, char(31)) FROM
                            (SELECT topic FROM subscriber_topics t WHERE t.subscriber_id = s.id ORDER BY topic))
                 FROM subscribers s ORDER BY s.id",
            )
            .map_err(|e| self.sql(e))?;
        let rows = st
            .query_map([], |r| {
                Ok((
                    (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?),
                    r.get::<_, String>(5)?,
                    r.get::<_, Option<String>>(6)?,
                    r.get::<_, Option<String>>(7)?,
                    r.get::<_, Option<String>>(8)?,
                ))
            })
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(|e| self.sql(e))?;
        rows.into_iter()
            .map(
                |((id, email, name, briefing, alerts), created, tz, gone, topics)| {
                    let when = |s: &str, what: &str| {
                        parse_ts(s).ok_or_else(|| self.corrupt(format!("subscriber {id} {what}")))
                    };
                    Ok(Subscriber {
                        id,
                        email,
                        name,
                        briefing,
                        alerts,
                        created_at: when(&created, "created_at")?,
                        tz,
                        topics: split_topics(topics.as_deref()),
                        unsubscribed_at: gone.map(|g| when(&g, "unsubscribed_at")).transpose()?,
                    })
                },
            )
            .collect()
    }

    /// Sets a subscriber's time zone (`None`: the configured one); `false` if there
    /// is no such subscriber. The zone is checked by the caller (chrono-tz).
    pub fn set_subscriber_tz(&mut self, email: &str, tz: Option<&str>) -> Result<bool, StoreError> {
        self.write(|tx, path| {
            let n = tx
                .execute(
                    "UPDATE subscribers SET tz = ?2 WHERE email = ?1",
                    params![email.trim(), tz],
                )
                .map_err(sqle(path))?;
            Ok(n > 0)
        })
    }

    /// Removes a subscriber (case-insensitive); `false` if there was none.
    /// Mail already in the outbox for them is still delivered.
    pub fn remove_subscriber(&mut self, email: &str) -> Result<bool, StoreError> {
        self.write(|tx, path| {
            let n = tx
                .execute("DELETE FROM subscribers WHERE email = ?1", [email.trim()])
                .map_err(sqle(path))?;
            Ok(n > 0)
        })
    }

    /// Latest `scheduled_for` recorded for `job`.
    pub fn last_job_run(&self, job: &str) -> Result<Option<DateTime<Utc>>, StoreError> {
        let last: Option<String> = self
            .conn
            .query_row(
                "SELECT MAX(scheduled_for) FROM job_runs WHERE job = ?1",
                [job],
                |r| r.get(0),
            )
            .map_err(|e| self.sql(e))?;
        last.map(|s| parse_ts(&s).ok_or_else(|| self.corrupt(format!("job_runs of {job}"))))
            .transpose()
    }

    /// Records that `job` runs for `scheduled_for`; `false` if that run was already recorded
    /// (so a run is idempotent by its key).
    pub fn record_job_run(
        &mut self,
        job: &str,
        scheduled_for: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        self.write(|tx, path| {
            let n = tx
                .execute(
                    "INSERT OR IGNORE INTO job_runs (job, scheduled_for, started_at) VALUES (?1, ?2, ?3)",
                    params![job, ts(scheduled_for), ts(Utc::now())],
                )
                .map_err(sqle(path))?;
            Ok(n == 1)
        })
    }

    /// Row counts: articles, facts, alerts, outbox by status.
    pub fn counts(&self) -> Result<Counts, StoreError> {
        self.conn
            .query_row(
                "SELECT (SELECT COUNT(*) FROM articles), (SELECT COUNT(*) FROM facts), (SELECT COUNT(*) FROM alerts),
                        (SELECT COUNT(*) FROM outbox WHERE status IN ('pending', 'sending')),
                        (SELECT COUNT(*) FROM outbox WHERE status = 'sent'),
                        (SELECT COUNT(*) FROM outbox WHERE status = 'failed')",
                [],
                |r| {
                    let n = |r: &rusqlite::Row<'_>, i| r.get::<_, i64>(i).map(|v| u64::try_from(v).unwrap_or(0));
                    Ok(Counts {
                        articles: n(r, 0)?,
                        facts: n(r, 1)?,
                        alerts: n(r, 2)?,
                        outbox_pending: n(r, 3)?,
                        outbox_sent: n(r, 4)?,
                        outbox_failed: n(r, 5)?,
                    })
                },
            )
            .map_err(|e| self.sql(e))
    }
}

/// Topics stored joined by U+001F (as `group_concat` gives them).
pub(super) fn split_topics(joined: Option<&str>) -> Vec<String> {
    joined
        .unwrap_or_default()
        .split('\u{1f}')
        .filter(|t| !t.is_empty())
        .map(String::from)
        .collect()
}

/// The normalised address and name of `s`, or why they cannot be used
/// (an address or a name with a line break would let a subscriber add mail
/// headers: refused here, as in the config and on every database read).
fn validate_subscriber(s: &NewSubscriber) -> Result<(String, Option<&str>), StoreError> {
    let addr = address::check_email(&s.email).map_err(|reason| StoreError::InvalidEmail {
        email: s.email.clone(),
        reason,
    })?;
    let name = match s.name.as_deref() {
        Some(n) => address::check_name(n).map_err(|reason| StoreError::InvalidName {
            email: s.email.clone(),
            reason,
        })?,
        None => None,
    };
    Ok((addr.to_string(), name))
}

/// Inserts or updates one subscriber inside `tx`; `true` if inserted.
fn upsert_subscriber(
    tx: &Transaction<'_>,
    path: &Path,
    email: &str,
    name: Option<&str>,
    s: &NewSubscriber,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let known: bool = tx
        .query_row(
            "SELECT EXISTS (SELECT 1 FROM subscribers WHERE email = ?1)",
            [email],
            |r| r.get(0),
        )
        .map_err(sqle(path))?;
    tx.execute(
        "INSERT INTO subscribers (email, name, briefing, alerts, created_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (email) DO UPDATE SET name = COALESCE(excluded.name, subscribers.name),
             briefing = excluded.briefing, alerts = excluded.alerts, unsubscribed_at = NULL",
        params![email, name, s.briefing, s.alerts, ts(now)],
    )
    .map_err(sqle(path))?;
    Ok(!known)
}

/// Inserts one fetch row inside `tx`.
pub(super) fn insert_fetch(
    tx: &Transaction<'_>,
    path: &Path,
    f: &FetchRecord,
) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO fetches (source_id, url, status, etag, last_modified, bytes, error, fetched_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )
    .and_then(|mut st| st.execute(params![
            f.source_id,
            f.url,
            f.status,
            f.etag,
            f.last_modified,
            f.bytes.map(|b| i64::try_from(b).unwrap_or(i64::MAX)),
            f.error,
            ts(f.fetched_at)
        ]))
    .map_err(sqle(path))?;
    Ok(())
}

/// Makes the validators of a full fetch the ones of its URL, inside the
/// transaction that stores its article; a response without any removes the
/// older ones (the next request is unconditional).
pub(super) fn set_validators(
    tx: &Transaction<'_>,
    path: &Path,
    f: &FetchRecord,
) -> Result<(), StoreError> {
    if f.etag.is_none() && f.last_modified.is_none() {
        tx.prepare_cached("DELETE FROM validators WHERE url = ?1")
            .and_then(|mut st| st.execute([&f.url]))
            .map_err(sqle(path))?;
        return Ok(());
    }
    tx.prepare_cached(
        "INSERT INTO validators (url, etag, last_modified, updated_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
             updated_at = excluded.updated_at",
    )
    .and_then(|mut st| st.execute(params![f.url, f.etag, f.last_modified, ts(f.fetched_at)]))
    .map_err(sqle(path))?;
    Ok(())
}
