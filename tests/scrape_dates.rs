//! Publication dates from each metadata / markup source.

use chrono::NaiveDate;
use orewatch::scrape::scrape_html;

fn page(head: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html><html><head>{head}</head><body>{body}<p>Lithium carbonate prices in China rose for a fourth session, traders said on Friday.</p></body></html>"
    )
}

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn published(html: &str) -> Option<NaiveDate> {
    scrape_html(html, None, None).published
}

#[test]
fn json_ld_plain_object() {
    let html = page(
        r#"<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2025-11-03T14:05:00Z"}</script>"#,
        "",
    );
    assert_eq!(published(&html), date(2025, 11, 3));
}

#[test]
fn json_ld_graph_and_arrays() {
    let graph = page(
        r#"<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"Organization","name":"X"},{"@type":"Article","dateModified":"2025-12-02","datePublished":"2025-12-01T23:59:00-05:00"}]}</script>"#,
        "",
    );
    assert_eq!(published(&graph), date(2025, 12, 1));
    let array = page(
        r#"<script type="application/ld+json">[{"@type":"BreadcrumbList"},{"@type":"NewsArticle","datePublished":"2024-02-29"}]</script>"#,
        "",
    );
    assert_eq!(published(&array), date(2024, 2, 29));
}

#[test]
fn json_ld_broken_falls_through_to_meta() {
    let html = page(
        r#"<script type="application/ld+json">{"datePublished": oops</script>
           <meta property="article:published_time" content="2025-06-07T08:00:00+01:00">"#,
        "",
    );
    assert_eq!(published(&html), date(2025, 6, 7));
}

#[test]
fn each_meta_name() {
    let cases = [
        (
            r#"<meta property="article:published_time" content="2025-01-02T03:04:05Z">"#,
            date(2025, 1, 2),
        ),
        (
            r#"<meta property="og:published_time" content="2025-01-03">"#,
            date(2025, 1, 3),
        ),
        (
            r#"<meta name="pubdate" content="2025-01-04T10:00">"#,
            date(2025, 1, 4),
        ),
        (
            r#"<meta name="publishdate" content="2025/01/05">"#,
            date(2025, 1, 5),
        ),
        (
            r#"<meta name="date" content="2025-01-06">"#,
            date(2025, 1, 6),
        ),
        (
            r#"<meta name="dc.date" content="2025-01-07">"#,
            date(2025, 1, 7),
        ),
        (
            r#"<meta name="DC.date.issued" content="2025-01-08">"#,
            date(2025, 1, 8),
        ),
        (
            r#"<meta name="sailthru.date" content="Thu, 09 Jan 2025 12:00:00 +0000">"#,
            date(2025, 1, 9),
        ),
        (
            r#"<meta name="parsely-pub-date" content="2025-01-10T00:00:00Z">"#,
            date(2025, 1, 10),
        ),
        (
            r#"<meta itemprop="datePublished" content="2025-01-11">"#,
            date(2025, 1, 11),
        ),
        (
            r#"<meta name="publish-date" content="20250112">"#,
            date(2025, 1, 12),
        ),
    ];
    for (head, want) in cases {
        assert_eq!(published(&page(head, "")), want, "{head}");
    }
}

#[test]
fn itemprop_on_body_elements() {
    let html = page(
        "",
        r#"<span itemprop="datePublished" content="2025-03-04">4 March</span>"#,
    );
    assert_eq!(published(&html), date(2025, 3, 4));
}

