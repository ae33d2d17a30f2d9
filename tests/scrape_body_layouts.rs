//! Body detection on page layouts that split or hide the article: each fixture page in
//! tests/fixtures/scrape/body/NAME.html must give exactly the body in NAME.txt.

use orewatch::scrape::scrape_html;

#[path = "fixtures/scrape/support.rs"]
mod support;
use support::base;

fn check(name: &str) {
    let dir = format!("{}/tests/fixtures/scrape/body", env!("CARGO_MANIFEST_DIR"));
    let read = |ext: &str| {
        let path = format!("{dir}/{name}.{ext}");
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {path}: {e}"))
    };
    let page = scrape_html(&read("html"), Some(&base()), None);
    let want = read("txt");
    assert_eq!(
        page.body,
        want.trim_end(),
        "{name}: body differs from {name}.txt"
    );
}

/// Lead paragraphs in one box, the rest of the story in an `article-body` box after an ad
/// and a newsletter promo; tags, "More on this story" and a rail follow.
#[test]
fn article_split_over_sibling_containers() {
    check("split_article");
}

/// A user guide in many sibling sections beside a table of contents of hundreds of links.
#[test]
fn documentation_in_many_sections() {
    check("docs_sections");
}

/// A short article beside a strip of twenty slides ("3/20" and a caption each).
#[test]
fn slideshow_strip_is_not_the_article() {
    check("slideshow_strip");
}

/// A short blog post followed by a longer thread of comments (name and date, two
/// paragraphs, Reply and Permalink each), with no comment class names to go by.
#[test]
fn comment_thread_longer_than_the_post() {
    check("comment_thread");
}

/// A short article beside the section's latest teasers (image link, plain headline,
/// summary, "2 hours ago").
#[test]
fn section_teasers_are_not_the_article() {
    check("section_teasers");
}

/// A lead line between the header and the body box, a closing line and an author note
/// after it; the summary beside the headline (in the header) is not body text.
#[test]
fn lead_line_closing_line_and_author_note_are_kept() {
    check("standfirst_note");
}

/// A list article: intro, a numbered list of one-sentence items, closing paragraphs.
#[test]
fn list_article_keeps_intro_list_and_tail() {
    check("list_article");
}

/// A data page: intro, a large price table, a source note.
#[test]
fn data_page_keeps_intro_table_and_note() {
    check("data_table");
}
