//! Rendering time of the briefing of the bundled sample day (the sample site,
//! fetched once from a local server): the whole render (page, mail HTML with
//! CSS inlined, text, charts), and its parts. `cargo bench --bench report`.

#[path = "../tests/common/mod.rs"]
mod common;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use orewatch::config::Config;
use orewatch::pipeline::{self, App};
use orewatch::report::{ReportContext, chart, inline_css, render_briefing};
use orewatch::store::BriefingData;

fn sample_day() -> BriefingData {
    let dir = tempfile::tempdir().expect("tempdir");
    let server = common::StaticServer::start(&common::chart_site(dir.path()));
    let cfg = common::write_config(dir.path(), &format!("{}/index.html", server.base), "");
    let app = App::open(Config::load(&cfg).expect("config")).expect("open");
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let done = rt.block_on(pipeline::run_once(&app)).expect("cycle");
    let store = app.store.lock().expect("store");
    store
        .briefing_data(done.briefing.day, app.cfg.tz)
        .expect("briefing data")
}

fn bench(c: &mut Criterion) {
    let data = sample_day();
    let ctx = ReportContext {
        timezone: "Asia/Hong_Kong".into(),
        generated_at: "2026-12-01 07:30 HKT".into(),
        previous_day: None,
        next_day: None,
        archive_url: Some("https://briefs.example/archive".into()),
    };
    let r = render_briefing(&data, &ctx).expect("render");
    eprintln!(
        "sample day: page {} B, mail HTML {} B (inlined), text {} B, {} chart(s), PNG {} B",
        r.html.len(),
        r.email_html.len(),
        r.text.len(),
        r.images.len(),
        r.images.iter().map(|i| i.png.len()).sum::<usize>()
    );
    c.bench_function("render_briefing (sample day)", |b| {
        b.iter(|| render_briefing(black_box(&data), &ctx).expect("render"))
    });
    let series = data.series.first().expect("a chart series");
    c.bench_function("chart::png (30 days)", |b| {
        b.iter(|| chart::png(black_box(series), "Copper").expect("png"))
    });
    c.bench_function("chart::svg (30 days)", |b| {
        b.iter(|| chart::svg(black_box(series), "Copper").expect("svg"))
    });
    c.bench_function("inline_css (mail HTML)", |b| {
        b.iter(|| inline_css(black_box(&r.html)).expect("inline"))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
