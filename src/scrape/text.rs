//! Plain-text pages: title line, body, trailing boilerplate trimmed.

use super::Page;

/// Lines that open a trailing boilerplate section of a plain-text page.
#[rustfmt::skip]
const TAIL_HEADINGS: &[&str] = &[
    "comments", "comment", "most discussed", "related articles", "related stories",
    "related news", "related", "share article", "share this article", "share", "recommended",
    "read more", "more stories", "most popular", "most read", "you may also like",
    "leave a comment", "trending", "相关阅读", "相关文章", "相关新闻", "推荐阅读", "评论",
    "网友评论", "相關文章", "相關新聞", "評論",
];

/// Prefixes of boilerplate paragraphs (trimmed from the end, any length).
const TAIL_PREFIXES: &[&str] = &[
    "disclaimer:",
    "disclaimer -",
    "risk disclaimer",
    "copyright ©",
    "免责声明",
    "免責聲明",
];

/// A plain-text page: first non-empty line is the title, the rest the body (boilerplate
/// blocks like "Disclaimer:", "Comments", "Most Discussed", "Related Articles", "Share Article"
/// trimmed from the end when clearly separate).
pub fn scrape_text(text: &str) -> super::Page {
    let text = text.trim_start_matches('\u{feff}');
    let mut lines = text.lines();
    let title = lines
        .by_ref()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .map(super::meta::collapse);
    // Paragraphs: runs of non-empty lines, whitespace collapsed inside each line.
    let mut paras: Vec<String> = Vec::new();
    let mut cur = String::new();
    for line in lines {
        let line = line.trim();
        if line.is_empty() {
            if !cur.is_empty() {
                paras.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if !cur.is_empty() {
            cur.push('\n');
        }
        cur.push_str(&super::meta::collapse(line));
    }
    if !cur.is_empty() {
        paras.push(cur);
    }
    let cut = tail_start(&paras);
    paras.truncate(cut);
    let dateline: String = paras
        .iter()
        .take(2)
        .filter(|p| p.len() <= 120)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join("\n");
    Page {
        title,
        published: None,
        body: paras.join("\n\n"),
        dateline,
        links: Vec::new(),
        drift: false,
        truncated: None,
    }
}

/// Index of the first paragraph of the trailing boilerplate (or `paras.len()`).
///
/// A section counts only when it stands on its own (a heading line or a paragraph opening
/// with a disclaimer prefix) and comes after at least one paragraph of real text.
fn tail_start(paras: &[String]) -> usize {
    let mut seen_text = false;
    for (i, p) in paras.iter().enumerate() {
        let first_line = p.lines().next().unwrap_or("");
        let lower = first_line
            .trim_end_matches([':', '.', ' ', '：'])
            .to_lowercase();
        let is_heading = first_line.len() <= 40 && TAIL_HEADINGS.contains(&lower.as_str());
        let is_prefix = TAIL_PREFIXES.iter().any(|x| lower.starts_with(x));
        if seen_text && (is_heading || is_prefix) {
            return i;
        }
        if p.len() >= 80 {
            seen_text = true;
        }
    }
    paras.len()
}
