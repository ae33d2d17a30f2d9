//! A page cut by the parse limits is stored with what came before the cut, and the cycle
//! report names it (the `run --once` summary prints it; the daemon logs it). The site is a
//! real HTTP server on 127.0.0.1.

mod common;
#[path = "fixtures/fetch/server.rs"]
mod server;

use orewatch::config::Config;
use orewatch::pipeline::{self, App};
use server::{Reply, TestServer};

const LISTING: &str = r#"<html><body><ul class="story-list">
<li><a class="headline" href="deep.html">Copper sets a record</a></li>
<li><a class="headline" href="plain.html">Gold steadies</a></li>
</ul></body></html>"#;

fn article(title: &str, sentence: &str, tail: &str) -> String {
    format!(
        "<html><head><title>{title}</title></head><body><h1>{title}</h1>\
         <div class=\"article-body\"><p>{sentence}</p></div>{tail}</body></html>"
    )
}

#[tokio::test]
async fn a_page_cut_by_the_nesting_limit_is_stored_and_reported() {
    let deep = article(
        "Copper sets a record",
        "Copper rose 2.1% to $13,210 a tonne on the London Metal Exchange on Monday.",
        &"<div>".repeat(5_000),
    );
    let plain = article(
        "Gold steadies",
        "Gold was steady at $4,105 an ounce in Asian trading on Monday.",
        "",
    );
    let server = TestServer::start(move |req| match req.path.trim_start_matches('/') {
        "index.html" => Reply::ok(LISTING).header("Content-Type", "text/html"),
        "deep.html" => Reply::ok(deep.clone()).header("Content-Type", "text/html"),
        "plain.html" => Reply::ok(plain.clone()).header("Content-Type", "text/html"),
        _ => Reply::new(404, "not found"),
    });
    let dir = tempfile::tempdir().expect("tempdir");
    let cfg = common::write_config(dir.path(), server.url("index.html").as_str(), "");
    let app = App::open(Config::load(&cfg).expect("config")).expect("open");

    let report = pipeline::run_cycle(&app).await.expect("cycle");
    assert_eq!(report.new_articles(), 2, "{report:?}");
    assert_eq!(report.truncated(), 1, "{report:?}");
    let note = &report.sources[0].truncated[0];
    assert!(note.contains("deep.html"), "{note}");
    assert!(note.contains("nest deeper than"), "{note}");
    // the text before the cut was read
    let store = app.store.lock().expect("store");
    let prices: i64 = store
        .connection()
        .query_row("SELECT COUNT(*) FROM facts WHERE kind = 'price'", [], |r| {
            r.get(0)
        })
        .expect("count");
    assert!(prices >= 2, "both pages' prices stored, got {prices}");
}
