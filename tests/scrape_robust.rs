//! Arbitrary input never panics and always yields well-formed output.

use orewatch::scrape::{decode, looks_like_html, scrape_html, scrape_text};
use proptest::prelude::*;
use url::Url;

/// Fragments that steer generated input into tag soup rather than plain text.
fn soup() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("<p>".to_string()),
        Just("</p>".to_string()),
        Just("<div class=\"share\">".to_string()),
        Just("<div class=\"article-body\">".to_string()),
        Just("</div>".to_string()),
        Just("<script>".to_string()),
        Just("</script>".to_string()),
        Just("<style>".to_string()),
        Just("<!--".to_string()),
        Just("-->".to_string()),
        Just("<a href=\"javascript:x\">".to_string()),
        Just("<a href=\"/rel\">".to_string()),
        Just("</a>".to_string()),
        Just("<h1>".to_string()),
        Just("<br>".to_string()),
        Just("<td>".to_string()),
        Just("<script type=\"application/ld+json\">{\"datePublished\":\"".to_string()),
        Just("<meta name=\"date\" content=\"".to_string()),
        "[ -~]{0,40}",
        "\\PC{0,20}",
    ];
    prop::collection::vec(piece, 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn scrape_html_never_panics(html in soup()) {
        let base = Url::parse("https://example.com/a/b").unwrap();
        let page = scrape_html(&html, Some(&base), None);
        prop_assert!(page.links.iter().all(|l| l.starts_with("http://") || l.starts_with("https://")));
        prop_assert!(!page.body.contains("\n\n\n"));
        prop_assert!(!page.drift);
    }

    #[test]
    fn decode_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..2000), ct in "[ -~]{0,40}") {
        let text = decode(&bytes, Some(&ct));
        let _ = looks_like_html(&text);
        let _ = decode(&bytes, None);
    }

    #[test]
    fn scrape_text_never_panics(text in "\\PC{0,400}") {
        let page = scrape_text(&text);
        prop_assert!(page.links.is_empty());
    }
}
