//! Golden tests for `orewatch extract` on the bundled sample site: each
//! article page's document (title, date, body, sectors, facts) must equal
//! its golden JSON in tests/golden/samples/. After a deliberate change to
//! the extractor, regenerate with `UPDATE_GOLDEN=1 cargo test --test
//! extract_samples` and review the diff.

use std::path::Path;

use orewatch::analyze::{PageInfo, analyze};
use orewatch::extract::{Document, Lexicon};

const TODAY: &str = "2026-11-21";

fn golden(name: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let page = root.join("samples/site/news").join(format!("{name}.html"));
    let bytes = std::fs::read(&page).expect("sample page");
    let url =
        url::Url::parse(&format!("https://metalsdesk.example/news/{name}.html")).expect("url");
    let info = PageInfo {
        url: Some(&url),
        url_text: None,
        content_type: Some("text/html; charset=utf-8"),
        selectors: None,
    };
    let today = TODAY.parse().expect("date");
    let doc = analyze(&bytes, info, today, &Lexicon::builtin()).doc;
    let path = root
        .join("tests/golden/samples")
        .join(format!("{name}.json"));
    let actual = serde_json::to_string_pretty(&doc).expect("json") + "\n";
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &actual).expect("write golden");
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("{} missing: run with UPDATE_GOLDEN=1", path.display()));
    let expected_doc: Document = serde_json::from_str(&expected).expect("golden json");
    assert_eq!(
        doc,
        expected_doc,
        "{name}: extract output differs from {}",
        path.display()
    );
}

#[test]
fn copper_record_and_forecast() {
    golden("copper-record");
}

#[test]
fn hong_kong_market_wrap() {
    golden("hk-wrap");
}

#[test]
fn tungsten_in_yuan() {
    golden("tungsten");
}

#[test]
fn sector_rotation() {
    golden("sector-rotation");
}

#[test]
fn chinese_market_page() {
    golden("zh-market");
}

#[test]
fn page_without_facts() {
    golden("no-facts");
}

#[test]
fn wire_style_precious_metals() {
    golden("gold-wire");
}
