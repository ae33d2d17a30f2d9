//! Enqueueing one mail to every subscriber of a kind, inside the transaction
//! that records its alert or briefing. A subscriber row that cannot be mailed
//! (an address or name with a line break, say, written into the database by
//! hand) fails alone: its outbox row is written as `failed` with the reason,
//! logged, and the other recipients, the alert and the article are kept.

use std::path::Path;

use chrono::{DateTime, Utc};
use lettre::message::Mailbox;
use rusqlite::{Transaction, params};

use super::admin::split_topics;
use super::outbox::{MailKind, enqueue};
use super::{StoreError, sqle, ts};
use crate::notify::{MailContext, Rendered, address, compose, message_id};

/// A subscriber as read from the database: a reader to mail, or why the row is unusable.
pub(crate) enum Recipient {
    Ok(Reader),
    Bad { email: String, reason: String },
}

/// A subscriber to mail, with what their mail may be arranged by: their time
/// zone (`None`: the configured one) and topics (commodities, sectors).
#[derive(Debug, Clone)]
pub struct Reader {
    pub mailbox: Mailbox,
    pub tz: Option<chrono_tz::Tz>,
    pub topics: Vec<String>,
}

/// One subscriber row: id, email, name, stored zone and topics.
pub(crate) type SubscriberRow = (i64, String, Option<String>, Option<String>, Vec<String>);

/// Subscribers of `kind` (alerts or briefing), each checked as it is read.
pub(crate) fn recipients(
    tx: &Transaction<'_>,
    path: &Path,
    kind: MailKind,
) -> Result<Vec<Recipient>, StoreError> {
    Ok(subscriber_rows(tx, path, kind)?
        .into_iter()
        .map(|(id, email, name, tz, topics)| {
            recipient(id, email, name.as_deref(), tz.as_deref(), topics)
        })
        .collect())
}

/// The rows of the subscribers who get mail of `kind`, in id order.
pub(crate) fn subscriber_rows(
    tx: &Transaction<'_>,
    path: &Path,
    kind: MailKind,
) -> Result<Vec<SubscriberRow>, StoreError> {
    let which = match kind {
        MailKind::Alert => "alerts",
        MailKind::Briefing => "briefing",
    };
    let sql = format!(
        "SELECT s.id, s.email, s.name, s.tz,
                (SELECT group_concat(topic, char(31)) FROM subscriber_topics t WHERE t.subscriber_id = s.id)
         FROM subscribers s WHERE s.{which} = 1 ORDER BY s.id"
    );
    let mut st = tx.prepare_cached(&sql).map_err(sqle(path))?;
    let rows = st
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
            ))
        })
        .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
        .map_err(sqle(path))?;
    Ok(rows
        .into_iter()
        .map(|(id, email, name, tz, topics)| (id, email, name, tz, split_topics(topics.as_deref())))
        .collect())
}

/// One subscriber row as a [`Recipient`]; an unknown stored zone falls back to the configured one.
pub(crate) fn recipient(
    id: i64,
    email: String,
    name: Option<&str>,
    tz: Option<&str>,
    topics: Vec<String>,
) -> Recipient {
    match address::mailbox(&email, name) {
        Ok(mailbox) => Recipient::Ok(Reader {
            mailbox,
            tz: tz.and_then(|z| z.parse().ok()),
            topics,
        }),
        Err(reason) => Recipient::Bad {
            email,
            reason: format!(
                "subscriber {id} in the database cannot be mailed: {reason}; fix it with `orewatch subscribers add` or remove it"
            ),
        },
    }
}

/// A recipient's own version of a mail, when they have one.
pub(crate) type OwnMail<'a> = dyn Fn(&Reader) -> Option<Rendered> + 'a;

/// One mail to enqueue: the mail of `key`, rendered, from `ctx`.
pub(crate) struct Letter<'a> {
    pub ctx: &'a MailContext,
    pub kind: MailKind,
    pub key: &'a str,
    pub rendered: &'a Rendered,
    pub now: DateTime<Utc>,
    /// A recipient's own version of the mail (their topics first), when they have one.
    pub personal: Option<&'a OwnMail<'a>>,
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
        personal,
    } = *letter;
    let sender = ctx.from.email.to_string();
    let mut pending = 0;
    for r in recipients {
        let (email, reason) = match r {
            Recipient::Ok(reader) => {
                let own = personal.and_then(|f| f(reader));
                let rendered = own.as_ref().unwrap_or(rendered);
                match compose::compose(ctx, &reader.mailbox, key, rendered, now) {
                    Ok(out) => {
                        pending += usize::from(enqueue(tx, path, &out, kind, key, &sender, now)?);
                        continue;
                    }
                    Err(e) => (
                        reader.mailbox.email.to_string(),
                        format!("cannot compose the mail: {e}"),
                    ),
                }
            }
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
