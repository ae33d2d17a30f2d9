//! Instructions per byte of `extract_facts`, for callgrind: the criterion
//! bench's fixture pages, read once to warm every lazy table, then `passes`
//! times inside `measured` (one thread, so the count is deterministic).
//! Run: `cargo build --release --example extract_instr && valgrind --tool=callgrind
//! --toggle-collect='extract_instr::measured' target/release/examples/extract_instr 4`,
//! then divide the collected instructions by 4 and by the bytes it prints.
//! Files named after the pass count replace the fixture set (to compare builds
//! on the same pages).

use std::hint::black_box;
use std::path::{Path, PathBuf};

use orewatch::extract::{ExtractOptions, Lexicon, extract_facts};

type Doc = (Option<String>, String);

/// The files named after the pass count, else every fixture page.
fn fixtures() -> Vec<Doc> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/extract");
    let named: Vec<PathBuf> = std::env::args().skip(2).map(PathBuf::from).collect();
    let mut files: Vec<_> = if named.is_empty() {
        std::fs::read_dir(&dir)
            .expect("fixture dir")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect()
    } else {
        named
    };
    files.sort();
    files
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).expect("fixture text");
            let mut lines = text.lines();
            let title = lines
                .by_ref()
                .find(|l| !l.trim().is_empty())
                .map(str::to_string);
            (title, lines.collect::<Vec<_>>().join("\n"))
        })
        .collect()
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
