//! Recording a briefing again: a rendering that differs only in its
//! "generated" time rewrites nothing; new content replaces the stored one and
//! its search entries.

#[path = "fixtures/store/support.rs"]
mod support;

use support::*;

/// Saves a rendering of `day` whose HTML and text say `what`, generated at `at`.
fn save_rendering(store: &mut orewatch::store::Store, what: &str, at: &str, send: bool) -> bool {
    let (html, text) = (
        format!("<p>{what} · generated {at}</p>"),
        format!("{what} · generated {at}"),
    );
    let body = orewatch::store::DayMail {
        html: &html,
        text: &text,
        mailed: None,
        personal: &|_| None,
        stamp: at,
    };
    store
        .save_briefing_mail(day(2026, 11, 20), &body, send, &ctx())
        .unwrap()
}

#[test]
fn a_rendering_that_differs_only_in_its_generated_time_rewrites_nothing() {
    let (mut store, _src) = store_with_subscriber();
    let d = day(2026, 11, 20);
    let found = |store: &orewatch::store::Store, q: &str| {
        let page = store.search(q, 1, 20).unwrap();
        page.hits.iter().filter(|h| h.kind == "briefing").count()
    };
    assert!(!save_rendering(
        &mut store,
        "copper quiet",
        "10:00 HKT",
        false
    ));
    let first = store.health_snapshot().unwrap().last_briefing_at;
    std::thread::sleep(std::time::Duration::from_millis(2));
    assert!(!save_rendering(
        &mut store,
        "copper quiet",
        "10:05 HKT",
        false
    ));
    assert_eq!(
        store.briefing_html(d).unwrap().as_deref(),
        Some("<p>copper quiet · generated 10:00 HKT</p>"),
        "the same content: the stored rendering is kept"
    );
    let second = store.health_snapshot().unwrap().last_briefing_at;
    assert!(
        second > first,
        "the time it was last made moves: {first:?} -> {second:?}"
    );
    assert_eq!(found(&store, "copper quiet"), 1);
    // mailing it still claims the day once
    assert!(save_rendering(
        &mut store,
        "copper quiet",
        "10:06 HKT",
        true
    ));
    assert!(!save_rendering(
        &mut store,
        "copper quiet",
        "10:07 HKT",
        true
    ));
    assert_eq!(store.outbox().unwrap().len(), 1);

    // new content replaces the stored rendering and its search entries
    assert!(!save_rendering(
        &mut store,
        "zinc rallied",
        "10:10 HKT",
        false
    ));
    assert_eq!(
        store.briefing_html(d).unwrap().as_deref(),
        Some("<p>zinc rallied · generated 10:10 HKT</p>")
    );
    assert_eq!(found(&store, "zinc rallied"), 1);
    assert_eq!(found(&store, "copper quiet"), 0);
    // and back: a change, even to content stored before, is written
    assert!(!save_rendering(
        &mut store,
        "copper quiet",
        "10:15 HKT",
        false
    ));
    assert_eq!(found(&store, "copper quiet"), 1);
    assert_eq!(found(&store, "zinc rallied"), 0);
}

#[test]
fn a_briefing_is_searched_by_its_own_text_not_its_lists_of_articles() {
    let (mut store, _src) = store_with_subscriber();
    let found = |store: &orewatch::store::Store, q: &str| {
        let page = store.search(q, 1, 20).unwrap();
        (
            page.method,
            page.hits.iter().filter(|h| h.kind == "briefing").count(),
        )
    };
    let text = "orewatch briefing\n\nMETALS\n  Copper (LME): 9,800 USD/t 黄金\n\
                \nARTICLES\n  - Zinc smelters cut output (s, 1 fact) 白银\n\
                \nSOURCES OF THE FIGURES\n  [1] \"Nickel fell on Friday\"\n";
    let body = orewatch::store::DayMail {
        html: "<p>x</p>",
        text,
        mailed: None,
        personal: &|_| None,
        stamp: "",
    };
    store
        .save_briefing_mail(day(2026, 11, 20), &body, false, &ctx())
        .unwrap();
    assert_eq!(found(&store, "Copper (LME)"), ("fts", 1));
    assert_eq!(found(&store, "黄金"), ("like", 1));
    // the articles listed and the sentences quoted are found as articles, not here
    assert_eq!(found(&store, "Zinc smelters"), ("fts", 0));
    assert_eq!(found(&store, "Nickel fell"), ("fts", 0));
    assert_eq!(found(&store, "白银"), ("like", 0));
    let hit = store
        .search("copper", 1, 20)
        .unwrap()
        .hits
        .into_iter()
        .find(|h| h.kind == "briefing")
        .expect("the briefing");
    assert!(
        hit.snippet.iter().any(|s| s.hit && s.text == "Copper"),
        "the snippet is cut from the indexed text: {:?}",
        hit.snippet
    );
}
