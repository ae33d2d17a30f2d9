//! The search index of migration 004 in the store: backfilled from articles
//! stored before it, kept in step with inserts, updates and deletes.

use chrono::{TimeZone, Utc};
use orewatch::alerts::AlertSet;
use orewatch::extract::Document;
use orewatch::store::{FetchRecord, NewArticle, SCHEMA_VERSION, SourceOutcome, Store};

#[path = "fixtures/store/support.rs"]
mod support;
use support::UNDO_006_007;

fn add(store: &Store, id: i64, title: &str, body: &str) {
    let c = store.connection();
    c.execute(
        "INSERT OR IGNORE INTO sources (id, name, url) VALUES (1, 's', 'https://s.example/')",
        [],
    )
    .unwrap();
    c.execute(
        "INSERT INTO articles (id, source_id, url, title, published, body, sectors_json, content_hash, fetched_at, updated_at)
         VALUES (?1, 1, ?2, ?3, '2026-11-30', ?4, '[]', 'h', '2026-11-30T01:00:00.000000Z', '2026-11-30T01:00:00.000000Z')",
        rusqlite::params![id, format!("https://s.example/{id}"), title, body],
    )
    .unwrap();
}

fn titles(store: &Store, q: &str) -> Vec<String> {
    store
        .search(q, 1, 20)
        .unwrap()
        .hits
        .into_iter()
        .map(|h| h.title)
        .collect()
}

#[test]
fn the_migration_indexes_what_was_stored_before_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("orewatch.sqlite");
    {
        let store = Store::open(&path).unwrap();
        add(
            &store,
            1,
            "Zinc smelters cut output",
            "Zinc treatment charges fell again.",
        );
        // back to schema 3 (undoing 004 to 007): as a database written before them
        store
            .connection()
            .execute_batch(&format!(
                "DROP TRIGGER IF EXISTS articles_fts_ai; DROP TRIGGER articles_fts_ad; DROP TRIGGER IF EXISTS articles_fts_au;
                 DROP TRIGGER briefings_fts_ai; DROP TRIGGER briefings_fts_ad; DROP TRIGGER briefings_fts_au;
                 DROP TABLE articles_fts; DROP TABLE briefings_fts;
                 ALTER TABLE subscribers DROP COLUMN tz; ALTER TABLE subscribers DROP COLUMN unsubscribed_at;
                 DROP TABLE forecast_series; DROP INDEX forecast_history_board; DROP TABLE fts_pending;
                 ALTER TABLE forecast_history DROP COLUMN day;
                 DROP INDEX price_obs_series_cover;
                 CREATE INDEX price_obs_series_day ON price_obs(series_id, day);
                 {UNDO_006_007} PRAGMA user_version = 3;"
            ))
            .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(
        titles(&store, "treatment charges"),
        ["Zinc smelters cut output"]
    );
    assert_eq!(
        titles(&store, "zinc"),
        ["Zinc smelters cut output"],
        "any case"
    );
}

fn new_article(url: &str, title: &str, body: &str) -> NewArticle {
    NewArticle {
        source_id: 1,
        url: url.into(),
        content_hash: format!("{title}{body}"),
        doc: Document {
            url: None,
            title: Some(title.into()),
            published: None,
            body: body.into(),
            sectors: vec![],
            facts: vec![],
        },
        fetched_at: Utc.with_ymd_and_hms(2026, 11, 30, 1, 0, 0).unwrap(),
    }
}

/// Stores an article the way `orewatch` does outside a fetch (`Store::ingest`);
/// the same URL again with another text is an update.
fn ingest(store: &mut Store, url: &str, title: &str, body: &str) {
    let a = new_article(url, title, body);
    store
        .ingest(&a, &AlertSet::default(), &support::ctx())
        .unwrap();
}

