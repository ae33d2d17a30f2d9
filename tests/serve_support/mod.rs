//! Test support for the archive server: the bundled sample site plus two
//! pages of our own (a Chinese gold report, an article full of markup
//! injection), served over real HTTP, fetched by the real pipeline, then the
//! real server on 127.0.0.1:0 in a thread of its own, shared by the tests of
//! one binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use orewatch::config::Config;
use orewatch::notify::unsubscribe::UnsubscribeKey;
use orewatch::pipeline::{self, App};
use orewatch::serve::{self, ServeState};

#[path = "../common/mod.rs"]
pub mod common;

/// The signing secret of the fixture server.
pub const SECRET: &[u8] = b"serve-fixture-secret-0123456789";

/// An article whose scraped text tries every injection the pages must defuse.
const XSS_PAGE: &str = r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Nickel &lt;script&gt;alert("t")&lt;/script&gt; slips &lt;img src=x onerror=alert(1)&gt;</title></head>
<body><article><h1>Nickel &lt;script&gt;alert("t")&lt;/script&gt; slips &lt;img src=x onerror=alert(1)&gt;</h1>
<div class="article-body">
<p>Nickel fell 2.1% to $15,200 a tonne on the London Metal Exchange on Tuesday, a move one desk called &lt;script&gt;document.title='pwned'&lt;/script&gt; noise.</p>
<p>Dealers said the nickel market &lt;a href="javascript:alert(1)"&gt;ignored&lt;/a&gt; the &lt;style&gt;body{display:none}&lt;/style&gt; headlines.</p>
</div></article></body></html>"#;

/// A Chinese gold report of our own (two-character words: 黄金, 金价).
const ZH_GOLD_PAGE: &str = r#"<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8">
<title>黄金价格再创新高</title></head>
<body><article><h1>黄金价格再创新高</h1>
<div class="article-body">
<p>国际金价周四上涨1.5%，报每盎司4,050美元。</p>
<p>分析人士认为，央行购金与避险需求令黄金需求依然强劲。</p>
</div></article></body></html>"#;

/// The shared fixture: a server answering at `base`, its database and config.
pub struct Fixture {
    pub base: String,
    pub db: PathBuf,
    pub config: PathBuf,
    pub key: UnsubscribeKey,
    pub dir: PathBuf,
}

/// The site: the sample site with our two pages added to its listing.
fn build_site(root: &Path) {
    copy_dir(&common::sample_site(), root);
    std::fs::write(root.join("news/xss-nickel.html"), XSS_PAGE).expect("write page");
    std::fs::write(root.join("news/zh-gold.html"), ZH_GOLD_PAGE).expect("write page");
    let index = root.join("index.html");
    let html = std::fs::read_to_string(&index).expect("index");
    let extra = r#"<ul class="story-list">
  <li><a class="headline" href="news/xss-nickel.html">Nickel slips</a></li>
  <li><a class="headline" href="news/zh-gold.html">黄金价格再创新高</a></li>"#;
    std::fs::write(
        &index,
        html.replacen(r#"<ul class="story-list">"#, extra, 1),
    )
    .expect("write index");
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read dir") {
        let e = e.expect("entry");
        let target = to.join(e.file_name());
        if e.file_type().expect("type").is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).expect("copy");
        }
    }
}

/// Starts (once per test binary) the site, one pipeline cycle and the server.
pub fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()
                .expect("runtime");
            rt.block_on(async move {
                // Kept for the life of the process: the thread never returns.
                let dir = tempfile::tempdir().expect("tempdir").keep();
                let site = dir.join("site");
                build_site(&site);
                let server = common::StaticServer::start(&site);
                let cfg = common::write_config(
                    &dir,
                    &format!("{}/index.html", server.base),
                    "[serve]\npublic_url = \"https://briefs.example.test\"\n",
                );
                let resolved = Config::load(&cfg).expect("config");
                let app = App::open(resolved.clone()).expect("open");
                pipeline::run_once(&app).await.expect("cycle");
                let key = UnsubscribeKey::new(SECRET).expect("key");
                let state = ServeState::open(Arc::new(resolved))
                    .expect("state")
                    .with_key(Some(key.clone()));
                let listener = serve::bind("127.0.0.1:0".parse().unwrap())
                    .await
                    .expect("bind");
                let addr = listener.local_addr().expect("addr");
                tx.send(Fixture {
                    base: format!("http://{addr}"),
                    db: app.cfg.db_path(),
                    config: cfg,
                    key,
                    dir: dir.clone(),
                })
                .expect("send");
                let _site = server;
                serve::serve(listener, state, Default::default())
                    .await
                    .expect("serve");
            });
        });
        rx.recv().expect("fixture started")
    })
}

/// An HTTP client without redirects, proxies or connection reuse surprises.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(20))
        .build()
        .expect("client")
}

/// GET `path`: status, Content-Security-Policy and body.
pub async fn get(path: &str) -> (u16, Option<String>, String) {
    let f = fixture();
    let r = client()
        .get(format!("{}{path}", f.base))
        .send()
        .await
        .expect("request");
    let status = r.status().as_u16();
    let csp = r
        .headers()
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .map(String::from);
    (status, csp, r.text().await.expect("body"))
}

/// GET `path` as JSON (status 200 expected).
pub async fn get_json(path: &str) -> serde_json::Value {
    let (status, _, body) = get(path).await;
    assert_eq!(status, 200, "{path}: {body}");
    serde_json::from_str(&body).unwrap_or_else(|e| panic!("{path}: not JSON ({e}): {body}"))
}
