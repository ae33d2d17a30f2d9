//! The daemon as a user runs it: the real binary, the sample site on a real
//! HTTP server, a briefing missed while it was down made at start, and a
//! clean exit on SIGTERM.

mod common;

/// `orewatch --config CFG run`, logging at info level to a pipe.
fn start_daemon(cfg: &std::path::Path) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_orewatch"))
        .arg("--config")
        .arg(cfg)
        .arg("run")
        .env("OREWATCH_LOG", "info")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the daemon")
}

/// SIGTERM, then what the daemon printed and how it exited.
fn stop_daemon(child: std::process::Child) -> std::process::Output {
    let pid = child.id().to_string();
    let status = Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill");
    assert!(status.success());
    child.wait_with_output().expect("wait")
}

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[test]
fn daemon_catches_up_and_stops_cleanly_on_sigterm() {
    let server = common::StaticServer::start(&common::sample_site());
    let dir = tempfile::tempdir().expect("tempdir");
    // Schedules whose last tick just passed: what runs is the catch-up (an
    // hourly fetch may also fire once, harmlessly: nothing changed).
    let cfg = common::write_config(
        dir.path(),
        &format!("{}/index.html", server.base),
        "[schedule]\nfetch = \"0 0 * * * *\"\nbriefing = \"0 0 0 * * *\"\ndeliver = \"0 0 3 1 1 *\"\n[briefing]\ncovers = \"same_day\"\n",
    );
    let child = start_daemon(&cfg);

    // The briefing of today (00:00 already passed) is made at start.
    let today = chrono::Utc::now()
        .with_timezone(&chrono_tz::Asia::Hong_Kong)
        .date_naive();
    let briefing = dir
        .path()
        .join("data/archive")
        .join(today.format("%Y/%m/%d.html").to_string());
    let deadline = Instant::now() + Duration::from_secs(60);
    while !briefing.exists() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(
        briefing.exists(),
        "no catch-up briefing at {}",
        briefing.display()
    );
    // Let the catch-up runs finish: the briefing mailed, the outbox empty.
    let outbox = dir.path().join("data/outbox");
    let db = dir.path().join("data/orewatch.sqlite");
    let settled = || -> bool {
        let Ok(conn) = rusqlite::Connection::open(&db) else {
            return false;
        };
        let q = |sql: &str| {
            conn.query_row(sql, [], |r| r.get::<_, i64>(0))
                .unwrap_or(-1)
        };
        q("SELECT COUNT(*) FROM briefings WHERE mailed_at IS NOT NULL") >= 1
            && q("SELECT COUNT(*) FROM outbox WHERE status <> 'sent'") == 0
    };
    while !settled() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(settled(), "the catch-up briefing was mailed");
    let out = stop_daemon(child);
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "exit {:?}: {log}", out.status);
    assert!(log.contains("stopped"), "log: {log}");

    // Restarting does not make the same day's briefing mail again.
    let mails = std::fs::read_dir(&outbox).expect("outbox").count();
    let out = Command::new(env!("CARGO_BIN_EXE_orewatch"))
        .arg("--config")
        .arg(&cfg)
        .args(["run", "--once"])
        .output()
        .expect("run --once");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(std::fs::read_dir(&outbox).expect("outbox").count(), mails);
}

#[test]
fn cron_jobs_fire_repeatedly_and_rearm_themselves() {
    let server = common::StaticServer::start(&common::sample_site());
    let dir = tempfile::tempdir().expect("tempdir");
    // Fetch every second; each firing re-creates its job (DST safety), so a
    // second and third run prove the re-armed job fires too.
    let cfg = common::write_config(
        dir.path(),
        &format!("{}/index.html", server.base),
        "[schedule]\nfetch = \"* * * * * *\"\nbriefing = \"0 0 3 1 1 *\"\ndeliver = \"0 0 3 1 1 *\"\n",
    );
    let child = start_daemon(&cfg);
    let db = dir.path().join("data/orewatch.sqlite");
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut runs = 0;
    while Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(250));
        if let Ok(conn) = rusqlite::Connection::open(&db) {
            runs = conn
                .query_row(
                    "SELECT COUNT(*) FROM job_runs WHERE job = 'fetch'",
                    [],
                    |r| r.get::<_, i64>(0),
                )
                .unwrap_or(0);
            if runs >= 4 {
                break;
            }
        }
    }
    let out = stop_daemon(child);
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{log}");
    assert!(runs >= 4, "fetch ran {runs} times: {log}");
    // The sample site was stored once, however many cycles ran.
    let conn = rusqlite::Connection::open(&db).expect("db");
    let articles: i64 = conn
        .query_row("SELECT COUNT(*) FROM articles", [], |r| r.get(0))
        .expect("count");
    assert_eq!(articles, 7);
}

