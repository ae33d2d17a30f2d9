//! scrape_text: plain-text pages.

use orewatch::scrape::scrape_text;

#[test]
fn title_is_the_first_non_empty_line() {
    let page = scrape_text(
        "\n\n  Tin hits a three-year high  \nTin rose 4% in London on Tuesday after a mine flooded in Myanmar.\n",
    );
    assert_eq!(page.title.as_deref(), Some("Tin hits a three-year high"));
    assert_eq!(
        page.body,
        "Tin rose 4% in London on Tuesday after a mine flooded in Myanmar."
    );
    assert!(page.links.is_empty());
    assert!(!page.drift);
    assert_eq!(page.published, None);
}

const ARTICLE: &str = "Cobalt slides as Congo output recovers

Metals Wire
Mar 03

Cobalt prices fell 6% this week as mines in Congo resumed exports after a four-month pause, easing a shortage that had pushed the metal to a two-year high.

Battery makers said they had enough stock to cover demand through the second quarter, and several delayed new purchases.
";

#[test]
fn trailing_boilerplate_sections_are_trimmed() {
    for tail in [
        "Disclaimer: Trading metals carries risk. This page is information, not advice, and you should seek your own advice.",
        "Comments\n\nBe the first to comment\nPost a comment",
        "Most Discussed\n\n  1. 1\n  2. 2\n  3. 3",
        "Share Article\n\nRelated Articles\n\nNo related articles found",
        "Related Articles\n\nNickel miners cut jobs\n\nLithium prices steady",
    ] {
        let page = scrape_text(&format!("{ARTICLE}\n{tail}\n"));
        assert!(
            page.body.ends_with("delayed new purchases."),
            "tail {tail:?} kept:\n{}",
            page.body
        );
        assert!(page.body.contains("Cobalt prices fell 6%"));
    }
}

#[test]
fn boilerplate_words_inside_the_text_are_kept() {
    let text = "Review of results\n\nComments from the chief executive were upbeat on Tuesday.\n\nShare buybacks will continue through the year, the company said in its statement on results.\n\nRelated Articles are listed by the exchange separately for each of the issuers concerned.";
    let page = scrape_text(text);
    assert!(page.body.contains("Share buybacks will continue"));
    assert!(page.body.contains("Related Articles are listed"));
}

#[test]
fn heading_before_any_text_is_not_a_tail() {
    let text = "Gold weekly\n\nComments\n\nGold gained 1.2% over the week as investors bought on every dip, with central bank purchases adding support.";
    let page = scrape_text(text);
    assert!(page.body.contains("Gold gained 1.2%"));
}

#[test]
fn dateline_holds_the_short_lines_under_the_title() {
    let page = scrape_text(ARTICLE);
    assert!(page.dateline.contains("Mar 03"), "{:?}", page.dateline);
    assert!(!page.dateline.contains("Cobalt prices fell"));
}

#[test]
fn empty_text() {
    let page = scrape_text("   \n \n");
    assert_eq!(page.title, None);
    assert_eq!(page.body, "");
}

#[test]
fn chinese_tail_sections_are_trimmed() {
    let text = "铜价创新高\n\n周一，沪铜主力合约上涨3.1%，报每吨102000元，创历史新高，冶炼厂减产消息提振市场情绪。\n\n免责声明：本文仅供参考，不构成投资建议。\n\n相关阅读\n\n铝价小幅回落";
    let page = scrape_text(text);
    assert_eq!(page.title.as_deref(), Some("铜价创新高"));
    assert!(page.body.ends_with("提振市场情绪。"), "{}", page.body);
}