#[test]
fn the_index_follows_updates_and_deletes() {
    let mut store = Store::open_in_memory().unwrap();
    store.upsert_source("s", "https://s.example/").unwrap();
    ingest(
        &mut store,
        "https://s.example/1",
        "Tin climbs",
        "Tin rose on supply worries in Myanmar.",
    );
    ingest(
        &mut store,
        "https://s.example/2",
        "锡价上涨",
        "缅甸供应担忧推动锡价走高。",
    );
    assert_eq!(titles(&store, "Myanmar"), ["Tin climbs"]);
    assert_eq!(titles(&store, "供应担忧"), ["锡价上涨"]);
    assert_eq!(titles(&store, "锡价"), ["锡价上涨"], "two characters: LIKE");
    ingest(
        &mut store,
        "https://s.example/1",
        "Tin climbs",
        "Tin rose as Indonesian exports slowed.",
    );
    assert!(titles(&store, "Myanmar").is_empty(), "the old text is gone");
    assert_eq!(titles(&store, "Indonesian"), ["Tin climbs"]);
    let c = store.connection();
    let id2: i64 = c
        .query_row(
            "SELECT id FROM articles WHERE url = 'https://s.example/2'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    c.execute("DELETE FROM articles WHERE id = ?1", [id2])
        .unwrap();
    assert!(titles(&store, "供应担忧").is_empty());
    assert!(titles(&store, "锡价").is_empty());
    // an FTS syntax error cannot be provoked by the query text
    for q in ["\"", "NEAR(a b)", "a AND", "*", "col:x", "(((", "^tin"] {
        store
            .search(q, 1, 20)
            .unwrap_or_else(|e| panic!("{q}: {e}"));
    }
}

fn integrity(store: &Store) {
    store
        .connection()
        .execute(
            "INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)",
            [],
        )
        .expect("the search index matches the articles");
}

#[test]
fn a_fetched_page_is_searchable_once_its_source_is_finished() {
    let mut store = Store::open_in_memory().unwrap();
    let src = store.upsert_source("s", "https://s.example/").unwrap();
    let fetch = |url: &str| FetchRecord {
        source_id: Some(src),
        url: url.into(),
        status: Some(200),
        etag: None,
        last_modified: None,
        bytes: None,
        error: None,
        fetched_at: Utc.with_ymd_and_hms(2026, 11, 30, 1, 0, 0).unwrap(),
    };
    for (url, title, body) in [
        (
            "https://s.example/1",
            "Cobalt slides",
            "Cobalt fell as Congo exports rose.",
        ),
        (
            "https://s.example/2",
            "Nickel steady",
            "Nickel held near its lows.",
        ),
    ] {
        let a = new_article(url, title, body);
        store
            .ingest_fetched(&fetch(url), &a, &AlertSet::default(), &support::ctx())
            .unwrap();
    }
    // queued, not yet indexed; a queued article can be deleted without harm
    assert!(titles(&store, "Congo").is_empty());
    store
        .connection()
        .execute("DELETE FROM articles WHERE url = 'https://s.example/2'", [])
        .unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 30, 1, 5, 0).unwrap();
    store
        .finish_source(src, &[], &SourceOutcome::default(), now)
        .unwrap();
    assert_eq!(titles(&store, "Congo"), ["Cobalt slides"]);
    assert!(titles(&store, "Nickel").is_empty());
    integrity(&store);
    // changed on a later fetch: the old text leaves the index with it
    let a = new_article(
        "https://s.example/1",
        "Cobalt slides",
        "Cobalt fell on weak demand.",
    );
    store
        .ingest_fetched(
            &fetch("https://s.example/1"),
            &a,
            &AlertSet::default(),
            &support::ctx(),
        )
        .unwrap();
    store
        .finish_source(src, &[], &SourceOutcome::default(), now)
        .unwrap();
    assert!(titles(&store, "Congo").is_empty());
    assert_eq!(titles(&store, "weak demand"), ["Cobalt slides"]);
    integrity(&store);
}
