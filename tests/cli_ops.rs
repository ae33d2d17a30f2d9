//! Operations from the command line: `orewatch sources`, `--log-format json`,
//! no ANSI colour and no progress bar when standard error is a pipe.

mod common;

use std::path::Path;
use std::process::{Command, Output};

fn orewatch(config: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_orewatch"))
        .arg("--config")
        .arg(config)
        .args(args)
        .env("OREWATCH_LOG", "warn,orewatch=debug")
        .output()
        .expect("run orewatch")
}

/// The bundled sample site, read from disk (file:// source), a second source that does not exist.
fn config(dir: &Path) -> std::path::PathBuf {
    let listing = common::sample_site().join("index.html");
    let missing = dir.join("gone.html");
    let extra = format!(
        "\n[[sources]]\nname = \"gone\"\nurl = \"{}\"\nkind = \"article\"\n",
        missing.display()
    );
    let path = common::write_config(dir, &format!("file://{}", listing.display()), &extra);
    let text = std::fs::read_to_string(&path).expect("read");
    let root = common::sample_site();
    let text = text.replace(
        "[fetch]\n",
        &format!("[fetch]\nlocal_roots = [\"{}\"]\n", root.display()),
    );
    std::fs::write(&path, text).expect("write");
    path
}

#[test]
fn sources_shows_health_after_a_fetch_and_logs_are_plain_or_json() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cfg = config(dir.path());

    let o = orewatch(&cfg, &["sources"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stdout).contains("no source has been fetched yet"));

    let o = orewatch(&cfg, &["fetch"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(4), "one source failed: {err}");
    assert!(
        !o.stderr.contains(&0x1b),
        "no ANSI escapes on a pipe: {err:?}"
    );

    let o = orewatch(&cfg, &["sources"]);
    let out = String::from_utf8_lossy(&o.stdout);
    let sample = out
        .lines()
        .find(|l| l.starts_with("sample:"))
        .expect("sample line");
    assert!(sample.contains("0 failures in a row"), "{out}");
    assert!(sample.contains("0% not modified"), "{out}");
    assert!(!sample.contains("last success never"), "{out}");
    let gone = out
        .lines()
        .find(|l| l.starts_with("gone:"))
        .expect("gone line");
    assert!(
        gone.contains("last success never, 1 failures in a row"),
        "{out}"
    );
    assert!(
        gone.contains("last error:") && gone.contains("gone.html"),
        "{out}"
    );

    let o = orewatch(&cfg, &["--log-format", "json", "fetch"]);
    let err = String::from_utf8_lossy(&o.stderr);
    let json_lines: Vec<serde_json::Value> = err
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).expect("a JSON object per line"))
        .collect();
    assert!(
        json_lines.iter().any(|v| v["level"] == "DEBUG"
            && v["message"] == "cycle finished"
            && v["sources"] == 2),
        "{err}"
    );
}
