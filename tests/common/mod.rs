//! Test support: a real HTTP server on 127.0.0.1 serving a directory, and
//! helpers to write a configuration into a temporary directory.
#![allow(dead_code)]

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
