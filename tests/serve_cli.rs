//! `orewatch serve` and `subscribers add --topics --tz` as the binary a user runs:
//! the [serve] config checks, a busy port, a clean stop on SIGTERM.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn orewatch(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_orewatch"))
        .current_dir(dir)
        .args(args)
        .env_remove("ORW_UNSUBSCRIBE_SECRET")
        .output()
        .expect("run orewatch")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn dir_with(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("config.toml"), config).expect("write");
    dir
}

#[test]
fn serve_settings_are_checked_naming_key_value_and_form() {
    for (cfg, key, value) in [
        ("[serve]\nbind = \"localhost\"\n", "serve.bind", "localhost"),
        (
            "[serve]\nbind = \"127.0.0.1:70000\"\n",
            "serve.bind",
            "70000",
        ),
        (
            "[serve]\npublic_url = \"ftp://x.example\"\n",
            "serve.public_url",
            "ftp://x.example",
        ),
        (
            "[serve]\nrequest_timeout_secs = 0\n",
            "serve.request_timeout_secs",
            "0",
        ),
        ("[serve]\nport = 8080\n", "port", "unknown field"),
    ] {
        let dir = dir_with(cfg);
        let o = orewatch(dir.path(), &["check-config"]);
        let err = text(&o.stderr);
        assert_eq!(o.status.code(), Some(3), "{cfg}: {err}");
        assert!(
            err.contains("config.toml") && err.contains(key) && err.contains(value),
            "{cfg}: {err}"
        );
    }
    // a secret too short to sign with is refused, naming the variable
    let dir = dir_with("");
    let o = Command::new(env!("CARGO_BIN_EXE_orewatch"))
        .current_dir(dir.path())
        .args(["serve", "--bind", "127.0.0.1:0"])
        .env("ORW_UNSUBSCRIBE_SECRET", "short")
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(3), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains("ORW_UNSUBSCRIBE_SECRET"),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn subscribers_get_topics_and_a_checked_time_zone() {
    let dir = dir_with("");
    let add = |args: &[&str]| {
        let mut all = vec!["subscribers", "add"];
        all.extend_from_slice(args);
        orewatch(dir.path(), &all)
    };
    let o = add(&[
        "ann@example.com",
        "--topics",
        "copper,Gold",
        "--tz",
        "Europe/London",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let o = add(&["bob@example.com", "--tz", "Mars/Olympus_Mons"]);
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(
        err.contains("--tz") && err.contains("Mars/Olympus_Mons") && err.contains("Europe/London"),
        "{err}"
    );
    let list = text(&orewatch(dir.path(), &["subscribers", "list"]).stdout);
    assert!(
        list.contains(
            "ann@example.com\t-\tbriefing=yes\talerts=yes\ttz=Europe/London\ttopics=copper,gold"
        ),
        "{list}"
    );
    assert!(
        !list.contains("bob@example.com"),
        "a refused add adds nothing: {list}"
    );
    // updating keeps the zone unless given again
    let o = add(&["ann@example.com", "--no-alerts"]);
    assert_eq!(o.status.code(), Some(0));
    let list = text(&orewatch(dir.path(), &["subscribers", "list"]).stdout);
    assert!(
        list.contains("alerts=no\ttz=Europe/London\ttopics=copper,gold"),
        "{list}"
    );
}

/// GET `url`: status and body.
fn fetch(url: &str) -> Option<(u16, String)> {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let client = reqwest::Client::builder().no_proxy().build().unwrap();
        let r = client.get(url).send().await.ok()?;
        Some((r.status().as_u16(), r.text().await.ok()?))
    })
}

/// SIGTERM, then the exit code (within 10 s).
fn terminate(child: &mut std::process::Child) -> Option<i32> {
    let kill = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(kill.success());
    let start = Instant::now();
    loop {
        if let Some(s) = child.try_wait().expect("wait") {
            return s.code();
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "still running after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn serve_answers_then_stops_cleanly_on_sigterm() {
    let dir = dir_with("");
    let mut child = Command::new(env!("CARGO_BIN_EXE_orewatch"))
        .current_dir(dir.path())
        .args(["serve", "--bind", "127.0.0.1:0"])
        .env_remove("ORW_UNSUBSCRIBE_SECRET")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .expect("read");
    let base = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_string();
    let (status, body) = fetch(&format!("{base}/healthz")).expect("answer");
    // nothing fetched yet in this empty data directory: stale
    assert_eq!(status, 503, "{body}");
    assert!(body.contains("\"outbox_backlog\":0"), "{body}");
    assert_eq!(terminate(&mut child), Some(0));
}

#[test]
fn run_serves_too_when_enabled() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dir = dir_with(&format!(
        "[serve]\nenabled = true\nbind = \"127.0.0.1:{port}\"\n"
    ));
    let mut child = Command::new(env!("CARGO_BIN_EXE_orewatch"))
        .current_dir(dir.path())
        .args(["run"])
        .env_remove("ORW_UNSUBSCRIBE_SECRET")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let start = Instant::now();
    let answer = loop {
        if let Some(a) = fetch(&format!("http://127.0.0.1:{port}/search.json?q=copper")) {
            break a;
        }
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "the daemon does not serve"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    assert_eq!(answer.0, 200, "{}", answer.1);
    assert!(answer.1.contains("\"total\":0"), "{}", answer.1);
    assert_eq!(
        terminate(&mut child),
        Some(0),
        "the daemon and its server stop on SIGTERM"
    );
}

#[test]
fn a_busy_port_is_an_error_naming_the_address() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = taken.local_addr().unwrap().to_string();
    let dir = dir_with("");
    let o = orewatch(dir.path(), &["serve", "--bind", &addr]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(err.contains(&addr) && err.contains("serve.bind"), "{err}");
}
