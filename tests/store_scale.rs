//! The store parts that keep it fast with age: validators in their own row,
//! price observations by series and day (and their backfill from an older
//! database), source health with backoff, fetch-log pruning.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use orewatch::extract::{Document, Fact, FactKind, Price};
use orewatch::store::{FetchRecord, NewArticle, SourceOutcome, Store, Validators, backoff_after};

#[path = "fixtures/store/support.rs"]
mod support;

fn at(day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, day, hour, 0, 0).unwrap()
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
}

fn price(value: f64, market: &str) -> Fact {
    Fact {
        kind: FactKind::Price(Price {
            commodity: "copper".into(),
            value,
            currency: "USD".into(),
            unit: "t".into(),
            qualifier: None,
            as_of: None,
            market: Some(market.into()),
            product: None,
            change: None,
        }),
        approx: false,
        range: None,
        sentence: format!("Copper was at ${value} a tonne."),
    }
}

fn article(
    src: i64,
    url: &str,
    published: Option<NaiveDate>,
    facts: Vec<Fact>,
    fetched: DateTime<Utc>,
) -> NewArticle {
    NewArticle {
        source_id: src,
        url: url.into(),
        content_hash: format!("{url}-{fetched}"),
        doc: Document {
            url: None,
            title: Some(url.into()),
            published,
            body: "Copper news.".into(),
            sectors: vec![],
            facts,
        },
        fetched_at: fetched,
    }
}

#[test]
fn latest_price_and_previous_day_come_from_the_series_index() {
    let mut store = Store::open_in_memory().unwrap();
    let src = store.upsert_source("wire", "https://wire.test/").unwrap();
    // LME prices, one a day; a gap of three days before the 25th. The 26th's
    // article comes early, on the 25th at 10:00 UTC.
    for d in (1..=26u32).filter(|d| !(22..25).contains(d)) {
        let fetched = if d == 26 { at(25, 10) } else { at(d, 3) };
        let a = article(
            src,
            &format!("https://wire.test/{d}"),
            Some(day(d)),
            vec![price(1000.0 + f64::from(d), "LME")],
            fetched,
        );
        store.ingest(&a, &no_rules(), &support::ctx()).unwrap();
    }
    // An undated article fetched at 20:00 UTC on the 25th: the 26th in Hong Kong, the 25th in UTC
    // (a figure within the plausibility gate's 30% of the last one, so it counts).
    let late = article(
        src,
        "https://wire.test/late",
        None,
        vec![price(1030.0, "LME")],
        at(25, 20),
    );
    store.ingest(&late, &no_rules(), &support::ctx()).unwrap();
    let hk = chrono_tz::Asia::Hong_Kong;

    let rows = store.briefing_data(day(25), hk).unwrap().prices;
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(
        (rows[0].value, rows[0].observed, rows[0].previous),
        (1025.0, day(25), Some(1021.0))
    );

    // In Hong Kong the undated price is the 26th's, fetched after the dated one of that day.
    let rows = store.briefing_data(day(26), hk).unwrap().prices;
    assert_eq!(
        (rows[0].value, rows[0].previous),
        (1030.0, Some(1025.0)),
        "{rows:?}"
    );
    let rows = store.briefing_data(day(25), chrono_tz::UTC).unwrap().prices;
    assert_eq!(
        (rows[0].value, rows[0].previous),
        (1030.0, Some(1021.0)),
        "{rows:?}"
    );

    // A day long after: the last observation still shows, until the lookback ends.
    let later = NaiveDate::from_ymd_opt(2027, 6, 1).unwrap();
    assert_eq!(
        store.briefing_data(later, hk).unwrap().prices[0].value,
        1030.0
    );
    let too_late = NaiveDate::from_ymd_opt(2028, 6, 1).unwrap();
    assert!(store.briefing_data(too_late, hk).unwrap().prices.is_empty());
    // Before any observation: nothing.
    assert!(
        store
            .briefing_data(NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(), hk)
            .unwrap()
            .prices
            .is_empty()
    );
}

