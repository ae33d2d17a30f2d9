//! Ingesting articles: idempotence, updates, alerts and their outbox rows.

#[path = "fixtures/store/support.rs"]
mod support;

use orewatch::alerts::AlertRule;
use orewatch::extract::Direction;
use orewatch::store::IngestStatus;
use support::*;

fn copper_rule() -> AlertRule {
    level_rule("copper-13000", "copper", 13_000.0, None)
}

#[test]
fn same_article_twice_adds_nothing_and_new_body_updates() {
    let (mut store, src) = store_with_subscriber();
    let facts = vec![
        price("copper", 12_800.0, "USD", "t"),
        stock("Zijin Mining", Some("02899"), 3.1),
    ];
    let a = article(
        src,
        "https://wire.test/a",
        Some(day(2026, 11, 20)),
        facts.clone(),
        "h1",
    );
    let first = store.ingest(&a, &set([copper_rule()]), &ctx()).unwrap();
    assert_eq!(first.status, IngestStatus::New);
    assert_eq!(first.facts_added, 2);
    assert_eq!(
        store
            .article_hash("https://wire.test/a")
            .unwrap()
            .as_deref(),
        Some("h1")
    );

    let again = store.ingest(&a, &set([copper_rule()]), &ctx()).unwrap();
    assert_eq!(again.status, IngestStatus::Unchanged);
    assert_eq!(
        (again.article_id, again.facts_added, again.alerts),
        (first.article_id, 0, 0)
    );
    assert_eq!(count(&store, "articles"), 1);
    assert_eq!(count(&store, "facts"), 2);

    let mut edited = facts;
    edited.push(index("Hang Seng Index", -0.4, Some(25_000.0)));
    let b = article(
        src,
        "https://wire.test/a",
        Some(day(2026, 11, 20)),
        edited,
        "h2",
    );
    let upd = store.ingest(&b, &set([copper_rule()]), &ctx()).unwrap();
    assert_eq!(upd.status, IngestStatus::Updated);
    assert_eq!(upd.article_id, first.article_id);
    assert_eq!(upd.facts_added, 3);
    assert_eq!(count(&store, "articles"), 1);
    assert_eq!(
        count(&store, "facts"),
        3,
        "old facts replaced, not added to"
    );
    let json: String = store
        .connection()
        .query_row(
            "SELECT json FROM facts WHERE kind = 'index_move'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(json.contains("\"index\":\"Hang Seng Index\""), "{json}");
    let counts = store.counts().unwrap();
    assert_eq!((counts.articles, counts.facts, counts.alerts), (1, 3, 0));
}

#[test]
fn price_crossing_fires_once_per_crossing() {
    let (mut store, src) = store_with_subscriber();
    let rules = set([copper_rule()]);
    let mut n = 0;
    let mut ingest = |value: f64, d: u32| {
        n += 1;
        let a = article(
            src,
            &format!("https://wire.test/p{n}"),
            Some(day(2026, 11, d)),
            vec![price("copper", value, "USD", "t")],
            "h",
        );
        store.ingest(&a, &rules, &ctx()).unwrap().alerts
    };
    assert_eq!(
        ingest(12_900.0, 10),
        0,
        "first observation only sets the state"
    );
    assert_eq!(ingest(13_050.0, 11), 1, "crossed above");
    assert_eq!(ingest(13_200.0, 12), 0, "same side");
    assert_eq!(ingest(12_100.0, 5), 0, "stale observation ignored");
    assert_eq!(ingest(12_950.0, 13), 1, "crossed below");
    assert_eq!(ingest(12_940.0, 14), 0);
    assert_eq!(count(&store, "alerts"), 2);
    let subjects: Vec<String> = store
        .outbox()
        .unwrap()
        .into_iter()
        .map(|r| r.subject)
        .collect();
    assert_eq!(
        subjects,
        [
            "[orewatch] copper crossed above 13,000 USD/t",
            "[orewatch] copper crossed below 13,000 USD/t"
        ]
    );
}

#[test]
fn other_currency_or_commodity_does_not_trip_a_filtered_rule() {
    let (mut store, src) = store_with_subscriber();
    let rules = set([copper_rule()]);
    for (i, f) in [
        price("copper", 90_000.0, "CNY", "t"),
        price("copper", 1.0, "CNY", "t"),
        price("aluminium", 14_000.0, "USD", "t"),
    ]
    .into_iter()
    .enumerate()
    {
        let a = article(
            src,
            &format!("https://wire.test/x{i}"),
            Some(day(2026, 11, 10)),
            vec![f],
            "h",
        );
        assert_eq!(store.ingest(&a, &rules, &ctx()).unwrap().alerts, 0);
    }
    assert_eq!(count(&store, "alert_state"), 0);
}

