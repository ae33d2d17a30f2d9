//! Schema, migrations, pragmas and the small bookkeeping tables.

#[path = "fixtures/store/support.rs"]
mod support;

use orewatch::store::{FetchRecord, NewSubscriber, SCHEMA_VERSION, Store, StoreError, Validators};
use support::at;

#[test]
fn migrates_from_empty_and_reopens_idempotently_in_wal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/dir/orewatch.db");
    {
        let store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
        assert_eq!(store.journal_mode().unwrap(), "wal");
        let fk: i64 = store
            .connection()
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .unwrap();
        assert_eq!(fk, 1);
        let sync: i64 = store
            .connection()
            .query_row("PRAGMA synchronous", [], |r| r.get(0))
            .unwrap();
        assert_eq!(sync, 2, "synchronous=FULL");
    }
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    // Data written before the reopen survives a third open.
    store.upsert_source("wire", "https://wire.test/").unwrap();
    drop(store);
    let store = Store::open(&path).unwrap();
    let n: i64 = store
        .connection()
        .query_row("SELECT COUNT(*) FROM sources", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1);
    for table in [
        "fetches",
        "articles",
        "facts",
        "forecast_history",
        "alert_state",
        "gate_series",
        "quarantine",
        "subscriber_topics",
        "alerts",
        "outbox",
        "subscribers",
        "briefings",
        "job_runs",
        "meta",
    ] {
        let exists: i64 = store
            .connection()
            .query_row(
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
                [table],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(exists, 1, "table {table}");
    }
}

#[test]
fn refuses_a_newer_schema_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("o.db");
    let store = Store::open(&path).unwrap();
    store
        .connection()
        .pragma_update(None, "user_version", SCHEMA_VERSION + 1)
        .unwrap();
    drop(store);
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::TooNew { found, .. } if found == SCHEMA_VERSION + 1));
    let msg = err.to_string();
    assert!(
        msg.contains("o.db") && msg.contains("upgrade orewatch"),
        "{msg}"
    );
}

#[test]
fn validators_come_from_the_last_200_fetch() {
    let mut store = Store::open_in_memory().unwrap();
    let src = store.upsert_source("wire", "https://wire.test/").unwrap();
    assert_eq!(
        store
            .upsert_source("wire", "https://wire.test/new")
            .unwrap(),
        src,
        "upsert by name keeps the id"
    );
    let url = "https://wire.test/a";
    assert_eq!(store.validators(url).unwrap(), None);
    let rec = |status: Option<u16>, etag: Option<&str>, hour| FetchRecord {
        source_id: Some(src),
        url: url.into(),
        status,
        etag: etag.map(Into::into),
        last_modified: Some("Fri, 20 Nov 2026 08:00:00 GMT".into()),
        bytes: Some(1234),
        error: None,
        fetched_at: at(2026, 11, 20, hour),
    };
    store
        .record_fetch(&rec(Some(200), Some("\"v1\""), 1))
        .unwrap();
    store.record_fetch(&rec(Some(304), None, 2)).unwrap();
    store
        .record_fetch(&FetchRecord {
            error: Some("connect timeout".into()),
            ..rec(None, None, 3)
        })
        .unwrap();
    assert_eq!(
        store.validators(url).unwrap(),
        Some(Validators {
            etag: Some("\"v1\"".into()),
            last_modified: Some("Fri, 20 Nov 2026 08:00:00 GMT".into())
        })
    );
    store
        .record_fetch(&rec(Some(200), Some("\"v2\""), 4))
        .unwrap();
    assert_eq!(
        store
            .validators(url)
            .unwrap()
            .and_then(|v| v.etag)
            .as_deref(),
        Some("\"v2\"")
    );
}

#[test]
fn subscribers_are_unique_case_insensitively_and_validated() {
    let mut store = Store::open_in_memory().unwrap();
    let sub = |email: &str| NewSubscriber {
        email: email.into(),
        name: None,
        briefing: true,
        alerts: false,
    };
    assert!(store.add_subscriber(&sub("Ann@Example.test")).unwrap());
    assert!(!store.add_subscriber(&sub("ann@example.test")).unwrap());
    assert!(matches!(
        store.add_subscriber(&sub("not an address")),
        Err(StoreError::InvalidEmail { .. })
    ));
    let list = store.list_subscribers().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].email, "Ann@Example.test");
    assert!(list[0].briefing && !list[0].alerts);
    assert!(store.remove_subscriber("ANN@example.test").unwrap());
    assert!(!store.remove_subscriber("ann@example.test").unwrap());
    assert!(store.list_subscribers().unwrap().is_empty());
}

