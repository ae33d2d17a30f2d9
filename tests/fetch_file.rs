//! Local sources: file:// URLs and plain paths, read offline.

#[path = "fixtures/fetch/server.rs"]
mod server;

use std::path::{Path, PathBuf};

use orewatch::fetch::{FetchError, FetchOptions, FetchOutcome, Fetcher, parse_location};
use orewatch::scrape::feed::{looks_like_feed, parse_feed};
use server::fetched;

fn site_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fetch/site")
}

/// Local files may be read from the fixtures and the temporary directory.
fn roots() -> Vec<PathBuf> {
    [site_dir(), std::env::temp_dir()]
        .iter()
        .map(|p| std::fs::canonicalize(p).expect("root exists"))
        .collect()
}

fn fetcher() -> Fetcher {
    Fetcher::new(FetchOptions {
        local_roots: roots(),
        ..FetchOptions::default()
    })
    .expect("client builds")
}

#[tokio::test]
async fn offline_site_feed_to_articles() {
    let f = fetcher();
    let feed_url = parse_location("site/feed.xml", &site_dir().join("..")).expect("path");
    assert_eq!(feed_url.scheme(), "file");
    assert!(
        !feed_url.path().contains(".."),
        "path is normalized: {feed_url}"
    );
    let feed = fetched(f.fetch(&feed_url, None).await.expect("read feed"));
    assert_eq!(feed.content_type.as_deref(), Some("application/xml"));
    assert!(looks_like_feed(feed.content_type.as_deref(), &feed.body));
    let items = parse_feed(&feed.body, &feed.url).expect("valid feed");
    assert_eq!(items.len(), 2);
    for item in &items {
        assert_eq!(item.url.scheme(), "file");
        let page = fetched(f.fetch(&item.url, None).await.expect("read article"));
        assert_eq!(page.content_type.as_deref(), Some("text/html"));
        let text = String::from_utf8(page.body).expect("utf-8 fixture");
        let title = item.title.as_deref().expect("title");
        assert!(text.contains(title), "{} should contain {title}", item.url);
    }
}

#[tokio::test]
async fn unchanged_files_are_not_modified() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("page.htm");
    std::fs::write(&path, "<p>first</p>").expect("write");
    let url = url::Url::from_file_path(&path).expect("absolute");
    let f = fetcher();
    let first = fetched(f.fetch(&url, None).await.expect("first read"));
    assert_eq!(first.status, 200);
    assert_eq!(first.body, b"<p>first</p>");
    assert!(first.validators.etag.is_some());
    let lm = first.validators.last_modified.clone().expect("mtime");
    assert!(lm.ends_with(" GMT"), "{lm}");

    let again = f
        .fetch(&url, Some(&first.validators))
        .await
        .expect("second read");
    assert!(
        matches!(again, FetchOutcome::NotModified { .. }),
        "{again:?}"
    );
    let only_date = orewatch::fetch::Validators {
        etag: None,
        last_modified: Some(lm),
    };
    let again = f.fetch(&url, Some(&only_date)).await.expect("third read");
    assert!(
        matches!(again, FetchOutcome::NotModified { .. }),
        "{again:?}"
    );

    std::fs::write(&path, "<p>second, longer</p>").expect("rewrite");
    let changed = fetched(
        f.fetch(&url, Some(&first.validators))
            .await
            .expect("changed"),
    );
    assert_eq!(changed.body, b"<p>second, longer</p>");
    assert_ne!(changed.validators.etag, first.validators.etag);
}

#[tokio::test]
async fn content_types_follow_extensions() {
    let f = fetcher();
    let base = site_dir();
    for (name, want) in [
        ("index.html", Some("text/html")),
        ("notes.txt", Some("text/plain")),
        ("feed.xml", Some("application/xml")),
    ] {
        let url = parse_location(name, &base).expect("path");
        let got = fetched(f.fetch(&url, None).await.expect("read"));
        assert_eq!(got.content_type.as_deref(), want, "{name}");
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let odd = dir.path().join("data.bin");
    std::fs::write(&odd, [0u8, 1, 2]).expect("write");
    let url = url::Url::from_file_path(&odd).expect("absolute");
    assert_eq!(
        fetched(f.fetch(&url, None).await.expect("read")).content_type,
        None
    );
}

#[tokio::test]
async fn file_errors_are_clear() {
    let f = fetcher();
    let missing = parse_location("no/such/page.html", &site_dir()).expect("path");
    let err = f.fetch(&missing, None).await.expect_err("missing");
    assert!(matches!(err, FetchError::FileNotFound { .. }), "{err}");
    assert!(err.to_string().contains("page.html"), "{err}");

    let dir = parse_location("articles", &site_dir()).expect("path");
    let err = f.fetch(&dir, None).await.expect_err("directory");
    assert!(matches!(err, FetchError::NotAFile { .. }), "{err}");

    let small = Fetcher::new(FetchOptions {
        max_bytes: 10,
        local_roots: roots(),
        ..FetchOptions::default()
    })
    .expect("client");
    let page = parse_location("index.html", &site_dir()).expect("path");
    let err = small.fetch(&page, None).await.expect_err("over the cap");
    assert!(
        matches!(err, FetchError::TooLarge { limit: 10, .. }),
        "{err}"
    );
}

#[test]
fn locations_parse() {
    let base = Path::new("/etc/orewatch");
    let cases = [
        (
            "https://news.example.com/metals",
            "https://news.example.com/metals",
        ),
        ("http://127.0.0.1:8080/feed", "http://127.0.0.1:8080/feed"),
        ("file:///srv/site/index.html", "file:///srv/site/index.html"),
        ("/srv/site/feed.xml", "file:///srv/site/feed.xml"),
        (
            "sample/index.html",
            "file:///etc/orewatch/sample/index.html",
        ),
        (
            "./sample/../other/a b.html",
            "file:///etc/orewatch/other/a%20b.html",
        ),
        (
            "  sample/feed.xml  ",
            "file:///etc/orewatch/sample/feed.xml",
        ),
    ];
    for (input, want) in cases {
        let got = parse_location(input, base).unwrap_or_else(|e| panic!("{input}: {e}"));
        assert_eq!(got.as_str(), want, "{input}");
    }
    let err = parse_location("ftp://example.com/x", base).expect_err("ftp");
    assert!(matches!(err, FetchError::UnsupportedScheme { ref scheme, .. } if scheme == "ftp"));
    let err = parse_location("   ", base).expect_err("empty");
    assert!(matches!(err, FetchError::InvalidLocation { .. }), "{err}");
    let err = parse_location("https://", base).expect_err("no host");
    assert!(matches!(err, FetchError::InvalidLocation { .. }), "{err}");
}

#[tokio::test]
async fn other_schemes_are_refused() {
    let url = url::Url::parse("gopher://example.com/1").expect("url");
    let err = fetcher().fetch(&url, None).await.expect_err("gopher");
    assert!(matches!(err, FetchError::UnsupportedScheme { .. }), "{err}");
}

proptest::proptest! {
    #[test]
    fn any_location_string_is_handled(s in "\\PC{0,40}") {
        if let Ok(url) = parse_location(&s, Path::new("/srv/orewatch")) {
            proptest::prop_assert!(matches!(url.scheme(), "http" | "https" | "file"));
        }
    }
}
