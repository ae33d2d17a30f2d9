//! The search index of migration 004 in the store: backfilled from articles
//! stored before it, kept in step with inserts, updates and deletes.

use orewatch::store::{SCHEMA_VERSION, Store};

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
        // back to schema 3: as a database written before this migration
        store
            .connection()
            .execute_batch(
                "DROP TRIGGER articles_fts_ai; DROP TRIGGER articles_fts_ad; DROP TRIGGER articles_fts_au;
                 DROP TRIGGER briefings_fts_ai; DROP TRIGGER briefings_fts_ad; DROP TRIGGER briefings_fts_au;
                 DROP TABLE articles_fts; DROP TABLE briefings_fts;
                 ALTER TABLE subscribers DROP COLUMN tz; ALTER TABLE subscribers DROP COLUMN unsubscribed_at;
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

#[test]
fn the_index_follows_updates_and_deletes() {
    let store = Store::open_in_memory().unwrap();
    add(
        &store,
        1,
        "Tin climbs",
        "Tin rose on supply worries in Myanmar.",
    );
    add(&store, 2, "锡价上涨", "缅甸供应担忧推动锡价走高。");
    assert_eq!(titles(&store, "Myanmar"), ["Tin climbs"]);
    assert_eq!(titles(&store, "供应担忧"), ["锡价上涨"]);
    assert_eq!(titles(&store, "锡价"), ["锡价上涨"], "two characters: LIKE");
    let c = store.connection();
    c.execute(
        "UPDATE articles SET body = 'Tin rose as Indonesian exports slowed.' WHERE id = 1",
        [],
    )
    .unwrap();
    assert!(titles(&store, "Myanmar").is_empty(), "the old text is gone");
    assert_eq!(titles(&store, "Indonesian"), ["Tin climbs"]);
    c.execute("DELETE FROM articles WHERE id = 2", []).unwrap();
    assert!(titles(&store, "供应担忧").is_empty());
    assert!(titles(&store, "锡价").is_empty());
    // an FTS syntax error cannot be provoked by the query text
    for q in ["\"", "NEAR(a b)", "a AND", "*", "col:x", "(((", "^tin"] {
        store
            .search(q, 1, 20)
            .unwrap_or_else(|e| panic!("{q}: {e}"));
    }
}
