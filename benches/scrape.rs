//! Scrape throughput over the test fixtures, and the analysis time of hostile pages at the
//! 5 MiB fetch cap: `cargo bench --bench scrape` (`-- hostile` for those alone, `-- feed` for
//! the 500-item RSS feed, `-- robots` for one robots.txt check).

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use orewatch::analyze::{PageInfo, analyze};
use orewatch::extract::Lexicon;
use orewatch::fetch::Robots;
use orewatch::scrape::feed::parse_feed;
use orewatch::scrape::{decode, listing_links, scrape_html, scrape_text};
use url::Url;

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/scrape/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {path}: {e}"))
}

/// The article fixture padded like a real page: inline scripts, styles and a long menu.
fn heavy_page() -> String {
    let article = fixture("article.html");
    let script = format!(
        "<script>var cfg = {{{}}};</script>",
        "\"k\":\"v\",".repeat(4000)
    );
    let style = format!("<style>{}</style>", ".a{color:red}\n".repeat(3000));
    let menu: String = (0..300)
        .map(|i| format!("<li class=\"menu-item\"><a href=\"/section/{i}\">Section {i}</a></li>"))
        .collect();
    article
        .replacen("</head>", &format!("{style}{script}</head>"), 1)
        .replacen("<main>", &format!("<nav><ul>{menu}</ul></nav><main>"), 1)
}

fn bench(c: &mut Criterion) {
    let base = Url::parse("https://ledger.example/metals/story").expect("valid base URL");
    let mut g = c.benchmark_group("scrape");
    for (name, html) in [
        ("article", fixture("article.html")),
        ("heavy_page", heavy_page()),
    ] {
        let bytes = html.as_bytes().to_vec();
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.bench_function(format!("decode+scrape_html/{name}"), |b| {
            b.iter(|| {
                let text = decode(black_box(&bytes), Some("text/html; charset=utf-8"));
                scrape_html(&text, Some(&base), None)
            })
        });
    }
    let listing = fixture("listing.html");
    let sel = scraper::Selector::parse("ul.stories a").expect("valid selector");
    g.throughput(Throughput::Bytes(listing.len() as u64));
    g.bench_function("listing_links", |b| {
        b.iter(|| listing_links(black_box(&listing), &base, &sel))
    });
    let text = "Gold climbs\n\nMetals Wire\nMar 03\n\n".to_string()
        + &"Gold rose for a third day as the dollar eased and buyers returned.\n\n".repeat(40)
        + "Disclaimer: Not advice.\n\nComments\n\nBe the first";
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("scrape_text", |b| b.iter(|| scrape_text(black_box(&text))));
    g.finish();
}

/// The fetcher's default size cap.
const CAP: usize = 5 * 1024 * 1024;

/// `unit` repeated to fill the cap, after a short article head.
fn fill(unit: &str) -> String {
    let head = "<html><head><title>Hostile</title></head><body><article><p>Copper rose 2.5% to \
        $9,800 a tonne on Tuesday, traders said.</p>";
    let mut page = String::with_capacity(CAP);
    page.push_str(head);
    while page.len() + unit.len() <= CAP {
        page.push_str(unit);
    }
    page
}

/// Pages within the cap built to make a parser work hard.
fn hostile_pages() -> Vec<(&'static str, String)> {
    let attrs: String = (0..200).map(|i| format!(" data-a{i}=\"v{i}\"")).collect();
    vec![
        ("nested_div", fill("<div>")),
        ("unclosed_div_span_b", fill("<div><span><b>")),
        ("nested_ul_li", fill("<ul><li>")),
        ("nested_table", fill("<table><tr><td>")),
        ("unclosed_b_with_attrs", fill("<b class=\"x\" id=\"y\">")),
        ("many_attributes", fill(&format!("<p{attrs}>Zinc.</p>"))),
        ("siblings_p", fill("<p>x</p>")),
        ("misnested_inline", fill("<b><i></b></i><a href=x><p></a>")),
        (
            "text_only_tags",
            fill("<span>gold prices rose 1% today</span>"),
        ),
    ]
}

