//! Each subscriber's briefing mail: a subscriber with topics gets the same
//! briefing with their topics first, and the generated time in their zone; one
//! with neither gets the common mail. Through the real pipeline (file transport).

mod common;

use mail_parser::MessageParser;
use orewatch::config::Config;
use orewatch::pipeline::{self, App};

/// The text part of the briefing mailed to `to`.
fn briefing_text(app: &App, to: &str) -> String {
    std::fs::read_dir(app.cfg.outbox_dir())
        .expect("outbox dir")
        .filter_map(|e| e.ok())
        .map(|e| std::fs::read(e.path()).expect("read eml"))
        .find_map(|raw| {
            let msg = MessageParser::default().parse(&raw)?;
            let briefing = msg.subject()?.contains("Daily briefing");
            let addressed = msg.to()?.first()?.address()? == to;
            (briefing && addressed)
                .then(|| msg.body_text(0).expect("text part").replace("\r\n", "\n"))
        })
        .unwrap_or_else(|| panic!("no briefing mail to {to}"))
}

/// The commodities of the METALS section, in order.
fn metals(text: &str) -> Vec<String> {
    text.split("METALS\n")
        .nth(1)
        .unwrap_or_else(|| panic!("a metals section: {text}"))
        .lines()
        .take_while(|l| l.starts_with("  "))
        .filter(|l| !l.starts_with("    "))
        .map(|l| {
            l.trim()
                .split([' ', ':'])
                .next()
                .unwrap_or("")
                .to_lowercase()
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_subscribers_topics_come_first_in_their_mail() {
    let dir = tempfile::tempdir().expect("tempdir");
    let server = common::StaticServer::start(&common::chart_site(dir.path()));
    let extra = "[[subscribers]]\nemail = \"palladium@example.com\"\n";
    let cfg = common::write_config(dir.path(), &format!("{}/index.html", server.base), extra);
    let app = App::open(Config::load(&cfg).expect("config")).expect("open");
    app.db(|s| {
        s.set_topics("palladium@example.com", &["palladium".to_string()])?;
        s.set_subscriber_tz("palladium@example.com", Some("Europe/London"))
    })
    .await
    .expect("topics and zone");
    pipeline::run_once(&app).await.expect("cycle");

    let common_text = briefing_text(&app, "reader@example.com");
    let own_text = briefing_text(&app, "palladium@example.com");
    let common = metals(&common_text);
    let own = metals(&own_text);
    assert!(
        common.len() >= 2 && common.contains(&"palladium".to_string()),
        "{common:?}"
    );
    assert_ne!(
        common[0], "palladium",
        "the common order is not by topic: {common:?}"
    );
    assert_eq!(own[0], "palladium", "{own:?}");
    let mut sorted = (common.clone(), own.clone());
    sorted.0.sort();
    sorted.1.sort();
    assert_eq!(sorted.0, sorted.1, "the same rows, only reordered");
    assert!(
        own_text.contains(" GMT") || own_text.contains(" BST"),
        "London time: {own_text}"
    );
    assert!(common_text.contains("HKT"), "the configured zone's time");
}
