//! HTTP fetching against a real loopback server: conditional GET, retries, caps,
//! timeouts, pacing and redirects.

#[path = "fixtures/fetch/server.rs"]
mod server;

use std::io::Write;
use std::time::Duration;

use orewatch::fetch::{FetchError, FetchOptions, FetchOutcome, Fetcher, Validators};
use server::{Reply, TestServer, closed_port_url, fetched, quick_options};

fn fetcher(opts: FetchOptions) -> Fetcher {
    Fetcher::new(opts).expect("client builds")
}

#[tokio::test]
async fn etag_gives_not_modified() {
    let srv = TestServer::start(|req| {
        if req.header("if-none-match") == Some("\"v1\"") {
            Reply::new(304, "")
        } else {
            Reply::ok("<p>copper</p>")
                .header("ETag", "\"v1\"")
                .header("Content-Type", "text/html; charset=utf-8")
        }
    });
    let f = fetcher(quick_options());
    let url = srv.url("/page");
    let first = fetched(f.fetch(&url, None).await.expect("first fetch"));
    assert_eq!(first.status, 200);
    assert_eq!(first.body, b"<p>copper</p>");
    assert_eq!(
        first.content_type.as_deref(),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(first.validators.etag.as_deref(), Some("\"v1\""));
    let again = f
        .fetch(&url, Some(&first.validators))
        .await
        .expect("second fetch");
    assert!(matches!(again, FetchOutcome::NotModified { ref url } if url.path() == "/page"));
    let stale = Validators {
        etag: Some("\"v0\"".into()),
        last_modified: None,
    };
    assert!(matches!(
        f.fetch(&url, Some(&stale)).await,
        Ok(FetchOutcome::Fetched(_))
    ));
}

#[tokio::test]
async fn last_modified_gives_not_modified() {
    const STAMP: &str = "Thu, 19 Nov 2026 08:00:00 GMT";
    let srv = TestServer::start(|req| {
        if req.header("if-modified-since") == Some(STAMP) {
            Reply::new(304, "")
        } else {
            Reply::ok("zinc").header("Last-Modified", STAMP)
        }
    });
    let f = fetcher(quick_options());
    let url = srv.url("/lm");
    let first = fetched(f.fetch(&url, None).await.expect("first"));
    assert_eq!(first.validators.last_modified.as_deref(), Some(STAMP));
    assert_eq!(first.validators.etag, None);
    let again = f
        .fetch(&url, Some(&first.validators))
        .await
        .expect("second");
    assert!(
        matches!(again, FetchOutcome::NotModified { .. }),
        "{again:?}"
    );
    assert!(srv.seen()[0].header("if-modified-since").is_none());
}

#[tokio::test]
async fn server_errors_are_retried_until_success() {
    let srv = TestServer::start(|req| match req.nth {
        0 | 1 => Reply::new(503, "busy"),
        _ => Reply::ok("nickel"),
    });
    let f = fetcher(quick_options());
    let got = fetched(
        f.fetch(&srv.url("/flaky"), None)
            .await
            .expect("succeeds on 3rd try"),
    );
    assert_eq!(got.body, b"nickel");
    assert_eq!(srv.seen_path("/flaky").len(), 3);
}

#[tokio::test]
async fn retries_give_up_after_max_retries() {
    let srv = TestServer::start(|_| Reply::new(500, "broken"));
    let f = fetcher(FetchOptions {
        max_retries: 2,
        ..quick_options()
    });
    let err = f
        .fetch(&srv.url("/down"), None)
        .await
        .expect_err("always 500");
    assert!(
        matches!(
            err,
            FetchError::ServerError {
                status: 500,
                attempts: 3,
                ..
            }
        ),
        "{err}"
    );
    assert_eq!(srv.seen().len(), 3);
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    let srv = TestServer::start(|_| Reply::new(404, "no such page"));
    let f = fetcher(quick_options());
    let err = f.fetch(&srv.url("/gone"), None).await.expect_err("404");
    assert!(
        matches!(err, FetchError::Status { status: 404, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("update the address"), "{err}");
    assert_eq!(srv.seen().len(), 1);
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let srv = TestServer::start(|req| match req.nth {
        0 => Reply::new(503, "later").header("Retry-After", "1"),
        _ => Reply::ok("tin"),
    });
    let f = fetcher(quick_options());
    fetched(
        f.fetch(&srv.url("/ra"), None)
            .await
            .expect("second try works"),
    );
    let seen = srv.seen_path("/ra");
    assert_eq!(seen.len(), 2);
    let gap = seen[1].at - seen[0].at;
    assert!(gap >= Duration::from_secs(1), "retried after {gap:?}");
}

#[tokio::test]
async fn overlong_retry_after_ends_the_fetch() {
    let srv = TestServer::start(|_| Reply::new(429, "slow down").header("Retry-After", "3600"));
    let f = fetcher(quick_options());
    let err = f.fetch(&srv.url("/limited"), None).await.expect_err("429");
    assert!(
        matches!(err, FetchError::RetryLater { status: 429, retry_after, .. } if retry_after == Duration::from_secs(3600)),
        "{err}"
    );
    assert_eq!(srv.seen().len(), 1);
}

#[tokio::test]
async fn big_bodies_are_refused() {
    let big = vec![b'x'; 4096];
    let srv = TestServer::start(move |req| match req.path.as_str() {
        "/chunked" => Reply::ok(big.clone()).chunked(),
        "/fits" => Reply::ok(vec![b'y'; 1000]).chunked(),
        _ => Reply::ok(big.clone()),
    });
    let f = fetcher(FetchOptions {
        max_bytes: 1000,
        ..quick_options()
    });
    for path in ["/sized", "/chunked"] {
        let err = f.fetch(&srv.url(path), None).await.expect_err("too big");
        assert!(
            matches!(err, FetchError::TooLarge { limit: 1000, .. }),
            "{path}: {err}"
        );
    }
    let ok = fetched(
        f.fetch(&srv.url("/fits"), None)
            .await
            .expect("exactly at the cap"),
    );
    assert_eq!(ok.body.len(), 1000);
    assert_eq!(srv.seen().len(), 3, "size errors are not retried");
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(data).expect("compress");
    enc.finish().expect("compress")
}

#[tokio::test]
async fn gzip_is_decoded_and_bombs_are_stopped() {
    let bomb = gzip(&vec![0u8; 20 * 1024 * 1024]);
    assert!(bomb.len() < 100_000, "the bomb is small on the wire");
    let page = gzip(b"<p>gold and silver</p>");
    let srv = TestServer::start(move |req| {
        let body = if req.path == "/bomb" {
            bomb.clone()
        } else {
            page.clone()
        };
        Reply::ok(body).header("Content-Encoding", "gzip")
    });
    let f = fetcher(FetchOptions {
        max_bytes: 1024 * 1024,
        ..quick_options()
    });
    let ok = fetched(f.fetch(&srv.url("/page"), None).await.expect("gzip page"));
    assert_eq!(ok.body, b"<p>gold and silver</p>");
    assert!(
        srv.seen()[0]
            .header("accept-encoding")
            .is_some_and(|v| v.contains("gzip"))
    );
    let err = f.fetch(&srv.url("/bomb"), None).await.expect_err("bomb");
    assert!(matches!(err, FetchError::TooLarge { .. }), "{err}");
}

#[tokio::test]
async fn slow_server_times_out() {
    let srv = TestServer::start(|_| Reply::ok("late").delayed(Duration::from_millis(600)));
    let f = fetcher(FetchOptions {
        timeout: Duration::from_millis(100),
        max_retries: 0,
        ..quick_options()
    });
    let err = f.fetch(&srv.url("/slow"), None).await.expect_err("timeout");
    assert!(
        matches!(err, FetchError::Timeout { attempts: 1, .. }),
        "{err}"
    );
}

#[tokio::test]
async fn unreachable_host_is_a_network_error_after_retries() {
    let f = fetcher(FetchOptions {
        max_retries: 1,
        ..quick_options()
    });
    let url = closed_port_url("/x");
    let err = f.fetch(&url, None).await.expect_err("nothing listens");
    assert!(
        matches!(err, FetchError::Network { attempts: 2, .. }),
        "{err}"
    );
}

#[tokio::test]
async fn requests_to_one_host_are_paced() {
    let srv = TestServer::start(|_| Reply::ok("ok"));
    let delay = Duration::from_millis(80);
    let f = fetcher(FetchOptions {
        per_host_delay: delay,
        ..quick_options()
    });
    f.fetch(&srv.url("/a"), None).await.expect("a");
    f.fetch(&srv.url("/b"), None).await.expect("b");
    let tasks: Vec<_> = ["/c", "/d"]
        .into_iter()
        .map(|p| {
            let (f, url) = (f.clone(), srv.url(p));
            tokio::spawn(async move { f.fetch(&url, None).await })
        })
        .collect();
    for t in tasks {
        t.await.expect("task").expect("concurrent fetch");
    }
    let seen = srv.seen();
    assert_eq!(seen.len(), 4);
    for pair in seen.windows(2) {
        let gap = pair[1].at - pair[0].at;
        assert!(
            gap >= delay,
            "{} -> {} only {gap:?} apart",
            pair[0].path,
            pair[1].path
        );
    }
}

#[tokio::test]
async fn redirects_give_the_final_url() {
    let srv = TestServer::start(|req| match req.path.as_str() {
        "/old" => Reply::new(301, "").header("Location", "/news/new?id=7"),
        "/hop" => Reply::new(302, "").header("Location", "old"),
        "/loop" => Reply::new(307, "").header("Location", "/loop"),
        "/local" => Reply::new(302, "").header("Location", "file:///etc/passwd"),
        "/nowhere" => Reply::new(302, ""),
        _ => Reply::ok(format!("at {}", req.path)),
    });
    let f = fetcher(quick_options());
    let got = fetched(
        f.fetch(&srv.url("/hop"), None)
            .await
            .expect("two redirects"),
    );
    assert_eq!(got.url, srv.url("/news/new?id=7"));
    assert_eq!(got.body, b"at /news/new?id=7");

    let err = f.fetch(&srv.url("/loop"), None).await.expect_err("loop");
    assert!(matches!(err, FetchError::TooManyRedirects { .. }), "{err}");
    for path in ["/local", "/nowhere"] {
        let err = f
            .fetch(&srv.url(path), None)
            .await
            .expect_err("bad redirect");
        assert!(
            matches!(err, FetchError::BadRedirect { .. }),
            "{path}: {err}"
        );
    }
    assert!(srv.seen().iter().all(|s| s.path != "/etc/passwd"));
}

#[tokio::test]
async fn requests_carry_user_agent_and_accept() {
    let srv = TestServer::start(|_| Reply::ok("ok"));
    let f = fetcher(FetchOptions {
        user_agent: "orewatch-test/9 (+https://example.invalid/bot)".into(),
        ..quick_options()
    });
    f.fetch(&srv.url("/ua"), None).await.expect("fetch");
    let seen = &srv.seen()[0];
    assert_eq!(
        seen.header("user-agent"),
        Some("orewatch-test/9 (+https://example.invalid/bot)")
    );
    assert!(
        seen.header("accept")
            .is_some_and(|a| a.contains("text/html"))
    );
}

#[test]
fn bad_user_agent_is_refused_at_load() {
    // The HTTP client is built at the first request, so a user agent that is
    // no header value is refused where it is written, naming the key.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, "[fetch]\nuser_agent = \"bad\\nagent\"\n").unwrap();
    let err = orewatch::config::Config::load(&path).expect_err("newline in header");
    let msg = err.to_string();
    assert!(msg.contains("fetch.user_agent"), "{msg}");
    assert!(msg.contains("printable ASCII"), "{msg}");
    assert!(msg.contains("config.toml"), "{msg}");
}
