//! Sending claimed outbox rows, one at a time, and settling them.

use std::path::Path;
use std::sync::{Arc, Mutex};

use chrono::Utc;
use lettre::Address;
use lettre::address::Envelope;

use super::smtp::{Session, SmtpFailure};
use super::{DeliveryReport, Mailer, NotifyError, Sender};
use crate::store::outbox::OutboxItem;
use crate::store::{Store, StoreError};

/// How one attempt ended.
enum Outcome {
    Sent,
    /// This message failed for now: retry it later (until `max_attempts`).
    Transient(String),
    /// This message was refused for good.
    Permanent(String),
    /// The SMTP session failed before the message could be offered: it goes
    /// back untried and the run stops.
    Session(String),
    /// No answer while sending: outcome unknown. The attempt counts (as a
    /// transient failure) and the run stops, since the relay is not answering.
    NoAnswer(String),
}

/// Runs `f` on the store on Tokio's blocking pool: SQLite work (IMMEDIATE
/// transactions, fsync, busy waits) never stalls a runtime worker, and the lock
/// is taken and released there, never held across an `.await`. A lock poisoned
/// by a panic elsewhere is recovered: each store write is one transaction, which
/// the panic rolled back, so the database is consistent.
async fn on_store<T, F>(store: &Arc<Mutex<Store>>, f: F) -> Result<T, NotifyError>
where
    T: Send + 'static,
    F: FnOnce(&mut Store) -> Result<T, StoreError> + Send + 'static,
{
    let store = Arc::clone(store);
    let out = tokio::task::spawn_blocking(move || {
        let mut guard = store.lock().unwrap_or_else(|poisoned| {
            store.clear_poison();
            poisoned.into_inner()
        });
        f(&mut guard)
    })
    .await
    .map_err(|e| NotifyError::StoreTask(e.to_string()))?;
    Ok(out?)
}

/// Deliver due outbox rows (all of them, or until none is due). Every store
/// call runs on the blocking pool ([`on_store`]), never under a lock held across
/// an `.await`.
/// A row is marked sent only when the transport accepted it (SMTP 250, file
/// fsync'd); a transient failure or a timeout (outcome unknown) reschedules it
/// with exponential backoff until `max_attempts`; a permanent refusal of the
/// message for its recipient (5xx to RCPT or DATA) fails it. A failure of the
/// SMTP session (connection, TLS, login, sender refused) fails no row: the row
/// goes back to pending, its attempt not counted, and the run stops
/// ([`DeliveryReport::stopped`]); the next run retries.
pub async fn deliver_pending(
    store: &Arc<Mutex<Store>>,
    mailer: &Mailer,
    max_attempts: u32,
) -> Result<DeliveryReport, NotifyError> {
    let mut report = DeliveryReport::default();
    // A claim outlives one send by a margin; a row still `sending` after it was abandoned.
    let lease = mailer.timeout * 2 + std::time::Duration::from_secs(60);
    let mut session: Option<Session> = None;
    loop {
        let item = on_store(store, move |s| s.claim_outbox(Utc::now(), lease)).await?;
        let Some(item) = item else { break };
        let outcome = send(mailer, &item, &mut session).await;
        let stop = matches!(outcome, Outcome::Session(_) | Outcome::NoAnswer(_));
        let now = Utc::now();
        let id = item.id;
        match outcome {
            Outcome::Sent => {
                on_store(store, move |s| s.mark_outbox_sent(id, now)).await?;
                report.sent += 1;
            }
            Outcome::Permanent(e) => {
                tracing::warn!(message_id = %item.message_id, to = %item.recipient, error = %e, "mail refused permanently");
                on_store(store, move |s| s.mark_outbox_failed(id, &e)).await?;
                report.failed += 1;
            }
            Outcome::Session(e) => {
                tracing::warn!(error = %e, "mail relay unavailable: delivery stopped until the next run");
                let next = now + delay(mailer.backoff);
                on_store(store, move |s| s.release_outbox(id, next, &e)).await?;
                report.retried += 1;
            }
            Outcome::Transient(e) | Outcome::NoAnswer(e) if item.attempts >= max_attempts => {
                tracing::warn!(message_id = %item.message_id, attempts = item.attempts, error = %e, "mail given up");
                let e = format!("gave up after {} attempts: {e}", item.attempts);
                on_store(store, move |s| s.mark_outbox_failed(id, &e)).await?;
                report.failed += 1;
            }
            Outcome::Transient(e) | Outcome::NoAnswer(e) => {
                let exp = item.attempts.saturating_sub(1).min(30);
                let backoff = mailer
                    .backoff
                    .saturating_mul(1u32 << exp)
                    .min(mailer.max_backoff);
                tracing::info!(message_id = %item.message_id, attempts = item.attempts, error = %e, "mail will be retried");
                let next = now + delay(backoff);
                on_store(store, move |s| s.mark_outbox_retry(id, next, &e)).await?;
                report.retried += 1;
            }
        }
        if stop {
            report.stopped = true;
            break;
        }
    }
    if let Some(s) = session {
        let _ = tokio::time::timeout(mailer.timeout, s.quit()).await;
    }
    Ok(report)
}
/// `d` as a chrono duration (a huge one: six hours).
fn delay(d: std::time::Duration) -> chrono::Duration {
    chrono::Duration::from_std(d).unwrap_or(chrono::Duration::hours(6))
}