/// Full analysis (decode, scrape, extract) of each hostile page.
fn hostile(c: &mut Criterion) {
    let lexicon = Lexicon::builtin();
    let today = NaiveDate::from_ymd_opt(2026, 1, 12).expect("valid date");
    let mut g = c.benchmark_group("hostile");
    g.sample_size(10);
    for (name, html) in hostile_pages() {
        let bytes = html.into_bytes();
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.bench_function(format!("analyze/{name}"), |b| {
            b.iter(|| analyze(black_box(&bytes), PageInfo::default(), today, &lexicon))
        });
    }
    g.finish();
}

/// A 500-item RSS 2.0 feed (~280 KB): titles with entities, links, dates, descriptions.
fn rss_500() -> String {
    let mut doc = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel><title>Metals desk</title>\
         <link>https://news.example.com/</link>\n",
    );
    for i in 0..500 {
        doc.push_str(&format!(
            "<item><title>Copper &amp; zinc move {i}: miners&#8217; outlook</title>\
             <link>https://news.example.com/markets/{i}-copper-zinc</link>\
             <guid isPermaLink=\"false\">tag:news.example.com,2026:{i}</guid>\
             <pubDate>Fri, 20 Nov 2026 09:{:02}:00 +0000</pubDate>\
             <description><![CDATA[<p>Copper rose {i}% to $9,800 a tonne as stocks at \
             exchange warehouses fell for a third week; zinc followed, traders said, while \
             nickel held near its lows on supply from Indonesia.</p>]]></description>\
             <category>Base metals</category></item>\n",
            i % 60
        ));
    }
    doc.push_str("</channel></rss>\n");
    doc
}

/// Feed parsing of a 500-item RSS.
fn feed(c: &mut Criterion) {
    let base = Url::parse("https://news.example.com/feed.xml").expect("valid base URL");
    let doc = rss_500().into_bytes();
    let mut g = c.benchmark_group("feed");
    g.throughput(Throughput::Bytes(doc.len() as u64));
    g.bench_function("parse_feed/rss_500", |b| {
        b.iter(|| {
            let items = parse_feed(black_box(&doc), &base).expect("valid feed");
            assert_eq!(items.len(), 500);
            items
        })
    });
    g.finish();
}

/// A robots.txt of `groups` groups of 20 rules each, ours in the middle.
fn robots_txt(groups: usize) -> String {
    let mut txt = String::new();
    for g in 0..groups {
        let agent = if g == groups / 2 {
            "orewatch"
        } else {
            "otherbot"
        };
        txt.push_str(&format!("User-agent: {agent}{g}\nCrawl-delay: 1\n"));
        if agent == "orewatch" {
            txt.push_str("User-agent: orewatch\n");
        }
        for r in 0..20 {
            txt.push_str(&format!(
                "Disallow: /section{g}/private{r}/*.pdf$\nAllow: /section{g}/open{r}/\n"
            ));
        }
        txt.push('\n');
    }
    txt
}

/// One robots.txt decision (the parser reads the whole file for each) and one parse.
fn robots(c: &mut Criterion) {
    let mut g = c.benchmark_group("robots");
    for groups in [1, 160] {
        let txt = robots_txt(groups);
        let name = format!("{}KB", txt.len() / 1000);
        let parsed = Robots::parse(&txt, "orewatch");
        g.bench_function(format!("is_allowed/{name}"), |b| {
            b.iter(|| parsed.is_allowed(black_box("/section0/open3/report.html?id=7")))
        });
        g.bench_function(format!("parse/{name}"), |b| {
            b.iter(|| Robots::parse(black_box(&txt), "orewatch"))
        });
    }
    g.finish();
}

criterion_group!(benches, bench, hostile, feed, robots);
criterion_main!(benches);
