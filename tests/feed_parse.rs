//! Feed parsing: RSS 2.0, RSS 1.0 (RDF), Atom, relative links, bad input.

use orewatch::scrape::feed::{FeedError, looks_like_feed, parse_feed};
use url::Url;

fn base() -> Url {
    Url::parse("https://news.example.com/markets/feed.xml").expect("valid base")
}

const RSS2: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>Metals desk</title>
    <link>https://news.example.com/</link>
    <atom:link href="https://news.example.com/markets/feed.xml" rel="self"/>
    <item>
      <title>Copper &amp; zinc climb on
         supply worries</title>
      <link>https://news.example.com/a/copper-zinc</link>
      <pubDate>Fri, 20 Nov 2026 09:30:00 +0000</pubDate>
    </item>
    <item>
      <title><![CDATA[Gold slips <em>below</em> $2,600 < key level]]></title>
      <link>/a/gold-slips</link>
      <dc:date>2026-11-19T16:00:00+08:00</dc:date>
    </item>
    <item>
      <title>Guid only</title>
      <guid>https://news.example.com/a/guid-only</guid>
    </item>
    <item>
      <title>Not a permalink</title>
      <guid isPermaLink="false">tag:news.example.com,2026:123</guid>
    </item>
    <item>
      <title>Script link dropped</title>
      <link>javascript:alert(1)</link>
    </item>
    <item>
      <title>Duplicate</title>
      <link>https://news.example.com/a/copper-zinc</link>
    </item>
    <item>
      <title>Bad date kept</title>
      <link>https://news.example.com/a/bad-date</link>
      <pubDate>sometime soon</pubDate>
    </item>
  </channel>
</rss>"#;

#[test]
fn rss2_items_with_titles_dates_and_resolved_links() {
    let items = parse_feed(RSS2.as_bytes(), &base()).expect("valid RSS");
    let urls: Vec<&str> = items.iter().map(|i| i.url.as_str()).collect();
    assert_eq!(
        urls,
        [
            "https://news.example.com/a/copper-zinc",
            "https://news.example.com/a/gold-slips",
            "https://news.example.com/a/guid-only",
            "https://news.example.com/a/bad-date",
        ]
    );
    assert_eq!(
        items[0].title.as_deref(),
        Some("Copper & zinc climb on supply worries")
    );
    assert_eq!(
        items[0].published.map(|d| d.to_rfc3339()).as_deref(),
        Some("2026-11-20T09:30:00+00:00")
    );
    assert_eq!(
        items[1].title.as_deref(),
        Some("Gold slips below $2,600 < key level")
    );
    assert_eq!(
        items[1].published.map(|d| d.to_rfc3339()).as_deref(),
        Some("2026-11-19T16:00:00+08:00")
    );
    assert_eq!(items[2].published, None);
    assert_eq!(items[3].published, None);
}

const ATOM: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://mining.example.org/news/">
  <title>Mining wire</title>
  <link rel="self" href="https://mining.example.org/atom"/>
  <entry>
    <title type="html">&lt;em&gt;Iron ore&lt;/em&gt; futures ease</title>
    <link rel="edit" href="/api/entries/1"/>
    <link rel="alternate" type="text/html" href="iron-ore-eases"/>
    <id>urn:uuid:1b2c</id>
    <updated>2026-11-20T08:00:00Z</updated>
    <published>2026-11-20T07:15:00+08:00</published>
  </entry>
  <entry xml:base="https://other.example.org/wire/">
    <title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Nickel <b>jumps</b></div></title>
    <link href="nickel-jumps"/>
    <updated>2026-11-19T22:00:00Z</updated>
  </entry>
  <entry>
    <title>Id is the link</title>
    <id>https://mining.example.org/news/by-id</id>
  </entry>
  <entry>
    <title>No link at all</title>
    <id>urn:uuid:ffff</id>
  </entry>
</feed>"#;

#[test]
fn atom_entries_use_alternate_links_and_xml_base() {
    let items = parse_feed(ATOM.as_bytes(), &base()).expect("valid Atom");
    let urls: Vec<&str> = items.iter().map(|i| i.url.as_str()).collect();
    assert_eq!(
        urls,
        [
            "https://mining.example.org/news/iron-ore-eases",
            "https://other.example.org/wire/nickel-jumps",
            "https://mining.example.org/news/by-id",
        ]
    );
    assert_eq!(items[0].title.as_deref(), Some("Iron ore futures ease"));
    assert_eq!(
        items[0].published.map(|d| d.to_rfc3339()).as_deref(),
        Some("2026-11-20T07:15:00+08:00"),
        "published wins over updated"
    );
    assert_eq!(items[1].title.as_deref(), Some("Nickel jumps"));
    assert_eq!(
        items[1].published.map(|d| d.to_rfc3339()).as_deref(),
        Some("2026-11-19T22:00:00+00:00")
    );
}

