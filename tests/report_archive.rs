//! The static archive as a reader walks it: each day's "previous day" and "next day" links
//! point at the nearest archived days, whatever order the days were rendered in and with
//! gaps between them; `report` refuses a day that has not happened.

mod common;

use std::path::Path;
use std::process::{Command, Output};

fn orewatch(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_orewatch"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run orewatch")
}

/// The href of the archive page's link whose text contains `label`.
fn link(page: &str, label: &str) -> Option<String> {
    let end = page.find(label)?;
    let open = page[..end].rfind("<a href=\"")? + "<a href=\"".len();
    let close = open + page[open..].find('"')?;
    (close < end).then(|| page[open..close].to_string())
}

fn page(dir: &Path, day: &str) -> String {
    let (y, rest) = day.split_once('-').expect("a date");
    let (m, d) = rest.split_once('-').expect("a date");
    let path = dir.join(format!("data/archive/{y}/{m}/{d}.html"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn prev_and_next_follow_the_calendar_across_re_renders_and_gaps() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cfg = common::write_config(dir.path(), "http://127.0.0.1:9/index.html", "");
    let cfg = cfg.to_str().expect("utf-8 path");
    // out of order, with gaps, and one day rendered twice
    for day in ["2026-01-05", "2026-01-02", "2026-02-10", "2026-01-05"] {
        let out = orewatch(dir.path(), &["--config", cfg, "report", "--date", day]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let first = page(dir.path(), "2026-01-02");
    let middle = page(dir.path(), "2026-01-05");
    let last = page(dir.path(), "2026-02-10");
    let href = |p: &str, l: &str| {
        link(p, l).map(|h| h.rsplit("archive/").next().unwrap_or(&h).to_string())
    };
    assert_eq!(link(&first, "previous day"), None);
    assert!(href(&first, "next day").is_some_and(|h| h.ends_with("2026/01/05.html")));
    assert!(href(&middle, "previous day").is_some_and(|h| h.ends_with("2026/01/02.html")));
    assert!(href(&middle, "next day").is_some_and(|h| h.ends_with("2026/02/10.html")));
    assert!(href(&last, "previous day").is_some_and(|h| h.ends_with("2026/01/05.html")));
    assert_eq!(link(&last, "next day"), None);
}

#[test]
fn a_day_in_the_future_is_refused_as_a_usage_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cfg = common::write_config(dir.path(), "http://127.0.0.1:9/index.html", "");
    let cfg = cfg.to_str().expect("utf-8 path");
    let out = orewatch(
        dir.path(),
        &["--config", cfg, "report", "--date", "2999-05-01"],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("has not happened yet"), "{err}");
    assert!(!dir.path().join("data/archive/2999").exists());
}

#[test]
fn an_empty_day_is_not_mailed_unless_configured() {
    let outbox = |dir: &Path| -> i64 {
        let db = rusqlite::Connection::open(dir.join("data/orewatch.sqlite")).expect("db");
        db.query_row("SELECT COUNT(*) FROM outbox", [], |r| r.get(0))
            .expect("count")
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let cfg = common::write_config(dir.path(), "http://127.0.0.1:9/index.html", "");
    let cfg = cfg.to_str().expect("utf-8 path");
    let args = ["--config", cfg, "report", "--date", "2026-01-02", "--send"];
    let out = orewatch(dir.path(), &args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("no articles"));
    assert_eq!(outbox(dir.path()), 0);

    let dir = tempfile::tempdir().expect("tempdir");
    let cfg = common::write_config(
        dir.path(),
        "http://127.0.0.1:9/index.html",
        "[briefing]\nsend_empty = true\n",
    );
    let cfg = cfg.to_str().expect("utf-8 path");
    let args = ["--config", cfg, "report", "--date", "2026-01-02", "--send"];
    let out = orewatch(dir.path(), &args);
    assert!(
        out.status.success() || out.status.code() == Some(4),
        "{out:?}"
    );
    assert_eq!(outbox(dir.path()), 1, "one subscriber, one briefing");
}

#[test]
fn a_later_day_relinks_the_day_before_and_unchanged_files_stay() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let cfg = common::write_config(dir.path(), "http://127.0.0.1:9/index.html", "");
    let cfg = cfg.to_str().expect("utf-8 path");
    let report = |day: &str| {
        let out = orewatch(dir.path(), &["--config", cfg, "report", "--date", day]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let archive = dir.path().join("data/archive");
    let inode = |name: &str| std::fs::metadata(archive.join(name)).expect("file").ino();
    report("2026-01-05");
    // Rendering the same day again leaves the index as it was: not even replaced.
    let index = inode("index.html");
    report("2026-01-05");
    assert_eq!(
        inode("index.html"),
        index,
        "an unchanged index is not rewritten"
    );

    // The day before a new day gains its link and nothing else: its page is not
    // rendered again (what was on it, even a mark of our own, stays).
    let path = archive.join("2026/01/05.html");
    let marked = page(dir.path(), "2026-01-05").replace("</body>", "<!-- mark --></body>");
    std::fs::write(&path, &marked).expect("mark the page");
    report("2026-01-09");
    let relinked = page(dir.path(), "2026-01-05");
    assert!(
        relinked.contains("<!-- mark -->"),
        "the page was rendered again"
    );
    let href = link(&relinked, "next day").expect("a next-day link");
    assert!(href.ends_with("2026/01/09.html"), "{href}");
    let unlink = |p: &str| {
        let (a, rest) = p.split_once("<div class=\"nav\">").expect("nav");
        let (_, b) = rest.split_once("</div>").expect("nav end");
        format!("{a}{b}")
    };
    assert_eq!(unlink(&relinked), unlink(&marked), "only the links changed");
    assert_ne!(inode("index.html"), index, "the index lists the new day");
}
