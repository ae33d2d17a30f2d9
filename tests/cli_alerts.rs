//! The alert commands as a user meets them: `alerts list|test`, `replay`,
//! `quarantine`, `outbox`, `subscribers topics`, and rule errors at load.

#[path = "fixtures/store/support.rs"]
mod support;

use std::path::Path;
use std::process::{Command, Output};

use orewatch::config::Config;
use orewatch::store::Store;
use support::*;

const CONFIG: &str = r#"
data_dir = "data"
[[alerts.rule]]
name = "copper-13000"
kind = "level"
commodity = "copper"
level = 13000
band = 100
[[alerts.rule]]
name = "gs"
kind = "forecast"
institutions = ["高盛"]
[[subscribers]]
email = "reader@example.test"
"#;

fn orewatch(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let o: Output = Command::new(env!("CARGO_BIN_EXE_orewatch"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run orewatch");
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// A data directory with copper 12,900 -> 13,100 -> 1,310 (a typo) stored.
fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("config.toml"), CONFIG).unwrap();
    let cfg = Config::load(&dir.path().join("config.toml")).unwrap();
    let mut store = Store::open(&cfg.db_path()).unwrap();
    let src = store.upsert_source("wire", "https://wire.test/").unwrap();
    store
        .seed_subscribers(&orewatch::pipeline::initial_subscribers(&cfg))
        .unwrap();
    for (i, v) in [12_900.0, 13_100.0, 1_310.0].into_iter().enumerate() {
        let mut a = article(
            src,
            &format!("https://wire.test/{i}"),
            Some(day(2026, 11, 10 + i as u32)),
            vec![price("copper", v, "USD", "t")],
            "h",
        );
        a.fetched_at += chrono::Duration::hours(i as i64);
        store.ingest(&a, &cfg.alert_rules(), &ctx()).unwrap();
    }
    dir
}

#[test]
fn alerts_list_test_and_replay() {
    let dir = setup();
    let (code, out, err) = orewatch(dir.path(), &["alerts", "list"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("copper-13000\tlevel\tarmed\t13,100"), "{out}");
    assert!(out.contains("gs\tforecast\tarmed\t-\t-"), "{out}");

    let (code, out, _) = orewatch(dir.path(), &["alerts", "test", "copper-13000"]);
    assert_eq!(code, 0);
    assert!(out.contains("would send nothing now"), "{out}");
    let (code, _, err) = orewatch(dir.path(), &["alerts", "test", "nope"]);
    assert_eq!(code, 2);
    assert!(err.contains("copper-13000, gs"), "{err}");

    let (code, out, _) = orewatch(dir.path(), &["replay", "--from", "2026-11-01"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("2026-11-11\tcopper-13000\tcopper crossed above 13,000 USD/t"),
        "{out}"
    );
    assert!(out.contains("1 alert(s) would have been sent"), "{out}");
    let (_, out, _) = orewatch(
        dir.path(),
        &["replay", "--from", "2026-11-12", "--rule", "copper-13000"],
    );
    assert!(out.contains("0 alert(s)"), "{out}");

    let (code, out, _) = orewatch(dir.path(), &["outbox", "--pending"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("reader@example.test\t[orewatch] copper crossed above"),
        "{out}"
    );
    assert!(out.contains("1 of 1 message(s)"), "{out}");
    let (_, out, _) = orewatch(dir.path(), &["outbox", "--failed"]);
    assert!(out.contains("0 of 1"), "{out}");
}

#[test]
fn quarantine_and_topics_commands() {
    let dir = setup();
    let (code, out, _) = orewatch(dir.path(), &["quarantine"]);
    assert_eq!(code, 0);
    let line = out.lines().next().unwrap();
    assert!(
        line.starts_with("1\tpending\t2026-11-12\t") && line.contains("90% away"),
        "{out}"
    );
    let (code, out, _) = orewatch(dir.path(), &["quarantine", "reject", "1"]);
    assert_eq!((code, out.trim()), (0, "rejected 1"));
    let (code, _, err) = orewatch(dir.path(), &["quarantine", "accept", "1"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("no pending quarantined observation 1"),
        "{err}"
    );
    let (_, out, _) = orewatch(dir.path(), &["quarantine", "list", "--all"]);
    assert!(out.contains("1\trejected"), "{out}");

    let (code, out, _) = orewatch(
        dir.path(),
        &["subscribers", "topics", "reader@example.test", "copper"],
    );
    assert_eq!(
        (code, out.trim()),
        (0, "reader@example.test: topics copper")
    );
    let (code, _, _) = orewatch(dir.path(), &["subscribers", "topics", "x@example.test"]);
    assert_eq!(code, 1);
}

#[test]
fn bad_rules_name_the_key_and_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    let check = |text: &str| {
        std::fs::write(dir.path().join("config.toml"), text).unwrap();
        let (code, _, err) = orewatch(dir.path(), &["check-config"]);
        assert_eq!(code, 3, "{err}");
        err
    };
    let err = check("[[alerts.rule]]\nname = \"a\"\nkind = \"level\"\ncommodity = \"copper\"\n");
    assert!(
        err.contains("alerts.rule[0].level") && err.contains("level = 13000"),
        "{err}"
    );
    let err = check("[[alerts.rule]]\nname = \"a\"\nkind = \"forecast\"\nband = 5\n");
    assert!(
        err.contains("alerts.rule[0].band")
            && err.contains("not used by a rule of kind \"forecast\""),
        "{err}"
    );
    let err = check(
        "[[alerts.rule]]\nname = \"a\"\nkind = \"pct_move\"\ncommodity = \"gold\"\npct = 5\nbaseline = \"close\"\n",
    );
    assert!(err.contains("alerts.rule[0].days"), "{err}");
    let err = check(
        "[[alerts.rule]]\nname = \"a\"\nkind = \"market_move\"\npct = 3\nindices = []\n[[alerts.rule]]\nname = \"a\"\nkind = \"forecast\"\n",
    );
    assert!(
        err.contains("alerts.rule[1].name") && err.contains("used by another rule"),
        "{err}"
    );
    let err = check("[[alerts.rule]]\nname = \"a\"\nkind = \"sometimes\"\n");
    assert!(
        err.contains("\"level\", \"pct_move\", \"forecast\" or \"market_move\""),
        "{err}"
    );
    let err = check("[alerts.gate]\nmax_jump_pct = 0\n");
    assert!(err.contains("alerts.gate.max_jump_pct"), "{err}");
}

#[test]
fn forecast_institutions_are_resolved_at_load() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("config.toml"), CONFIG).unwrap();
    let cfg = Config::load(&dir.path().join("config.toml")).unwrap();
    let rule = cfg.alert_rules().rule("gs").cloned().unwrap();
    let orewatch::alerts::RuleKind::Forecast(f) = rule.kind else {
        panic!("forecast rule");
    };
    assert_eq!(f.institutions, ["Goldman Sachs"]);
}
