//! End to end: the bundled sample site served by a real HTTP server on
//! 127.0.0.1, one full cycle into a temporary data directory, then the
//! stored facts, the briefing and the mail are checked, and a second cycle
//! must store nothing new.

mod common;

use orewatch::config::Config;
use orewatch::pipeline::{self, App};

fn facts_of_kind(app: &App, kind: &str) -> Vec<serde_json::Value> {
    let store = app.store.lock().expect("store lock");
    let mut stmt = store
        .connection()
        .prepare("SELECT json FROM facts WHERE kind = ?1")
        .expect("prepare");
    stmt.query_map([kind], |r| r.get::<_, String>(0))
        .expect("query")
        .map(|j| serde_json::from_str(&j.expect("row")).expect("fact json"))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn full_cycle_over_http_then_nothing_twice() {
    let server = common::StaticServer::start(&common::sample_site());
    let dir = tempfile::tempdir().expect("tempdir");
    let cfg_path = common::write_config(dir.path(), &format!("{}/index.html", server.base), "");
    let app = App::open(Config::load(&cfg_path).expect("config")).expect("open");

    let first = pipeline::run_once(&app).await.expect("first cycle");
    let c = &first.cycle;
    assert_eq!(c.sources.len(), 1);
    assert!(
        c.sources[0].errors.is_empty(),
        "errors: {:?}",
        c.sources[0].errors
    );
    assert_eq!(c.new_articles(), 7, "seven sample articles");
    assert!(c.facts_added() >= 25, "facts: {}", c.facts_added());

    // The copper record and the Goldman Sachs revision are stored with provenance.
    let prices = facts_of_kind(&app, "price");
    let record = prices
        .iter()
        .find(|p| p["commodity"] == "copper" && p["value"] == 13387.5)
        .expect("copper record price stored");
    assert_eq!(record["currency"], "USD");
    assert_eq!(record["unit"], "t");
    assert!(
        record["sentence"]
            .as_str()
            .unwrap_or_default()
            .contains("record")
    );
    assert!(
        prices.iter().any(|p| p["commodity"] == "tungsten"
            && p["value"] == 264000.0
            && p["currency"] == "CNY")
    );
    let forecasts = facts_of_kind(&app, "forecast");
    assert!(forecasts.iter().any(|f| f["institution"] == "Goldman Sachs"
        && f["value"] == 12750.0
        && f["previous"] == 11525.0
        && f["direction"] == "raised"));
    let indices = facts_of_kind(&app, "index_move");
    assert!(
        indices
            .iter()
            .any(|i| i["index"] == "Hang Seng Index" && i["change_pct"] == 0.31)
    );
    let stocks = facts_of_kind(&app, "stock_move");
    assert!(stocks.len() >= 12, "stock moves: {}", stocks.len());

    // Today's briefing is in the archive with its sections and figures.
    let html = std::fs::read_to_string(&first.briefing.path).expect("briefing file");
    for needle in [
        "Metals",
        "Forecast revisions",
        "Index moves",
        "Top gainers",
        "Top losers",
        "Sector moves",
        // Copper's latest observation (the Chinese page, today) against the
        // record of January 6th.
        "13,120",
        "-267.50",
        "Goldman Sachs",
        "11,525",
        "12,750",
        "Hang Seng Index",
        "Hang Seng TECH Index",
        "China Gold International",
        "Tungsten",
        "Copper Breaks New Ground",
    ] {
        assert!(html.contains(needle), "briefing lacks {needle:?}");
    }
    let index =
        std::fs::read_to_string(app.cfg.archive_dir().join("index.html")).expect("archive index");
    assert!(index.contains(&first.briefing.day.format("%Y/%m/%d.html").to_string()));

    // Mail went out through the file transport: the briefing and the alerts.
    let emls: Vec<_> = std::fs::read_dir(app.cfg.outbox_dir())
        .expect("outbox dir")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
        .collect();
    assert!(first.delivery.sent >= 2, "sent {}", first.delivery.sent);
    assert_eq!(emls.len(), first.delivery.sent);
    assert!(
        first.cycle.alerts() >= 1,
        "copper above 13,000 and the forecast change alert"
    );

    // A second cycle over the same pages adds nothing.
    let before = app.store.lock().expect("lock").counts().expect("counts");
    let second = pipeline::run_cycle(&app).await.expect("second cycle");
    assert_eq!(second.new_articles(), 0);
    assert_eq!(second.facts_added(), 0);
    assert_eq!(second.alerts(), 0);
    let again = pipeline::make_briefing(&app, first.briefing.day, true)
        .await
        .expect("briefing again");
    assert!(!again.enqueued, "the briefing is mailed once per day");
    let after = app.store.lock().expect("lock").counts().expect("counts");
    assert_eq!(before.articles, after.articles);
    assert_eq!(before.facts, after.facts);
    assert_eq!(before.alerts, after.alerts);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_body_selector_that_matches_nothing_is_drift_and_detection_takes_over() {
    let server = common::StaticServer::start(&common::sample_site());
    let dir = tempfile::tempdir().expect("tempdir");
    let cfg_path = common::write_config(dir.path(), &format!("{}/index.html", server.base), "");
    let text = std::fs::read_to_string(&cfg_path).expect("read config");
    std::fs::write(
        &cfg_path,
        text.replace("div.article-body", "div.story-text-v2"),
    )
    .expect("write config");
    let app = App::open(Config::load(&cfg_path).expect("config")).expect("open");

    let report = pipeline::run_cycle(&app).await.expect("cycle");
    let src = &report.sources[0];
    assert_eq!(src.new_articles, 7);
    assert_eq!(
        src.drift.len(),
        7,
        "every article page drifted: {:?}",
        src.drift
    );
    assert!(src.drift[0].contains("body_selector matched nothing"));
    // Detection found the bodies: the facts are there all the same.
    let forecasts = facts_of_kind(&app, "forecast");
    assert!(
        forecasts
            .iter()
            .any(|f| f["institution"] == "Goldman Sachs" && f["value"] == 12750.0)
    );
    // And the page furniture stayed out of the stored body.
    let store = app.store.lock().expect("lock");
    let bodies: Vec<String> = store
        .connection()
        .prepare("SELECT body FROM articles")
        .expect("prepare")
        .query_map([], |r| r.get(0))
        .expect("query")
        .map(|b| b.expect("row"))
        .collect();
    assert_eq!(bodies.len(), 7);
    for b in &bodies {
        for junk in [
            "Accept all",
            "Related Articles",
            "Most Discussed",
            "Post comment",
            "Share on X",
        ] {
            assert!(!b.contains(junk), "{junk:?} in a stored body");
        }
    }
}
