//! Enqueueing one mail to every subscriber of a kind, inside the transaction
//! that records its alert or briefing. A subscriber row that cannot be mailed
//! (an address or name with a line break, say, written into the database by
//! hand) fails alone: its outbox row is written as `failed` with the reason,
//! logged, and the other recipients, the alert and the article are kept.

use std::path::Path;

use chrono::{DateTime, Utc};
use lettre::message::Mailbox;
use rusqlite::{Transaction, params};

use super::outbox::{MailKind, enqueue};
use super::{StoreError, sqle, ts};
use crate::notify::{MailContext, Rendered, address, compose, message_id};

/// A subscriber as read from the database: a mailbox, or why it is unusable.
pub(crate) enum Recipient {
    Ok(Mailbox),
    Bad { email: String, reason: String },
}

/// Subscribers of `kind` (alerts or briefing), each checked as it is read.
pub(crate) fn recipients(
    tx: &Transaction<'_>,
    path: &Path,
    kind: MailKind,
) -> Result<Vec<Recipient>, StoreError> {
    let sql = match kind {
        MailKind::Alert => "SELECT id, email, name FROM subscribers WHERE alerts = 1 ORDER BY id",
        MailKind::Briefing => {
            "SELECT id, email, name FROM subscribers WHERE briefing = 1 ORDER BY id"
        }
    };
    let mut st = tx.prepare_cached(sql).map_err(sqle(path))?;
    let rows = st
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
            ))
        })
        .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
        .map_err(sqle(path))?;
    Ok(rows
        .into_iter()
        .map(
            |(id, email, name)| match address::mailbox(&email, name.as_deref()) {
                Ok(mb) => Recipient::Ok(mb),
                Err(reason) => Recipient::Bad {
                    email,
                    reason: format!(
                        "subscriber {id} in the database cannot be mailed: {reason}; fix it with `orewatch subscribers add` or remove it"
                    ),
                },
            },
        )
        .collect())
}

/// One mail to enqueue: the mail of `key`, rendered, from `ctx`.
pub(crate) struct Letter<'a> {
    pub ctx: &'a MailContext,
    pub kind: MailKind,
    pub key: &'a str,
    pub rendered: &'a Rendered,
    pub now: DateTime<Utc>,
}

/// Enqueues `letter` to every recipient: a pending row each, or a failed row
/// for a recipient that cannot be mailed. Returns the rows written as pending.
pub(crate) fn enqueue_all(
    tx: &Transaction<'_>,
    path: &Path,
    letter: &Letter<'_>,
    recipients: &[Recipient],
) -> Result<usize, StoreError> {
    let Letter {
        ctx,
        kind,
        key,
        rendered,
        now,
    } = *letter;
    let sender = ctx.from.email.to_string();
    let mut pending = 0;
    for r in recipients {
        let (email, reason) = match r {
            Recipient::Ok(to) => match compose::compose(ctx, to, key, rendered, now) {
                Ok(out) => {
                    pending += usize::from(enqueue(tx, path, &out, kind, key, &sender, now)?);
                    continue;
                }
                Err(e) => (
                    to.email.to_string(),
                    format!("cannot compose the mail: {e}"),
                ),
            },
            Recipient::Bad { email, reason } => (email.clone(), reason.clone()),
        };
        tracing::warn!(recipient = %address::one_line(&email), key, error = %reason, "mail not queued for this recipient");
        enqueue_failed(tx, path, letter, &email, &reason)?;
    }
    Ok(pending)
}

/// Writes a `failed` outbox row (with no message) for a recipient that cannot
/// be mailed, under the Message-ID its mail would have had; a re-run leaves it.
fn enqueue_failed(
    tx: &Transaction<'_>,
    path: &Path,
    letter: &Letter<'_>,
    email: &str,
    reason: &str,
) -> Result<(), StoreError> {
    let id = message_id(letter.key, email, &letter.ctx.from);
    tx.execute(
        "INSERT OR IGNORE INTO outbox (message_id, kind, ref_key, sender, recipient, subject, raw,
             status, next_attempt_at, last_error, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, x'', 'failed', ?7, ?8, ?7)",
        params![
            id,
            letter.kind.as_str(),
            letter.key,
            letter.ctx.from.email.to_string(),
            email,
            address::one_line(&letter.rendered.subject),
            ts(letter.now),
            reason
        ],
    )
    .map_err(sqle(path))?;
    Ok(())
}
