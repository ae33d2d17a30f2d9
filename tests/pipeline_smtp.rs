//! A full cycle that mails through SMTP: the sample site on a real HTTP
//! server, the mail to a real SMTP server (mailin-embedded), both on
//! 127.0.0.1. The briefing and the alerts arrive once, as
//! multipart/alternative with the headers a mail client needs.

mod common;

use common::smtp::{Mode, start_server};
use orewatch::config::Config;
use orewatch::pipeline::{self, App};

fn header<'a>(msg: &'a str, name: &str) -> Option<&'a str> {
    let head = msg.split("\r\n\r\n").next()?;
    head.lines()
        .find(|l| {
            l.len() > name.len()
                && l[..name.len()].eq_ignore_ascii_case(name)
                && l[name.len()..].starts_with(':')
        })
        .map(|l| l[name.len() + 1..].trim())
}

#[tokio::test(flavor = "multi_thread")]
async fn briefing_and_alerts_reach_a_real_smtp_server_once() {
    let site = common::StaticServer::start(&common::sample_site());
    let smtp = start_server(Mode::TempFailFirst(0));
    let dir = tempfile::tempdir().expect("tempdir");
    let cfg = common::write_config(
        dir.path(),
        &format!("{}/index.html", site.base),
        &format!(
            "[mail]\ntransport = \"smtp\"\nfrom = \"Desk <desk@orewatch.test>\"\n[mail.smtp]\nhost = \"127.0.0.1\"\nport = {}\ntls = \"none\"\ntimeout_secs = 10\n",
            smtp.port
        ),
    );
    let app = App::open(Config::load(&cfg).expect("config")).expect("open");
    let done = pipeline::run_once(&app).await.expect("cycle");
    assert_eq!(done.delivery.failed, 0);
    assert_eq!(done.delivery.retried, 0);

    let inbox = smtp.accepted.lock().expect("inbox").clone();
    assert_eq!(inbox.len(), done.delivery.sent);
    let briefing = inbox
        .iter()
        .map(|(_, m)| m)
        .find(|m| header(m, "Subject").is_some_and(|s| s.contains("Daily briefing")))
        .expect("the briefing was mailed");
    assert_eq!(header(briefing, "From"), Some("Desk <desk@orewatch.test>"));
    assert!(header(briefing, "To").is_some_and(|t| t.contains("reader@example.com")));
    assert!(header(briefing, "Date").is_some());
    let id = header(briefing, "Message-ID").expect("Message-ID");
    assert!(id.starts_with('<') && id.ends_with('>'), "{id}");
    assert!(
        header(briefing, "Content-Type").is_some_and(|c| c.starts_with("multipart/alternative"))
    );
    assert!(briefing.contains("Content-Type: text/plain; charset=utf-8"));
    assert!(briefing.contains("Content-Type: text/html; charset=utf-8"));
    assert!(briefing.contains("Goldman Sachs"));
    // Alerts: the forecast revisions (no price history yet, so no crossing).
    let alerts: Vec<_> = inbox
        .iter()
        .filter(|(_, m)| header(m, "Subject").is_some_and(|s| s.contains("forecast")))
        .collect();
    assert!(!alerts.is_empty(), "forecast change alerts mailed");

    // Nothing is mailed twice.
    let again = pipeline::run_once(&app).await.expect("second cycle");
    assert_eq!(again.delivery.sent, 0);
    assert_eq!(smtp.accepted.lock().expect("inbox").len(), inbox.len());
}

#[test]
fn report_send_through_smtp_from_the_command_line_exits_cleanly() {
    let smtp = start_server(Mode::TempFailFirst(0));
    let dir = tempfile::tempdir().expect("tempdir");
    let cfg = common::write_config(
        dir.path(),
        "http://127.0.0.1:9/index.html",
        &format!(
            "[briefing]\nsend_empty = true\n[mail]\ntransport = \"smtp\"\n[mail.smtp]\nhost = \"127.0.0.1\"\nport = {}\ntls = \"none\"\n",
            smtp.port
        ),
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_orewatch"))
        .arg("--config")
        .arg(&cfg)
        .args(["report", "--date", "2026-11-20", "--send"])
        .output()
        .expect("run orewatch");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(
        smtp.accepted.lock().expect("inbox").len(),
        1,
        "the (empty) briefing was mailed: briefing.send_empty = true"
    );
}
