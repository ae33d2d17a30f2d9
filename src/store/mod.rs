//! Store: SQLite persistence of sources, fetches, articles, facts, alerts and mail.
//!
//! One [`Store`] owns one `rusqlite::Connection` (WAL, foreign keys on, a
//! busy timeout). Every write runs in an `IMMEDIATE` transaction, committed
//! with `synchronous=FULL` (an fsync of the WAL), except the writes of a page
//! just fetched ([`Store::write_refetchable`]): their validators commit with
//! them, so losing their tail to a power cut only means fetching those pages
//! again, and they commit with `synchronous=NORMAL` (no fsync; safe against
//! a killed process). The next FULL commit, such as the outbox claim before a
//! mail is sent, makes every earlier commit durable. The schema is versioned
//! by `PRAGMA user_version` and migrated on open by the SQL files compiled in
//! from `src/store/sql/`.

mod admin;
mod alerting;
mod board;
mod briefing;
mod briefing_save;
mod digest;
mod health;
mod ingest;
mod mailing;
mod migrate;
pub mod outbox;
mod prices;
mod quarantine;
mod search;
mod series;
mod serve;
mod types;

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

pub use briefing_save::{DayMail, PersonalMail};
pub use health::{BACKOFF_FIRST, BACKOFF_MAX, SourceHealth, SourceOutcome, backoff_after};
pub use mailing::Reader;
pub use migrate::SCHEMA_VERSION;
pub use prices::{PRICE_LOOKBACK_DAYS, PricePoint};
pub use quarantine::{QuarantineRow, RecipientList, StoredFact};
pub use search::{SearchHit, SearchPage, Segment};
pub use serve::{FailingSource, ForecastEntry, HealthSnapshot, StockMoveEntry};
pub use types::*;

/// How long a writer waits for another connection's lock before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Errors of the store. Each names the database and says what to do.
#[derive(thiserror::Error, Debug)]
pub enum StoreError {
    #[error(
        "cannot create the directory {path} for the database: {source}; check permissions or choose another data directory"
    )]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "cannot open the database {path}: {source}; check the file is a SQLite database and the directory is writable"
    )]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error(
        "cannot migrate the database {path} to schema version {version}: {source}; restore a backup or move the file aside to start afresh"
    )]
    Migrate {
        path: PathBuf,
        version: u32,
        source: rusqlite::Error,
    },
    #[error(
        "the database {path} has schema version {found}, newer than this orewatch supports ({supported}); upgrade orewatch"
    )]
    TooNew {
        path: PathBuf,
        found: u32,
        supported: u32,
    },
    #[error(
        "database {path}: {source}; if this persists, check disk space and that no other program holds the file locked"
    )]
    Sql {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error(
        "database {path} holds unreadable data ({what}); it may have been edited by hand: fix or delete the row"
    )]
    Corrupt { path: PathBuf, what: String },
    #[error("invalid e-mail address {email:?}: {reason}")]
    InvalidEmail { email: String, reason: String },
    #[error("invalid name for subscriber {email:?}: {reason}")]
    InvalidName { email: String, reason: String },
    #[error(
        "cannot compose mail while writing to database {path}: {reason}; check the mail settings (from address, subject prefix)"
    )]
    Mail { path: PathBuf, reason: String },
}

