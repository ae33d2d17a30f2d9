//! The briefing as a person sees it: the archive page rendered by real
//! headless Chromium (Debian's `chromium`, installed by test.sh). The test
//! checks the DOM Chromium built and that it painted a full-size screenshot.
//! Set OREWATCH_SCREENSHOT=path.png to keep the screenshot (README's image).

mod common;

use std::path::Path;
use std::process::Command;

use orewatch::config::Config;
use orewatch::pipeline::{self, App};

fn chromium() -> &'static str {
    for c in ["chromium", "chromium-browser", "google-chrome"] {
        if Command::new(c)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
        {
            return c;
        }
    }
    panic!(
        "headless Chromium is needed for this test: run ./test.sh (it installs Debian's chromium)"
    );
}

fn headless(profile: &Path) -> Command {
    let mut cmd = Command::new(chromium());
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        "--window-size=1000,2200",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    cmd
}

/// Width and height from a PNG's IHDR chunk.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    let w = u32::from_be_bytes([bytes[16], bytes[17], bytes[18], bytes[19]]);
    let h = u32::from_be_bytes([bytes[20], bytes[21], bytes[22], bytes[23]]);
    (w, h)
}

#[tokio::test(flavor = "multi_thread")]
async fn briefing_renders_in_headless_chromium() {
    let server = common::StaticServer::start(&common::sample_site());
    let dir = tempfile::tempdir().expect("tempdir");
    let cfg = common::write_config(dir.path(), &format!("{}/index.html", server.base), "");
    let app = App::open(Config::load(&cfg).expect("config")).expect("open");
    let done = pipeline::run_once(&app).await.expect("cycle");
    let page = format!("file://{}", done.briefing.path.display());

    let profile = dir.path().join("chromium-profile");
    let dom = headless(&profile)
        .arg("--dump-dom")
        .arg(&page)
        .output()
        .expect("run chromium");
    assert!(
        dom.status.success(),
        "chromium: {}",
        String::from_utf8_lossy(&dom.stderr)
    );
    let dom = String::from_utf8_lossy(&dom.stdout);
    for id in [
        "prices",
        "forecasts",
        "indices",
        "movers",
        "sectors",
        "articles",
    ] {
        assert!(
            dom.contains(&format!("<section id=\"{id}\"")),
            "section {id} missing from the DOM"
        );
    }
    assert!(dom.contains("Goldman Sachs"));
    assert!(dom.matches("<tr>").count() >= 20, "tables have rows");

    let shot = std::env::var("OREWATCH_SCREENSHOT")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| dir.path().join("briefing.png"));
    let out = headless(&profile)
        .arg(format!("--screenshot={}", shot.display()))
        .arg(&page)
        .output()
        .expect("run chromium");
    assert!(
        out.status.success(),
        "chromium: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let png = std::fs::read(&shot).expect("screenshot written");
    assert_eq!(png_size(&png), (1000, 2200));
    assert!(
        png.len() > 50_000,
        "a painted page, not a blank one ({} bytes)",
        png.len()
    );
}
