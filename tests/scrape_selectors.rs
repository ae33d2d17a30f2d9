//! scrape_html with per-source selectors: precedence, drift, bad selectors.

use orewatch::scrape::{ScrapeError, Selectors, scrape_html};

#[path = "fixtures/scrape/support.rs"]
mod support;
use support::{base, fixture};

#[test]
fn selectors_win_over_detection() {
    let sel = Selectors::parse(
        Some("div.article-body"),
        Some("header h1"),
        Some("article time"),
        &[".newsletter-signup".to_string(), "h2".to_string()],
    )
    .unwrap();
    let page = scrape_html(&fixture("article.html"), Some(&base()), Some(&sel));
    assert!(!page.drift);
    assert_eq!(
        page.title.as_deref(),
        Some("Copper climbs as smelters cut output")
    );
    assert_eq!(
        page.published.map(|d| d.to_string()).as_deref(),
        Some("2026-01-14")
    );
    assert!(page.body.starts_with("Copper prices rose"), "{}", page.body);
    assert!(
        !page.body.contains("Inventories fall"),
        "excluded h2: {}",
        page.body
    );
    assert!(!page.body.contains("Morning Metals"), "{}", page.body);
    assert!(page.body.contains("gained 0.8%."), "{}", page.body);
}

#[test]
fn selector_matching_only_part_of_the_page_limits_the_body() {
    let html = r#"<html><body><div class="lead"><p>Lead paragraph about tin prices rising sharply this week on supply worries.</p></div>
        <div class="rest"><p>Second paragraph that the configured selector does not cover at all, about nickel.</p></div></body></html>"#;
    let sel = Selectors::parse(Some(".lead"), None, None, &[]).unwrap();
    let page = scrape_html(html, None, Some(&sel));
    assert_eq!(
        page.body,
        "Lead paragraph about tin prices rising sharply this week on supply worries."
    );
}

#[test]
fn body_selector_matching_nothing_is_drift_and_falls_back() {
    let sel = Selectors::parse(Some("div.old-article-layout"), None, None, &[]).unwrap();
    let page = scrape_html(&fixture("article.html"), Some(&base()), Some(&sel));
    assert!(page.drift);
    assert!(page.body.starts_with("Copper prices rose"), "{}", page.body);
    assert!(!page.body.contains("Most Discussed"));
}

#[test]
fn no_selectors_means_no_drift() {
    let sel = Selectors::parse(None, Some("h1"), None, &[]).unwrap();
    let page = scrape_html(&fixture("article.html"), None, Some(&sel));
    assert!(!page.drift);
    assert!(!page.body.is_empty());
}

#[test]
fn bad_selectors_say_which_and_why() {
    let err = Selectors::parse(Some("div[["), None, None, &[]).unwrap_err();
    let ScrapeError::BadSelector {
        which, selector, ..
    } = &err;
    assert_eq!(*which, "body");
    assert_eq!(selector, "div[[");
    let msg = err.to_string();
    assert!(msg.contains("body selector `div[[`"), "{msg}");

    let err = Selectors::parse(None, None, None, &["ok".into(), ":::nope".into()]).unwrap_err();
    assert!(
        err.to_string().contains("exclude selector `:::nope`"),
        "{err}"
    );
    let err = Selectors::parse(None, Some(">>"), None, &[]).unwrap_err();
    assert!(err.to_string().contains("title selector"), "{err}");
    let err = Selectors::parse(None, None, Some("a[=x]"), &[]).unwrap_err();
    assert!(err.to_string().contains("date selector"), "{err}");
}

#[test]
fn body_selector_matching_only_empty_elements_is_drift() {
    let sel = Selectors::parse(Some("figure.lead-image img"), None, None, &[]).unwrap();
    let page = scrape_html(&fixture("article.html"), Some(&base()), Some(&sel));
    assert!(page.drift);
    assert!(page.body.starts_with("Copper prices rose"), "{}", page.body);
}
