//! The search index of migration 004 in the store: backfilled from articles
//! stored before it, kept in step with inserts, updates and deletes.

use chrono::{TimeZone, Utc};
use orewatch::alerts::AlertSet;
use orewatch::extract::Document;
use orewatch::notify::MailContext;
use orewatch::store::{NewArticle, SCHEMA_VERSION, Store};

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
        // back to schema 3 (undoing 004 and 005): as a database written before them
        store
            .connection()
            .execute_batch(
                "DROP TRIGGER IF EXISTS articles_fts_ai; DROP TRIGGER articles_fts_ad; DROP TRIGGER IF EXISTS articles_fts_au;
                 DROP TRIGGER briefings_fts_ai; DROP TRIGGER briefings_fts_ad; DROP TRIGGER briefings_fts_au;
                 DROP TABLE articles_fts; DROP TABLE briefings_fts;
                 ALTER TABLE subscribers DROP COLUMN tz; ALTER TABLE subscribers DROP COLUMN unsubscribed_at;
                 DROP TABLE forecast_series; DROP INDEX forecast_history_board;
                 ALTER TABLE forecast_history DROP COLUMN day;
                 DROP INDEX price_obs_series_cover;
                 CREATE INDEX price_obs_series_day ON price_obs(series_id, day);
                 PRAGMA user_version = 3;",
            )
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

/// Stores an article the way the daemon does (`Store::ingest`); the same URL
/// again with another text is an update.
fn ingest(store: &mut Store, url: &str, title: &str, body: &str) {
    let mail = MailContext {
        from: "orewatch <o@example.test>".parse().unwrap(),
        subject_prefix: "[t]".into(),
        archive_url: None,
        unsubscribe: None,
    };
    let a = NewArticle {
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
    };
    store.ingest(&a, &AlertSet::default(), &mail).unwrap();
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
