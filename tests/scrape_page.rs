//! scrape_html: body detection, boilerplate removal and body links.

use orewatch::scrape::scrape_html;

#[path = "fixtures/scrape/support.rs"]
mod support;
use support::{base, fixture};

#[test]
fn article_body_keeps_the_story() {
    let page = scrape_html(&fixture("article.html"), Some(&base()), None);
    let body = &page.body;
    assert!(
        body.starts_with("Copper prices rose to $11,420 per tonne"),
        "{body}"
    );
    assert!(
        body.contains("Analysts at a large bank raised their forecast"),
        "{body}"
    );
    assert!(body.contains("Inventories fall"), "subheading kept: {body}");
    assert!(
        body.contains("Stocks in exchange warehouses fell"),
        "{body}"
    );
    assert!(
        body.ends_with("while the benchmark index gained 0.8%."),
        "{body}"
    );
    // Paragraphs separated by a blank line.
    assert!(
        body.contains("thin market for refined metal.\n\nThe cuts follow"),
        "{body}"
    );
}

#[test]
fn article_body_drops_each_boilerplate_kind() {
    let page = scrape_html(&fixture("article.html"), Some(&base()), None);
    let body = &page.body;
    for junk in [
        "We use cookies",         // cookie notice
        "Home",                   // navigation
        "Share on Social",        // share bar
        "Share Article",          // share bar label
        "Molten metal is poured", // caption
        "By Ada Quill",           // byline
        "Morning Metals",         // newsletter box
        "Sign up to receive",     // newsletter box
        "Related Articles",       // related block
        "Aluminium slips",        // related links
        "Disclaimer",             // disclaimer
        "Comments",               // comments heading
        "clearest explanation",   // comment text
        "Most Discussed",         // most discussed list
        "Gold hits a record",     // most discussed link
        "All rights reserved",    // footer
        "Show more",              // javascript link text
    ] {
        assert!(!body.contains(junk), "{junk:?} leaked into body:\n{body}");
    }
}

#[test]
fn links_are_absolute_http_and_from_the_body_only() {
    let page = scrape_html(&fixture("article.html"), Some(&base()), None);
    assert_eq!(
        page.links,
        vec![
            "https://ledger.example/explainers/treatment-charges".to_string(),
            "https://bank.example/research".to_string(),
        ]
    );
}

#[test]
fn div_paragraphs_and_line_breaks_are_read() {
    let html = r#"<html><body><div class="nav"><a href="/a">A</a> <a href="/b">B</a></div>
        <div class="content">Palladium fell 3% on Monday as carmakers cut orders for catalytic converters.<br>
        Platinum held steady near $980 an ounce, traders said in early London dealing.
        <div>Rhodium was unchanged at $4,500, with little trading reported by dealers.</div></div></body></html>"#;
    let page = scrape_html(html, None, None);
    assert_eq!(
        page.body,
        "Palladium fell 3% on Monday as carmakers cut orders for catalytic converters. Platinum held steady near $980 an ounce, traders said in early London dealing.\n\nRhodium was unchanged at $4,500, with little trading reported by dealers."
    );
}

#[test]
fn hidden_and_script_text_never_reach_the_body() {
    let html = r#"<html><body><article>
        <p>Iron ore futures in Singapore rose to $104 a tonne, the highest in a month, on steel mill restocking.</p>
        <p style="display: none">Secret hidden paragraph that readers never see on the page at all.</p>
        <p hidden>Another hidden paragraph with plenty of words in it, also not shown.</p>
        <script>var x = "script text that must not appear, even though it is long enough";</script>
        <p>Port stocks in China fell for a third week, data from a consultancy showed on Friday.</p>
        </article></body></html>"#;
    let page = scrape_html(html, None, None);
    assert_eq!(
        page.body,
        "Iron ore futures in Singapore rose to $104 a tonne, the highest in a month, on steel mill restocking.\n\nPort stocks in China fell for a third week, data from a consultancy showed on Friday."
    );
}

#[test]
fn garbage_input_does_not_panic() {
    for html in [
        "",
        "<",
        "<<<>>>",
        "<html><body></body></html>",
        "\u{0}\u{fffd}<p>",
        "plain words",
    ] {
        let page = scrape_html(html, None, None);
        assert!(page.links.is_empty());
    }
    // Within the depth limit the text is read; past it the page is cut (and says so).
    let deep = "<div>".repeat(200) + "deep text inside many divs, with a comma, and a period.";
    let page = scrape_html(&deep, None, None);
    assert!(page.body.contains("deep text"), "{}", page.body);
    assert_eq!(page.truncated, None);
    let deeper = "<div>".repeat(3_000) + "deep text inside many divs, with a comma, and a period.";
    let page = scrape_html(&deeper, None, None);
    assert_eq!(page.truncated, Some(orewatch::scrape::Truncation::Depth));
}

