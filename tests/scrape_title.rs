//! scrape_html: title and dateline.

use orewatch::scrape::scrape_html;

#[path = "fixtures/scrape/support.rs"]
mod support;
use support::{base, fixture};

#[test]
fn title_from_og_with_site_name_stripped() {
    let page = scrape_html(&fixture("article.html"), Some(&base()), None);
    assert_eq!(
        page.title.as_deref(),
        Some("Copper climbs as smelters cut output")
    );
}

#[test]
fn title_sources_in_order() {
    let twitter = r#"<html><head><title>Fallback | Site</title>
        <meta name="twitter:title" content="Nickel jumps on export ban - Ore Daily"></head>
        <body><h1>Heading text</h1></body></html>"#;
    let page = scrape_html(twitter, None, None);
    assert_eq!(page.title.as_deref(), Some("Nickel jumps on export ban"));

    let h1 = r#"<html><head><title>Fallback | Site</title></head>
        <body><h1>  Zinc   rallies on closures </h1></body></html>"#;
    assert_eq!(
        scrape_html(h1, None, None).title.as_deref(),
        Some("Zinc rallies on closures")
    );

    let title_only = "<html><head><title>Reuters | Gold steadies before the Fed decision</title></head><body></body></html>";
    assert_eq!(
        scrape_html(title_only, None, None).title.as_deref(),
        Some("Gold steadies before the Fed decision")
    );

    let none = "<html><body><p>no title here</p></body></html>";
    assert_eq!(scrape_html(none, None, None).title, None);
}

#[test]
fn title_keeps_dashes_inside_the_headline() {
    let html = r#"<html><head><meta property="og:title" content="Gold - and silver - rise as the dollar eases"></head><body></body></html>"#;
    assert_eq!(
        scrape_html(html, None, None).title.as_deref(),
        Some("Gold - and silver - rise as the dollar eases")
    );
}

#[test]
fn dateline_carries_byline_and_time_text() {
    let page = scrape_html(&fixture("article.html"), Some(&base()), None);
    assert!(
        page.dateline.contains("January 14, 2026"),
        "{:?}",
        page.dateline
    );
    assert!(
        page.dateline.contains("By Ada Quill"),
        "{:?}",
        page.dateline
    );
    assert!(page.dateline.len() < 1000);
}

#[test]
fn logo_h1_is_not_the_title() {
    let html = r#"<html><head><title>Cobalt output falls in Congo as exports stall - Ore Weekly</title></head>
        <body><h1 id="site-title"><a href="/">Ore Weekly</a></h1>
        <p>Cobalt output fell in the third quarter, the mining ministry said on Monday, citing delays.</p></body></html>"#;
    let page = scrape_html(html, None, None);
    assert_eq!(
        page.title.as_deref(),
        Some("Cobalt output falls in Congo as exports stall")
    );
}

#[test]
fn dateline_puts_what_follows_the_title_first() {
    let html = r#"<html><body>
        <div class="ticker"><span class="date">Monday 10:00PM</span> <a href="/x">Other story</a></div>
        <article><h1>Zinc output cut at Arctic mine</h1>
        <div class="byline">By Pat Lee</div><span class="date">November 19, 2025 at 9:45 am</span>
        <p>The operator of an Arctic zinc mine cut its output forecast on Tuesday after a fire at the mill.</p></article>
        </body></html>"#;
    let page = scrape_html(html, None, None);
    assert!(
        page.dateline.starts_with("By Pat Lee"),
        "{:?}",
        page.dateline
    );
    let near = page
        .dateline
        .find("November 19, 2025")
        .expect("article date in dateline");
    let ticker = page
        .dateline
        .find("Monday 10:00PM")
        .expect("earlier dates kept after");
    assert!(near < ticker, "{:?}", page.dateline);
}

#[test]
fn lower_case_tails_are_part_of_the_headline() {
    let html = "<html><head><title>Copper outlook - what to expect in 2026</title></head><body></body></html>";
    assert_eq!(
        scrape_html(html, None, None).title.as_deref(),
        Some("Copper outlook - what to expect in 2026")
    );
    let html = "<html><head><title>Copper outlook for 2026 | mining.example.com</title></head><body></body></html>";
    assert_eq!(
        scrape_html(html, None, None).title.as_deref(),
        Some("Copper outlook for 2026")
    );
}

#[test]
fn site_names_after_chinese_headlines() {
    let html = "<html><head><title>港股收评：恒指收涨 有色金属股走强 - 财经日报</title></head><body></body></html>";
    assert_eq!(
        scrape_html(html, None, None).title.as_deref(),
        Some("港股收评：恒指收涨 有色金属股走强")
    );
}
