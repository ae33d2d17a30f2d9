//! Golden test: every tests/fixtures/extract/NAME.txt is extracted and compared
//! with NAME.json (`{"today": ..., "facts": [...]}`, facts without "sentence").
//! The fact lists must match exactly (order aside). `UPDATE_GOLDEN=1` rewrites
//! the JSON files from the current output (review the diff before committing).

use std::path::{Path, PathBuf};

use orewatch::extract::{ExtractOptions, Lexicon, extract_facts};
use serde_json::Value;

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/extract");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixture dir exists")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    v.sort();
    v
}

/// Round floats so that 0.665 and 0.6650000000000001 compare equal.
fn canon(v: &Value) -> Value {
    match v {
        Value::Number(n) => n
            .as_f64()
            .map(|f| {
                let r = (f * 1e6).round() / 1e6;
                serde_json::Number::from_f64(r).map_or(Value::Null, Value::Number)
            })
            .unwrap_or(Value::Null),
        Value::Array(a) => Value::Array(a.iter().map(canon).collect()),
        Value::Object(o) => Value::Object(
            o.iter()
                .filter(|(k, _)| k.as_str() != "sentence")
                .map(|(k, v)| (k.clone(), canon(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

fn split_page(text: &str) -> (Option<String>, String) {
    let mut lines = text.lines();
    let title = lines
        .by_ref()
        .find(|l| !l.trim().is_empty())
        .map(|l| l.trim().to_string());
    (title, lines.collect::<Vec<_>>().join("\n"))
}

#[test]
fn golden_fixtures() {
    let lx = Lexicon::builtin();
    let update = std::env::var("UPDATE_GOLDEN").is_ok_and(|v| v == "1");
    let files = fixtures();
    assert!(
        files.len() >= 8,
        "expected at least 8 fixtures, found {}",
        files.len()
    );
    let mut failures = Vec::new();
    for txt in files {
        let json_path = txt.with_extension("json");
        let text = std::fs::read_to_string(&txt).expect("fixture readable");
        let expected: Value = serde_json::from_str(
            &std::fs::read_to_string(&json_path).expect("expected JSON next to the fixture"),
        )
        .expect("expected JSON parses");
        let today = expected["today"]
            .as_str()
            .and_then(|s| s.parse().ok())
            .expect("\"today\" is a YYYY-MM-DD date");
        let (title, body) = split_page(&text);
        let opts = ExtractOptions {
            today,
            lexicon: &lx,
        };
        let facts = extract_facts(title.as_deref(), &body, &opts);
        let got: Vec<Value> = facts
            .iter()
            .map(|f| canon(&serde_json::to_value(f).expect("fact serializes")))
            .collect();
        if update {
            let doc = serde_json::json!({"today": expected["today"], "facts": got});
            let s = serde_json::to_string_pretty(&doc).expect("serializes");
            std::fs::write(&json_path, s + "\n").expect("fixture JSON writable");
            continue;
        }
        let want: Vec<Value> = expected["facts"]
            .as_array()
            .expect("\"facts\" is an array")
            .iter()
            .map(canon)
            .collect();
        let mut got_s: Vec<String> = got.iter().map(Value::to_string).collect();
        let mut want_s: Vec<String> = want.iter().map(Value::to_string).collect();
        got_s.sort();
        want_s.sort();
        if got_s != want_s {
            let missing: Vec<&String> = want_s.iter().filter(|w| !got_s.contains(w)).collect();
            let extra: Vec<&String> = got_s.iter().filter(|g| !want_s.contains(g)).collect();
            failures.push(format!(
                "{}:\n  missing: {missing:#?}\n  extra: {extra:#?}",
                txt.display()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "golden mismatches:\n{}",
        failures.join("\n")
    );
}