const RDF: &str = r#"<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://news.example.com/rdf">
    <title>Old style</title>
    <link>https://news.example.com/</link>
  </channel>
  <item rdf:about="https://news.example.com/r/lithium">
    <title>Lithium prices steady</title>
    <link>r/lithium-steady</link>
    <dc:date>2026-11-18</dc:date>
  </item>
  <item rdf:about="https://news.example.com/r/about-only">
    <title>About only</title>
  </item>
</rdf:RDF>"#;

#[test]
fn rdf_items_resolve_links_and_fall_back_to_about() {
    let items = parse_feed(RDF.as_bytes(), &base()).expect("valid RDF");
    let urls: Vec<&str> = items.iter().map(|i| i.url.as_str()).collect();
    assert_eq!(
        urls,
        [
            "https://news.example.com/markets/r/lithium-steady",
            "https://news.example.com/r/about-only",
        ]
    );
    assert_eq!(items[0].title.as_deref(), Some("Lithium prices steady"));
    assert_eq!(
        items[0].published.map(|d| d.to_rfc3339()).as_deref(),
        Some("2026-11-18T00:00:00+00:00")
    );
}

#[test]
fn file_links_only_for_local_feeds() {
    let rss = r#"<rss><channel><item><link>articles/one.html</link></item>
        <item><link>file:///etc/passwd</link></item></channel></rss>"#;
    let web = parse_feed(rss.as_bytes(), &base()).expect("valid");
    assert_eq!(web.len(), 1, "a web feed may not point at local files");
    assert_eq!(
        web[0].url.as_str(),
        "https://news.example.com/markets/articles/one.html"
    );
    let local_base = Url::parse("file:///srv/site/feed.xml").expect("valid");
    let local = parse_feed(rss.as_bytes(), &local_base).expect("valid");
    let urls: Vec<&str> = local.iter().map(|i| i.url.as_str()).collect();
    assert_eq!(
        urls,
        ["file:///srv/site/articles/one.html", "file:///etc/passwd"]
    );
}

#[test]
fn non_utf8_feed_is_decoded_by_its_declaration() {
    let doc = "<?xml version=\"1.0\" encoding=\"GBK\"?><rss><channel><item>\
               <title>铜价上涨</title><link>/cn/1</link></item></channel></rss>";
    let (bytes, _, _) = encoding_rs::GBK.encode(doc);
    let items = parse_feed(&bytes, &base()).expect("valid GBK RSS");
    assert_eq!(items[0].title.as_deref(), Some("铜价上涨"));
}

#[test]
fn empty_channel_is_not_an_error() {
    let items = parse_feed(b"<rss version='2.0'><channel/></rss>", &base()).expect("valid");
    assert!(items.is_empty());
}

#[test]
fn malformed_xml_is_reported() {
    let mismatched = b"<rss><channel><item><title>Oops</link></item></channel></rss>";
    let err = parse_feed(mismatched, &base()).expect_err("mismatched tags");
    assert!(matches!(err, FeedError::Malformed { .. }), "{err}");
    assert!(err.to_string().contains("not well-formed"), "{err}");

    let cut = b"<rss><channel><item><title>Cut off";
    let err = parse_feed(cut, &base()).expect_err("truncated");
    assert!(matches!(err, FeedError::Malformed { .. }), "{err}");

    let html = b"<!DOCTYPE html><html><body>hi</body></html>";
    let err = parse_feed(html, &base()).expect_err("html page");
    assert!(
        matches!(err, FeedError::NotAFeed { ref root } if root == "html"),
        "{err}"
    );

    let err = parse_feed(b"  <!-- nothing -->  ", &base()).expect_err("empty");
    assert!(matches!(err, FeedError::Empty), "{err}");
}

#[test]
fn feeds_are_told_from_pages() {
    assert!(looks_like_feed(
        Some("application/rss+xml; charset=utf-8"),
        b""
    ));
    assert!(looks_like_feed(Some("application/atom+xml"), b""));
    assert!(looks_like_feed(Some("application/xml"), RSS2.as_bytes()));
    assert!(
        looks_like_feed(Some("text/html"), ATOM.as_bytes()),
        "mislabelled feed"
    );
    assert!(looks_like_feed(None, RDF.as_bytes()));
    let page = b"<!DOCTYPE html>\n<html><head><title>x</title></head></html>";
    assert!(!looks_like_feed(Some("text/html"), page));
    assert!(!looks_like_feed(
        Some("application/xml"),
        b"<?xml version='1.0'?><sitemap/>"
    ));
    assert!(!looks_like_feed(None, b""));
}

#[test]
fn sloppy_but_common_markup_is_tolerated() {
    let rss = "<rss><channel><item><title>S&P 500 &mdash; miners lead &amp; gold&#x2019;s bid</title>\
               <link>https://news.example.com/sp</link></item></channel></rss>";
    let items = parse_feed(rss.as_bytes(), &base()).expect("tolerated");
    assert_eq!(
        items[0].title.as_deref(),
        Some("S&P 500 \u{2014} miners lead & gold\u{2019}s bid")
    );
}

