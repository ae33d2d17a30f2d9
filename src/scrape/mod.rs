//! Scrape: page bytes in, title / date / body / links out. Pure: no I/O.
//!
//! One html5ever parse per page, one survey pass collecting text statistics and metadata,
//! then one walk over the chosen article container.

mod attrcap;
mod blocks;
mod body;
mod decode;
pub mod feed;
mod grow;
mod hints;
mod listing;
mod meta;
mod parse;
mod prefilter;
mod prefix;
mod selector;
mod survey;
mod text;

use std::collections::HashSet;

use scraper::{Html, Selector};
use url::Url;

pub use decode::{decode, looks_like_html};
pub use listing::listing_links;
pub use parse::{MAX_ATTRS, MAX_DEPTH, MAX_NODES, Truncation};
pub use selector::selector_problem;
pub use text::scrape_text;

/// Errors of the scrape stage (configuration only: scraping itself never fails).
#[derive(thiserror::Error, Debug)]
pub enum ScrapeError {
    /// A configured CSS selector does not parse.
    #[error(
        "the {which} selector `{selector}` is not valid CSS: {reason}; fix or remove it in the source's configuration"
    )]
    BadSelector {
        /// Which selector: "body", "title", "date" or "exclude".
        which: &'static str,
        /// The selector as configured.
        selector: String,
        /// The parser's complaint.
        reason: String,
    },
}

/// Per-source CSS selectors, parsed once at config load (a bad one is an error there).
#[derive(Debug, Clone, Default)]
pub struct Selectors {
    body: Option<Selector>,
    title: Option<Selector>,
    date: Option<Selector>,
    exclude: Vec<Selector>,
}

impl Selectors {
    /// Parse the configured selectors; `None` or blank means "detect".
    pub fn parse(
        body: Option<&str>,
        title: Option<&str>,
        date: Option<&str>,
        exclude: &[String],
    ) -> Result<Selectors, ScrapeError> {
        fn one(which: &'static str, s: Option<&str>) -> Result<Option<Selector>, ScrapeError> {
            match s.map(str::trim).filter(|s| !s.is_empty()) {
                None => Ok(None),
                Some(s) => Selector::parse(s)
                    .map(Some)
                    .map_err(|e| ScrapeError::BadSelector {
                        which,
                        selector: s.to_string(),
                        reason: selector_problem(&e),
                    }),
            }
        }
        let mut ex = Vec::with_capacity(exclude.len());
        for s in exclude {
            if let Some(sel) = one("exclude", Some(s))? {
                ex.push(sel);
            }
        }
        Ok(Selectors {
            body: one("body", body)?,
            title: one("title", title)?,
            date: one("date", date)?,
            exclude: ex,
        })
    }
}

/// A scraped page.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// Article title, site name stripped.
    pub title: Option<String>,
    /// Publication date from metadata / markup only.
    pub published: Option<chrono::NaiveDate>,
    /// Plain text, paragraphs separated by a blank line.
    pub body: String,
    /// Short text near the title (byline/time/first lines) where a written date may stand.
    pub dateline: String,
    /// http(s) links inside the body only, absolute.
    pub links: Vec<String>,
    /// A configured body selector matched nothing (or only elements without text): fell
    /// back to detection.
    pub drift: bool,
    /// The page nested too deep or had too many nodes: its end was not analysed.
    pub truncated: Option<Truncation>,
}

/// Scrape an HTML page. `base` resolves relative links; `selectors` win over detection.
pub fn scrape_html(html: &str, base: Option<&Url>, selectors: Option<&Selectors>) -> Page {
    let (doc, truncated) =
        parse::parse_bounded(&attrcap::cap_attributes(&prefilter::strip_raw_text(html)));
    let excluded: HashSet<ego_tree::NodeId> = selectors
        .map(|s| {
            s.exclude
                .iter()
                .flat_map(|sel| doc.select(sel).map(|e| e.id()))
                .collect()
        })
        .unwrap_or_default();
    let sv = survey::survey(&doc, &excluded);

    let mut drift = false;
    let mut body = None;
    if let Some(sel) = selectors.and_then(|s| s.body.as_ref()) {
        let wanted: HashSet<ego_tree::NodeId> = doc.select(sel).map(|e| e.id()).collect();
        // Outermost matches only, in document order.
        let mut roots = Vec::new();
        let mut inside_until = 0usize;
        for (i, st) in sv.stats.iter().enumerate() {
            if i >= inside_until && wanted.contains(&st.id) {
                roots.push(i);
                inside_until = st.end as usize;
            }
        }
        // Matching nothing, or only elements without text (a placeholder left behind by a
        // redesign), is drift: detection takes over.
        let selected = (!roots.is_empty())
            .then(|| body::extract(&doc, &sv.stats, &roots, base))
            .filter(|b| !b.text.is_empty());
        drift = selected.is_none();
        body = selected;
    }
    let mut body = body.unwrap_or_else(|| detect_body(&doc, &sv, base));

    let mut title = meta::title(&sv);
    let mut published = meta::published(&sv);
    let mut dateline = sv.dateline.clone();
    if let Some(sels) = selectors {
        if let Some(t) = sels
            .title
            .as_ref()
            .and_then(|sel| doc.select(sel).next())
            .map(|e| meta::collapse(&e.text().collect::<String>()))
            .filter(|t| !t.is_empty())
        {
            title = Some(t);
        }
        if let Some(el) = sels.date.as_ref().and_then(|sel| doc.select(sel).next()) {
            let v = el.value();
            let text = meta::collapse(&el.text().collect::<String>());
            let parsed = v
                .attr("datetime")
                .or_else(|| v.attr("content"))
                .and_then(meta::parse_date)
                .or_else(|| meta::parse_date(&text));
            if parsed.is_some() {
                published = parsed;
            }
            if !text.is_empty() {
                dateline = format!("{text}\n{dateline}");
            }
        }
    }
    if let Some(t) = &title {
        drop_leading_title(&mut body.text, t);
    }
    Page {
        title,
        published,
        body: body.text,
        dateline: dateline.trim().to_string(),
        links: body.links,
        drift,
        truncated,
    }
}

/// Remove a first paragraph that only repeats the title.
fn drop_leading_title(body: &mut String, title: &str) {
    let first = body.split("\n\n").next().unwrap_or("");
    if !first.is_empty() && first.trim().eq_ignore_ascii_case(title.trim()) {
        let cut = (first.len() + 2).min(body.len());
        body.drain(..cut);
    }
}

/// Find the body without selectors: the best container, or the whole page as a last resort.
fn detect_body(doc: &Html, sv: &survey::Survey<'_>, base: Option<&Url>) -> body::Body {
    if let Some(core) = body::choose_container(&sv.stats) {
        let h1 = sv.h1.as_ref().map(|(i, _)| *i as usize);
        let roots = grow::grow(doc, &sv.stats, core, h1);
        let b = body::extract(doc, &sv.stats, &roots, base);
        if !b.text.is_empty() {
            return b;
        }
    }
    // No prose container: the <body> element (or the root), filtered block by block.
    let root = sv
        .stats
        .iter()
        .position(|s| {
            doc.tree
                .get(s.id)
                .and_then(|n| n.value().as_element())
                .is_some_and(|e| e.name() == "body")
        })
        .unwrap_or(0);
    if sv.stats.is_empty() {
        return body::Body::default();
    }
    body::extract(doc, &sv.stats, &[root], base)
}
