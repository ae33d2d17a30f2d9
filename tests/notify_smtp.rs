//! Delivery to a real SMTP server (mailin-embedded on 127.0.0.1).

#[path = "common/smtp.rs"]
mod smtp;
#[path = "fixtures/store/support.rs"]
mod support;

use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use orewatch::notify::{
    Mailer, NotifyError, SmtpSettings, TlsMode, Transport, deliver_pending, message_id,
};
use orewatch::store::Store;
use smtp::{Mode, mailer, start_server, start_server_requiring_auth};
use support::*;

/// A store holding one crossing alert for reader@example.test in its outbox.
fn store_with_alert() -> Arc<Mutex<Store>> {
    store_with_alert_for(&[])
}

/// One crossing alert in the outbox for reader@example.test, then for each of `others`.
fn store_with_alert_for(others: &[&str]) -> Arc<Mutex<Store>> {
    let (mut store, src) = store_with_subscriber();
    for email in others {
        store
            .add_subscriber(&orewatch::store::NewSubscriber {
                email: (*email).into(),
                name: None,
                briefing: false,
                alerts: true,
            })
            .unwrap();
    }
    let rules = set([level_rule("copper-13000", "copper", 13_000.0, None)]);
    for (i, v) in [12_900.0, 13_020.0].into_iter().enumerate() {
        let a = article(
            src,
            &format!("https://wire.test/c{i}"),
            Some(day(2026, 11, 18 + i as u32)),
            vec![price("copper", v, "USD", "t")],
            "h",
        );
        store.ingest(&a, &rules, &ctx()).unwrap();
    }
    assert_eq!(
        store.counts().unwrap().outbox_pending,
        1 + others.len() as u64
    );
    Arc::new(Mutex::new(store))
}