#[test]
fn teaser_lists_lose_to_the_article() {
    let mut html = String::from("<html><body><div class=\"main\"><article><h1>Lead slips</h1>");
    for i in 0..4 {
        html.push_str(&format!(
            "<p>Lead prices slipped for the {i}th session on Wednesday, as battery makers held off purchases, traders said.</p>"
        ));
    }
    html.push_str("</article><div class=\"list\">");
    for i in 0..8 {
        html.push_str(&format!(
            "<div><a href=\"/t{i}\">Teaser headline number {i}</a><p>A one-line summary of another story, with enough words to look like prose {i}.</p><span>Tuesday November 19, 2025</span></div>"
        ));
    }
    html.push_str("</div></div></body></html>");
    let page = scrape_html(&html, None, None);
    assert!(
        page.body.starts_with("Lead prices slipped for the 0th"),
        "{}",
        page.body
    );
    assert!(page.body.contains("the 3th session"), "{}", page.body);
    assert!(
        !page.body.contains("Teaser") && !page.body.contains("one-line summary"),
        "{}",
        page.body
    );
}

#[test]
fn short_boilerplate_lines_inside_the_article() {
    let html = r#"<html><body><article>
        <p>Silver rose 2% to $31.20 an ounce on Thursday, its highest level in more than a decade, dealers said.</p>
        <p>Advertisement</p>
        <p>Updated 3:45 p.m. ET, Nov. 19, 2025</p>
        <p>Written by Jo Bloggs on November 19, 2025</p>
        <p>Sign up for our free metals newsletter and get prices in your inbox every morning.</p>
        <p>___</p>
        <p>Industrial demand from solar panel makers has risen every year since 2020, a trade group said.</p>
        <table><tr><td>Silver</td><td>31.20</td><td>+2%</td></tr></table>
        <h2>About Ore Weekly</h2>
        <p>Ore Weekly is a publication covering mining and metals markets around the world since 1999.</p>
        </article></body></html>"#;
    let page = scrape_html(html, None, None);
    assert_eq!(
        page.body,
        "Silver rose 2% to $31.20 an ounce on Thursday, its highest level in more than a decade, dealers said.\n\nIndustrial demand from solar panel makers has risen every year since 2020, a trade group said.\n\nSilver 31.20 +2%"
    );
}

#[test]
fn embedded_posts_inside_the_article_are_kept() {
    let html = r#"<html><body><article>
        <p>The exchange halted nickel trading on Tuesday after prices doubled within hours, a first in its history.</p>
        <blockquote class="embedded-post"><p>Nickel trading suspended for the rest of the day, the exchange says.</p></blockquote>
        <p>Trading resumed a week later with daily price limits in place, the exchange said in a statement.</p>
        </article></body></html>"#;
    let page = scrape_html(html, None, None);
    assert!(
        page.body.contains("Nickel trading suspended"),
        "{}",
        page.body
    );
}

#[test]
fn image_captions_stamps_and_repeated_titles_are_dropped() {
    let html = r#"<html><head><title>Tin smelter restarts after flood</title></head><body><article>
        <p>Tin smelter restarts after flood</p>
        <div class="image top"><img src="/s.jpg"><p>In this file photo, workers walk past the smelter gate in the rain, in 2019.</p></div>
        <div class="source">Metals Wire <span>Published Monday, November 18, 2025 8:22AM EST</span></div>
        <p>A tin smelter in Malaysia restarted on Monday, two weeks after a flood halted work, its owner said.</p>
        <p>Output should reach normal levels by the end of the month, the company added in a statement.</p>
        <div class="note no-image"><p>The smelter produces about a tenth of the world's refined tin, according to an industry group.</p></div>
        </article></body></html>"#;
    let page = scrape_html(html, None, None);
    assert_eq!(
        page.title.as_deref(),
        Some("Tin smelter restarts after flood")
    );
    assert_eq!(
        page.body,
        "A tin smelter in Malaysia restarted on Monday, two weeks after a flood halted work, its owner said.\n\nOutput should reach normal levels by the end of the month, the company added in a statement.\n\nThe smelter produces about a tenth of the world's refined tin, according to an industry group."
    );
}

