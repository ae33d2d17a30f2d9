//! Property tests: the extractor never panics, whatever the input, and what
//! it returns is well-formed (finite numbers, known kinds, sentences from the text).

use orewatch::extract::{
    ExtractOptions, FactKind, Lexicon, SECTOR_IDS, dates::find_date, extract_facts, sectors,
};
use proptest::prelude::*;

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 1, 12).expect("valid date")
}

/// Fragments that exercise the grammar when glued together at random.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("$".to_string()),
        Just("US$".to_string()),
        Just("HK$".to_string()),
        Just("万元/吨".to_string()),
        Just("美元/盎司".to_string()),
        Just(" cents a lb".to_string()),
        Just(" dlrs an ounce".to_string()),
        Just(" per tonne".to_string()),
        Just("/oz".to_string()),
        Just("%".to_string()),
        Just(" points, or ".to_string()),
        Just(" rose ".to_string()),
        Just(" fell nearly ".to_string()),
        Just("涨超".to_string()),
        Just("跌近".to_string()),
        Just("恒生指数收涨".to_string()),
        Just("Hang Seng Index closed up ".to_string()),
        Just("Goldman Sachs raised its copper forecast for the first half of ".to_string()),
        Just(" from ".to_string()),
        Just(" to ".to_string()),
        Just("Zijin Mining (02899)".to_string()),
        Just(", and ".to_string()),
        Just("–".to_string()),
        Just("/".to_string()),
        Just("(0358.HK)".to_string()),
        Just("metals stocks led gains".to_string()),
        Just("the stock".to_string()),
        Just("Sep 01".to_string()),
        Just("01-12".to_string()),
        Just("last Friday".to_string()),
        Just("2026年1月8日".to_string()),
        Just("(USD/t):\n".to_string()),
        Just(". ".to_string()),
        Just("\n\n".to_string()),
        "[0-9]{1,25}".prop_map(|s| s),
        "[0-9]{1,3}(,[0-9]{3}){0,6}(\\.[0-9]{1,4})?".prop_map(|s| s),
        "[0-9]{1,20}\\.[0-9]{1,20}".prop_map(|s| s),
        "\\PC{0,12}".prop_map(|s| s),
        "[A-Za-z &'.,;:()-]{0,15}".prop_map(|s| s),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..40).prop_map(|v| v.concat())
}

fn check(title: Option<&str>, body: &str) {
    let lx = Lexicon::builtin();
    let opts = ExtractOptions {
        today: today(),
        lexicon: &lx,
    };
    let facts = extract_facts(title, body, &opts);
    for f in &facts {
        let nums: Vec<f64> = match &f.kind {
            FactKind::Price(p) => vec![p.value],
            FactKind::Forecast(p) => vec![p.value],
            FactKind::IndexMove(m) => vec![m.change_pct],
            FactKind::StockMove(m) => vec![m.change_pct],
            FactKind::SectorMove(m) => m.change_pct.into_iter().collect(),
        };
        assert!(
            nums.iter().all(|n| n.is_finite()),
            "non-finite figure in {f:?}"
        );
        if let FactKind::SectorMove(m) = &f.kind {
            assert!(
                SECTOR_IDS.contains(&m.sector.as_str()),
                "unknown sector {}",
                m.sector
            );
        }
        serde_json::to_string(f).expect("fact serializes");
    }
    for s in sectors(title, body, &facts, &lx) {
        assert!(SECTOR_IDS.contains(&s.as_str()), "unknown sector {s}");
    }
    let _ = find_date(body, today());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_unicode_never_panics(body in "\\PC{0,300}", title in proptest::option::of("\\PC{0,60}")) {
        check(title.as_deref(), &body);
    }

    #[test]
    fn grammar_fragments_never_panic(body in text(), title in proptest::option::of(text())) {
        check(title.as_deref(), &body);
    }

    #[test]
    fn any_bytes_as_lossy_text_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        check(None, &String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn dates_never_panic(s in "[0-9A-Za-z年月日 :./-]{0,40}", y in 1i32..9999, m in 1u32..13, d in 1u32..29) {
        if let Some(today) = chrono::NaiveDate::from_ymd_opt(y, m, d) {
            let _ = find_date(&s, today);
        }
    }
}

/// Inputs the fuzzer found crashing once, kept as regressions.
#[test]
fn fuzz_regressions_do_not_panic() {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/extract/regressions");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).expect("regressions dir") {
        let bytes = std::fs::read(entry.expect("entry").path()).expect("readable");
        let text = String::from_utf8_lossy(&bytes);
        let (title, body) = match text.split_once('\n') {
            Some((t, b)) => (Some(t), b),
            None => (None, text.as_ref()),
        };
        check(title, body);
        n += 1;
    }
    assert!(n >= 1, "no regression inputs found");
}

#[test]
fn huge_numbers_glued_to_units() {
    let big = "9".repeat(400);
    let body = format!(
        "Copper rose {big}% to ${big}.{big} per tonne; 恒生指数收涨{big}%，报{big}点。 Gold {big}万元/吨 {big}/{big} dlrs an ounce"
    );
    check(Some(&body), &body);
}

#[test]
fn year_boundaries_do_not_panic() {
    let lx = Lexicon::builtin();
    for today in [chrono::NaiveDate::MIN, chrono::NaiveDate::MAX] {
        let opts = ExtractOptions {
            today,
            lexicon: &lx,
        };
        let _ = extract_facts(
            Some("Dec 31"),
            "Goldman Sachs raised its copper forecast for next year to $12,000 a tonne on Feb 29 and last Friday.",
            &opts,
        );
        let _ = find_date("Feb 29 last Monday 12-31", today);
    }
}
