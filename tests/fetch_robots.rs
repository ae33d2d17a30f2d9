//! robots.txt handling against a real loopback server.

#[path = "fixtures/fetch/server.rs"]
mod server;

use std::time::Duration;

use orewatch::fetch::{FetchOptions, FetchOutcome, Fetcher};
use server::{Reply, TestServer, closed_port_url, quick_options};

fn polite() -> Fetcher {
    Fetcher::new(FetchOptions {
        respect_robots: true,
        user_agent: "orewatch/0.1 (+https://example.invalid/bot)".into(),
        ..quick_options()
    })
    .expect("client builds")
}

fn site(robots: Reply) -> TestServer {
    let robots = std::sync::Mutex::new(Some(robots));
    TestServer::start(move |req| {
        if req.path == "/robots.txt" {
            let mut slot = robots.lock().expect("lock");
            slot.take()
                .unwrap_or_else(|| Reply::new(410, "asked twice"))
        } else {
            Reply::ok(format!("page {}", req.path))
        }
    })
}

async fn outcome(f: &Fetcher, srv: &TestServer, path: &str) -> &'static str {
    match f.fetch(&srv.url(path), None).await {
        Ok(FetchOutcome::Fetched(_)) => "fetched",
        Ok(FetchOutcome::Disallowed { .. }) => "disallowed",
        Ok(FetchOutcome::NotModified { .. }) => "not modified",
        Err(e) => panic!("{path}: {e}"),
    }
}

const ROBOTS: &str = "\
User-agent: somebot
Disallow: /

User-agent: *
Disallow: /

User-agent: orewatch
Disallow: /private/
Allow: /private/press/
Disallow: /*.pdf$
Disallow: /search?*q=
";

#[tokio::test]
async fn our_group_longest_match_and_wildcards() {
    let srv = site(Reply::ok(ROBOTS).header("Content-Type", "text/plain"));
    let f = polite();
    let cases = [
        ("/news/gold", "fetched"),
        ("/private/accounts", "disallowed"),
        ("/private/press/release", "fetched"),
        ("/reports/q3.pdf", "disallowed"),
        ("/reports/q3.pdf?view=1", "fetched"),
        ("/search?page=2&q=copper", "disallowed"),
        ("/search?page=2", "fetched"),
    ];
    for (path, want) in cases {
        assert_eq!(outcome(&f, &srv, path).await, want, "{path}");
    }
    let seen = srv.seen();
    assert_eq!(
        seen.iter().filter(|s| s.path == "/robots.txt").count(),
        1,
        "robots.txt is cached"
    );
    for (path, want) in cases {
        let requested = seen.iter().any(|s| s.path == path);
        assert_eq!(
            requested,
            want == "fetched",
            "{path} requested: {requested}"
        );
    }
}

#[tokio::test]
async fn missing_robots_allows_everything() {
    let srv = site(Reply::new(404, "not found"));
    let f = polite();
    assert_eq!(outcome(&f, &srv, "/anything").await, "fetched");
    assert_eq!(outcome(&f, &srv, "/private/x").await, "fetched");
}

#[tokio::test]
async fn robots_server_error_disallows_for_now() {
    let srv = site(Reply::new(503, "down"));
    let f = polite();
    assert_eq!(outcome(&f, &srv, "/news").await, "disallowed");
    assert_eq!(outcome(&f, &srv, "/other").await, "disallowed");
    assert!(srv.seen().iter().all(|s| s.path == "/robots.txt"));
    assert_eq!(
        srv.seen().len(),
        1,
        "the failure is cached for a while, not retried each time"
    );
}

#[tokio::test]
async fn robots_can_be_ignored_when_configured() {
    let srv = site(Reply::ok("User-agent: *\nDisallow: /"));
    let f = Fetcher::new(quick_options()).expect("client");
    assert_eq!(outcome(&f, &srv, "/news").await, "fetched");
    assert!(srv.seen().iter().all(|s| s.path != "/robots.txt"));
}

#[tokio::test]
async fn redirect_into_a_disallowed_path_stops() {
    let srv = TestServer::start(|req| match req.path.as_str() {
        "/robots.txt" => Reply::ok("User-agent: *\nDisallow: /members/"),
        "/teaser" => Reply::new(302, "").header("Location", "/members/story"),
        _ => Reply::ok("content"),
    });
    let f = polite();
    match f.fetch(&srv.url("/teaser"), None).await.expect("fetch") {
        FetchOutcome::Disallowed { url } => assert_eq!(url.path(), "/members/story"),
        other => panic!("expected Disallowed, got {other:?}"),
    }
    assert!(srv.seen().iter().all(|s| s.path != "/members/story"));
}

#[tokio::test]
async fn crawl_delay_raises_the_pacing() {
    let srv = site(Reply::ok(
        "User-agent: *\nCrawl-delay: 0.15\nDisallow: /tmp/",
    ));
    let f = polite();
    assert_eq!(outcome(&f, &srv, "/one").await, "fetched");
    assert_eq!(outcome(&f, &srv, "/two").await, "fetched");
    let seen = srv.seen();
    let at = |p: &str| {
        seen.iter()
            .find(|s| s.path == p)
            .map(|s| s.at)
            .expect("requested")
    };
    let gap = at("/two") - at("/one");
    assert!(
        gap >= Duration::from_millis(150),
        "pages only {gap:?} apart"
    );
}

#[tokio::test]
async fn robots_download_is_retried_after_a_timeout() {
    let srv = TestServer::start(|req| match (req.path.as_str(), req.nth) {
        ("/robots.txt", 0) => {
            Reply::ok("User-agent: *\nDisallow:").delayed(Duration::from_millis(300))
        }
        ("/robots.txt", _) => Reply::ok("User-agent: *\nDisallow: /hidden"),
        _ => Reply::ok("page"),
    });
    let f = Fetcher::new(FetchOptions {
        respect_robots: true,
        timeout: Duration::from_millis(100),
        max_retries: 1,
        ..quick_options()
    })
    .expect("client");
    assert_eq!(outcome(&f, &srv, "/hidden").await, "disallowed");
    assert_eq!(outcome(&f, &srv, "/shown").await, "fetched");
    assert_eq!(srv.seen_path("/robots.txt").len(), 2);
}

#[tokio::test]
async fn unreachable_site_is_an_error_not_a_verdict() {
    let url = closed_port_url("/news");
    let f = Fetcher::new(FetchOptions {
        respect_robots: true,
        max_retries: 1,
        ..quick_options()
    })
    .expect("client");
    let err = f.fetch(&url, None).await.expect_err("nothing listens");
    assert!(
        matches!(err, orewatch::fetch::FetchError::Network { attempts: 2, ref url, .. } if url.path() == "/robots.txt"),
        "{err}"
    );
}