#[test]
fn div_only_page_with_hashed_classes() {
    // No <p>, no meaningful class names: paragraphs are divs, boilerplate is only
    // recognisable by its wording.
    let page = scrape_html(&fixture("div_page.html"), None, None);
    assert_eq!(
        page.title.as_deref(),
        Some("Copper Hits Record as Smelters Curb Output")
    );
    assert!(
        page.body
            .starts_with("Copper futures in Shanghai rose 3.1%"),
        "{}",
        page.body
    );
    assert!(
        page.body.ends_with("once new mines start production."),
        "{}",
        page.body
    );
    assert_eq!(page.body.matches("\n\n").count(), 3, "{}", page.body);
    assert!(
        page.dateline.starts_with("Market Wire 01-12 09:31"),
        "{:?}",
        page.dateline
    );
}

#[test]
fn sibling_inline_elements_keep_their_words_apart() {
    let html = r#"<html><body><article>
        <p>Nickel rose 2% in London on Tuesday, after Indonesia said it would cut mining quotas next year.</p>
        <p>Prices: <span>LME</span><span>$16,200</span>, while a <b>G</b>old drop cap stays one word.</p>
        </article></body></html>"#;
    let page = scrape_html(html, None, None);
    assert!(
        page.body
            .contains("Prices: LME $16,200, while a Gold drop cap"),
        "{}",
        page.body
    );
}

#[test]
fn chinese_boilerplate_is_dropped() {
    let html = r#"<html><body><div class="wz">
        <p>原标题：铜价创新高</p>
        <p>周一，沪铜主力合约上涨3.1%，报每吨102000元，创历史新高，冶炼厂减产消息提振市场情绪。</p>
        <p>分析师表示，海外库存偏低，短期内铜价仍有上行空间，但需警惕获利回吐带来的回调风险。</p>
        <p>责任编辑：王明</p>
        <p>免责声明：本文仅供参考，不构成投资建议，投资者据此操作风险自担。</p>
        <div><h3>相关阅读</h3><p>铝价小幅回落 库存继续增加，市场观望情绪浓厚，成交清淡。</p></div>
        </div></body></html>"#;
    let page = scrape_html(html, None, None);
    assert_eq!(
        page.body,
        "周一，沪铜主力合约上涨3.1%，报每吨102000元，创历史新高，冶炼厂减产消息提振市场情绪。\n\n分析师表示，海外库存偏低，短期内铜价仍有上行空间，但需警惕获利回吐带来的回调风险。"
    );
}

#[test]
fn read_more_lines_between_paragraphs_do_not_hide_the_article() {
    let paras = [
        "Aluminium prices rose 1.5% on Wednesday after a smelter cut output because of power rationing, traders said.",
        "The cut removes about 200,000 tonnes of annual capacity, according to a consultancy that tracks production.",
        "Inventories in Shanghai warehouses fell for a third week, the exchange said, the longest decline since spring.",
        "Analysts expect more curbs if the dry season lowers hydropower output further in the coming weeks.",
    ];
    let story: String = paras
        .iter()
        .enumerate()
        .map(|(i, p)| format!("<p>{p}</p><p><a href=\"/r{i}\">Read more: Related headline number {i} about metals</a></p>"))
        .collect();
    let nav: String = (0..30)
        .map(|i| format!("<a href=\"/s{i}\">Section {i}</a> "))
        .collect();
    let side: String = (0..6)
        .map(|i| format!("<div><a href=\"/t{i}\">Teaser {i}</a><p>Short teaser summary number {i} for another story, with words.</p></div>"))
        .collect();
    let html = format!(
        "<html><body><nav>{nav}</nav><div class=\"wrap\"><div class=\"col-a\">{story}</div><div class=\"col-b\">{side}</div></div></body></html>"
    );
    let page = scrape_html(&html, None, None);
    assert_eq!(page.body, paras.join("\n\n"));
}

#[test]
fn flat_teaser_lists_with_linked_headings_lose_to_the_article() {
    let paras = [
        "Nickel prices climbed 4% on Thursday after Indonesia said it would trim ore quotas next year, dealers said.",
        "Stainless steel makers in China had already cut output in the previous quarter, reducing demand for nickel.",
        "Analysts said the quota cut could push the market into a small deficit next year if demand recovers.",
    ];
    let story: String = paras.iter().map(|p| format!("<p>{p}</p>")).collect();
    let flat: String = (0..8)
        .map(|i| format!("<h3><a href=\"/t{i}\">Teaser headline {i}</a></h3><p>A one-line summary of another story number {i}, with commas.</p>"))
        .collect();
    let html = format!(
        "<html><body><div class=\"a1\">{story}</div><div class=\"latest\">{flat}</div></body></html>"
    );
    assert_eq!(scrape_html(&html, None, None).body, paras.join("\n\n"));
}
