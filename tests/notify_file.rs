//! File transport, crash recovery of claimed rows, and the rendered alert mail.

#[path = "fixtures/store/support.rs"]
mod support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use orewatch::alerts::{AlertDraft, AlertEvent, Move};
use orewatch::extract::Direction;
use orewatch::notify::compose::render_alert;
use orewatch::notify::{Mailer, Transport, deliver_pending};
use support::*;

fn eml_files(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[tokio::test(flavor = "multi_thread")]
async fn file_transport_writes_one_eml_per_message_without_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("outbox");
    let (mut store, src) = store_with_subscriber();
    store
        .add_subscriber(&orewatch::store::NewSubscriber {
            email: "second@example.test".into(),
            name: None,
            briefing: true,
            alerts: true,
        })
        .unwrap();
    let rules = set([forecast_rule("forecasts", &[])]);
    let a = article(
        src,
        "https://wire.test/f",
        Some(day(2026, 11, 20)),
        vec![forecast(
            "Citi",
            "copper",
            "2026",
            13_000.0,
            Some(12_000.0),
            Direction::Raised,
        )],
        "h",
    );
    assert_eq!(store.ingest(&a, &rules, &ctx()).unwrap().alerts, 1);
    store
        .save_briefing(day(2026, 11, 20), "<p>b</p>", "b", true, &ctx())
        .unwrap();
    let store = Arc::new(Mutex::new(store));
    let mailer = Mailer::new(Transport::File { dir: out.clone() }).unwrap();

    let report = deliver_pending(&store, &mailer, 3).await.unwrap();
    assert_eq!((report.sent, report.retried, report.failed), (4, 0, 0));
    let files = eml_files(&out);
    assert_eq!(files.len(), 4, "{files:?}");
    assert!(
        files
            .iter()
            .all(|f| f.ends_with(".orewatch_at_orewatch.test.eml")),
        "{files:?}"
    );
    let rows = store.lock().unwrap().outbox().unwrap();
    for row in &rows {
        assert_eq!(row.status, "sent");
        let name = format!(
            "{}.eml",
            row.message_id
                .trim_matches(|c| c == '<' || c == '>')
                .replace('@', "_at_")
        );
        let body = std::fs::read(out.join(&name)).unwrap();
        assert_eq!(
            Some(body),
            store
                .lock()
                .unwrap()
                .outbox_message(&row.message_id)
                .unwrap()
        );
    }

    // Simulate a crash mid-send: a row claimed but never settled is picked up again
    // once its lease ran out, and written to the same file.
    store
        .lock()
        .unwrap()
        .connection()
        .execute("UPDATE outbox SET status = 'pending', next_attempt_at = '2000-01-01T00:00:00.000000Z' WHERE id = ?1", [rows[0].id])
        .unwrap();
    let claimed = store
        .lock()
        .unwrap()
        .claim_outbox(chrono::Utc::now(), Duration::ZERO)
        .unwrap()
        .unwrap();
    assert_eq!(claimed.id, rows[0].id);
    let report = deliver_pending(&store, &mailer, 3).await.unwrap();
    assert_eq!((report.sent, report.retried, report.failed), (1, 0, 0));
    assert_eq!(eml_files(&out).len(), 4, "re-delivery replaced the file");
    let row = store.lock().unwrap().outbox().unwrap().remove(0);
    assert_eq!((row.status.as_str(), row.attempts), ("sent", 3));
}

#[test]
fn rendered_alert_mail_snapshot() {
    let draft = AlertDraft {
        key: "price_cross:copper:13000:USD:t:*@2026-11-20:above:13050".into(),
        rule_key: "price_cross:copper:13000:USD:t:*".into(),
        fact_index: 0,
        day: day(2026, 11, 20),
        sentence:
            "In this sample, three-month copper on the LME rose to $13,050 a tonne & held <there>."
                .into(),
        event: AlertEvent::LevelCrossed {
            commodity: "copper".into(),
            level: 13_000.0,
            direction: Move::Up,
            value: 13_050.0,
            previous: Some(12_940.5),
            currency: "USD".into(),
            unit: "t".into(),
            market: Some("LME".into()),
        },
    };
    let mail = render_alert(&ctx(), &draft, "https://wire.test/copper?id=1&lang=en").unwrap();
    assert_eq!(mail.subject, "[orewatch] copper crossed above 13,000 USD/t");
    insta::with_settings!({ snapshot_path => "fixtures/store/snapshots", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!("alert_price_text", mail.text);
        insta::assert_snapshot!("alert_price_html", mail.html);
    });

    let forecast = AlertDraft {
        key: "forecast:goldman sachs:copper:2026-h1:USD:t:11525:12750".into(),
        rule_key: "forecast_change:*".into(),
        fact_index: 2,
        day: day(2026, 11, 20),
        sentence: "Sample sentence about a raised forecast.".into(),
        event: AlertEvent::ForecastChanged {
            institution: "Goldman Sachs".into(),
            commodity: "copper".into(),
            period: Some("2026-H1".into()),
            value: 12_750.0,
            previous: Some(11_525.0),
            currency: "USD".into(),
            unit: "t".into(),
            direction: Direction::Raised,
        },
    };
    // A javascript: link from a scraped page never reaches the mail.
    let mail = render_alert(&ctx(), &forecast, "javascript:alert(1)").unwrap();
    assert_eq!(
        mail.subject,
        "[orewatch] Goldman Sachs raised its 2026-H1 copper forecast to 12,750 USD/t (from 11,525)"
    );
    assert!(!mail.html.contains("javascript") && !mail.text.contains("javascript"));
    insta::with_settings!({ snapshot_path => "fixtures/store/snapshots", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!("alert_forecast_text", mail.text);
    });
}

#[tokio::test(flavor = "multi_thread")]
async fn delivery_can_run_as_a_spawned_task() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _src) = store_with_subscriber();
    let store = Arc::new(Mutex::new(store));
    let mailer = Arc::new(
        Mailer::new(Transport::File {
            dir: dir.path().to_path_buf(),
        })
        .unwrap(),
    );
    // Compiles only if the future is Send (no store guard held across an await).
    let task = tokio::spawn({
        let (store, mailer) = (store.clone(), mailer.clone());
        async move { deliver_pending(&store, &mailer, 3).await }
    });
    let report = task.await.unwrap().unwrap();
    assert_eq!((report.sent, report.retried, report.failed), (0, 0, 0));
}

#[tokio::test(flavor = "multi_thread")]
async fn delivery_recovers_a_store_lock_poisoned_by_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, src) = store_with_subscriber();
    let rules = set([forecast_rule("forecasts", &[])]);
    let a = article(
        src,
        "https://wire.test/poison",
        Some(day(2026, 11, 20)),
        vec![forecast(
            "UBS",
            "aluminium",
            "2027",
            2_900.0,
            Some(2_700.0),
            Direction::Raised,
        )],
        "h",
    );
    assert_eq!(store.ingest(&a, &rules, &ctx()).unwrap().alerts, 1);
    let store = Arc::new(Mutex::new(store));
    let holder = store.clone();
    let crashed = std::thread::spawn(move || {
        let _guard = holder.lock().unwrap();
        panic!("a task panics while holding the store");
    })
    .join();
    assert!(crashed.is_err() && store.is_poisoned());
    let mailer = Mailer::new(Transport::File {
        dir: dir.path().to_path_buf(),
    })
    .unwrap();
    let report = deliver_pending(&store, &mailer, 3).await.unwrap();
    assert_eq!((report.sent, report.retried, report.failed), (1, 0, 0));
    assert_eq!(eml_files(dir.path()).len(), 1);
}