/// The orewatch database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Whether the connection commits with `synchronous=NORMAL` just now.
    relaxed: bool,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Opens (creating parent directories and the file if needed) and migrates the database.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        })?;
        Store::setup(conn, path.to_path_buf())
    }

    /// An empty, migrated database in memory (tests, `--dry-run`).
    pub fn open_in_memory() -> Result<Store, StoreError> {
        let path = PathBuf::from(":memory:");
        let conn = Connection::open_in_memory().map_err(|source| StoreError::Open {
            path: path.clone(),
            source,
        })?;
        Store::setup(conn, path)
    }

    fn setup(conn: Connection, path: PathBuf) -> Result<Store, StoreError> {
        let open_err = |source| StoreError::Open {
            path: path.clone(),
            source,
        };
        conn.busy_timeout(BUSY_TIMEOUT).map_err(open_err)?;
        // Ingest alone runs a dozen statements per article: keep them all prepared.
        conn.set_prepared_statement_cache_capacity(64);
        // The query planner's stability guarantee: without it, SQLite 3.54
        // marks a statement to be prepared again whenever a parameter it
        // compared with an index is bound to a new value, so every cached
        // statement of the briefing (run per series with a new id) was
        // compiled anew at each use: half of `briefing_data`. With it, a plan
        // depends on the SQL and the schema only (there are no sqlite_stat
        // tables for bound values to improve on).
        conn.set_db_config(
            rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
            true,
        )
        .map_err(open_err)?;
        // Reading the mode back: in-memory databases answer "memory".
        let _mode: String = conn
            .query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))
            .map_err(open_err)?;
        // Checkpoint every 4,000 WAL pages, not SQLite's 1,000: a new page's
        // commit writes about 37, so the default checkpointed (two fsyncs, the
        // same hot index leaves copied again) every 30 articles.
        conn.execute_batch(
            "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA wal_autocheckpoint=4000;",
        )
        .map_err(open_err)?;
        let mut store = Store {
            conn,
            path,
            relaxed: false,
        };
        migrate::migrate(&mut store)?;
        prices::backfill(&mut store)?;
        Ok(store)
    }

    /// Path of the database file (`:memory:` for an in-memory one).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The journal mode in effect (`wal` for a file database).
    pub fn journal_mode(&self) -> Result<String, StoreError> {
        self.conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .map_err(|e| self.sql(e))
    }

    /// The schema version stored in `PRAGMA user_version`.
    pub fn schema_version(&self) -> Result<u32, StoreError> {
        self.conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| self.sql(e))
    }

    pub(crate) fn sql(&self, source: rusqlite::Error) -> StoreError {
        StoreError::Sql {
            path: self.path.clone(),
            source,
        }
    }

    pub(crate) fn corrupt(&self, what: impl Into<String>) -> StoreError {
        StoreError::Corrupt {
            path: self.path.clone(),
            what: what.into(),
        }
    }

    /// Runs `f` in one IMMEDIATE transaction, committing on `Ok` with an fsync.
    pub(crate) fn write<T>(
        &mut self,
        f: impl FnOnce(&Transaction<'_>, &Path) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.set_relaxed(false)?;
        self.transact(f)
    }

    /// [`Store::write`] for what the next cycle fetches again if a power cut
    /// rolls it back (a fetched page with its validators, fetch-log rows):
    /// committed without an fsync.
    pub(crate) fn write_refetchable<T>(
        &mut self,
        f: impl FnOnce(&Transaction<'_>, &Path) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.set_relaxed(true)?;
        self.transact(f)
    }

    fn set_relaxed(&mut self, relaxed: bool) -> Result<(), StoreError> {
        if self.relaxed != relaxed {
            let mode = if relaxed { "NORMAL" } else { "FULL" };
            self.conn
                .execute_batch(&format!("PRAGMA synchronous={mode}"))
                .map_err(|e| self.sql(e))?;
            self.relaxed = relaxed;
        }
        Ok(())
    }

    fn transact<T>(
        &mut self,
        f: impl FnOnce(&Transaction<'_>, &Path) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|source| StoreError::Sql {
                path: path.clone(),
                source,
            })?;
        let out = f(&tx, &path)?;
        tx.commit()
            .map_err(|source| StoreError::Sql { path, source })?;
        Ok(out)
    }

    /// Raw connection, for tests and diagnostics (`orewatch db check`).
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}

/// Maps a rusqlite error inside a transaction to [`StoreError::Sql`].
pub(crate) fn sqle(path: &Path) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
    move |source| StoreError::Sql {
        path: path.to_path_buf(),
        source,
    }
}

/// Fixed-width UTC timestamp text: text order is time order.
pub(crate) fn ts(t: DateTime<Utc>) -> String {
    // "%Y-%m-%dT%H:%M:%S%.6fZ", without parsing a format string at every row
    t.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

/// Parses a timestamp written by [`ts`] (or any RFC 3339 text).
pub(crate) fn parse_ts(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// Parses a stored `YYYY-MM-DD` day.
pub(crate) fn parse_day(s: &str) -> Option<NaiveDate> {
    // The stored form (`2026-11-30`) without the format parser: the briefing
    // parses thousands of days. Anything else goes through chrono.
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b[r].iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    if b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && let (Some(y), Some(m), Some(d)) = (digits(0..4), digits(5..7), digits(8..10))
    {
        return NaiveDate::from_ymd_opt(y as i32, m, d);
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    #[test]
    fn timestamps_keep_their_stored_format() {
        let t =
            Utc.with_ymd_and_hms(2026, 3, 4, 5, 6, 7).unwrap() + chrono::Duration::microseconds(8);
        assert_eq!(super::ts(t), "2026-03-04T05:06:07.000008Z");
        assert_eq!(super::ts(t), t.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string());
        assert_eq!(super::parse_ts(&super::ts(t)), Some(t));
    }
}
