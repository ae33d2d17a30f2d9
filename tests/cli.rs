//! The command line as a user meets it: the shipped config, bad configs,
//! exit codes, `extract` over files and standard input, subscribers.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn orewatch(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_orewatch"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run orewatch")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn shipped_config_is_valid_and_described() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let o = orewatch(root, &["check-config"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("Asia/Hong_Kong"));
    assert!(out.contains("Metals Desk Daily (bundled sample)"));
    assert!(out.contains("samples/site/index.html"));
    assert!(out.contains("copper crosses 13000 USD/t"));
}

fn bad_config(text: &str) -> (i32, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("config.toml"), text).expect("write");
    let o = orewatch(dir.path(), &["check-config"]);
    (o.status.code().unwrap_or(-1), stderr(&o))
}

#[test]
fn bad_configs_name_the_file_the_key_and_the_fix() {
    let (code, err) = bad_config("timezone = \"Asia/Hong_Kong\"\ncolour = \"red\"\n");
    assert_eq!(code, 3);
    assert!(
        err.contains("config.toml") && err.contains("colour"),
        "{err}"
    );
    assert!(err.contains("unknown field"), "{err}");

    let (code, err) = bad_config("timezone = \"Hong Kong\"\n");
    assert_eq!(code, 3);
    assert!(
        err.contains("config.toml: key `timezone`") && err.contains("Asia/Hong_Kong"),
        "{err}"
    );

    let (code, err) = bad_config("[schedule]\nfetch = \"*/30 * * * *\"\n");
    assert_eq!(code, 3);
    assert!(
        err.contains("key `schedule.fetch`") && err.contains("6-field"),
        "{err}"
    );

    let (code, err) = bad_config("[[sources]]\nname = \"x\"\nurl = \"https://example.com/\"\n");
    assert_eq!(code, 3);
    assert!(err.contains("key `sources[0].link_selector`"), "{err}");

    let (code, err) = bad_config(
        "[[sources]]\nname = \"x\"\nurl = \"https://example.com/\"\nlink_selector = \"a[[\"\n",
    );
    assert_eq!(code, 3);
    assert!(
        err.contains("sources[0].link_selector") && err.contains("a[["),
        "{err}"
    );

    let (code, err) = bad_config(
        "[mail]\ntransport = \"smtp\"\n[mail.smtp]\nhost = \"smtp.example.com\"\ntls = \"none\"\n",
    );
    assert_eq!(code, 3);
    assert!(
        err.contains("mail.smtp.tls") && err.contains("localhost"),
        "{err}"
    );

    let (code, err) = bad_config("[[subscribers]]\nemail = \"not-an-address\"\n");
    assert_eq!(code, 3);
    assert!(err.contains("subscribers[0].email"), "{err}");

    let (code, err) = bad_config("[fetch]\nconnect_timeout_secs = 0\n");
    assert_eq!(code, 3);
    assert!(err.contains("key `fetch.connect_timeout_secs`"), "{err}");

    let (code, err) = bad_config("[[alerts.price]]\ncommodity = \"coper\"\nlevel = 13000\n");
    assert_eq!(code, 3);
    assert!(
        err.contains("alerts.price[0].commodity") && err.contains("copper, aluminum"),
        "{err}"
    );

    let (code, err) = bad_config(
        "[[alerts.price]]\ncommodity = \"gold\"\nlevel = 2600\nunit = \"furlong\"\ncurrency = \"dollars\"\n",
    );
    assert_eq!(code, 3);
    assert!(err.contains("alerts.price[0].currency"), "{err}");

    let (code, err) = bad_config("[mail]\narchive_url = \"javascript:alert(1)\"\n");
    assert_eq!(code, 3);
    assert!(err.contains("mail.archive_url"), "{err}");

    let (code, err) = bad_config("[schedule]\nbriefing = \"0 0 0 31 2 *\"\n");
    assert_eq!(code, 3);
    assert!(
        err.contains("schedule.briefing") && err.contains("never fires"),
        "{err}"
    );

    let (code, err) = bad_config(
        "[mail]\ntransport = \"smtp\"\n[mail.smtp]\nhost = \"smtp.example.com\"\nuser = \"desk\"\npassword_env = \"OREWATCH_TEST_UNSET_PASSWORD\"\n",
    );
    assert_eq!(code, 3);
    assert!(
        err.contains("mail.smtp.password_env") && err.contains("OREWATCH_TEST_UNSET_PASSWORD"),
        "{err}"
    );
}

#[test]
fn alert_rule_names_are_normalised_to_what_the_extractor_writes() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("config.toml"),
        "[[alerts.price]]\ncommodity = \"Aluminium\"\nlevel = 2500\nunit = \"tonne\"\ncurrency = \"usd\"\n",
    )
    .expect("write");
    let o = orewatch(dir.path(), &["check-config"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("aluminum crosses 2500 USD/t"));
}