#[test]
fn sigterm_stops_between_pages_not_after_the_whole_cycle() {
    let server = common::StaticServer::start(&common::sample_site());
    let dir = tempfile::tempdir().expect("tempdir");
    let cfg = common::write_config(
        dir.path(),
        &format!("{}/index.html", server.base),
        "[schedule]\nfetch = \"0 0 * * * *\"\nbriefing = \"0 0 3 1 1 *\"\ndeliver = \"0 0 3 1 1 *\"\n",
    );
    // A slow, polite cycle: 800 ms between requests to the host.
    let text = std::fs::read_to_string(&cfg).expect("read");
    std::fs::write(
        &cfg,
        text.replace("per_host_delay_ms = 5", "per_host_delay_ms = 800"),
    )
    .expect("write");
    let child = start_daemon(&cfg);
    let db = dir.path().join("data/orewatch.sqlite");
    let count = || -> i64 {
        rusqlite::Connection::open(&db)
            .and_then(|c| c.query_row("SELECT COUNT(*) FROM articles", [], |r| r.get(0)))
            .unwrap_or(0)
    };
    let deadline = Instant::now() + Duration::from_secs(60);
    while count() < 1 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(count() >= 1, "the catch-up cycle stored a first article");
    let out = stop_daemon(child);
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{log}");
    let stored = count();
    assert!(
        stored < 7,
        "the cycle stopped early ({stored} of 7 articles stored)"
    );
    // What was stored is whole: every stored article has its facts row count consistent.
    let conn = rusqlite::Connection::open(&db).expect("db");
    let orphans: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM facts WHERE article_id NOT IN (SELECT id FROM articles)",
            [],
            |r| r.get(0),
        )
        .expect("query");
    assert_eq!(orphans, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn every_briefing_missed_in_the_last_week_is_caught_up_once() {
    use chrono::{TimeZone, Utc};
    use orewatch::daemon::{JobKind, missed_runs};
    let dir = tempfile::tempdir().expect("tempdir");
    let cfg = common::write_config(dir.path(), "http://127.0.0.1:9/index.html", "");
    let app = orewatch::pipeline::App::open(orewatch::config::Config::load(&cfg).expect("config"))
        .expect("open");
    // Briefing at 07:30 HKT (23:30 UTC the day before); last made on the 15th.
    let last = Utc.with_ymd_and_hms(2026, 11, 14, 23, 30, 0).unwrap();
    app.db(move |s| s.record_job_run("briefing", last))
        .await
        .expect("record");
    let now = Utc.with_ymd_and_hms(2026, 11, 18, 2, 0, 0).unwrap(); // 10:00 HKT on the 18th
    let missed = missed_runs(&app, now).await.expect("missed");
    let briefings: Vec<_> = missed
        .iter()
        .filter(|(j, _)| *j == JobKind::Briefing)
        .map(|(_, t)| *t)
        .collect();
    assert_eq!(
        briefings,
        [15, 16, 17].map(|d| Utc.with_ymd_and_hms(2026, 11, d, 23, 30, 0).unwrap()),
        "the 16th, 17th and 18th (HKT) were missed"
    );
    // Once made, nothing is missed any more.
    let done = *briefings.last().expect("one");
    app.db(move |s| s.record_job_run("briefing", done))
        .await
        .expect("record");
    let again = missed_runs(&app, now).await.expect("missed");
    assert!(again.iter().all(|(j, _)| *j != JobKind::Briefing));
    // A week-old gap is not filled past the horizon.
    let much_later = now + chrono::Duration::days(30);
    let far = missed_runs(&app, much_later).await.expect("missed");
    assert!(far.iter().filter(|(j, _)| *j == JobKind::Briefing).count() <= 7);
}