async fn send(mailer: &Mailer, item: &OutboxItem, session: &mut Option<Session>) -> Outcome {
    match &mailer.sender {
        Sender::File(dir) => {
            let dir = dir.clone();
            let name = format!("{}.eml", sanitise(&item.message_id));
            let raw = item.raw.clone();
            match tokio::task::spawn_blocking(move || write_eml(&dir, &name, &raw)).await {
                Ok(Ok(())) => Outcome::Sent,
                Ok(Err(e)) => Outcome::Transient(format!("cannot write the .eml file: {e}")),
                Err(e) => Outcome::Transient(format!("file writer task failed: {e}")),
            }
        }
        Sender::Smtp(client) => {
            let envelope = match envelope(item) {
                Ok(e) => e,
                Err(e) => return Outcome::Permanent(e),
            };
            let mut open = match session.take() {
                Some(open) => open,
                None => match tokio::time::timeout(mailer.timeout, client.open()).await {
                    Ok(Ok(open)) => open,
                    Ok(Err(e)) => return Outcome::Session(e),
                    Err(_) => {
                        return Outcome::Session(format!(
                            "the mail relay did not answer within {:?}",
                            mailer.timeout
                        ));
                    }
                },
            };
            let sent = tokio::time::timeout(mailer.timeout, open.send(&envelope, &item.raw)).await;
            let outcome = match sent {
                // The session is dropped (closed) with its unknown state.
                Err(_) => {
                    return Outcome::NoAnswer(format!(
                        "no answer within {:?}: outcome unknown, will resend with the same Message-ID",
                        mailer.timeout
                    ));
                }
                Ok(Ok(())) => Outcome::Sent,
                Ok(Err(SmtpFailure::Session(e))) => Outcome::Session(e),
                Ok(Err(SmtpFailure::Refused {
                    permanent: true,
                    reason,
                })) => Outcome::Permanent(reason),
                Ok(Err(SmtpFailure::Refused { reason, .. })) => Outcome::Transient(reason),
            };
            if !open.broken {
                *session = Some(open);
            }
            outcome
        }
    }
}

fn envelope(item: &OutboxItem) -> Result<Envelope, String> {
    let from: Address = item
        .sender
        .parse()
        .map_err(|e| format!("bad sender {}: {e}", item.sender))?;
    let to: Address = item
        .recipient
        .parse()
        .map_err(|e| format!("bad recipient {}: {e}", item.recipient))?;
    Envelope::new(Some(from), vec![to]).map_err(|e| e.to_string())
}

/// File name from a Message-ID: `<ab.orewatch@x.org>` -> `ab.orewatch_at_x.org`.
pub(crate) fn sanitise(message_id: &str) -> String {
    message_id
        .trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .replace('@', "_at_")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect::<String>()
        .trim_start_matches('.')
        .to_string()
}

/// Writes `name` atomically: temp file, fsync, rename, fsync the directory.
/// Writing the same message again replaces it, so a re-delivery never duplicates.
fn write_eml(dir: &Path, name: &str, raw: &[u8]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let tmp = dir.join(format!(".{name}.tmp"));
    crate::durable::replace_synced(&tmp, &dir.join(name), raw)?;
    crate::durable::sync_dir(dir)
}