#[test]
fn time_datetime_in_article_header_beats_other_times() {
    let html = page(
        "",
        r#"<div class="ticker"><time datetime="2030-01-01">ticker</time></div>
           <article><header><h1>Silver slides</h1><time datetime="2025-04-05T06:07:08+09:00">5 April</time></header></article>"#,
    );
    assert_eq!(published(&html), date(2025, 4, 5));
    let pubdate = page("", r#"<time pubdate datetime="2025-04-06">x</time>"#);
    assert_eq!(published(&pubdate), date(2025, 4, 6));
}

#[test]
fn strongest_source_wins() {
    let html = page(
        r#"<meta name="date" content="2020-01-01">
           <script type="application/ld+json">{"datePublished":"2025-05-05"}</script>"#,
        r#"<article><time datetime="2019-09-09">x</time></article>"#,
    );
    assert_eq!(published(&html), date(2025, 5, 5));
}

#[test]
fn unparseable_or_missing_dates_are_none() {
    assert_eq!(
        published(&page(r#"<meta name="date" content="last Tuesday">"#, "")),
        None
    );
    assert_eq!(
        published(&page(r#"<meta name="date" content="2025-13-45">"#, "")),
        None
    );
    assert_eq!(published(&page("", "")), None);
}

#[test]
fn written_dates_in_meta_and_json_ld() {
    let meta = page(
        r#"<meta property="article:published_time" content="November 19, 2025, 07:47 PM EST">"#,
        "",
    );
    assert_eq!(published(&meta), date(2025, 11, 19));
    let ld = page(
        r#"<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"01:38:07 PM IST Nov 20, 2025"}</script>"#,
        "",
    );
    assert_eq!(published(&ld), date(2025, 11, 20));
}

#[test]
fn invalid_json_ld_is_scanned_for_the_key() {
    // A trailing comma makes this invalid JSON; the date is still there.
    let html = page(
        r#"<script type="application/ld+json">{"@type":"NewsArticle", "datePublished" : "2025-07-08T09:10:11Z", }</script>"#,
        "",
    );
    assert_eq!(published(&html), date(2025, 7, 8));
}

#[test]
fn each_json_ld_script_is_read_on_its_own() {
    let html = page(
        r#"<script type="application/ld+json">{"@type":"WebSite", "name": broken</script>
           <script type="application/ld+json">{"@type":"Article","datePublished":"2025-08-09"}</script>"#,
        "",
    );
    assert_eq!(published(&html), date(2025, 8, 9));
}

#[test]
fn placeholder_dates_are_skipped_for_the_next_source() {
    let html = page(
        r#"<script type="application/ld+json">{"datePublished":"0001-01-01T00:00:00Z"}</script>
           <meta name="pubdate" content="2025-09-10">"#,
        "",
    );
    assert_eq!(published(&html), date(2025, 9, 10));
}

#[test]
fn itemprop_token_lists_and_unlisted_date_meta_names() {
    let tokens = page(
        r#"<meta property="article:published" itemprop="datePublished dateCreated" content="2025-10-11T00:00:00Z">"#,
        "",
    );
    assert_eq!(published(&tokens), date(2025, 10, 11));
    let span = page(
        "",
        r#"<span itemprop="dateCreated datePublished" content="2025-10-12">x</span>"#,
    );
    assert_eq!(published(&span), date(2025, 10, 12));
    let custom = page(r#"<meta name="sn-post-date" content="2025/10/13">"#, "");
    assert_eq!(published(&custom), date(2025, 10, 13));
    let modified_only = page(
        r#"<meta name="last-modified-date" content="2025-10-14">"#,
        "",
    );
    assert_eq!(published(&modified_only), None);
}

#[test]
fn unix_timestamps() {
    let secs = page(r#"<meta name="publish_date" content="1760000000">"#, "");
    assert_eq!(published(&secs), date(2025, 10, 9));
    let millis = page(r#"<meta name="publish_date" content="1760000000000">"#, "");
    assert_eq!(published(&millis), date(2025, 10, 9));
}

#[test]
fn the_article_object_wins_over_listed_items() {
    let html = page(
        r#"<script type="application/ld+json">{"@graph":[
            {"@type":"ItemList","itemListElement":[{"@type":"ListItem","datePublished":"2024-12-31"}]},
            {"@type":["NewsArticle"],"datePublished":"2025-02-03T04:05:06Z"}]}</script>"#,
        "",
    );
    assert_eq!(published(&html), date(2025, 2, 3));
    let created = page(
        r#"<script type="application/ld+json">{"@type":"WebPage","dateCreated":"2025-02-04"}</script>"#,
        "",
    );
    assert_eq!(published(&created), date(2025, 2, 4));
}
