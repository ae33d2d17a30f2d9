//! A page whose storing failed after it was fetched is fetched again in full
//! by the next cycle: its ETag is recorded only with the article. The site is
//! the bundled sample on a real HTTP server (127.0.0.1) that sends ETags and
//! answers 304 to a matching If-None-Match; the failure is a real SQLite
//! error (a trigger refusing the article's insert).

mod common;
#[path = "fixtures/fetch/server.rs"]
mod server;

use std::path::Path;

use orewatch::config::Config;
use orewatch::pipeline::{self, App};
use server::{Reply, TestServer};
use sha2::{Digest, Sha256};

/// The sample site with strong ETags; 304 when the client's matches.
fn sample_server() -> TestServer {
    let root = common::sample_site();
    TestServer::start(move |req| {
        let path = req
            .path
            .split('?')
            .next()
            .unwrap_or("/")
            .trim_start_matches('/');
        let path = if path.is_empty() { "index.html" } else { path };
        let Ok(body) = std::fs::read(root.join(path)) else {
            return Reply::new(404, "not found");
        };
        let tag: String = Sha256::digest(&body)
            .iter()
            .take(8)
            .map(|b| format!("{b:02x}"))
            .collect();
        let etag = format!("\"{tag}\"");
        if req.header("if-none-match") == Some(etag.as_str()) {
            return Reply::new(304, "").header("ETag", &etag);
        }
        Reply::ok(body)
            .header("Content-Type", "text/html; charset=utf-8")
            .header("ETag", &etag)
    })
}

fn app(dir: &Path, server: &TestServer) -> App {
    let cfg = common::write_config(dir, server.url("index.html").as_str(), "");
    App::open(Config::load(&cfg).expect("config")).expect("open")
}

fn count(app: &App, table: &str) -> i64 {
    let store = app.store.lock().expect("store");
    store
        .connection()
        .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
        .expect("count")
}

/// Makes every insert into `articles` fail, on the app's own connection.
fn break_ingest(app: &App, on: bool) {
    let store = app.store.lock().expect("store");
    let sql = if on {
        "CREATE TEMP TRIGGER refuse_articles BEFORE INSERT ON main.articles
         BEGIN SELECT RAISE(ABORT, 'simulated failure while storing'); END"
    } else {
        "DROP TRIGGER temp.refuse_articles"
    };
    store.connection().execute_batch(sql).expect("trigger");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_ingest_failure_after_the_fetch_does_not_lose_the_page() {
    let server = sample_server();
    let dir = tempfile::tempdir().expect("tempdir");
    let app = app(dir.path(), &server);

    break_ingest(&app, true);
    let err = pipeline::run_cycle(&app).await.expect_err("storing fails");
    assert!(err.to_string().contains("simulated failure"), "{err}");
    assert_eq!(count(&app, "articles"), 0);
    let first = server.url("news/copper-record.html");
    let recorded: i64 = {
        let store = app.store.lock().expect("store");
        store
            .connection()
            .query_row(
                "SELECT COUNT(*) FROM fetches WHERE url = ?1 AND etag IS NOT NULL",
                [first.as_str()],
                |r| r.get(0),
            )
            .expect("fetches")
    };
    assert_eq!(recorded, 0, "no validators without the article");

    break_ingest(&app, false);
    let second = pipeline::run_cycle(&app).await.expect("second cycle");
    let rep = &second.sources[0];
    assert_eq!(rep.not_modified, 0, "every page fetched in full: {rep:?}");
    assert!(rep.new_articles >= 6, "{rep:?}");
    let requests = server.seen_path("/news/copper-record.html");
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[1].header("if-none-match"), None);
    assert!(count(&app, "facts") > 0);
    assert!(
        count(&app, "alerts") > 0,
        "the forecast revision raised an alert"
    );
    assert_eq!(
        count(&app, "outbox"),
        count(&app, "alerts"),
        "one subscriber"
    );

    // Stored with its validators: the next cycle asks conditionally, gets 304.
    let third = pipeline::run_cycle(&app).await.expect("third cycle");
    let rep = &third.sources[0];
    assert_eq!(rep.new_articles, 0, "{rep:?}");
    assert!(rep.not_modified >= 6, "{rep:?}");
    let requests = server.seen_path("/news/copper-record.html");
    assert!(requests[2].header("if-none-match").is_some());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_listing_fetch_never_makes_an_article_conditional() {
    // A source of kind "article" and a listing may name the same page; the
    // listing's fetch record carries no validators.
    let server = sample_server();
    let dir = tempfile::tempdir().expect("tempdir");
    let app = app(dir.path(), &server);
    pipeline::run_cycle(&app).await.expect("cycle");
    let store = app.store.lock().expect("store");
    let (listing, articles): (i64, i64) = store
        .connection()
        .query_row(
            "SELECT (SELECT COUNT(*) FROM fetches WHERE url LIKE '%/index.html' AND etag IS NOT NULL),
                    (SELECT COUNT(*) FROM fetches WHERE url LIKE '%/news/%' AND etag IS NOT NULL)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("fetches");
    assert_eq!(listing, 0);
    assert!(articles >= 6);
}
