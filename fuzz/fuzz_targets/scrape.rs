//! Fuzz the HTML path: any bytes are decoded and scraped (page, listing links, feed),
//! without panicking; body links are always absolute http(s).
#![no_main]

use libfuzzer_sys::fuzz_target;
use orewatch::scrape::{decode, feed, listing_links, looks_like_html, scrape_html};
use std::sync::OnceLock;
use url::Url;

static SETUP: OnceLock<(Url, scraper::Selector)> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let (base, links) = SETUP.get_or_init(|| {
        (
            Url::parse("https://news.example.com/metals/story").expect("valid base"),
            scraper::Selector::parse("a, ul.stories li").expect("valid selector"),
        )
    });
    let text = decode(data, Some("text/html"));
    let _ = looks_like_html(&text);
    let page = scrape_html(&text, Some(base), None);
    for link in &page.links {
        assert!(
            link.starts_with("http://") || link.starts_with("https://"),
            "{link}"
        );
    }
    let _ = listing_links(&text, base, links);
    let _ = feed::parse_feed(data, base);
});
