//! Full-text search over the server (FTS5 trigram, LIKE for short terms), and
//! scraped markup coming back inert on every page that shows it.

mod serve_support;

use serve_support::{fixture, get, get_json};

fn titles(v: &serde_json::Value) -> Vec<String> {
    v["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|h| h["title"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn search_finds_articles_and_briefings_with_marked_snippets() {
    let r = get_json("/search.json?q=copper").await;
    assert_eq!(r["method"], "fts");
    assert!(r["total"].as_u64().unwrap() >= 3, "{r}");
    let t = titles(&r);
    assert!(
        t.iter().any(|t| t.starts_with("Copper Breaks New Ground")),
        "{t:?}"
    );
    assert!(
        !t.iter().any(|t| t.contains("黄金")),
        "the gold report has no copper: {t:?}"
    );
    for h in r["hits"].as_array().unwrap() {
        let marked: Vec<&str> = h["snippet"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["hit"] == true)
            .map(|s| s["text"].as_str().unwrap())
            .collect();
        assert!(
            marked.iter().all(|m| m.eq_ignore_ascii_case("copper")) && !marked.is_empty(),
            "{h}"
        );
    }
    // briefings are searched too, and link to their archive page
    let b = get_json("/search.json?q=Goldman%20Sachs").await;
    let briefing = b["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["kind"] == "briefing")
        .unwrap_or_else(|| panic!("no briefing hit: {b}"));
    let url = briefing["url"].as_str().unwrap();
    assert!(url.starts_with('/') && url.ends_with(".html"), "{url}");
    assert_eq!(get(url).await.0, 200, "the briefing's page is served");
    // the HTML page marks the hits
    let (status, _, html) = get("/search?q=copper").await;
    assert_eq!(status, 200);
    assert!(html.contains("<mark>copper</mark>") || html.contains("<mark>Copper</mark>"));
}

#[tokio::test(flavor = "multi_thread")]
async fn chinese_terms_of_two_characters_are_found() {
    let r = get_json("/search.json?q=%E9%BB%84%E9%87%91").await; // 黄金
    assert_eq!(r["method"], "like");
    let t = titles(&r);
    assert!(t.contains(&"黄金价格再创新高".to_string()), "{t:?}");
    let hit = &r["hits"][0]["snippet"];
    assert!(
        hit.as_array()
            .unwrap()
            .iter()
            .any(|s| s["hit"] == true && s["text"] == "黄金"),
        "{hit}"
    );
    // a word inside a run of Han characters, through the trigram index
    let r = get_json("/search.json?q=%E5%9B%BD%E9%99%85%E9%87%91%E4%BB%B7").await; // 国际金价
    assert_eq!(r["method"], "fts");
    assert!(titles(&r).contains(&"黄金价格再创新高".to_string()), "{r}");
    // 有色 is in the sample's Chinese market wrap, not in the gold report
    let r = get_json("/search.json?q=%E6%9C%89%E8%89%B2").await;
    let t = titles(&r);
    assert!(t.iter().any(|t| t.contains("港股收评")), "{t:?}");
    assert!(!t.contains(&"黄金价格再创新高".to_string()), "{t:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn search_input_is_data_bounded_and_paged() {
    // FTS operators and LIKE wildcards are text, not syntax
    for q in [
        "%22copper%22%20OR%20x",
        "copper%20NOT",
        "%25",
        "_",
        "a%27%3B%20DROP%20TABLE%20articles%3B--",
    ] {
        let (status, _, body) = get(&format!("/search.json?q={q}")).await;
        assert_eq!(status, 200, "{q}: {body}");
    }
    assert_eq!(
        get_json("/search.json?q=_").await["total"],
        0,
        "no literal underscore"
    );
    assert!(
        get_json("/search.json?q=copper").await["total"]
            .as_u64()
            .unwrap()
            > 0,
        "tables intact"
    );
    let long = "x".repeat(201);
    assert_eq!(get(&format!("/search?q={long}")).await.0, 400);
    assert_eq!(get("/search?q=copper&page=0").await.0, 400);
    let p1 = get_json("/search.json?q=copper").await;
    let p2 = get_json("/search.json?q=copper&page=2").await;
    assert_eq!(p1["total"], p2["total"]);
    let total = p1["total"].as_u64().unwrap();
    let per = p1["per_page"].as_u64().unwrap();
    assert_eq!(p1["hits"].as_array().unwrap().len() as u64, total.min(per));
    assert_eq!(
        p2["hits"].as_array().unwrap().len() as u64,
        total.saturating_sub(per).min(per)
    );
}

/// A page showing the injection article's text: markup as text, no live tag.
fn assert_inert(page: &str, html: &str) {
    for live in [
        "<script>alert",
        "<script>document",
        "<img src=x",
        "<style>body",
        "href=\"javascript:",
    ] {
        assert!(
            !html.contains(live),
            "{page}: live markup {live:?} in\n{html}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn scraped_markup_comes_back_inert() {
    let (_, _, html) = get("/search?q=nickel").await;
    assert!(
        html.contains("&#60;script&#62;") || html.contains("&lt;script&gt;"),
        "the text is shown, escaped:\n{html}"
    );
    assert_inert("/search", &html);
    let (_, _, html) = get("/search?q=pwned").await;
    assert!(html.contains("pwned"), "{html}");
    assert_inert("/search (body)", &html);
    let (_, _, html) = get("/commodity/nickel").await;
    assert!(html.contains("15,200"), "{html}");
    assert_inert("/commodity/nickel", &html);
    // text typed into the search box comes back escaped too
    let (_, _, html) = get("/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E").await;
    assert!(!html.contains("<script>alert(1)"), "{html}");
    let (_, _, html) = get("/forecasts?institution=%22%3E%3Cscript%3Ex%3C%2Fscript%3E").await;
    assert!(!html.contains("<script>x"), "{html}");
    let _ = fixture();
}