#[test]
fn an_older_database_gets_its_price_observations_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.sqlite");
    {
        // A version-1 database as the previous release wrote it.
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(include_str!("../src/store/sql/001_init.sql"))
            .unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        conn.execute(
            "INSERT INTO sources (id, name, url) VALUES (1, 'wire', 'https://wire.test/')",
            [],
        )
        .unwrap();
        for (id, d, value) in [(1, 10, 100.0), (2, 11, 110.0)] {
            conn.execute(
                "INSERT INTO articles (id, source_id, url, published, body, sectors_json, content_hash, fetched_at, updated_at)
                 VALUES (?1, 1, ?2, ?3, 'b', '[]', 'h', '2026-11-11T01:00:00.000000Z', '2026-11-11T01:00:00.000000Z')",
                rusqlite::params![id, format!("https://wire.test/{id}"), day(d).to_string()],
            )
            .unwrap();
            let json = serde_json::to_string(&price(value, "LME")).unwrap();
            conn.execute(
                "INSERT INTO facts (article_id, idx, kind, sentence, json, value) VALUES (?1, 0, 'price', 's', ?2, ?3)",
                rusqlite::params![id, json, value],
            )
            .unwrap();
        }
        conn.execute(
            "INSERT INTO fetches (url, status, etag, fetched_at) VALUES ('https://wire.test/1', 200, '\"e1\"', '2026-11-11T01:00:00.000000Z')",
            [],
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    let rows = store.briefing_data(day(11), chrono_tz::UTC).unwrap().prices;
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0].value, rows[0].previous), (110.0, Some(100.0)));
    assert_eq!(
        store.validators("https://wire.test/1").unwrap(),
        Some(Validators {
            etag: Some("\"e1\"".into()),
            last_modified: None
        }),
        "validators carried over from the fetch log"
    );
    drop(store);
    // Reopening does not fill twice.
    let store = Store::open(&path).unwrap();
    let n: i64 = store
        .connection()
        .query_row("SELECT COUNT(*) FROM price_obs", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 2);
}

fn record(
    src: i64,
    url: &str,
    status: Option<u16>,
    etag: Option<&str>,
    when: DateTime<Utc>,
) -> FetchRecord {
    FetchRecord {
        source_id: Some(src),
        url: url.into(),
        status,
        etag: etag.map(Into::into),
        last_modified: None,
        bytes: None,
        error: status.is_none().then(|| "refused".to_string()),
        fetched_at: when,
    }
}

#[test]
fn validators_are_set_with_the_article_and_cleared_by_a_full_fetch_without_them() {
    let mut store = Store::open_in_memory().unwrap();
    let src = store.upsert_source("wire", "https://wire.test/").unwrap();
    let url = "https://wire.test/a";
    let a = article(src, url, Some(day(1)), vec![], at(1, 1));
    store
        .ingest_fetched(
            &record(src, url, Some(200), Some("\"v1\""), at(1, 1)),
            &a,
            &no_rules(),
            &support::ctx(),
        )
        .unwrap();
    // 304s and errors in the log do not touch them.
    let log: Vec<FetchRecord> = (2..6)
        .map(|h| record(src, url, Some(304), None, at(1, h)))
        .collect();
    store
        .finish_source(src, &log, &SourceOutcome::default(), at(1, 6))
        .unwrap();
    assert_eq!(
        store
            .validators(url)
            .unwrap()
            .and_then(|v| v.etag)
            .as_deref(),
        Some("\"v1\"")
    );
    let b = article(src, url, Some(day(1)), vec![], at(1, 7));
    store
        .ingest_fetched(
            &record(src, url, Some(200), None, at(1, 7)),
            &b,
            &no_rules(),
            &support::ctx(),
        )
        .unwrap();
    assert_eq!(store.validators(url).unwrap(), None);
}

#[test]
fn the_fetch_log_is_pruned_by_age() {
    let mut store = Store::open_in_memory().unwrap();
    let src = store.upsert_source("wire", "https://wire.test/").unwrap();
    let log: Vec<FetchRecord> = (1..=20)
        .map(|d| record(src, "https://wire.test/x", Some(304), None, at(d, 12)))
        .collect();
    store
        .finish_source(src, &log, &SourceOutcome::default(), at(20, 12))
        .unwrap();
    let removed = store.prune_fetch_log(7, at(20, 13)).unwrap();
    assert_eq!(removed, 13, "days 1..=13 are older than 7 days");
    let left: i64 = store
        .connection()
        .query_row("SELECT COUNT(*) FROM fetches", [], |r| r.get(0))
        .unwrap();
    assert_eq!(left, 7);
}

