//! Notify: compose mail, keep it in the outbox, deliver it.
//!
//! Mail is composed when its alert or briefing is recorded and written to the
//! outbox in the same transaction ([`compose`]). [`deliver_pending`] moves
//! outbox rows pending -> sending -> sent | failed through a [`Mailer`]
//! (a directory of `.eml` files, or SMTP), retrying transient failures with
//! exponential backoff. Delivery is at-least-once with one Message-ID.

pub mod address;
pub mod compose;
mod deliver;
mod smtp;
pub mod unsubscribe;

use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials;

pub use compose::{InlineImage, Outgoing, Rendered, message_id};
pub use deliver::deliver_pending;

use crate::store::StoreError;
use smtp::SmtpClient;

/// Errors of composing and delivering mail.
#[derive(thiserror::Error, Debug)]
pub enum NotifyError {
    #[error("cannot compose the message: {0}; check the from address and subject settings")]
    Compose(String),
    #[error("cannot render the mail template: {0}; this is a bug, please report it")]
    Template(String),
    #[error(
        "plain SMTP (tls = \"none\") to {host} refused: credentials and mail would cross the network unencrypted; use tls = \"starttls\" or \"tls\", or a relay on localhost"
    )]
    PlainSmtpNotLocal { host: String },
    #[error(
        "SMTP user {user} is configured but no password was given; set the environment variable named in the mail settings"
    )]
    MissingPassword { user: String },
    #[error("invalid SMTP relay {host}: {reason}; check the mail host setting")]
    Relay { host: String, reason: String },
    #[error(
        "cannot create the outbox directory {dir}: {source}; check permissions or the data directory setting"
    )]
    OutboxDir {
        dir: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "the database task stopped unexpectedly ({0}); this is a bug, please report it, then restart orewatch"
    )]
    StoreTask(String),
    #[error(transparent)]
    Store(#[from] Box<StoreError>),
}

impl From<StoreError> for NotifyError {
    fn from(e: StoreError) -> Self {
        NotifyError::Store(Box::new(e))
    }
}

/// Who mail comes from, and how subjects and archive links look.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailContext {
    pub from: Mailbox,
    /// Put before every subject, e.g. `[orewatch]`.
    pub subject_prefix: String,
    /// Base URL of the briefing archive; alerts link `<archive_url>/YYYY/MM/DD.html`.
    pub archive_url: Option<String>,
    /// One-click unsubscribe (RFC 8058): set when `serve.public_url` is https and
    /// `ORW_UNSUBSCRIBE_SECRET` is set; else mail carries only the mailto form.
    pub unsubscribe: Option<unsubscribe::UnsubscribeLink>,
}

/// Where mail goes.
#[derive(Debug, Clone, PartialEq)]
pub enum Transport {
    /// One fsync'd `<sanitised-message-id>.eml` per message in `dir` (the default: `<DATA>/outbox`).
    File {
        dir: PathBuf,
    },
    Smtp(SmtpSettings),
}

/// SMTP relay settings. The password comes from the environment variable named in config.
#[derive(Clone, PartialEq)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub tls: TlsMode,
    pub user: Option<String>,
    pub password: Option<String>,
    /// Bound on connecting and on each whole send.
    pub timeout: Duration,
}

impl std::fmt::Debug for SmtpSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpSettings")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("tls", &self.tls)
            .field("user", &self.user)
            .field("password", &self.password.as_ref().map(|_| "<redacted>"))
            .field("timeout", &self.timeout)
            .finish()
    }
}

/// How the SMTP connection is encrypted. Config spelling: `starttls`, `tls`, `none`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TlsMode {
    /// Plain connect, then STARTTLS (required), usually port 587.
    Starttls,
    /// Implicit TLS, usually port 465.
    Tls,
    /// No encryption: only for a relay on localhost.
    None,
}

/// Counts of one [`deliver_pending`] run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DeliveryReport {
    pub sent: usize,
    /// Attempts that failed transiently and were rescheduled.
    pub retried: usize,
    /// Rows given up on (permanent error or too many attempts).
    pub failed: usize,
    /// The run stopped early: the SMTP session failed (connection, TLS, login,
    /// sender refused, no answer). The row it was on is pending again (counted in
    /// `retried`), the rest were not tried; the next run retries them all.
    pub stopped: bool,
}

pub(crate) enum Sender {
    File(PathBuf),
    Smtp(Box<SmtpClient>),
}

/// Delivers composed messages through one transport.
pub struct Mailer {
    pub(crate) sender: Sender,
    pub(crate) timeout: Duration,
    pub(crate) backoff: Duration,
    pub(crate) max_backoff: Duration,
}

impl Mailer {
    /// Prepares a transport; refuses plain SMTP to anything but localhost.
    /// An SMTP mailer connects only while delivering: each run opens one session.
    pub fn new(t: Transport) -> Result<Mailer, NotifyError> {
        let (sender, timeout) = match t {
            Transport::File { dir } => {
                std::fs::create_dir_all(&dir).map_err(|source| NotifyError::OutboxDir {
                    dir: dir.clone(),
                    source,
                })?;
                (Sender::File(dir), Duration::from_secs(30))
            }
            Transport::Smtp(s) => {
                if s.tls == TlsMode::None && !is_local(&s.host) {
                    return Err(NotifyError::PlainSmtpNotLocal { host: s.host });
                }
                let credentials = match (&s.user, &s.password) {
                    (None, _) => None,
                    (Some(user), None) => {
                        return Err(NotifyError::MissingPassword { user: user.clone() });
                    }
                    (Some(user), Some(password)) => {
                        Some(Credentials::new(user.clone(), password.clone()))
                    }
                };
                let client = SmtpClient::new(&s.host, s.port, s.tls, credentials, s.timeout)
                    .map_err(|e| NotifyError::Relay {
                        host: s.host.clone(),
                        reason: e.to_string(),
                    })?;
                (Sender::Smtp(Box::new(client)), s.timeout)
            }
        };
        Ok(Mailer {
            sender,
            timeout,
            backoff: Duration::from_secs(60),
            max_backoff: Duration::from_secs(6 * 3600),
        })
    }

    /// Sets the retry backoff: `base * 2^(attempt-1)`, capped at `max` (default 1 min, 6 h).
    pub fn with_backoff(mut self, base: Duration, max: Duration) -> Mailer {
        self.backoff = base;
        self.max_backoff = max.max(base);
        self
    }

    /// Checks the SMTP relay answers (file transport: always true).
    pub async fn test_connection(&self) -> bool {
        match &self.sender {
            Sender::File(dir) => dir.is_dir(),
            Sender::Smtp(client) => match tokio::time::timeout(self.timeout, client.open()).await {
                Ok(Ok(session)) => {
                    let _ = tokio::time::timeout(self.timeout, session.quit()).await;
                    true
                }
                _ => false,
            },
        }
    }
}

fn is_local(host: &str) -> bool {
    let h = host.trim().trim_start_matches('[').trim_end_matches(']');
    h.eq_ignore_ascii_case("localhost") || h.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}