#[test]
fn forecast_change_fires_once_even_when_reported_twice() {
    let (mut store, src) = store_with_subscriber();
    let rules = set([forecast_rule("copper-forecasts", &["copper"])]);
    let gs = |v, prev, dir| forecast("Goldman Sachs", "copper", "2026-H1", v, prev, dir);
    let a1 = article(
        src,
        "https://wire.test/f1",
        Some(day(2026, 11, 1)),
        vec![gs(11_525.0, None, Direction::Initiated)],
        "h",
    );
    assert_eq!(
        store.ingest(&a1, &rules, &ctx()).unwrap().alerts,
        0,
        "first forecast, no change"
    );
    let a2 = article(
        src,
        "https://wire.test/f2",
        Some(day(2026, 11, 2)),
        vec![gs(12_750.0, Some(11_525.0), Direction::Raised)],
        "h",
    );
    assert_eq!(store.ingest(&a2, &rules, &ctx()).unwrap().alerts, 1);
    let a3 = article(
        src,
        "https://wire.test/f3",
        Some(day(2026, 11, 2)),
        vec![gs(12_750.0, None, Direction::Raised)],
        "h",
    );
    assert_eq!(
        store.ingest(&a3, &rules, &ctx()).unwrap().alerts,
        0,
        "same revision from another article"
    );
    let zinc = article(
        src,
        "https://wire.test/f4",
        Some(day(2026, 11, 2)),
        vec![forecast(
            "UBS",
            "zinc",
            "2026",
            3_000.0,
            Some(2_800.0),
            Direction::Raised,
        )],
        "h",
    );
    assert_eq!(
        store.ingest(&zinc, &rules, &ctx()).unwrap().alerts,
        0,
        "rule filtered to copper"
    );
    let rows = store.outbox().unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(
        rows[0].subject,
        "[orewatch] Goldman Sachs raised its 2026-H1 copper forecast to 12,750 USD/t (from 11,525)"
    );
    assert_eq!(rows[0].status, "pending");
    assert_eq!(rows[0].recipient, "reader@example.test");
    assert_eq!(count(&store, "forecast_history"), 4);
}

#[test]
fn alert_and_outbox_commit_together_or_not_at_all() {
    let (mut store, src) = store_with_subscriber();
    let rules = set([copper_rule()]);
    let a1 = article(
        src,
        "https://wire.test/t1",
        Some(day(2026, 11, 10)),
        vec![price("copper", 12_900.0, "USD", "t")],
        "h",
    );
    store.ingest(&a1, &rules, &ctx()).unwrap();
    // Make every outbox insert fail: the alert, the article and the rule state must roll back too.
    store
        .connection()
        .execute_batch("CREATE TEMP TRIGGER no_mail BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'disk says no'); END;")
        .unwrap();
    let a2 = article(
        src,
        "https://wire.test/t2",
        Some(day(2026, 11, 11)),
        vec![price("copper", 13_100.0, "USD", "t")],
        "h",
    );
    let err = store.ingest(&a2, &rules, &ctx()).unwrap_err();
    assert!(err.to_string().contains("disk says no"), "{err}");
    assert_eq!(count(&store, "alerts"), 0);
    assert_eq!(count(&store, "outbox"), 0);
    assert_eq!(count(&store, "articles"), 1);
    let state: String = store
        .connection()
        .query_row("SELECT json FROM alert_state", [], |r| r.get(0))
        .unwrap();
    assert!(state.contains(r#""value":12900.0"#), "{state}");
    // Once mail can be written again, the same article fires its alert and its mail.
    store
        .connection()
        .execute_batch("DROP TRIGGER no_mail;")
        .unwrap();
    assert_eq!(store.ingest(&a2, &rules, &ctx()).unwrap().alerts, 1);
    assert_eq!((count(&store, "alerts"), count(&store, "outbox")), (1, 1));
}

#[test]
fn alert_mail_goes_to_alert_subscribers_only() {
    let (mut store, src) = store_with_subscriber();
    store
        .add_subscriber(&orewatch::store::NewSubscriber {
            email: "digest@example.test".into(),
            name: None,
            briefing: true,
            alerts: false,
        })
        .unwrap();
    store
        .add_subscriber(&orewatch::store::NewSubscriber {
            email: "trader@example.test".into(),
            name: None,
            briefing: false,
            alerts: true,
        })
        .unwrap();
    let rules = set([copper_rule()]);
    for (i, v) in [12_000.0, 13_500.0].into_iter().enumerate() {
        let a = article(
            src,
            &format!("https://wire.test/s{i}"),
            Some(day(2026, 11, 10 + i as u32)),
            vec![price("copper", v, "USD", "t")],
            "h",
        );
        store.ingest(&a, &rules, &ctx()).unwrap();
    }
    let mut to: Vec<String> = store
        .outbox()
        .unwrap()
        .into_iter()
        .map(|r| r.recipient)
        .collect();
    to.sort();
    assert_eq!(to, ["reader@example.test", "trader@example.test"]);
}

#[test]
fn an_updated_undated_article_keeps_the_day_it_was_first_seen() {
    let (mut store, src) = store_with_subscriber();
    let mut first = article(
        src,
        "https://wire.test/undated",
        None,
        vec![price("nickel", 15_200.0, "USD", "t")],
        "v1",
    );
    first.fetched_at = at(2026, 11, 18, 9);
    assert_eq!(
        store.ingest(&first, &set([]), &ctx()).unwrap().status,
        IngestStatus::New
    );
    let mut changed = article(
        src,
        "https://wire.test/undated",
        None,
        vec![price("nickel", 15_350.0, "USD", "t")],
        "v2",
    );
    changed.fetched_at = at(2026, 11, 20, 9);
    assert_eq!(
        store.ingest(&changed, &set([]), &ctx()).unwrap().status,
        IngestStatus::Updated
    );
    let (fetched, updated): (String, String) = store
        .connection()
        .query_row(
            "SELECT fetched_at, updated_at FROM articles WHERE url = 'https://wire.test/undated'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(fetched.starts_with("2026-11-18T09:00:00"), "{fetched}");
    assert!(updated.starts_with("2026-11-20T09:00:00"), "{updated}");
    let first_day = store
        .briefing_data(day(2026, 11, 18), chrono_tz::UTC)
        .unwrap();
    assert_eq!(first_day.articles.len(), 1);
    assert_eq!(first_day.prices[0].value, 15_350.0, "the current version");
    let later = store
        .briefing_data(day(2026, 11, 20), chrono_tz::UTC)
        .unwrap();
    assert!(later.articles.is_empty(), "{:?}", later.articles);
}