#[test]
fn missing_config_and_bad_arguments_have_their_own_exit_codes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let o = orewatch(dir.path(), &["fetch"]);
    assert_eq!(o.status.code(), Some(3));
    assert!(stderr(&o).contains("config.toml"));
    assert_eq!(stderr(&o).lines().count(), 1, "one line: {}", stderr(&o));
    let o = orewatch(dir.path(), &["frobnicate"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn extract_prints_json_lines_and_reports_unreadable_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let page = dir.path().join("wire.txt");
    std::fs::write(
        &page,
        "Copper firms on supply worries\n\nLondon copper rose to $9,820 a tonne on the LME on Tuesday.\n",
    )
    .expect("write");
    let o = orewatch(
        dir.path(),
        &[
            "extract",
            "--today",
            "2026-03-04",
            "wire.txt",
            "missing.html",
        ],
    );
    assert_eq!(o.status.code(), Some(4), "partial: one file failed");
    let out = String::from_utf8_lossy(&o.stdout);
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["title"], "Copper firms on supply worries");
    let facts = lines[0]["facts"].as_array().expect("facts");
    assert!(
        facts
            .iter()
            .any(|f| f["kind"] == "price" && f["commodity"] == "copper" && f["value"] == 9820.0)
    );
    assert_eq!(lines[1]["file"], "missing.html");
    assert!(lines[1]["error"].as_str().is_some());
    assert!(stderr(&o).contains("missing.html"));

    let o = orewatch(dir.path(), &["extract", "missing.html"]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn extract_on_many_files_keeps_their_order() {
    // several worker threads share the files; the lines must still come in order
    let dir = tempfile::tempdir().expect("tempdir");
    let mut args = vec!["extract".to_string(), "--today".into(), "2026-03-04".into()];
    for n in 0..40 {
        let name = format!("p{n}.txt");
        if n % 13 == 5 {
            args.push(format!("gone{n}.txt"));
        }
        let big = if n % 9 == 0 {
            "Copper was quiet. ".repeat(4000)
        } else {
            String::new()
        };
        std::fs::write(
            dir.path().join(&name),
            format!(
                "Page {n}\n\n{big}Gold rose to ${},{:03}.50 an ounce on Tuesday.\n",
                2 + n / 10,
                n
            ),
        )
        .expect("write");
        args.push(name);
    }
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = orewatch(dir.path(), &refs);
    assert_eq!(o.status.code(), Some(4), "partial: three files are missing");
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(lines.len(), refs.len() - 3);
    for (line, arg) in lines.iter().zip(&refs[3..]) {
        if let Some(n) = arg.strip_prefix("p").and_then(|a| a.strip_suffix(".txt")) {
            let n: u32 = n.parse().expect("page number");
            assert_eq!(line["title"], format!("Page {n}"), "line for {arg}");
            let want = f64::from(2000 + n / 10 * 1000 + n) + 0.5;
            assert_eq!(line["facts"][0]["value"], want, "fact of {arg}");
        } else {
            assert_eq!(line["file"], *arg);
        }
    }
}

#[test]
fn extract_reads_standard_input_and_echoes_the_url() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut child = Command::new(env!("CARGO_BIN_EXE_orewatch"))
        .current_dir(dir.path())
        .args([
            "extract",
            "--url",
            "https://news.example/a/1",
            "--today",
            "2026-01-12",
            "-",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(b"<html><head><title>HK close</title></head><body><article><h1>HK close</h1><p>The Hang Seng Index closed up 0.31% on Monday as miners rallied and the market breadth improved.</p></article></body></html>")
        .expect("write stdin");
    let o = child.wait_with_output().expect("wait");
    assert!(o.status.success());
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).expect("one JSON document");
    assert_eq!(doc["url"], "https://news.example/a/1");
    assert!(
        doc["facts"]
            .as_array()
            .expect("facts")
            .iter()
            .any(|f| f["index"] == "Hang Seng Index" && f["change_pct"] == 0.31)
    );
}

#[test]
fn subscribers_can_be_added_listed_and_removed() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("config.toml"), "data_dir = \"d\"\n").expect("write");
    let o = orewatch(
        dir.path(),
        &[
            "subscribers",
            "add",
            "ann@example.com",
            "--name",
            "Ann",
            "--no-alerts",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = orewatch(dir.path(), &["subscribers", "list"]);
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(
        out.contains("ann@example.com\tAnn\tbriefing=yes\talerts=no"),
        "{out}"
    );
    // Adding again updates the choices: Ann opts out of the briefing.
    let o = orewatch(
        dir.path(),
        &["subscribers", "add", "ann@example.com", "--no-briefing"],
    );
    assert!(String::from_utf8_lossy(&o.stdout).contains("updated"));
    let o = orewatch(dir.path(), &["subscribers", "list"]);
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(
        out.contains("ann@example.com\tAnn\tbriefing=no\talerts=yes"),
        "{out}"
    );
    let o = orewatch(dir.path(), &["subscribers", "add", "nobody"]);
    assert_eq!(o.status.code(), Some(2), "a bad argument is a usage error");
    let o = orewatch(dir.path(), &["subscribers", "remove", "ann@example.com"]);
    assert!(o.status.success());
    let o = orewatch(dir.path(), &["subscribers", "remove", "ann@example.com"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no subscriber"));
}

#[test]
fn configured_subscribers_are_added_once_and_stay_removed() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("config.toml"),
        "data_dir = \"d\"\n[[subscribers]]\nemail = \"seed@example.com\"\n",
    )
    .expect("write");
    let o = orewatch(dir.path(), &["subscribers", "list"]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("seed@example.com"));
    let o = orewatch(dir.path(), &["subscribers", "remove", "seed@example.com"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = orewatch(dir.path(), &["subscribers", "list"]);
    assert!(
        !String::from_utf8_lossy(&o.stdout).contains("seed@example.com"),
        "removed for good"
    );
}