#[test]
fn job_runs_are_idempotent_by_job_and_time() {
    let mut store = Store::open_in_memory().unwrap();
    assert_eq!(store.last_job_run("briefing").unwrap(), None);
    assert!(
        store
            .record_job_run("briefing", at(2026, 11, 20, 7))
            .unwrap()
    );
    assert!(
        !store
            .record_job_run("briefing", at(2026, 11, 20, 7))
            .unwrap()
    );
    assert!(
        store
            .record_job_run("briefing", at(2026, 11, 21, 7))
            .unwrap()
    );
    assert!(store.record_job_run("fetch", at(2026, 11, 22, 7)).unwrap());
    assert_eq!(
        store.last_job_run("briefing").unwrap(),
        Some(at(2026, 11, 21, 7))
    );
}

#[test]
fn a_file_that_is_not_a_database_is_reported_with_its_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    std::fs::write(
        &path,
        "these are not the pages you are looking for".repeat(100),
    )
    .unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::Open { .. }), "{err:?}");
    assert!(err.to_string().contains("notes.txt"), "{err}");
}

#[test]
fn adding_a_known_subscriber_updates_their_name_and_choices() {
    let mut store = Store::open_in_memory().unwrap();
    let sub = |email: &str, name: Option<&str>, briefing, alerts| NewSubscriber {
        email: email.into(),
        name: name.map(Into::into),
        briefing,
        alerts,
    };
    assert!(
        store
            .add_subscriber(&sub("bo@example.test", Some("Bo"), true, true))
            .unwrap()
    );
    // Same address, other case: opts out of the briefing, keeps the name when none is given.
    assert!(
        !store
            .add_subscriber(&sub("BO@example.test", None, false, true))
            .unwrap()
    );
    let list = store.list_subscribers().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].email, "bo@example.test");
    assert_eq!(list[0].name.as_deref(), Some("Bo"));
    assert!(!list[0].briefing && list[0].alerts);
    // A new name replaces the old one; both choices can change at once.
    assert!(
        !store
            .add_subscriber(&sub("bo@example.test", Some("Bo Lee"), true, false))
            .unwrap()
    );
    let list = store.list_subscribers().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].name.as_deref(), Some("Bo Lee"));
    assert!(list[0].briefing && !list[0].alerts);
    let first_id = list[0].id;
    assert!(
        store
            .add_subscriber(&sub("cy@example.test", None, true, true))
            .unwrap()
    );
    assert_eq!(store.list_subscribers().unwrap()[0].id, first_id);
}

#[test]
fn configured_subscribers_are_seeded_once_in_the_life_of_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("orewatch.db");
    let sub = |email: &str, briefing| NewSubscriber {
        email: email.into(),
        name: None,
        briefing,
        alerts: true,
    };
    let configured = [sub("dee@example.test", true), sub("eli@example.test", true)];
    {
        let mut store = Store::open(&path).unwrap();
        // Nothing configured yet: nothing seeded, and seeding stays possible.
        assert_eq!(store.seed_subscribers(&[]).unwrap(), 0);
        // One configured address is already subscribed (by the CLI): it is kept as it is.
        store
            .add_subscriber(&sub("ELI@example.test", false))
            .unwrap();
        assert_eq!(store.seed_subscribers(&configured).unwrap(), 1);
        let list = store.list_subscribers().unwrap();
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].email, "ELI@example.test");
        assert!(!list[0].briefing);
        assert_eq!(store.seed_subscribers(&configured).unwrap(), 0);
        assert!(store.remove_subscriber("dee@example.test").unwrap());
        assert!(store.remove_subscriber("eli@example.test").unwrap());
    }
    // After a restart, with everybody unsubscribed, the configured list is not added again.
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.seed_subscribers(&configured).unwrap(), 0);
    assert!(store.list_subscribers().unwrap().is_empty());
}

#[test]
fn a_bad_configured_address_seeds_nothing_and_can_be_fixed() {
    let mut store = Store::open_in_memory().unwrap();
    let sub = |email: &str| NewSubscriber {
        email: email.into(),
        name: Some("Fay".into()),
        briefing: true,
        alerts: false,
    };
    let err = store
        .seed_subscribers(&[sub("fay@example.test"), sub("no at sign")])
        .unwrap_err();
    assert!(matches!(err, StoreError::InvalidEmail { .. }), "{err}");
    assert!(store.list_subscribers().unwrap().is_empty());
    assert_eq!(
        store
            .seed_subscribers(&[sub("fay@example.test"), sub("gus@example.test")])
            .unwrap(),
        2
    );
    let list = store.list_subscribers().unwrap();
    assert_eq!(list[1].name.as_deref(), Some("Fay"));
    assert!(list[1].briefing && !list[1].alerts);
}
