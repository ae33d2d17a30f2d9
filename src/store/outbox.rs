//! Outbox rows: written with their alert or briefing, then claimed and settled
//! by `notify::deliver_pending`.

use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Transaction, params};

use super::{Store, StoreError, sqle, ts};
use crate::notify::Outgoing;

/// What an outbox message carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailKind {
    Alert,
    Briefing,
}

impl MailKind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            MailKind::Alert => "alert",
            MailKind::Briefing => "briefing",
        }
    }
}

/// A claimed outbox row, to be sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxItem {
    pub id: i64,
    pub message_id: String,
    pub sender: String,
    pub recipient: String,
    pub raw: Vec<u8>,
    /// Attempts so far, this one included.
    pub attempts: u32,
}

/// An outbox row as listed by [`Store::outbox`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxRow {
    pub id: i64,
    pub message_id: String,
    pub kind: String,
    pub ref_key: String,
    pub recipient: String,
    pub subject: String,
    pub status: String,
    pub attempts: u32,
    pub next_attempt_at: String,
    pub last_error: Option<String>,
}

/// Inserts a message unless its Message-ID is already there. Returns whether inserted.
pub(crate) fn enqueue(
    tx: &Transaction<'_>,
    path: &Path,
    mail: &Outgoing,
    kind: MailKind,
    ref_key: &str,
    sender: &str,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let n = tx
        .execute(
            "INSERT OR IGNORE INTO outbox (message_id, kind, ref_key, sender, recipient, subject, raw,
                 next_attempt_at, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
            params![mail.message_id, kind.as_str(), ref_key, sender, mail.recipient, mail.subject, mail.raw, ts(now)],
        )
        .map_err(sqle(path))?;
    Ok(n == 1)
}

impl Store {
    /// Claims the next due row: a pending one whose time has come, or one left
    /// `sending` past its lease (its sender died; outcome unknown, so it is sent
    /// again with the same Message-ID). The claim holds for `lease`.
    pub fn claim_outbox(
        &mut self,
        now: DateTime<Utc>,
        lease: Duration,
    ) -> Result<Option<OutboxItem>, StoreError> {
        let until = now + chrono::Duration::from_std(lease).unwrap_or(chrono::Duration::hours(1));
        self.write(|tx, path| {
            tx.query_row(
                "UPDATE outbox SET status = 'sending', attempts = attempts + 1, next_attempt_at = ?2
                 WHERE id = (SELECT id FROM outbox WHERE status IN ('pending', 'sending')
                             AND next_attempt_at <= ?1 ORDER BY next_attempt_at, id LIMIT 1)
                 RETURNING id, message_id, sender, recipient, raw, attempts",
                params![ts(now), ts(until)],
                |r| {
                    Ok(OutboxItem {
                        id: r.get(0)?,
                        message_id: r.get(1)?,
                        sender: r.get(2)?,
                        recipient: r.get(3)?,
                        raw: r.get(4)?,
                        attempts: r.get(5)?,
                    })
                },
            )
            .optional()
            .map_err(sqle(path))
        })
    }

    /// Marks a claimed row sent (the server accepted it).
    pub fn mark_outbox_sent(&mut self, id: i64, now: DateTime<Utc>) -> Result<(), StoreError> {
        self.settle(id, "sent", None, Some(ts(now)), None)
    }

    /// Puts a claimed row back to pending, due at `next`.
    pub fn mark_outbox_retry(
        &mut self,
        id: i64,
        next: DateTime<Utc>,
        error: &str,
    ) -> Result<(), StoreError> {
        self.settle(id, "pending", Some(ts(next)), None, Some(error))
    }

    /// Puts a claimed row back to pending, due at `next`, without counting the
    /// attempt: the session failed before the message could be offered.
    pub fn release_outbox(
        &mut self,
        id: i64,
        next: DateTime<Utc>,
        error: &str,
    ) -> Result<(), StoreError> {
        self.write(|tx, path| {
            tx.execute(
                "UPDATE outbox SET status = 'pending', attempts = MAX(attempts - 1, 0),
                     next_attempt_at = ?2, last_error = ?3
                 WHERE id = ?1 AND status = 'sending'",
                params![id, ts(next), error],
            )
            .map_err(sqle(path))?;
            Ok(())
        })
    }

    /// Gives up on a claimed row.
    pub fn mark_outbox_failed(&mut self, id: i64, error: &str) -> Result<(), StoreError> {
        self.settle(id, "failed", None, None, Some(error))
    }

    fn settle(
        &mut self,
        id: i64,
        status: &str,
        next: Option<String>,
        sent_at: Option<String>,
        error: Option<&str>,
    ) -> Result<(), StoreError> {
        self.write(|tx, path| {
            tx.execute(
                "UPDATE outbox SET status = ?2, next_attempt_at = COALESCE(?3, next_attempt_at),
                     sent_at = COALESCE(?4, sent_at), last_error = COALESCE(?5, last_error)
                 WHERE id = ?1 AND status = 'sending'",
                params![id, status, next, sent_at, error],
            )
            .map_err(sqle(path))?;
            Ok(())
        })
    }

    /// All outbox rows, oldest first (without the message bodies).
    pub fn outbox(&self) -> Result<Vec<OutboxRow>, StoreError> {
        let mut st = self
            .conn
            .prepare(
                "SELECT id, message_id, kind, ref_key, recipient, subject, status, attempts,
                        next_attempt_at, last_error FROM outbox ORDER BY id",
            )
            .map_err(|e| self.sql(e))?;
        st.query_map([], |r| {
            Ok(OutboxRow {
                id: r.get(0)?,
                message_id: r.get(1)?,
                kind: r.get(2)?,
                ref_key: r.get(3)?,
                recipient: r.get(4)?,
                subject: r.get(5)?,
                status: r.get(6)?,
                attempts: r.get(7)?,
                next_attempt_at: r.get(8)?,
                last_error: r.get(9)?,
            })
        })
        .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
        .map_err(|e| self.sql(e))
    }

    /// The stored message of a row, by Message-ID.
    pub fn outbox_message(&self, message_id: &str) -> Result<Option<Vec<u8>>, StoreError> {
        self.conn
            .query_row(
                "SELECT raw FROM outbox WHERE message_id = ?1",
                [message_id],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.sql(e))
    }
}
