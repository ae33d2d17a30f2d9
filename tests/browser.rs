//! The briefing as a person sees it: the archive page and the mail's HTML
//! rendered by real headless Chromium (Debian's `chromium`, installed by
//! test.sh). The test checks the DOM Chromium built (sections, figures, the
//! chart), that no scraped script ran and nothing was logged to the console,
//! and that it painted full-size screenshots: the day page, the mail, the
//! mail without its `<style>` block (clients that strip it) and with no CSS
//! at all. Set OREWATCH_SCREENSHOTS=dir to keep them (README's images come
//! from `OREWATCH_SCREENSHOTS=docs/screenshots cargo test --test browser`).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use mail_parser::{MessageParser, MimeHeaders, PartType};
use orewatch::config::Config;
use orewatch::pipeline::{self, App};

use common::chromium::chromium;

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
        "--enable-logging=stderr",
        "--v=0",
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

/// The DOM Chromium built from `url`; fails on any console message (the pages
/// carry no script, so any message means scraped code ran or a resource failed).
fn dump_dom(profile: &Path, url: &str) -> String {
    let out = headless(profile)
        .arg("--window-size=1000,2200")
        .arg("--dump-dom")
        .arg(url)
        .output()
        .expect("run chromium");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "chromium: {stderr}");
    let console: Vec<&str> = stderr.lines().filter(|l| l.contains("CONSOLE")).collect();
    assert!(console.is_empty(), "console messages: {console:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Screenshot of `url` at `size` into `shot`; returns the PNG's bytes.
fn screenshot(profile: &Path, url: &str, shot: &Path, size: (u32, u32)) -> Vec<u8> {
    screenshot_with(profile, url, shot, size, &[])
}

fn screenshot_with(
    profile: &Path,
    url: &str,
    shot: &Path,
    size: (u32, u32),
    extra: &[&str],
) -> Vec<u8> {
    let out = headless(profile)
        .args(extra)
        .arg(format!("--window-size={},{}", size.0, size.1))
        .arg(format!("--screenshot={}", shot.display()))
        .arg(url)
        .output()
        .expect("run chromium");
    assert!(
        out.status.success(),
        "chromium: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let png = std::fs::read(shot).expect("screenshot written");
    assert_eq!(png_size(&png), size);
    assert!(
        png.len() > 30_000,
        "a painted page, not a blank one ({} bytes)",
        png.len()
    );
    png
}

fn shots_dir(tmp: &Path) -> PathBuf {
    let dir = std::env::var("OREWATCH_SCREENSHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|_| tmp.join("shots"));
    std::fs::create_dir_all(&dir).expect("screenshot dir");
    dir
}

/// Scripts that ran would have set `data-pwned` on the body (the payloads compute
/// 2, 4 or 6; their source text says `1+1`, `2+2`, `3+3`).
fn assert_inert(dom: &str) {
    assert!(!dom.contains("data-pwned"), "a scraped script ran");
    assert!(
        dom.contains("pwned=1+1"),
        "the hostile title is shown as text"
    );
    assert!(!dom.contains("href=\"javascript:"), "no javascript: link");
}

#[tokio::test(flavor = "multi_thread")]
async fn briefing_renders_in_headless_chromium() {
    let dir = tempfile::tempdir().expect("tempdir");
    let server = common::StaticServer::start(&common::chart_site(dir.path()));
    let cfg = common::write_config(dir.path(), &format!("{}/index.html", server.base), "");
    let app = App::open(Config::load(&cfg).expect("config")).expect("open");
    let done = pipeline::run_once(&app).await.expect("cycle");
    let page = format!("file://{}", done.briefing.path.display());
    let profile = dir.path().join("chromium-profile");

    let dom = dump_dom(&profile, &page);
    for id in [
        "headline",
        "prices",
        "forecasts",
        "board",
        "indices",
        "movers",
        "sectors",
        "articles",
        "sources",
    ] {
        assert!(
            dom.contains(&format!("<section id=\"{id}\"")),
            "section {id} missing from the DOM"
        );
    }
    assert!(dom.contains("Goldman Sachs"));
    assert!(
        dom.contains("<svg") && dom.contains("id=\"chart-1\""),
        "the chart is inline"
    );
    assert!(
        dom.contains("href=\"#note-1\"") && dom.contains("id=\"note-1\""),
        "figures link to their sentence"
    );
    assert!(dom.matches("<tr>").count() >= 20, "tables have rows");
    assert_inert(&dom);

    let shots = shots_dir(dir.path());
    screenshot(
        &profile,
        &page,
        &shots.join("briefing-page.png"),
        (1000, 2600),
    );
    let board = format!(
        "file://{}",
        app.cfg.archive_dir().join("board.html").display()
    );
    assert!(dump_dom(&profile, &board).contains("id=\"board\""));
    mail_screenshots(&app, &profile, dir.path(), &shots);
}

/// The mail's HTML with its PNGs written beside it (cid: replaced by file names),
/// as is, without `<style>`, and without any CSS.
fn mail_screenshots(app: &App, profile: &Path, tmp: &Path, shots: &Path) {
    let raw = std::fs::read_dir(app.cfg.outbox_dir())
        .expect("outbox")
        .filter_map(|e| e.ok())
        .map(|e| std::fs::read(e.path()).expect("eml"))
        .find(|r| String::from_utf8_lossy(r).contains("Daily briefing"))
        .expect("briefing mail");
    let msg = MessageParser::default().parse(&raw).expect("mail parses");
    let mut html = msg.body_html(0).expect("html part").into_owned();
    let mail_dir = tmp.join("mail");
    std::fs::create_dir_all(&mail_dir).expect("mail dir");
    for part in msg.attachments() {
        let (Some(cid), PartType::InlineBinary(bytes) | PartType::Binary(bytes)) =
            (part.content_id(), &part.body)
        else {
            continue;
        };
        let file = format!("{}.png", cid.replace('@', "_"));
        std::fs::write(mail_dir.join(&file), bytes).expect("write png");
        html = html.replace(&format!("cid:{cid}"), &file);
    }
    let no_style_block = strip_between(&html, "<style", "</style>");
    let unstyled = strip_attr(&no_style_block, " style=\"");
    for (name, body) in [
        ("mail", &html),
        ("mail-no-style-block", &no_style_block),
        ("mail-unstyled", &unstyled),
    ] {
        let path = mail_dir.join(format!("{name}.html"));
        std::fs::write(&path, body).expect("write mail html");
        let url = format!("file://{}", path.display());
        let dom = dump_dom(profile, &url);
        assert!(dom.contains("<section id=\"prices\""), "{name}: sections");
        assert!(
            dom.contains("<img src=\"chart-1_orewatch.png\""),
            "{name}: the chart image"
        );
        assert_inert(&dom);
        screenshot(
            profile,
            &url,
            &shots.join(format!("{name}.png")),
            (640, 2600),
        );
        if name == "mail" {
            // the @media rules kept by the inliner: dark mode, and a phone's width
            let dark = ["--blink-settings=preferredColorScheme=0"];
            screenshot_with(
                profile,
                &url,
                &shots.join("mail-dark.png"),
                (640, 2600),
                &dark,
            );
            screenshot(profile, &url, &shots.join("mail-phone.png"), (390, 2600));
        }
    }
}

fn strip_between(s: &str, open: &str, close: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(a) = rest.find(open) {
        out.push_str(&rest[..a]);
        let after = a + open.len();
        match rest[after..].find(close) {
            Some(b) => rest = &rest[after + b + close.len()..],
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

fn strip_attr(s: &str, attr: &str) -> String {
    strip_between(s, attr, "\"")
}
