//! Hostile or careless input at the command line: config values that would hang, missing
//! local sources, bad selectors, oversized `extract` input, closed pipes, exit codes.

use std::io::Read;
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

/// `check-config` on `text` in a fresh directory holding `files`: (exit code, stderr).
fn check(text: &str, files: &[&str]) -> (i32, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("config.toml"), text).expect("write");
    for f in files {
        std::fs::write(dir.path().join(f), "<p>page</p>").expect("write");
    }
    let o = orewatch(dir.path(), &["check-config"]);
    (o.status.code().unwrap_or(-1), stderr(&o))
}

#[test]
fn values_that_would_hang_are_refused_with_their_range() {
    for (text, key, value, range) in [
        (
            "[fetch]\nper_host_delay_ms = 86400000\n",
            "fetch.per_host_delay_ms",
            "86400000",
            "0 to 60000",
        ),
        (
            "[fetch]\nmax_retries = 4294967295\n",
            "fetch.max_retries",
            "4294967295",
            "0 to 10",
        ),
        (
            "[fetch]\ntimeout_secs = 100000\n",
            "fetch.timeout_secs",
            "100000",
            "1 to 600",
        ),
        (
            "[fetch]\nmax_bytes = 10000000000\n",
            "fetch.max_bytes",
            "10000000000",
            "1024 to 67108864",
        ),
        (
            "[mail]\nmax_attempts = 0\n",
            "mail.max_attempts",
            "0",
            "1 to 100",
        ),
    ] {
        let (code, err) = check(text, &[]);
        assert_eq!(code, 3, "{text}: {err}");
        assert!(
            err.contains("config.toml")
                && err.contains(&format!("key `{key}`"))
                && err.contains(value)
                && err.contains(range),
            "{text}: {err}"
        );
    }
}

#[test]
fn a_missing_local_source_file_is_an_error_naming_source_and_path() {
    let cfg = "[[sources]]\nname = \"mirror\"\nkind = \"article\"\nurl = \"pages/gone.html\"\n";
    let (code, err) = check(cfg, &[]);
    assert_eq!(code, 3, "{err}");
    assert!(
        err.contains("sources[0].url")
            && err.contains("`mirror`")
            && err.contains("pages/gone.html"),
        "{err}"
    );
    let cfg = "[[sources]]\nname = \"mirror\"\nkind = \"article\"\nurl = \"here.html\"\n";
    let (code, err) = check(cfg, &["here.html"]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn a_bad_selector_is_explained_with_source_key_and_selector() {
    let base =
        "[[sources]]\nname = \"desk\"\nkind = \"article\"\nurl = \"https://example.com/a\"\n";
    for (extra, key, sel) in [
        (
            "body_selector = \"div.\"\n",
            "sources[0].body_selector",
            "div.",
        ),
        ("exclude = [\"aside >\"]\n", "sources[0].exclude", "aside >"),
        ("link_selector = \"a.\"\n", "sources[0].link_selector", "a."),
    ] {
        let (code, err) = check(&format!("{base}{extra}"), &[]);
        assert_eq!(code, 3, "{err}");
        assert!(
            err.contains(&format!("key `{key}`"))
                && err.contains("`desk`")
                && err.contains(&format!("`{sel}`")),
            "{err}"
        );
        assert!(
            !err.contains("report this") && !err.contains("ClassNeedsIdent"),
            "{err}"
        );
    }
}

#[test]
fn an_unsupported_scheme_gives_its_advice_once() {
    let (code, err) = check(
        "[[sources]]\nname = \"x\"\nkind = \"feed\"\nurl = \"ftp://example.com/f.xml\"\n",
        &[],
    );
    assert_eq!(code, 3);
    assert!(err.contains("\"ftp:\""), "{err}");
    assert_eq!(err.matches("file://").count(), 1, "{err}");
}

#[test]
fn extract_stops_at_the_size_cap() {
    let dir = tempfile::tempdir().expect("tempdir");
    // /dev/zero never ends: the default cap (5 MiB) stops it.
    let o = orewatch(dir.path(), &["extract", "/dev/zero"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("larger than 5242880 bytes"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("--max-bytes"), "{}", stderr(&o));

    let page = "<p>Gold rose 1% to $2,650 an ounce on Monday, dealers said.</p>".repeat(40);
    std::fs::write(dir.path().join("p.html"), &page).expect("write");
    let o = orewatch(dir.path(), &["extract", "--max-bytes", "1000", "p.html"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("larger than 1000 bytes") && stderr(&o).contains("raise --max-bytes")
    );
    let o = orewatch(dir.path(), &["extract", "--max-bytes", "100000", "p.html"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("\"kind\":\"price\""));
}

#[test]
fn extract_notes_a_truncated_page() {
    let dir = tempfile::tempdir().expect("tempdir");
    let html = format!(
        "<p>Gold rose 1% to $2,650 an ounce on Monday, dealers said.</p>{}",
        "<div>".repeat(5000)
    );
    std::fs::write(dir.path().join("deep.html"), html).expect("write");
    let o = orewatch(dir.path(), &["extract", "deep.html"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert!(
        doc["truncated"]
            .as_str()
            .is_some_and(|t| t.contains("deeper than")),
        "{doc}"
    );
    assert!(stderr(&o).contains("note: page cut"), "{}", stderr(&o));
}

#[test]
fn extract_into_a_closed_pipe_exits_quietly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let page = "<p>Copper rose 2% to $9,800 a tonne on Tuesday, traders said.</p>".repeat(20);
    std::fs::write(dir.path().join("p.html"), page).expect("write");
    // Far more output than a pipe buffers, so a write must meet the closed pipe.
    let mut args = vec!["extract"];
    args.extend(std::iter::repeat_n("p.html", 300));
    let mut child = Command::new(env!("CARGO_BIN_EXE_orewatch"))
        .current_dir(dir.path())
        .args(&args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut first = [0u8; 16];
    let mut out = child.stdout.take().expect("stdout");
    out.read_exact(&mut first).expect("some output");
    drop(out); // like `| head -c 16`
    let o = child.wait_with_output().expect("wait");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
}

#[test]
fn a_bad_email_argument_is_a_usage_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("config.toml"), "data_dir = \"d\"\n").expect("write");
    let o = orewatch(dir.path(), &["subscribers", "add", "nobody"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("`nobody` is not an e-mail address"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn every_source_failing_exits_1_and_some_failing_exits_4() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let dead = format!(
        "[[sources]]\nname = \"dead\"\nkind = \"article\"\nurl = \"http://127.0.0.1:{port}/a\"\n"
    );
    let head = "data_dir = \"d\"\n[fetch]\nrespect_robots = false\nmax_retries = 0\nper_host_delay_ms = 0\n";
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("config.toml"), format!("{head}{dead}")).expect("write");
    let o = orewatch(dir.path(), &["fetch"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));

    std::fs::write(
        dir.path().join("ok.html"),
        "<p>Gold rose 1% to $2,650 an ounce on Monday, dealers said.</p>",
    )
    .expect("write");
    let live = "[[sources]]\nname = \"live\"\nkind = \"article\"\nurl = \"ok.html\"\n";
    std::fs::write(
        dir.path().join("config.toml"),
        format!("{head}{dead}{live}"),
    )
    .expect("write");
    let o = orewatch(dir.path(), &["fetch"]);
    assert_eq!(o.status.code(), Some(4), "{}", stderr(&o));
}
