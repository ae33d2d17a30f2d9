//! Bounded work per page: deep nesting and huge node counts are cut at the parse limits,
//! with a `truncated` note, and what comes before the cut is still analysed. (The time
//! bound itself is measured by `cargo bench --bench scrape`, group `hostile`.)

use chrono::NaiveDate;
use orewatch::analyze::{PageInfo, analyze};
use orewatch::extract::Lexicon;
use orewatch::scrape::{MAX_DEPTH, MAX_NODES, Truncation, scrape_html};
use proptest::prelude::*;

const LEAD: &str = "<p>Copper rose 2.5% to $9,800 a tonne on the London Metal Exchange on Tuesday, \
    traders said, as stocks in warehouses fell for a fifth week.</p>";

/// Tags that keep nesting when left open (unlike `<p>` or `<li>`, which close themselves).
fn opener() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        Just("<div>"),
        Just("<span>"),
        Just("<b>"),
        Just("<i>"),
        Just("<em>"),
        Just("<section>"),
        Just("<blockquote>"),
        Just("<div class=\"x\" id=\"y\" data-a=\"1\">"),
        Just("<ul><li>"),
        Just("<table><tr><td>"),
    ]
}

fn page(lead: &str, openers: &[&str], inner: &str) -> String {
    format!(
        "<html><head><title>Metals</title></head><body><article>{lead}{}{inner}</article></body></html>",
        openers.concat()
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Past the depth limit the page is cut and says so; the text before the nesting
    /// stays, and nothing from below the cut leaks into the body.
    #[test]
    fn deep_nesting_is_cut_and_noted(tags in prop::collection::vec(opener(), MAX_DEPTH + 50..3 * MAX_DEPTH)) {
        let html = page(LEAD, &tags, "<p>Zinc fell 1% deep below the cut, dealers said.</p>");
        let p = scrape_html(&html, None, None);
        prop_assert_eq!(p.truncated, Some(Truncation::Depth));
        prop_assert!(p.body.contains("Copper rose 2.5%"), "body: {:?}", p.body);
        prop_assert!(!p.body.contains("deep below the cut"));
        prop_assert_eq!(p.title.as_deref(), Some("Metals"));
    }

    /// Within the limit nothing is cut: the innermost paragraph is read.
    #[test]
    fn moderate_nesting_is_read_whole(tags in prop::collection::vec(opener(), 0..60)) {
        let inner = "<p>Zinc fell 1% to $2,700 a tonne on Tuesday as demand from galvanisers eased, dealers said.</p>";
        let html = page(LEAD, &tags, inner);
        let p = scrape_html(&html, None, None);
        prop_assert_eq!(p.truncated, None);
        prop_assert!(p.body.contains("Zinc fell 1%"), "body: {:?}", p.body);
    }

    /// Unclosed inline tags with attributes: the analysis finishes with sane output and
    /// keeps the facts of the text before the nesting.
    #[test]
    fn unclosed_inline_tags_still_give_the_leading_facts(n in 300usize..1500, attrs in 0usize..20) {
        let attr: String = (0..attrs).map(|i| format!(" data-k{i}=\"v{i}\"")).collect();
        let tag = format!("<div{attr}><span><b>");
        let html = page(LEAD, &vec![tag.as_str(); n], "tail");
        let lx = Lexicon::builtin();
        let today = NaiveDate::from_ymd_opt(2026, 1, 12).expect("date");
        let a = analyze(html.as_bytes(), PageInfo::default(), today, &lx);
        prop_assert_eq!(a.truncated, Some(Truncation::Depth));
        prop_assert!(!a.doc.facts.is_empty(), "no facts from {:?}", a.doc.body);
        prop_assert!(a.doc.body.len() < html.len());
    }
}

#[test]
fn a_page_of_too_many_nodes_is_cut_after_the_cap() {
    let html = format!(
        "<html><body><article>{LEAD}{}</article></body></html>",
        "<span>x</span>".repeat(MAX_NODES)
    );
    let p = scrape_html(&html, None, None);
    assert_eq!(p.truncated, Some(Truncation::Nodes));
    assert!(p.body.contains("Copper rose 2.5%"));
    assert!(Truncation::Nodes.note().contains(&MAX_NODES.to_string()));
}

#[test]
fn an_ordinary_page_is_not_truncated() {
    let html = page(LEAD, &["<div>"; 40], &LEAD.repeat(200));
    assert_eq!(scrape_html(&html, None, None).truncated, None);
}
