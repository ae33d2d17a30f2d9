//! listing_links: article links of a listing page.

use orewatch::scrape::listing_links;
use scraper::Selector;
use url::Url;

fn fixture() -> String {
    let path = format!(
        "{}/tests/fixtures/scrape/listing.html",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {path}: {e}"))
}

fn strs(urls: &[Url]) -> Vec<&str> {
    urls.iter().map(Url::as_str).collect()
}

#[test]
fn relative_links_resolved_in_order_and_deduplicated() {
    let base = Url::parse("https://news.example/metals/").unwrap();
    let sel = Selector::parse("ul.stories a").unwrap();
    let links = listing_links(&fixture(), &base, &sel);
    assert_eq!(
        strs(&links),
        vec![
            "https://news.example/metals/copper-rises.html",
            "https://news.example/markets/gold-record.html",
            "https://other.example/zinc",
            "http://plain.example/tin",
            "https://news.example/metals/nickel.html",
        ]
    );
}

#[test]
fn containers_yield_their_first_link() {
    let base = Url::parse("https://news.example/metals/").unwrap();
    let sel = Selector::parse("div.card").unwrap();
    let links = listing_links(&fixture(), &base, &sel);
    assert_eq!(
        strs(&links),
        vec![
            "https://news.example/cards/one.html",
            "https://news.example/cards/two.html"
        ]
    );
}

#[test]
fn file_links_only_for_a_file_base() {
    let sel = Selector::parse("ul.stories a, ul.offline a").unwrap();
    let web = listing_links(
        &fixture(),
        &Url::parse("https://news.example/metals/").unwrap(),
        &sel,
    );
    assert!(
        web.iter()
            .all(|u| u.scheme() == "https" || u.scheme() == "http"),
        "{web:?}"
    );

    let base = Url::parse("file:///srv/sample-site/index.html").unwrap();
    let local = listing_links(&fixture(), &base, &sel);
    let s = strs(&local);
    assert!(
        s.contains(&"file:///srv/sample-site/copper-rises.html"),
        "{s:?}"
    );
    assert!(
        s.contains(&"file:///srv/sample-site/offline/story.html"),
        "{s:?}"
    );
    assert!(s.contains(&"file:///tmp/absolute.html"), "{s:?}");
    assert!(
        !s.iter().any(|u| u.starts_with("javascript")
            || u.starts_with("mailto")
            || u.starts_with("data"))
    );
}

#[test]
fn nothing_matched_is_empty() {
    let base = Url::parse("https://news.example/").unwrap();
    let sel = Selector::parse("section.none a").unwrap();
    assert!(listing_links(&fixture(), &base, &sel).is_empty());
    assert!(listing_links("", &base, &sel).is_empty());
}
