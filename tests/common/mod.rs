//! Test support: a real HTTP server on 127.0.0.1 serving a directory, and
//! helpers to write a configuration into a temporary directory.
#![allow(dead_code)]

pub mod chromium;
pub mod smtp;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread::JoinHandle;

/// A static file server on 127.0.0.1 (a random port), serving `root`.
pub struct StaticServer {
    pub base: String,
    pub requests: Arc<AtomicUsize>,
    server: Arc<tiny_http::Server>,
    thread: Option<JoinHandle<()>>,
}

impl StaticServer {
    pub fn start(root: &Path) -> StaticServer {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").expect("bind 127.0.0.1"));
        let port = server.server_addr().to_ip().expect("ip address").port();
        let requests = Arc::new(AtomicUsize::new(0));
        let (srv, root, count) = (server.clone(), root.to_path_buf(), requests.clone());
        let thread = std::thread::spawn(move || {
            for req in srv.incoming_requests() {
                count.fetch_add(1, Ordering::SeqCst);
                let path = req
                    .url()
                    .split('?')
                    .next()
                    .unwrap_or("/")
                    .trim_start_matches('/')
                    .to_string();
                let file = root.join(if path.is_empty() { "index.html" } else { &path });
                let resp = match std::fs::read(&file) {
                    Ok(bytes) if !path.contains("..") => {
                        let ct = match file.extension().and_then(|e| e.to_str()) {
                            Some("html") => "text/html; charset=utf-8",
                            Some("xml") => "application/rss+xml",
                            Some("css") => "text/css",
                            _ => "text/plain; charset=utf-8",
                        };
                        tiny_http::Response::from_data(bytes)
                            .with_header(
                                tiny_http::Header::from_bytes("Content-Type", ct).expect("header"),
                            )
                            .boxed()
                    }
                    _ => tiny_http::Response::from_string("not found")
                        .with_status_code(404)
                        .boxed(),
                };
                let _ = req.respond(resp);
            }
        });
        StaticServer {
            base: format!("http://127.0.0.1:{port}"),
            requests,
            server,
            thread: Some(thread),
        }
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// The repository's bundled sample site.
pub fn sample_site() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/site")
}

/// A configuration reading `listing_url`, storing under `dir`, with fast
/// pacing; `extra` is appended (mail, alerts...).
pub fn write_config(dir: &Path, listing_url: &str, extra: &str) -> PathBuf {
    let text = format!(
        r#"
timezone = "Asia/Hong_Kong"
data_dir = "data"

[fetch]
per_host_delay_ms = 5
backoff_ms = 10
max_retries = 1
timeout_secs = 5

[[sources]]
name = "sample"
url = "{listing_url}"
kind = "listing"
link_selector = "ul.story-list a.headline"
body_selector = "div.article-body"

[[alerts.price]]
commodity = "copper"
level = 13000

[[subscribers]]
email = "reader@example.com"
name = "Reader"
{extra}
"#
    );
    let path = dir.join("config.toml");
    std::fs::write(&path, text).expect("write config");
    path
}

/// The sample site plus recent copper closes on dated pages (so the briefing has a
/// 30-day chart) and a page whose title and sentences carry markup and script
/// (which must stay text everywhere), written under `dir`. Returns the site root.
pub fn chart_site(dir: &Path) -> PathBuf {
    let root = dir.join("site");
    copy_dir(&sample_site(), &root);
    let today = chrono::Utc::now()
        .with_timezone(&chrono_tz::Asia::Hong_Kong)
        .date_naive();
    let mut links = String::new();
    for (i, close) in [12_880, 12_960, 13_040, 13_100].iter().enumerate() {
        let day = today - chrono::Days::new(4 - i as u64);
        let name = format!("close-{i}.html");
        let body = format!(
            "<p>LME copper closed at ${close} a tonne, dealers in London said.</p>\
             <p>Volumes were thin ahead of the weekend.</p>"
        );
        std::fs::write(
            root.join("news").join(&name),
            page(&format!("Copper close {day}"), &day.to_string(), &body),
        )
        .expect("write page");
        links.push_str(&format!(
            "<li><a class=\"headline\" href=\"news/{name}\">Copper close {day}</a></li>\n"
        ));
    }
    let xss_title = "Copper desk &lt;script&gt;document.body.dataset.pwned=1+1&lt;/script&gt; &lt;/title&gt;&lt;style&gt;body{display:none}&lt;/style&gt;";
    let xss_body = "<p>Spot palladium rose to $1,150 an ounce &lt;img src=x onerror=&quot;document.body.dataset.pwned=2+2&quot;&gt; on the day.</p>";
    let day = (today - chrono::Days::new(1)).to_string();
    std::fs::write(root.join("news/xss.html"), page(xss_title, &day, xss_body))
        .expect("write page");
    links.push_str("<li><a class=\"headline\" href=\"news/xss.html\">Copper desk</a></li>\n");
    links.push_str("<li><a class=\"headline\" href=\"javascript:document.body.dataset.pwned=3+3\">bad link</a></li>\n");
    let index = std::fs::read_to_string(root.join("index.html")).expect("index");
    let index = index.replacen(
        "<ul class=\"story-list\">\n",
        &format!("<ul class=\"story-list\">\n{links}"),
        1,
    );
    std::fs::write(root.join("index.html"), index).expect("write index");
    root
}

fn page(title: &str, published: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title>\
         <meta property=\"article:published_time\" content=\"{published}T09:00:00+08:00\"></head>\
         <body><article><h1>{title}</h1><div class=\"article-body\">{body}</div></article></body></html>"
    )
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read dir").flatten() {
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).expect("copy");
        }
    }
}
