//! Broken feeds: feed-rs fails a whole document on one bad item, so parse_feed repairs
//! what it can and reads the rest item by item; every good item must survive.

use orewatch::scrape::feed::parse_feed;
use url::Url;

fn base() -> Url {
    Url::parse("https://news.example.com/markets/feed.xml").expect("valid base")
}

/// Item `n` of a small RSS feed, with its title as given.
fn rss_item(n: u32, title: &str) -> String {
    format!("<item><title>{title}</title><link>https://news.example.com/a/{n}</link></item>\n")
}

fn links(items: &[orewatch::scrape::feed::FeedItem]) -> Vec<String> {
    items.iter().map(|i| i.url.path().to_string()).collect()
}

#[test]
fn one_broken_item_costs_only_itself() {
    let head = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Desk</title>\n";
    for broken in [
        "Nickel <b>jumps</title></item>",         // mismatched end tag
        "Zinc < lead</title></item>",             // a raw `<`
        "Tin rises</title><link>x</lank></item>", // misspelt end tag
    ] {
        let feed = format!(
            "{head}{}<item><title>{broken}\n{}{}</channel></rss>",
            rss_item(1, "Copper climbs"),
            rss_item(3, "Gold slips"),
            rss_item(4, "Silver &amp; platinum")
        );
        let items = parse_feed(feed.as_bytes(), &base()).expect("good items survive");
        assert_eq!(links(&items), ["/a/1", "/a/3", "/a/4"], "{broken}");
        assert_eq!(items[2].title.as_deref(), Some("Silver & platinum"));
    }
}

#[test]
fn a_cut_off_feed_keeps_its_complete_items() {
    let feed = format!(
        "<rss><channel>{}{}<item><title>Cut o",
        rss_item(1, "One"),
        rss_item(2, "Two")
    );
    let items = parse_feed(feed.as_bytes(), &base()).expect("complete items survive");
    assert_eq!(links(&items), ["/a/1", "/a/2"]);
}

#[test]
fn a_broken_channel_head_does_not_drop_the_items() {
    let feed = format!(
        "<rss version=\"2.0\"><channel><title>Desk <b></title>{}{}</channel></rss>",
        rss_item(1, "One"),
        rss_item(2, "Two")
    );
    let items = parse_feed(feed.as_bytes(), &base()).expect("items survive");
    assert_eq!(links(&items), ["/a/1", "/a/2"]);
}

#[test]
fn a_broken_atom_entry_costs_only_itself() {
    let feed = r#"<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://wire.example.org/news/">
      <title>Wire</title>
      <entry><title>Aluminium</title><link href="al"/></entry>
      <entry><title>Broken <i></title><link href="bad"/></entry>
      <entry><title>Cobalt</title><link href="co"/></entry>
    </feed>"#;
    let items = parse_feed(feed.as_bytes(), &base()).expect("good entries survive");
    let urls: Vec<String> = items.iter().map(|i| i.url.to_string()).collect();
    assert_eq!(
        urls,
        [
            "https://wire.example.org/news/al",
            "https://wire.example.org/news/co"
        ]
    );
}

#[test]
fn each_kind_of_broken_item_costs_only_itself() {
    let head = "<rss version=\"2.0\"><channel><title>Desk</title>\n";
    for (kind, broken) in [
        (
            "bare &",
            "<item><title>AT&T buys a mine</title><link>/a/2</link></item>",
        ),
        (
            "raw <",
            "<item><title>Zinc < lead</title><link>/a/2</link></item>",
        ),
        (
            "unclosed tag",
            "<item><title>Nickel <b>jumps</title><link>/a/2</link></item>",
        ),
        (
            "truncated body",
            "<item><title>Tin</title><description>Tin rose to $3",
        ),
    ] {
        let feed = format!(
            "{head}{}{broken}\n{}{}</channel></rss>",
            rss_item(1, "Copper climbs"),
            rss_item(3, "Gold&nbsp;slips"),
            rss_item(4, "Silver &amp; platinum")
        );
        let items = parse_feed(feed.as_bytes(), &base()).expect("good items survive");
        let got = links(&items);
        let want: &[&str] = if kind == "bare &" {
            &["/a/1", "/a/2", "/a/3", "/a/4"]
        } else {
            &["/a/1", "/a/3", "/a/4"]
        };
        assert_eq!(got, want, "{kind}");
        let titles: Vec<_> = items.iter().filter_map(|i| i.title.as_deref()).collect();
        assert!(titles.contains(&"Gold slips"), "{kind}: {titles:?}");
        assert!(titles.contains(&"Silver & platinum"), "{kind}: {titles:?}");
        if kind == "bare &" {
            assert_eq!(titles[1], "AT&T buys a mine");
        }
    }
}
