//! Throughput of `extract_facts` on article text: the extractor's own
//! fixtures (fact-dense: nearly every sentence has a figure, its slow case)
//! and the bundled sample site's articles as the scraper hands them over
//! (news prose, where many sentences hold no figure).
//! Run: `cargo bench --bench extract`; criterion reports the throughput per iteration.

use std::hint::black_box;
use std::path::Path;

#[path = "support/pages.rs"]
mod pages;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use orewatch::extract::{ExtractOptions, Lexicon, LexiconExtension, extract_facts, sectors};

fn articles() -> Vec<(Option<String>, String)> {
    pages::pages(&pages::fixture_files())
}

/// Title and body of each sample-site article, scraped once (not timed).
fn sample_articles() -> Vec<(Option<String>, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/site/news");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("sample site")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| {
            let html = orewatch::scrape::decode(&std::fs::read(p).expect("page"), None);
            let page = orewatch::scrape::scrape_html(&html, None, None);
            (page.title, page.body)
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let lx = Lexicon::builtin();
    let opts = ExtractOptions {
        today: chrono::NaiveDate::from_ymd_opt(2026, 1, 12).expect("valid date"),
        lexicon: &lx,
    };
    let docs = articles();
    let bytes: usize = docs
        .iter()
        .map(|(t, b)| t.as_ref().map_or(0, String::len) + b.len())
        .sum();
    let mut g = c.benchmark_group("extract");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("extract_facts/fixtures", |b| {
        b.iter(|| {
            for (t, body) in &docs {
                black_box(extract_facts(t.as_deref(), black_box(body), &opts));
            }
        })
    });
    g.bench_function("extract_facts+sectors/fixtures", |b| {
        b.iter(|| {
            for (t, body) in &docs {
                let facts = extract_facts(t.as_deref(), black_box(body), &opts);
                black_box(sectors(t.as_deref(), body, &facts, &lx));
            }
        })
    });
    g.finish();
    let samples = sample_articles();
    let sample_bytes: usize = samples
        .iter()
        .map(|(t, b)| t.as_ref().map_or(0, String::len) + b.len())
        .sum();
    let mut g = c.benchmark_group("extract");
    g.throughput(Throughput::Bytes(sample_bytes as u64));
    g.bench_function("extract_facts/sample_articles", |b| {
        b.iter(|| {
            for (t, body) in &samples {
                black_box(extract_facts(t.as_deref(), black_box(body), &opts));
            }
        })
    });
    g.finish();
    c.bench_function("lexicon/builtin", |b| {
        b.iter(|| black_box(Lexicon::builtin()))
    });
    // A large [lexicon] table: loading must stay linear (it was quadratic: 50k took 10 s).
    let mut g = c.benchmark_group("lexicon");
    g.sample_size(10);
    for n in [10_000usize, 50_000] {
        let ext = LexiconExtension {
            institutions: (0..n).map(|i| format!("Bank of Research {i}")).collect(),
            ..LexiconExtension::default()
        };
        g.bench_function(format!("extended/{n}_institutions"), |b| {
            b.iter(|| black_box(Lexicon::extended(&ext).expect("valid extension")))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
