//! Fuzz the extractor: any bytes, read as (lossy) UTF-8, split into a title
//! line and a body, must extract without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;
use orewatch::extract::{ExtractOptions, Lexicon, dates, extract_facts, sectors};
use std::sync::OnceLock;

static LEXICON: OnceLock<Lexicon> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let lx = LEXICON.get_or_init(Lexicon::builtin);
    let text = String::from_utf8_lossy(data);
    let (title, body) = match text.split_once('\n') {
        Some((t, b)) => (Some(t), b),
        None => (None, text.as_ref()),
    };
    let today = chrono::NaiveDate::from_ymd_opt(2026, 1, 12).expect("valid date");
    let opts = ExtractOptions { today, lexicon: lx };
    let facts = extract_facts(title, body, &opts);
    let _ = sectors(title, body, &facts, lx);
    let _ = dates::find_date(body, today);
});
