//! An SMTP session on lettre's connection, its phases kept apart: a failure of
//! the session (connect, TLS, login, the sender, the link) is told from a
//! refusal of one message for its recipient (RCPT, DATA).

use std::time::Duration;

use lettre::address::Envelope;
use lettre::transport::smtp::Error as SmtpError;
use lettre::transport::smtp::authentication::{Credentials, DEFAULT_MECHANISMS};
use lettre::transport::smtp::client::{AsyncSmtpConnection, TlsParameters};
use lettre::transport::smtp::commands::{Data, Mail, Rcpt, Rset};
use lettre::transport::smtp::extension::{ClientId, Extension, MailBodyParameter, MailParameter};

use super::TlsMode;

/// Reply codes that concern the whole session wherever they come: the service
/// is closing (421) or the server wants (another) login (530, 534, 535, 538).
const SESSION_CODES: &[u16] = &[421, 530, 534, 535, 538];

/// How to reach and log in to the relay.
pub(crate) struct SmtpClient {
    host: String,
    port: u16,
    /// Implicit TLS or STARTTLS, with its parameters; `None`: plain.
    tls: Option<(TlsMode, TlsParameters)>,
    credentials: Option<Credentials>,
    timeout: Duration,
    hello: ClientId,
}

/// Why a message was not sent.
#[derive(Debug)]
pub(crate) enum SmtpFailure {
    /// The session failed: no message can go through it now.
    Session(String),
    /// The server refused this message for its recipient; `permanent` for a 5xx.
    Refused { permanent: bool, reason: String },
}

/// An open, logged-in SMTP connection.
pub(crate) struct Session {
    conn: AsyncSmtpConnection,
    /// Set when the connection can no longer be trusted; open a new one.
    pub(crate) broken: bool,
}

impl SmtpClient {
    /// Prepares (without connecting) a client; fails only on bad TLS settings for `host`.
    pub(crate) fn new(
        host: &str,
        port: u16,
        tls: TlsMode,
        credentials: Option<Credentials>,
        timeout: Duration,
    ) -> Result<SmtpClient, SmtpError> {
        let tls = match tls {
            TlsMode::None => None,
            mode => Some((mode, TlsParameters::new(host.to_string())?)),
        };
        Ok(SmtpClient {
            host: host.to_string(),
            port,
            tls,
            credentials,
            timeout,
            hello: ClientId::default(),
        })
    }

    /// Connects, greets, upgrades to TLS and logs in as configured. Every error is a session error.
    pub(crate) async fn open(&self) -> Result<Session, String> {
        let wrapper = match &self.tls {
            Some((TlsMode::Tls, p)) => Some(p.clone()),
            _ => None,
        };
        let mut conn = AsyncSmtpConnection::connect_tokio1(
            (self.host.as_str(), self.port),
            Some(self.timeout),
            &self.hello,
            wrapper,
            None,
        )
        .await
        .map_err(|e| format!("cannot connect to {}:{}: {e}", self.host, self.port))?;
        if let Some((TlsMode::Starttls, p)) = &self.tls
            && let Err(e) = conn.starttls(p.clone(), &self.hello).await
        {
            conn.abort().await;
            return Err(format!("STARTTLS with {} failed: {e}", self.host));
        }
        if let Some(credentials) = &self.credentials
            && let Err(e) = conn.auth(DEFAULT_MECHANISMS, credentials).await
        {
            conn.abort().await;
            return Err(format!(
                "login to {} failed: {e}; check the SMTP user and password",
                self.host
            ));
        }
        Ok(Session {
            conn,
            broken: false,
        })
    }
}

impl Session {
    /// Sends one message: MAIL FROM (a refusal is a session error: the sender is
    /// the same for every message), RCPT TO and DATA (a 4xx/5xx refuses this message).
    pub(crate) async fn send(
        &mut self,
        envelope: &Envelope,
        raw: &[u8],
    ) -> Result<(), SmtpFailure> {
        let mut params = Vec::new();
        let non_ascii = envelope
            .to()
            .iter()
            .chain(envelope.from())
            .any(|a| !AsRef::<str>::as_ref(a).is_ascii());
        let info = self.conn.server_info();
        if non_ascii {
            if !info.supports_feature(Extension::SmtpUtfEight) {
                return Err(SmtpFailure::Refused {
                    permanent: false,
                    reason: "the address is not ASCII and the relay does not offer SMTPUTF8".into(),
                });
            }
            params.push(MailParameter::SmtpUtfEight);
        }
        if !raw.is_ascii() {
            if !info.supports_feature(Extension::EightBitMime) {
                return Err(SmtpFailure::Refused {
                    permanent: false,
                    reason: "the message is not ASCII and the relay does not offer 8BITMIME".into(),
                });
            }
            params.push(MailParameter::Body(MailBodyParameter::EightBitMime));
        }
        if let Err(e) = self
            .conn
            .command(Mail::new(envelope.from().cloned(), params))
            .await
        {
            self.broken = true;
            return Err(SmtpFailure::Session(format!(
                "the relay refused the sender: {e}"
            )));
        }
        for to in envelope.to() {
            if let Err(e) = self.conn.command(Rcpt::new(to.clone(), vec![])).await {
                return Err(self.refused("RCPT TO", e).await);
            }
        }
        if let Err(e) = self.conn.command(Data).await {
            return Err(self.refused("DATA", e).await);
        }
        match self.conn.message(raw).await {
            Ok(_) => Ok(()),
            Err(e) => Err(self.refused("the message", e).await),
        }
    }

    /// Classifies a failed RCPT / DATA step and resets the transaction for the next message.
    async fn refused(&mut self, step: &str, e: SmtpError) -> SmtpFailure {
        let code = e.status().map(u16::from);
        if code.is_none_or(|c| SESSION_CODES.contains(&c)) {
            // No reply code (link, parse, TLS) or a session-wide one.
            self.broken = true;
            return SmtpFailure::Session(format!("{step} failed: {e}"));
        }
        if self.conn.command(Rset).await.is_err() {
            self.broken = true;
        }
        SmtpFailure::Refused {
            permanent: e.is_permanent(),
            reason: format!("{step} refused: {e}"),
        }
    }

    /// Ends the session politely (QUIT); a broken one is just dropped.
    pub(crate) async fn quit(mut self) {
        if !self.broken {
            self.conn.abort().await;
        }
    }
}
