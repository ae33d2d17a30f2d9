//! Scrape throughput over the test fixtures: `cargo bench --bench scrape`.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
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

criterion_group!(benches, bench);
criterion_main!(benches);
