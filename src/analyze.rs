//! One page in, one [`Document`] out: decode, scrape, date, extract. Pure;
//! the same function serves `orewatch extract` and the daemon, so what
//! `extract` prints is what the daemon stores.

use chrono::NaiveDate;
use url::Url;

use crate::extract::{self, Document, ExtractOptions, Lexicon};
use crate::scrape::{self, Page, Selectors};

/// What is known of a page besides its bytes.
#[derive(Debug, Clone, Copy, Default)]
pub struct PageInfo<'a> {
    /// The page's address (after redirects), echoed in `url` and used for links.
    pub url: Option<&'a Url>,
    /// The raw `url` text when it does not parse as a URL (echoed as given).
    pub url_text: Option<&'a str>,
    /// The Content-Type header, for its charset.
    pub content_type: Option<&'a str>,
    /// The source's CSS selectors, if configured.
    pub selectors: Option<&'a Selectors>,
}

/// A document and what the scraper noticed about the page.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    pub doc: Document,
    /// A configured body selector matched nothing; detection was used.
    pub drift: bool,
    /// http(s) links found in the article body.
    pub links: Vec<String>,
    /// The page nested too deep or had too many nodes: its end was cut before analysis.
    pub truncated: Option<scrape::Truncation>,
}

/// Lines of a plain-text page's head searched for its date.
const DATELINE_LINES: usize = 4;

/// Analyse one page. `today` gives a year to year-less dates.
pub fn analyze(bytes: &[u8], info: PageInfo<'_>, today: NaiveDate, lexicon: &Lexicon) -> Analysis {
    let text = scrape::decode(bytes, info.content_type);
    let page = if scrape::looks_like_html(&text) {
        scrape::scrape_html(&text, info.url, info.selectors)
    } else {
        scrape::scrape_text(&text)
    };
    let published = page.published.or_else(|| written_date(&page, today));
    let opts = ExtractOptions { today, lexicon };
    let facts = extract::extract_facts(page.title.as_deref(), &page.body, &opts);
    let sectors = extract::sectors(page.title.as_deref(), &page.body, &facts, lexicon);
    let url = info
        .url
        .map(|u| u.to_string())
        .or_else(|| info.url_text.map(str::to_string));
    Analysis {
        doc: Document {
            url,
            title: page.title,
            published,
            body: page.body,
            sectors,
            facts,
        },
        drift: page.drift,
        links: page.links,
        truncated: page.truncated,
    }
}

/// A date written near the title: the dateline (up to where the article's
/// own prose starts: a date inside a sentence is not a publication date),
/// else a short line at the head of the body.
fn written_date(page: &Page, today: NaiveDate) -> Option<NaiveDate> {
    let prose_start: String = page.body.trim_start().chars().take(40).collect();
    let dateline = match page.dateline.find(prose_start.as_str()) {
        Some(i) if !prose_start.is_empty() => &page.dateline[..i],
        _ => page.dateline.as_str(),
    };
    if !dateline.trim().is_empty()
        && let Some(d) = extract::dates::find_date(dateline, today)
    {
        return Some(d);
    }
    let head: String = page
        .body
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(DATELINE_LINES)
        .map(|l| first_chars(l, 80))
        .collect::<Vec<_>>()
        .join("\n");
    // Only a line that is mostly a date counts, not a date inside a sentence.
    head.lines()
        .filter(|l| l.split_whitespace().count() <= 6)
        .find_map(|l| extract::dates::find_date(l, today))
}

fn first_chars(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn published(html: &str, today: &str) -> Option<NaiveDate> {
        let lx = Lexicon::builtin();
        let today = today.parse().expect("date");
        analyze(html.as_bytes(), PageInfo::default(), today, &lx)
            .doc
            .published
    }

    const PROSE: &str = "<p>Copper set another record this week as buyers chased scarce metal, traders said, and \
        the three-month contract touched a new high on January 6th before easing.</p>";

    #[test]
    fn a_dateline_under_the_title_dates_the_page() {
        let html = format!(
            "<html><body><article><h1>Copper at a record</h1><p class=\"meta\">Stock News Sep 01</p>{PROSE}{PROSE}</article></body></html>"
        );
        assert_eq!(
            published(&html, "2025-09-03"),
            NaiveDate::from_ymd_opt(2025, 9, 1)
        );
    }

    #[test]
    fn a_date_inside_the_article_prose_is_not_its_publication_date() {
        let html = format!(
            "<html><body><article><h1>Copper at a record</h1>{PROSE}{PROSE}</article></body></html>"
        );
        assert_eq!(published(&html, "2026-01-12"), None);
    }

    #[test]
    fn markup_dates_win_over_written_ones() {
        let html = format!(
            "<html><head><meta property=\"article:published_time\" content=\"2026-01-11T22:10:00+08:00\"></head>\
             <body><article><h1>Copper at a record</h1><p class=\"meta\">Stock News 01-12</p>{PROSE}{PROSE}</article></body></html>"
        );
        assert_eq!(
            published(&html, "2026-01-12"),
            NaiveDate::from_ymd_opt(2026, 1, 11)
        );
    }

    #[test]
    fn plain_text_pages_take_a_short_date_line_near_the_top() {
        let text = "Copper at a record\n\nStock News01-12\n\nCopper set another record this week as buyers chased scarce metal.\n";
        assert_eq!(
            published(text, "2026-01-12"),
            NaiveDate::from_ymd_opt(2026, 1, 12)
        );
    }
}
