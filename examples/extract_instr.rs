//! Instructions per byte of `extract_facts`, for callgrind: the criterion
//! bench's fixture pages, read once to warm every lazy table, then `passes`
//! times inside `measured` (one thread, so the count is deterministic).
//! Run: `cargo build --release --example extract_instr && valgrind --tool=callgrind
//! --toggle-collect='extract_instr::measured' target/release/examples/extract_instr 4`,
//! then divide the collected instructions by 4 and by the bytes it prints.
//! Files named after the pass count replace the fixture set (to compare builds
//! on the same pages).

use std::hint::black_box;
use std::path::PathBuf;

#[path = "../benches/support/pages.rs"]
mod pages;

use orewatch::extract::{ExtractOptions, Lexicon, extract_facts};

type Doc = (Option<String>, String);

/// The files named after the pass count, else every fixture page.
fn fixtures() -> Vec<Doc> {
    let mut named: Vec<PathBuf> = std::env::args().skip(2).map(PathBuf::from).collect();
    named.sort();
    if named.is_empty() {
        named = pages::fixture_files();
    }
    pages::pages(&named)
}

#[inline(never)]
fn measured(docs: &[Doc], opts: &ExtractOptions, passes: usize) -> usize {
    let mut n = 0;
    for _ in 0..passes {
        for (t, body) in docs {
            n += black_box(extract_facts(t.as_deref(), black_box(body), opts)).len();
        }
    }
    n
}

fn main() {
    let passes: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(4);
    let lx = Lexicon::builtin();
    let opts = ExtractOptions {
        today: chrono::NaiveDate::from_ymd_opt(2026, 1, 12).expect("valid date"),
        lexicon: &lx,
    };
    let docs = fixtures();
    let bytes: usize = docs
        .iter()
        .map(|(t, b)| t.as_ref().map_or(0, String::len) + b.len())
        .sum();
    let warm: usize = docs
        .iter()
        .map(|(t, body)| extract_facts(t.as_deref(), body, &opts).len())
        .sum();
    let facts = measured(&docs, &opts, passes);
    println!(
        "{} pages, {bytes} bytes, {warm} facts a pass, {facts} in {passes} passes",
        docs.len()
    );
}