proptest::proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(body in proptest::collection::vec(proptest::num::u8::ANY, 0..512)) {
        let _ = looks_like_feed(None, &body);
        let _ = parse_feed(&body, &base());
    }

    #[test]
    fn feedlike_soup_never_panics(parts in proptest::collection::vec(
        proptest::sample::select(vec![
            "<rss>", "</rss>", "<channel>", "<item>", "</item>", "<title>", "</title>",
            "<link>", "</link>", "<feed xmlns='http://www.w3.org/2005/Atom'>", "<entry>",
            "</entry>", "<link href='x'/>", "<link href='http://[bad'/>", "&amp;", "&#0;",
            "&bogus;", "<![CDATA[a<b]]>", "text", " ", "<guid isPermaLink='false'>",
            "<pubDate>", "</pubDate>", "Fri, 20 Nov 2026 09:30:00 +0000", "xml:base='::'",
        ]),
        0..40,
    )) {
        let doc = parts.concat();
        let _ = parse_feed(doc.as_bytes(), &base());
    }
}

#[test]
fn html_entities_in_titles_are_decoded_and_links_deduped() {
    let rss = "<rss version=\"2.0\"><channel>\
        <item><title>Gold&nbsp;rises &ndash; again&hellip; &lsquo;strong&rsquo; &#8364;5</title>\
        <link>https://news.example.com/g</link></item>\
        <item><title>Same link, no guid</title><link>https://news.example.com/g</link></item>\
        <item><title>No link, no guid</title></item>\
        </channel></rss>";
    let items = parse_feed(rss.as_bytes(), &base()).expect("valid");
    assert_eq!(items.len(), 1, "{items:?}");
    assert_eq!(
        items[0].title.as_deref(),
        Some("Gold rises \u{2013} again\u{2026} \u{2018}strong\u{2019} \u{20ac}5")
    );
    let again = parse_feed(rss.as_bytes(), &base()).expect("valid");
    assert_eq!(items, again, "the same feed gives the same items");
}

const JSON_FEED: &str = r#"{
  "version": "https://jsonfeed.org/version/1.1",
  "title": "Metals JSON desk",
  "home_page_url": "https://news.example.com/",
  "items": [
    {"id": "1", "url": "https://news.example.com/j/cobalt", "title": "Cobalt &amp; lithium slide",
     "date_published": "2026-11-20T10:00:00+08:00"},
    {"id": "2", "title": "No url, id only"},
    {"id": "https://news.example.com/j/by-id", "title": "Id is a URL"}
  ]
}"#;

#[test]
fn json_feed_items_are_read() {
    assert!(looks_like_feed(None, JSON_FEED.as_bytes()));
    assert!(looks_like_feed(Some("application/feed+json"), b""));
    assert!(!looks_like_feed(None, br#"{"status": "ok"}"#));
    let items = parse_feed(JSON_FEED.as_bytes(), &base()).expect("valid JSON Feed");
    let urls: Vec<&str> = items.iter().map(|i| i.url.as_str()).collect();
    assert_eq!(
        urls,
        [
            "https://news.example.com/j/cobalt",
            "https://news.example.com/j/by-id"
        ]
    );
    assert_eq!(items[0].title.as_deref(), Some("Cobalt & lithium slide"));
    assert_eq!(
        items[0].published.map(|d| d.to_rfc3339()).as_deref(),
        Some("2026-11-20T10:00:00+08:00")
    );
    let err = parse_feed(
        b"{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": [",
        &base(),
    )
    .expect_err("cut-off JSON");
    assert!(matches!(err, FeedError::Malformed { .. }), "{err}");
}

#[test]
fn old_rss_090_and_atom_03_feeds_give_their_links() {
    let rss090 = r#"<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
        xmlns="http://my.netscape.com/rdf/simple/0.9/">
      <channel><title>Old desk</title><link>https://news.example.com/</link></channel>
      <item><title>Tin holds</title><link>https://news.example.com/old/tin</link></item>
    </rdf:RDF>"#;
    let items = parse_feed(rss090.as_bytes(), &base()).expect("valid RSS 0.90");
    assert_eq!(links_of(&items), ["https://news.example.com/old/tin"]);
    assert_eq!(items[0].title.as_deref(), Some("Tin holds"));
    let atom03 = r#"<feed version="0.3" xmlns="http://purl.org/atom/ns#">
      <title>Old wire</title>
      <entry><title>Lead eases</title>
        <link rel="alternate" type="text/html" href="https://wire.example.org/lead"/>
        <id>tag:wire.example.org,2026:1</id></entry>
    </feed>"#;
    let items = parse_feed(atom03.as_bytes(), &base()).expect("valid Atom 0.3");
    assert_eq!(links_of(&items), ["https://wire.example.org/lead"]);
}

fn links_of(items: &[orewatch::scrape::feed::FeedItem]) -> Vec<&str> {
    items.iter().map(|i| i.url.as_str()).collect()
}
