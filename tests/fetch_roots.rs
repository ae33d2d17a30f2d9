//! Local sources only under the config file's directory or `fetch.local_roots`:
//! checked at load (naming the key, the value and the allowed directories)
//! and again by the fetcher for every file it reads (links of a local
//! listing, symbolic links).

use std::path::{Path, PathBuf};

use orewatch::config::Config;
use orewatch::fetch::{FetchError, FetchOptions, Fetcher};
use orewatch::pipeline::{self, App};

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn config(dir: &Path, url: &str, fetch_extra: &str) -> PathBuf {
    let path = dir.join("config.toml");
    write(
        &path,
        &format!(
            "data_dir = \"data\"\n[fetch]\n{fetch_extra}\n[[sources]]\nname = \"local\"\nurl = \"{url}\"\nkind = \"listing\"\nlink_selector = \"a.headline\"\n"
        ),
    );
    path
}

#[test]
fn a_source_outside_the_allowed_directories_is_refused_at_load() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path(), "file:///etc/shadow", "");
    let msg = Config::load(&cfg).unwrap_err().to_string();
    assert!(msg.contains("`sources[0].url`"), "{msg}");
    assert!(msg.contains("file:///etc/shadow"), "{msg}");
    let root = std::fs::canonicalize(dir.path()).unwrap();
    assert!(msg.contains(&root.display().to_string()), "{msg}");
    assert!(msg.contains("fetch.local_roots"), "{msg}");

    // A relative path climbing out of the config's directory, too.
    let cfg = config(dir.path(), "../elsewhere/index.html", "");
    let msg = Config::load(&cfg).unwrap_err().to_string();
    assert!(msg.contains("`sources[0].url`"), "{msg}");
}

#[test]
fn local_roots_admit_another_directory_and_must_exist() {
    let dir = tempfile::tempdir().unwrap();
    let mirror = tempfile::tempdir().unwrap();
    write(
        &mirror.path().join("index.html"),
        "<a class=headline href=a.html>a</a>",
    );
    let url = url::Url::from_file_path(mirror.path().join("index.html")).unwrap();
    let roots = format!("local_roots = [{:?}]", mirror.path().display().to_string());
    let cfg = Config::load(&config(dir.path(), url.as_str(), &roots)).expect("allowed");
    let real = std::fs::canonicalize(mirror.path()).unwrap();
    assert!(cfg.fetch.local_roots.contains(&real));

    let cfg = config(dir.path(), "index.html", "local_roots = [\"no/such/dir\"]");
    let msg = Config::load(&cfg).unwrap_err().to_string();
    assert!(msg.contains("`fetch.local_roots[0]`"), "{msg}");
    assert!(msg.contains("no/such/dir"), "{msg}");
}

#[tokio::test]
async fn the_fetcher_refuses_files_outside_its_roots_and_symlinks_out() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::fs::canonicalize(dir.path()).unwrap().join("site");
    write(&root.join("ok.html"), "<p>fine</p>");
    let outside = std::fs::canonicalize(dir.path())
        .unwrap()
        .join("secret.txt");
    write(&outside, "secret");
    std::os::unix::fs::symlink(&outside, root.join("link.html")).unwrap();
    let f = Fetcher::new(FetchOptions {
        local_roots: vec![root.clone()],
        ..FetchOptions::default()
    })
    .unwrap();
    let file = |p: &Path| url::Url::from_file_path(p).unwrap();
    f.fetch(&file(&root.join("ok.html")), None)
        .await
        .expect("inside");
    for p in [
        outside.clone(),
        root.join("link.html"),
        root.join("../secret.txt"),
    ] {
        let err = f.fetch(&file(&p), None).await.unwrap_err();
        assert!(
            matches!(err, FetchError::OutsideLocalRoots { .. }),
            "{}: {err}",
            p.display()
        );
        assert!(err.to_string().contains("fetch.local_roots"), "{err}");
    }
    // No roots: no local file at all.
    let none = Fetcher::new(FetchOptions::default()).unwrap();
    let err = none
        .fetch(&file(&root.join("ok.html")), None)
        .await
        .unwrap_err();
    assert!(matches!(err, FetchError::OutsideLocalRoots { .. }), "{err}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_local_listing_cannot_link_out_of_the_roots() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    write(
        &dir.path().join("outside.html"),
        "<p>Copper rose to $13,100 a tonne.</p>",
    );
    write(
        &site.join("index.html"),
        "<a class=headline href=story.html>in</a> <a class=headline href=../outside.html>out</a>",
    );
    write(
        &site.join("story.html"),
        "<html><body><article><h1>Story</h1><p>Nothing priced here today.</p></article></body></html>",
    );
    let cfg = config(&site, "index.html", "");
    let app = App::open(Config::load(&cfg).unwrap()).unwrap();
    let report = pipeline::run_cycle(&app).await.unwrap();
    let rep = &report.sources[0];
    assert_eq!(rep.new_articles, 1, "{rep:?}");
    assert_eq!(rep.errors.len(), 1, "{rep:?}");
    assert!(rep.errors[0].contains("outside.html"), "{rep:?}");
    assert!(rep.errors[0].contains("outside the directories"), "{rep:?}");
}

#[tokio::test]
async fn the_bundled_sample_works_with_the_default_config() {
    let cfg = Config::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("config.toml"))
        .expect("the default config loads");
    let f = Fetcher::new(cfg.fetch.clone()).unwrap();
    let listing = &cfg.sources[0].url;
    assert_eq!(listing.scheme(), "file");
    f.fetch(listing, None)
        .await
        .expect("the sample listing is read");
    let story = listing.join("news/copper-record.html").unwrap();
    f.fetch(&story, None)
        .await
        .expect("a sample article is read");
}