#[test]
fn a_failing_source_backs_off_longer_each_time_and_recovers() {
    let now = at(10, 0);
    assert_eq!(backoff_after(1, now), None, "one failure may be a blip");
    assert_eq!(backoff_after(2, now), Some(now + Duration::minutes(30)));
    assert_eq!(backoff_after(3, now), Some(now + Duration::minutes(60)));
    assert_eq!(
        backoff_after(40, now),
        Some(now + Duration::hours(8)),
        "capped"
    );

    let mut store = Store::open_in_memory().unwrap();
    let src = store.upsert_source("wire", "https://wire.test/").unwrap();
    let failed = SourceOutcome {
        failed: true,
        error: Some("https://wire.test/: 503".into()),
        ..SourceOutcome::default()
    };
    store.finish_source(src, &[], &failed, now).unwrap();
    assert_eq!(store.source_backoff(src).unwrap(), None);
    store.finish_source(src, &[], &failed, now).unwrap();
    assert_eq!(
        store.source_backoff(src).unwrap(),
        Some(now + Duration::minutes(30))
    );
    store.finish_source(src, &[], &failed, now).unwrap();
    assert_eq!(
        store.source_backoff(src).unwrap(),
        Some(now + Duration::minutes(60))
    );
    let h = &store.source_health().unwrap()[0];
    assert_eq!(
        (
            h.consecutive_failures,
            h.last_success,
            h.last_error.as_deref()
        ),
        (3, None, Some("https://wire.test/: 503"))
    );

    let ok = SourceOutcome {
        pages: 3,
        not_modified: 1,
        ..SourceOutcome::default()
    };
    store.finish_source(src, &[], &ok, at(11, 0)).unwrap();
    assert_eq!(store.source_backoff(src).unwrap(), None);
    let h = &store.source_health().unwrap()[0];
    assert_eq!(
        (h.consecutive_failures, h.last_success),
        (0, Some(at(11, 0)))
    );
    assert_eq!(h.not_modified_share(), Some(0.25));
    assert_eq!(
        h.last_error.as_deref(),
        Some("https://wire.test/: 503"),
        "the last error stays visible"
    );
}

/// No alert rules (the plausibility gate still runs).
fn no_rules() -> orewatch::alerts::AlertSet {
    orewatch::alerts::AlertSet::default()
}

fn synchronous(store: &Store) -> i64 {
    store
        .connection()
        .query_row("PRAGMA synchronous", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_fetched_page_commits_without_fsync_and_the_mail_claim_with_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("orewatch.sqlite")).unwrap();
    assert_eq!(synchronous(&store), 2, "FULL after open");
    let src = store.upsert_source("wire", "https://wire.test/").unwrap();
    let url = "https://wire.test/a";
    let a = article(src, url, Some(day(1)), vec![], at(1, 1));
    let fetch = record(src, url, Some(200), Some("\"v1\""), at(1, 1));
    store
        .ingest_fetched(&fetch, &a, &no_rules(), &support::ctx())
        .unwrap();
    assert_eq!(synchronous(&store), 1, "NORMAL for a refetchable page");
    store
        .finish_source(src, &[], &SourceOutcome::default(), at(1, 2))
        .unwrap();
    assert_eq!(synchronous(&store), 1);
    // Claiming mail commits with FULL, which makes the page's commit durable too.
    let claimed = store
        .claim_outbox(at(1, 3), std::time::Duration::from_secs(60))
        .unwrap();
    assert!(claimed.is_none());
    assert_eq!(synchronous(&store), 2, "FULL before any mail goes out");
    drop(store);
    let store = Store::open(&dir.path().join("orewatch.sqlite")).unwrap();
    assert!(
        store.validators(url).unwrap().is_some(),
        "the page survived"
    );
}
