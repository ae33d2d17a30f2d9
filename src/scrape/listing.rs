//! Article links of a listing page.

use std::collections::HashSet;

use scraper::Selector;
use url::Url;

/// Article links of a listing page: absolute URLs of the elements matched by `selector`
/// (<a href> or elements containing one), in page order, deduplicated. Keeps http(s) links;
/// keeps file: links only when `base` is itself a file: URL (the offline sample site).
pub fn listing_links(html: &str, base: &Url, selector: &Selector) -> Vec<Url> {
    let (doc, _) = super::parse::parse_bounded(&super::prefilter::strip_raw_text(html));
    let allow_file = base.scheme() == "file";
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for el in doc.select(selector) {
        let own = el.value().attr("href").filter(|_| el.value().name() == "a");
        let hrefs: Vec<&str> = match own {
            Some(h) => vec![h],
            None => el
                .descendent_elements()
                .filter(|d| d.value().name() == "a")
                .filter_map(|d| d.value().attr("href"))
                .take(1)
                .collect(),
        };
        for href in hrefs {
            let href = href.trim();
            if href.is_empty() || href.starts_with('#') {
                continue;
            }
            let Ok(mut url) = base.join(href) else {
                continue;
            };
            let ok = match url.scheme() {
                "http" | "https" => true,
                "file" => allow_file,
                _ => false,
            };
            if !ok {
                continue;
            }
            url.set_fragment(None);
            if seen.insert(url.clone()) {
                out.push(url);
            }
        }
    }
    out
}
