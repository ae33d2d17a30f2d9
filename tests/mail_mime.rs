//! The briefing mail as an independent MIME parser (`mail-parser`) reads it:
//! multipart/alternative(text/plain, multipart/related(text/html, image/png...)),
//! every `cid:` of the HTML an inline part, PNG bytes, the headers; the HTML
//! inlined, under Gmail's clipping size, with scraped markup kept inert.

mod common;

use mail_parser::{MessageParser, MimeHeaders, PartType};
use orewatch::config::Config;
use orewatch::pipeline::{self, App};

fn ctype(part: &mail_parser::MessagePart<'_>) -> String {
    part.content_type()
        .map(|c| format!("{}/{}", c.ctype(), c.subtype().unwrap_or("")))
        .unwrap_or_default()
}

fn briefing_eml(app: &App) -> Vec<u8> {
    std::fs::read_dir(app.cfg.outbox_dir())
        .expect("outbox dir")
        .filter_map(|e| e.ok())
        .map(|e| std::fs::read(e.path()).expect("read eml"))
        .find(|raw| {
            MessageParser::default()
                .parse(raw)
                .and_then(|m| m.subject().map(|s| s.contains("Daily briefing")))
                .unwrap_or(false)
        })
        .expect("the briefing mail in the outbox")
}

#[tokio::test(flavor = "multi_thread")]
async fn briefing_mail_is_alternative_with_related_inline_charts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let server = common::StaticServer::start(&common::chart_site(dir.path()));
    let cfg = common::write_config(dir.path(), &format!("{}/index.html", server.base), "");
    let app = App::open(Config::load(&cfg).expect("config")).expect("open");
    pipeline::run_once(&app).await.expect("cycle");
    let raw = briefing_eml(&app);
    let msg = MessageParser::default()
        .parse(&raw)
        .expect("a parsable message");

    for h in [
        "From",
        "To",
        "Subject",
        "Message-ID",
        "Date",
        "List-Unsubscribe",
    ] {
        assert!(msg.header_raw(h).is_some(), "header {h} missing");
    }
    let (text, html, images) = parts(&msg);

    // Every cid: of the HTML is an inline PNG part, and every part is shown.
    let cids: Vec<&str> = html
        .split("src=\"cid:")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect();
    assert_eq!(cids.len(), images.len(), "one <img> per image part");
    for cid in &cids {
        let part = images
            .iter()
            .find(|p| p.content_id() == Some(*cid))
            .unwrap_or_else(|| panic!("cid:{cid} has no part"));
        assert_eq!(ctype(part), "image/png");
        assert!(
            part.content_disposition()
                .is_some_and(|d| d.ctype() == "inline")
        );
        let bytes = part.contents();
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "cid:{cid} is a PNG");
    }

    email_safe(&html, text);
}

/// The parts under multipart/alternative(text/plain, multipart/related(text/html, image...)).
fn parts<'a>(
    msg: &'a mail_parser::Message<'a>,
) -> (
    &'a mail_parser::MessagePart<'a>,
    String,
    Vec<&'a mail_parser::MessagePart<'a>>,
) {
    let root = msg.root_part();
    assert_eq!(ctype(root), "multipart/alternative");
    let PartType::Multipart(kids) = &root.body else {
        panic!("root is not multipart");
    };
    assert_eq!(kids.len(), 2, "text and related");
    let text = msg.part(kids[0]).expect("text part");
    assert_eq!(ctype(text), "text/plain");
    let related = msg.part(kids[1]).expect("related part");
    assert_eq!(ctype(related), "multipart/related");
    let PartType::Multipart(inner) = &related.body else {
        panic!("related is not multipart");
    };
    let html_part = msg.part(inner[0]).expect("html part");
    assert_eq!(ctype(html_part), "text/html");
    let html = match &html_part.body {
        PartType::Html(h) | PartType::Text(h) => h.to_string(),
        other => panic!("html part body: {other:?}"),
    };
    let images: Vec<_> = inner[1..]
        .iter()
        .map(|i| msg.part(*i).expect("image part"))
        .collect();
    assert!(!images.is_empty(), "the briefing has a chart");

    (text, html, images)
}

/// Inlined, 600 px, preheader, under Gmail's clip; a real text part; scraped markup inert.
fn email_safe(html: &str, text: &mail_parser::MessagePart<'_>) {
    // Email-safe HTML: styles inlined (at-rules kept), 600 px, preheader, size.
    assert!(html.contains("width=\"600\""));
    assert!(html.contains("style=\"") && html.contains("prefers-color-scheme: dark"));
    assert!(html.contains("display:none;max-height:0"), "preheader");
    assert!(
        html.len() < 102 * 1024,
        "{} bytes: Gmail clips past 102 KB",
        html.len()
    );

    // The text part is a real one: sections and the figures' sources.
    let text = text.text_contents().expect("text body");
    for needle in [
        "METALS",
        "FORECAST REVISIONS",
        "FORECAST BOARD",
        "ARTICLES",
        "SOURCES OF THE FIGURES",
        "Goldman Sachs",
    ] {
        assert!(text.contains(needle), "text part lacks {needle:?}");
    }

    // Scraped markup is text: no script, handler or javascript: link in the parsed mail.
    let doc = scraper::Html::parse_document(html);
    let bad = scraper::Selector::parse(
        "script, [onerror], [onload], a[href^='javascript'], img[src='x']",
    )
    .expect("selector");
    assert_eq!(
        doc.select(&bad).count(),
        0,
        "scraped markup became elements"
    );
    assert!(
        html.contains("pwned=1+1"),
        "the hostile title is shown, as text"
    );
}
