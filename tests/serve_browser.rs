//! The server's pages in real headless Chromium (Debian's `chromium`, as in
//! tests/browser.rs): the DOM it builds, no console messages (a blocked inline
//! script or a failed load would log one; a control page shows they do), the
//! injection article inert, and a painted screenshot. Set
//! OREWATCH_SCREENSHOT_DIR=docs/screenshots to keep serve_search.png and
//! serve_commodity.png.

mod serve_support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serve_support::fixture;

use serve_support::common::chromium::chromium;

fn headless(profile: &Path, args: &[String]) -> Output {
    let out = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--no-proxy-server",
            "--enable-logging=stderr",
            "--v=0",
            "--window-size=1000,1400",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .output()
        .expect("run chromium");
    assert!(
        out.status.success(),
        "chromium: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The DOM of `url` and the console lines Chromium logged while loading it.
fn load(profile: &Path, url: &str) -> (String, Vec<String>) {
    let out = headless(profile, &["--dump-dom".into(), url.into()]);
    let console = String::from_utf8_lossy(&out.stderr)
        .lines()
        .filter(|l| l.contains(":CONSOLE"))
        .map(String::from)
        .collect();
    (String::from_utf8_lossy(&out.stdout).into_owned(), console)
}

fn shot(profile: &Path, url: &str, name: &str) -> Vec<u8> {
    let dir = std::env::var("OREWATCH_SCREENSHOT_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| profile.to_path_buf());
    std::fs::create_dir_all(&dir).expect("screenshot dir");
    let path = dir.join(name);
    headless(
        profile,
        &[format!("--screenshot={}", path.display()), url.into()],
    );
    let png = std::fs::read(&path).expect("screenshot written");
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    let w = u32::from_be_bytes([png[16], png[17], png[18], png[19]]);
    let h = u32::from_be_bytes([png[20], png[21], png[22], png[23]]);
    assert_eq!((w, h), (1000, 1400));
    png
}

#[test]
fn search_and_commodity_pages_render_clean_in_chromium() {
    let f = fixture();
    let tmp = tempfile::tempdir().unwrap();
    let profile = tmp.path().join("profile");

    // control: a page with an inline script is blocked by the CSP, and the block is logged
    let archive = f.dir.join("data/archive");
    std::fs::write(
        archive.join("control.html"),
        "<!DOCTYPE html><p>control</p><script>document.title='ran'</script>",
    )
    .unwrap();
    let (dom, console) = load(&profile, &format!("{}/control.html", f.base));
    assert!(
        !dom.contains("<title>ran</title>"),
        "inline script ran: {dom}"
    );
    assert!(
        console
            .iter()
            .any(|l| l.contains("Content Security Policy")),
        "the console shows the blocked script: {console:?}"
    );

    let (dom, console) = load(&profile, &format!("{}/search?q=copper", f.base));
    assert!(console.is_empty(), "console: {console:?}");
    let results = dom.matches("<li class=\"hit ").count();
    assert!(results >= 3, "{dom}");
    assert!(dom.contains("<mark>"), "hits are marked");
    assert!(dom.contains("Copper Breaks New Ground"));
    shot(
        &profile,
        &format!("{}/search?q=copper", f.base),
        "serve_search.png",
    );

    let (dom, console) = load(&profile, &format!("{}/commodity/copper", f.base));
    assert!(console.is_empty(), "console: {console:?}");
    assert!(dom.contains("<section id=\"history\">") && dom.contains("13,120"));
    assert!(dom.contains("id=\"csv\"") && dom.contains("href=\"/commodity/copper.csv\""));
    // the chart, when the series has two days, is inline SVG the page draws
    assert!(
        !dom.contains("id=\"chart\"") || dom.contains("<svg"),
        "the chart is drawn inline"
    );
    let png = shot(
        &profile,
        &format!("{}/commodity/copper", f.base),
        "serve_commodity.png",
    );
    assert!(png.len() > 20_000, "a painted page ({} bytes)", png.len());

    // the static archive through the server: its styles pass the policy
    for page in ["/", "/index.html"] {
        let (dom, console) = load(&profile, &format!("{}{page}", f.base));
        assert!(console.is_empty(), "{page} console: {console:?}");
        assert!(dom.contains("Briefing archive"), "{page}: {dom}");
    }
    let today = chrono::Utc::now()
        .with_timezone(&chrono_tz::Asia::Hong_Kong)
        .date_naive();
    let page = format!("{}/{}.html", f.base, today.format("%Y/%m/%d"));
    let (dom, console) = load(&profile, &page);
    assert!(console.is_empty(), "{page} console: {console:?}");
    assert!(dom.contains("<section id=\"prices\""), "{page}: {dom}");

    // the injection article, in a real browser: shown as text, nothing runs or loads
    let (dom, console) = load(&profile, &format!("{}/search?q=nickel", f.base));
    assert!(console.is_empty(), "console: {console:?}");
    assert!(dom.contains("&lt;script&gt;alert"), "{dom}");
    assert!(!dom.contains("<script") && !dom.contains("<img"), "{dom}");
    assert!(!dom.contains("pwned</title>"), "{dom}");
}