#[tokio::test(flavor = "multi_thread")]
async fn delivers_multipart_mail_with_deterministic_headers() {
    let smtp = start_server(Mode::TempFailFirst(0));
    let store = store_with_alert();
    let report = deliver_pending(&store, &mailer(smtp.port), 3)
        .await
        .unwrap();
    assert_eq!((report.sent, report.retried, report.failed), (1, 0, 0));

    let accepted = smtp.accepted.lock().unwrap().clone();
    assert_eq!(accepted.len(), 1);
    let (to, msg) = &accepted[0];
    assert_eq!(to, &["reader@example.test"]);
    let row = store.lock().unwrap().outbox().unwrap().remove(0);
    assert_eq!(row.status, "sent");
    assert_eq!(row.attempts, 1);
    let alert_key: String = store
        .lock()
        .unwrap()
        .connection()
        .query_row("SELECT key FROM alerts", [], |r| r.get(0))
        .unwrap();
    let expected_id = message_id(&alert_key, "reader@example.test", &ctx().from);
    assert_eq!(row.message_id, expected_id);
    let headers = msg.split("\r\n\r\n").next().unwrap();
    assert!(
        headers.contains("From: orewatch <alerts@orewatch.test>"),
        "{headers}"
    );
    assert!(
        headers.contains("To: Reader <reader@example.test>"),
        "{headers}"
    );
    assert!(
        headers.contains("Subject: [orewatch] copper crossed above 13,000 USD/t"),
        "{headers}"
    );
    assert!(
        headers.contains(&format!("Message-ID: {expected_id}")),
        "{headers}"
    );
    assert!(headers.contains("Date: "), "{headers}");
    assert!(
        headers.contains("List-Unsubscribe: <mailto:alerts@orewatch.test?subject=unsubscribe>"),
        "{headers}"
    );
    assert!(
        headers.contains("Content-Type: multipart/alternative;"),
        "{headers}"
    );
    assert!(
        msg.contains("Content-Type: text/plain; charset=utf-8"),
        "{msg}"
    );
    assert!(
        msg.contains("Content-Type: text/html; charset=utf-8"),
        "{msg}"
    );
    assert!(
        msg.contains("https://wire.test/c1"),
        "article link in the body"
    );
    assert!(
        msg.contains("https://briefs.orewatch.test/archive/2026/11/19.html"),
        "archive link"
    );

    // Nothing left: a second run sends nothing.
    let again = deliver_pending(&store, &mailer(smtp.port), 3)
        .await
        .unwrap();
    assert_eq!((again.sent, again.retried, again.failed), (0, 0, 0));
    assert_eq!(smtp.accepted.lock().unwrap().len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn transient_4xx_is_retried_then_sent_once() {
    let smtp = start_server(Mode::TempFailFirst(1));
    let store = store_with_alert();
    let report = deliver_pending(&store, &mailer(smtp.port), 5)
        .await
        .unwrap();
    assert_eq!((report.sent, report.retried, report.failed), (1, 1, 0));
    assert_eq!(smtp.seen.load(Ordering::SeqCst), 2);
    assert_eq!(smtp.accepted.lock().unwrap().len(), 1);
    let row = store.lock().unwrap().outbox().unwrap().remove(0);
    assert_eq!((row.status.as_str(), row.attempts), ("sent", 2));
    assert!(row.last_error.unwrap_or_default().contains("451"));
    let c = store.lock().unwrap().counts().unwrap();
    assert_eq!(
        (c.outbox_pending, c.outbox_sent, c.outbox_failed),
        (0, 1, 0)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn transient_failures_give_up_after_max_attempts() {
    let smtp = start_server(Mode::TempFailFirst(usize::MAX));
    let store = store_with_alert();
    let report = deliver_pending(&store, &mailer(smtp.port), 3)
        .await
        .unwrap();
    assert_eq!((report.sent, report.retried, report.failed), (0, 2, 1));
    let row = store.lock().unwrap().outbox().unwrap().remove(0);
    assert_eq!((row.status.as_str(), row.attempts), ("failed", 3));
}

#[tokio::test(flavor = "multi_thread")]
async fn permanent_5xx_fails_without_retry() {
    let smtp = start_server(Mode::Reject);
    let store = store_with_alert();
    let report = deliver_pending(&store, &mailer(smtp.port), 5)
        .await
        .unwrap();
    assert_eq!((report.sent, report.retried, report.failed), (0, 0, 1));
    assert_eq!(smtp.seen.load(Ordering::SeqCst), 1);
    let row = store.lock().unwrap().outbox().unwrap().remove(0);
    assert_eq!((row.status.as_str(), row.attempts), ("failed", 1));
    assert!(row.last_error.unwrap_or_default().contains("550"));
}

#[tokio::test(flavor = "multi_thread")]
async fn backoff_leaves_a_failed_attempt_for_later() {
    let smtp = start_server(Mode::TempFailFirst(1));
    let store = store_with_alert();
    let slow = mailer(smtp.port).with_backoff(Duration::from_secs(3600), Duration::from_secs(3600));
    let report = deliver_pending(&store, &slow, 5).await.unwrap();
    assert_eq!((report.sent, report.retried, report.failed), (0, 1, 0));
    let row = store.lock().unwrap().outbox().unwrap().remove(0);
    assert_eq!(row.status, "pending");
    assert!(row.next_attempt_at > chrono::Utc::now().format("%Y-%m-%dT%H:%M:%S").to_string());
}

#[test]
fn smtp_mailer_can_be_created_outside_a_runtime() {
    let settings = SmtpSettings {
        host: "localhost".into(),
        port: 25,
        tls: TlsMode::None,
        user: None,
        password: None,
        timeout: Duration::from_secs(5),
    };
    // It holds no connection: sessions are opened by each delivery run.
    assert!(Mailer::new(Transport::Smtp(settings)).is_ok());
}

#[tokio::test(flavor = "multi_thread")]
async fn plain_smtp_is_refused_for_remote_hosts() {
    let settings = |host: &str, tls| SmtpSettings {
        host: host.into(),
        port: 25,
        tls,
        user: None,
        password: None,
        timeout: Duration::from_secs(5),
    };
    let err = Mailer::new(Transport::Smtp(settings("mail.example.com", TlsMode::None)))
        .err()
        .unwrap();
    assert!(matches!(err, NotifyError::PlainSmtpNotLocal { .. }));
    assert!(err.to_string().contains("starttls"));
    assert!(Mailer::new(Transport::Smtp(settings("localhost", TlsMode::None))).is_ok());
    assert!(Mailer::new(Transport::Smtp(settings("::1", TlsMode::None))).is_ok());
    let no_password = SmtpSettings {
        user: Some("bot".into()),
        ..settings("mail.example.com", TlsMode::Starttls)
    };
    assert!(matches!(
        Mailer::new(Transport::Smtp(no_password)),
        Err(NotifyError::MissingPassword { .. })
    ));
}

/// (status, attempts) of every outbox row, oldest first.
fn rows(store: &Arc<Mutex<Store>>) -> Vec<(String, u32)> {
    let rows = store.lock().unwrap().outbox().unwrap();
    rows.into_iter().map(|r| (r.status, r.attempts)).collect()
}

fn pending_untried(n: usize) -> Vec<(String, u32)> {
    vec![("pending".to_string(), 0); n]
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_connection_leaves_every_row_pending_and_stops_the_run() {
    // A port nobody listens on: the connection is refused.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let store = store_with_alert_for(&["second@example.test"]);
    let report = deliver_pending(&store, &mailer(port), 1).await.unwrap();
    assert_eq!((report.sent, report.retried, report.failed), (0, 1, 0));
    assert!(report.stopped);
    assert_eq!(rows(&store), pending_untried(2));
    let first = store.lock().unwrap().outbox().unwrap().remove(0);
    assert!(first.last_error.is_some_and(|e| !e.is_empty()));
    // The next run tries again, and stops again: nothing is ever given up.
    let again = deliver_pending(&store, &mailer(port), 1).await.unwrap();
    assert!(again.stopped);
    assert_eq!(rows(&store), pending_untried(2));
}

#[tokio::test(flavor = "multi_thread")]
async fn authentication_required_leaves_rows_pending() {
    let smtp = start_server_requiring_auth();
    let store = store_with_alert_for(&["second@example.test"]);
    let report = deliver_pending(&store, &mailer(smtp.port), 1)
        .await
        .unwrap();
    assert_eq!((report.sent, report.failed), (0, 0));
    assert!(report.stopped);
    assert_eq!(
        smtp.seen.load(Ordering::SeqCst),
        0,
        "no recipient was tried"
    );
    assert_eq!(rows(&store), pending_untried(2));
    let first = store.lock().unwrap().outbox().unwrap().remove(0);
    let error = first.last_error.unwrap_or_default();
    // mailin answers MAIL FROM before login with 503: the sender is refused, for every message.
    assert!(
        error.contains("sender") && error.contains("503"),
        "the server's answer is kept: {error}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn credentials_the_server_cannot_take_leave_rows_pending() {
    let smtp = start_server_requiring_auth();
    let store = store_with_alert_for(&["second@example.test"]);
    let with_login = Mailer::new(Transport::Smtp(SmtpSettings {
        host: "127.0.0.1".into(),
        port: smtp.port,
        tls: TlsMode::None,
        user: Some("bot".into()),
        password: Some("secret".into()),
        timeout: Duration::from_secs(20),
    }))
    .unwrap()
    .with_backoff(Duration::ZERO, Duration::ZERO);
    let report = deliver_pending(&store, &with_login, 1).await.unwrap();
    assert_eq!((report.sent, report.failed), (0, 0));
    assert!(report.stopped);
    assert_eq!(rows(&store), pending_untried(2));
    let first = store.lock().unwrap().outbox().unwrap().remove(0);
    assert!(
        first
            .last_error
            .unwrap_or_default()
            .to_lowercase()
            .contains("authentication mechanism")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_rejected_recipient_fails_alone() {
    let smtp = start_server(Mode::RejectTo("reader@example.test"));
    let store = store_with_alert_for(&["second@example.test", "third@example.test"]);
    let report = deliver_pending(&store, &mailer(smtp.port), 3)
        .await
        .unwrap();
    assert_eq!((report.sent, report.retried, report.failed), (2, 0, 1));
    assert!(!report.stopped);
    let got = rows(&store);
    assert_eq!(got[0], ("failed".to_string(), 1));
    assert_eq!(got[1..], [("sent".to_string(), 1), ("sent".to_string(), 1)]);
    let accepted = smtp.accepted.lock().unwrap().clone();
    let to: Vec<_> = accepted.iter().map(|(to, _)| to.join(",")).collect();
    assert_eq!(to, ["second@example.test", "third@example.test"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failed_starttls_leaves_rows_pending() {
    // The test server offers STARTTLS but has no certificate: the upgrade fails.
    let smtp = start_server(Mode::TempFailFirst(0));
    let store = store_with_alert_for(&["second@example.test"]);
    let starttls = Mailer::new(Transport::Smtp(SmtpSettings {
        host: "127.0.0.1".into(),
        port: smtp.port,
        tls: TlsMode::Starttls,
        user: None,
        password: None,
        timeout: Duration::from_secs(20),
    }))
    .unwrap();
    let report = deliver_pending(&store, &starttls, 1).await.unwrap();
    assert_eq!((report.sent, report.failed), (0, 0));
    assert!(report.stopped);
    assert_eq!(smtp.seen.load(Ordering::SeqCst), 0);
    assert_eq!(rows(&store), pending_untried(2));
    let first = store.lock().unwrap().outbox().unwrap().remove(0);
    assert!(
        first.last_error.unwrap_or_default().contains("STARTTLS"),
        "the error names the step"
    );
}
