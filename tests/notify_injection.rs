//! Mail-header injection: a subscriber address or name with CR/LF is refused
//! where it enters (store, config, command line); a row written into the
//! database by hand fails alone (a failed outbox row with the reason) and the
//! other subscribers still get their mail through a real SMTP server
//! (mailin-embedded on 127.0.0.1); the article and its alert are kept.

#[path = "common/smtp.rs"]
mod smtp;
#[path = "fixtures/store/support.rs"]
mod support;

use std::process::Command;
use std::sync::{Arc, Mutex};

use orewatch::alerts::AlertRule;
use orewatch::notify::deliver_pending;
use orewatch::store::{NewSubscriber, Store, StoreError};
use smtp::{Mode, mailer, start_server};
use support::*;

const EVIL_NAME: &str = "Evil\r\nBcc: victim@example.com";

/// Rows no orewatch command writes: inserted raw, as a hand edit would.
fn insert_raw(store: &Store, email: &str, name: Option<&str>) {
    store
        .connection()
        .execute(
            "INSERT INTO subscribers (email, name, briefing, alerts, created_at)
             VALUES (?1, ?2, 1, 1, '2026-11-01T00:00:00.000000Z')",
            rusqlite::params![email, name],
        )
        .unwrap();
}

fn copper_rule() -> AlertRule {
    level_rule("copper-13000", "copper", 13_000.0, None)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_row_with_a_line_break_fails_alone_and_the_others_get_their_mail() {
    let (mut store, src) = store_with_subscriber();
    insert_raw(&store, "evil@example.test", Some(EVIL_NAME));
    insert_raw(&store, "x@example.test\r\nBcc: victim@example.com", None);
    store
        .add_subscriber(&NewSubscriber {
            email: "second@example.test".into(),
            name: Some("Zoë \"Z\" O'Brien".into()),
            briefing: true,
            alerts: true,
        })
        .unwrap();

    let rules = set([copper_rule()]);
    for (i, v) in [12_900.0, 13_020.0].into_iter().enumerate() {
        let a = article(
            src,
            &format!("https://wire.test/c{i}"),
            Some(day(2026, 11, 18 + i as u32)),
            vec![price("copper", v, "USD", "t")],
            "h",
        );
        store
            .ingest(&a, &rules, &ctx())
            .expect("the article is stored");
    }
    assert!(
        store
            .save_briefing(day(2026, 11, 19), "<p>b</p>", "b", true, &ctx())
            .unwrap()
    );
    let counts = store.counts().unwrap();
    assert_eq!((counts.articles, counts.alerts), (2, 1));
    // alert + briefing, each: two good recipients pending, two bad ones failed.
    assert_eq!((counts.outbox_pending, counts.outbox_failed), (4, 4));
    for row in store
        .outbox()
        .unwrap()
        .iter()
        .filter(|r| r.status == "failed")
    {
        let err = row.last_error.as_deref().unwrap_or_default();
        assert!(err.contains("cannot be mailed"), "{err}");
        assert!(err.contains("carriage return"), "{err}");
    }

    let smtp = start_server(Mode::TempFailFirst(0));
    let store = Arc::new(Mutex::new(store));
    let report = deliver_pending(&store, &mailer(smtp.port), 3)
        .await
        .unwrap();
    assert_eq!((report.sent, report.failed, report.stopped), (4, 0, false));
    let inbox = smtp.accepted.lock().unwrap().clone();
    let mut to: Vec<String> = inbox.iter().flat_map(|(to, _)| to.clone()).collect();
    to.sort();
    assert_eq!(
        to,
        [
            "reader@example.test",
            "reader@example.test",
            "second@example.test",
            "second@example.test"
        ]
    );
    for (_, msg) in &inbox {
        let head = msg.split("\r\n\r\n").next().unwrap();
        assert!(!head.to_lowercase().contains("victim"), "{head}");
        assert!(!head.contains("\nBcc"), "{head}");
    }
    // The name with quotes and a non-ASCII letter is encoded, on one line.
    let second = &inbox
        .iter()
        .find(|(to, _)| to[0] == "second@example.test")
        .unwrap()
        .1;
    let to_line = second
        .lines()
        .find(|l| l.starts_with("To: "))
        .expect("To header");
    assert!(to_line.starts_with("To: =?utf-8?"), "{to_line}");
    assert!(to_line.ends_with("<second@example.test>"), "{to_line}");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_outbox_row_with_a_line_break_in_its_recipient_fails_alone() {
    let (mut store, src) = store_with_subscriber();
    let rules = set([copper_rule()]);
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
    // Queued first, so it is tried before the good row.
    store
        .connection()
        .execute(
            "INSERT INTO outbox (message_id, kind, ref_key, sender, recipient, subject, raw,
                 next_attempt_at, created_at)
             VALUES ('<bad@orewatch.test>', 'alert', 'k', 'alerts@orewatch.test',
                 'x@example.test\r\nBcc: victim@example.com', 's', x'00',
                 '2000-01-01T00:00:00.000000Z', '2000-01-01T00:00:00.000000Z')",
            [],
        )
        .unwrap();
    let smtp = start_server(Mode::TempFailFirst(0));
    let store = Arc::new(Mutex::new(store));
    let report = deliver_pending(&store, &mailer(smtp.port), 3)
        .await
        .unwrap();
    assert_eq!((report.sent, report.failed, report.stopped), (1, 1, false));
    let inbox = smtp.accepted.lock().unwrap().clone();
    assert_eq!(inbox.len(), 1);
    assert_eq!(inbox[0].0, ["reader@example.test"]);
    let rows = store.lock().unwrap().outbox().unwrap();
    let bad = rows
        .iter()
        .find(|r| r.message_id == "<bad@orewatch.test>")
        .unwrap();
    assert_eq!(bad.status, "failed");
    assert!(
        bad.last_error
            .as_deref()
            .unwrap_or_default()
            .contains("bad recipient")
    );
}

#[test]
fn the_store_refuses_line_breaks_in_names_and_addresses() {
    let (mut store, _) = store_with_subscriber();
    let with = |email: &str, name: Option<&str>| NewSubscriber {
        email: email.into(),
        name: name.map(Into::into),
        briefing: true,
        alerts: true,
    };
    let err = store
        .add_subscriber(&with("x@example.test", Some(EVIL_NAME)))
        .unwrap_err();
    assert!(matches!(err, StoreError::InvalidName { .. }), "{err}");
    assert!(err.to_string().contains("carriage return"), "{err}");
    let err = store
        .add_subscriber(&with("x@example.test\nBcc: v@example.com", None))
        .unwrap_err();
    assert!(matches!(err, StoreError::InvalidEmail { .. }), "{err}");
    let err = store
        .seed_subscribers(&[with("y@example.test", Some("a\nb"))])
        .unwrap_err();
    assert!(matches!(err, StoreError::InvalidName { .. }), "{err}");
    assert_eq!(store.list_subscribers().unwrap().len(), 1);
}

fn config_with(dir: &std::path::Path, extra: &str) -> std::path::PathBuf {
    let path = dir.join("config.toml");
    std::fs::write(&path, format!("data_dir = \"data\"\n{extra}")).unwrap();
    path
}

#[test]
fn config_values_with_line_breaks_name_their_key() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "[[subscribers]]\nemail = \"a@example.test\"\nname = \"Evil\\r\\nBcc: v@example.com\"\n",
            "subscribers[0].name",
        ),
        (
            "[[subscribers]]\nemail = \"a@example.test\\nBcc: v@example.com\"\n",
            "subscribers[0].email",
        ),
        (
            "[mail]\nsubject_prefix = \"[x]\\r\\nBcc: v@example.com\"\n",
            "mail.subject_prefix",
        ),
    ];
    for (text, key) in cases {
        let err = orewatch::config::Config::load(&config_with(dir.path(), text)).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains(&format!("`{key}`")), "{msg}");
        assert!(msg.contains("one line"), "{msg}");
    }
}

#[test]
fn the_command_line_refuses_a_name_with_a_line_break() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = config_with(dir.path(), "");
    let out = Command::new(env!("CARGO_BIN_EXE_orewatch"))
        .args(["--config", cfg.to_str().unwrap(), "subscribers", "add"])
        .args(["x@example.test", "--name", EVIL_NAME])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert_ne!(out.status.code(), Some(101), "no panic");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("carriage return"), "{err}");
    let list = Command::new(env!("CARGO_BIN_EXE_orewatch"))
        .args(["--config", cfg.to_str().unwrap(), "subscribers", "list"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&list.stdout).contains("no subscribers"));
}
