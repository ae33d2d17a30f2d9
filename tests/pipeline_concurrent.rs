//! The cycle over several hosts on loopback (127.0.0.2 to 127.0.0.5, real
//! HTTP servers): sources are fetched at once, within the global limit, one
//! request at a time per host; a failing source backs off across cycles.

use std::io::Cursor;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

use orewatch::config::Config;
use orewatch::pipeline::{self, App};

/// Requests in flight now and at most, overall and per host.
#[derive(Default)]
struct Gauge {
    now: AtomicUsize,
    max: AtomicUsize,
}

impl Gauge {
    fn enter(&self) {
        let n = self.now.fetch_add(1, Ordering::SeqCst) + 1;
        self.max.fetch_max(n, Ordering::SeqCst);
    }
    fn leave(&self) {
        self.now.fetch_sub(1, Ordering::SeqCst);
    }
    fn max(&self) -> usize {
        self.max.load(Ordering::SeqCst)
    }
}

const PAGE: &str = "<html><head><title>Copper wrap</title></head><body><div class=\"article-body\">\
    <p>Copper rose 1.2% to $9,800 a tonne on the London Metal Exchange on Monday.</p></div></body></html>";

/// A server on `ip` answering after 60 ms: a listing of three pages (404 for `/gone/`).
fn serve(ip: &str, all: Arc<Gauge>, host: Arc<Gauge>, hits: Arc<AtomicUsize>) -> u16 {
    let server = Arc::new(tiny_http::Server::http(format!("{ip}:0")).expect("bind loopback"));
    let port = server.server_addr().to_ip().expect("ip").port();
    thread::spawn(move || {
        for req in server.incoming_requests() {
            let (all, host, hits) = (all.clone(), host.clone(), hits.clone());
            thread::spawn(move || {
                all.enter();
                host.enter();
                hits.fetch_add(1, Ordering::SeqCst);
                thread::sleep(Duration::from_millis(60));
                let path = req.url().to_string();
                let (status, body) = if path.starts_with("/gone/") || path == "/robots.txt" {
                    (404, String::new())
                } else if path == "/news/" {
                    let links: String = (0..3)
                        .map(|k| {
                            format!(
                                "<li><a class=\"headline\" href=\"/news/{k}.html\">{k}</a></li>"
                            )
                        })
                        .collect();
                    (200, format!("<ul class=\"story-list\">{links}</ul>"))
                } else {
                    (200, PAGE.to_string())
                };
                host.leave();
                all.leave();
                let header =
                    tiny_http::Header::from_bytes("Content-Type", "text/html").expect("header");
                let _ = req.respond(tiny_http::Response::new(
                    tiny_http::StatusCode(status),
                    vec![header],
                    Cursor::new(body.into_bytes()),
                    None,
                    None,
                ));
            });
        }
    });
    port
}

fn config(dir: &Path, sources: &[String]) -> App {
    let mut text = String::from(
        "timezone = \"UTC\"\ndata_dir = \"data\"\n[fetch]\nper_host_delay_ms = 5\nbackoff_ms = 5\nmax_retries = 0\nconcurrency = 2\n",
    );
    for (i, url) in sources.iter().enumerate() {
        text.push_str(&format!(
            "[[sources]]\nname = \"s{i}\"\nurl = \"{url}\"\nlink_selector = \"ul.story-list a.headline\"\nbody_selector = \"div.article-body\"\n"
        ));
    }
    let path = dir.join("config.toml");
    std::fs::write(&path, text).expect("config");
    App::open(Config::load(&path).expect("load")).expect("open")
}

#[tokio::test(flavor = "multi_thread")]
async fn hosts_are_fetched_at_once_within_the_limit_one_request_each() {
    let all = Arc::new(Gauge::default());
    let hosts: Vec<Arc<Gauge>> = (0..4).map(|_| Arc::new(Gauge::default())).collect();
    let hits = Arc::new(AtomicUsize::new(0));
    let urls: Vec<String> = hosts
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let ip = format!("127.0.0.{}", i + 2);
            let port = serve(&ip, all.clone(), g.clone(), hits.clone());
            format!("http://{ip}:{port}/news/")
        })
        .collect();
    let dir = tempfile::tempdir().expect("tempdir");
    let app = config(dir.path(), &urls);
    let report = pipeline::run_cycle(&app).await.expect("cycle");
    assert_eq!(report.sources.len(), 4);
    for s in &report.sources {
        assert_eq!((s.pages_fetched, s.new_articles), (4, 3), "{s:?}");
    }
    // robots.txt, the listing and three pages per host.
    assert_eq!(hits.load(Ordering::SeqCst), 4 * 5);
    assert_eq!(all.max(), 2, "two requests in flight at once, never more");
    for g in &hosts {
        assert_eq!(g.max(), 1, "one request at a time per host");
    }
    let health = app
        .store
        .lock()
        .expect("store")
        .source_health()
        .expect("health");
    assert!(
        health
            .iter()
            .all(|h| h.last_success.is_some() && h.pages == 4),
        "{health:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failing_source_backs_off_and_the_others_go_on() {
    let all = Arc::new(Gauge::default());
    let hits = Arc::new(AtomicUsize::new(0));
    let port = serve(
        "127.0.0.6",
        all.clone(),
        Arc::new(Gauge::default()),
        hits.clone(),
    );
    let good_hits = Arc::new(AtomicUsize::new(0));
    let good = serve(
        "127.0.0.7",
        all,
        Arc::new(Gauge::default()),
        good_hits.clone(),
    );
    let urls = [
        format!("http://127.0.0.6:{port}/gone/"),
        format!("http://127.0.0.7:{good}/news/"),
    ];
    let dir = tempfile::tempdir().expect("tempdir");
    let app = config(dir.path(), &urls);
    for _ in 0..2 {
        let report = pipeline::run_cycle(&app).await.expect("cycle");
        assert!(report.sources[0].failed, "{:?}", report.sources[0]);
        assert!(report.sources[0].skipped_until.is_none());
    }
    let before = hits.load(Ordering::SeqCst);
    let third = pipeline::run_cycle(&app).await.expect("cycle");
    assert!(
        third.sources[0].skipped_until.is_some(),
        "{:?}",
        third.sources[0]
    );
    assert_eq!(
        hits.load(Ordering::SeqCst),
        before,
        "a backing-off source is not asked"
    );
    assert_eq!(
        third.sources[1].not_modified + third.sources[1].unchanged_articles,
        3,
        "{:?}",
        third.sources[1]
    );
    let health = app
        .store
        .lock()
        .expect("store")
        .source_health()
        .expect("health");
    let bad = health.iter().find(|h| h.name == "s0").expect("s0");
    assert_eq!(bad.consecutive_failures, 2);
    assert!(bad.next_attempt_at.is_some());
    assert!(
        bad.last_error.as_deref().is_some_and(|e| e.contains("404")),
        "{bad:?}"
    );
}
