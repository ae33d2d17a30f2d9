//! The extractor's fixture pages as (title, body), shared by `benches/extract.rs`
//! and `examples/extract_instr.rs`: the first non-empty line is the title.

use std::path::{Path, PathBuf};

/// Every `tests/fixtures/extract/*.txt`, sorted.
pub fn fixture_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/extract");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixture dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
}

/// Title and body of each file.
pub fn pages(files: &[PathBuf]) -> Vec<(Option<String>, String)> {
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
