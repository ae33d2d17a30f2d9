//! Markup the survey pass collects besides text statistics: meta tags, `<time>`, itemprop
//! dates, and the elements whose text goes into the dateline.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder};
use once_cell::sync::Lazy;

use super::Survey;

pub(super) fn collect_meta<'a>(
    s: &mut Survey<'a>,
    el: &'a scraper::node::Element,
    name: &str,
    in_article: bool,
) {
    match name {
        "meta" => {
            let Some(content) = el.attr("content") else {
                return;
            };
            let key = el
                .attr("property")
                .or_else(|| el.attr("name"))
                .or_else(|| el.attr("itemprop"))
                .or_else(|| el.attr("http-equiv"));
            if let Some(key) = key {
                let key = key.trim().to_ascii_lowercase();
                if key == "og:site_name" {
                    s.og_site_name = Some(content);
                }
                if key.split_ascii_whitespace().any(|k| k == "datepublished") {
                    s.itemprop_dates.push(content);
                }
                s.metas.push((key, content));
            }
        }
        "time" => {
            if let Some(dt) = el.attr("datetime") {
                let marked = in_article
                    || el.attr("pubdate").is_some()
                    || el.attr("itemprop").is_some_and(is_date_published);
                s.times.push((dt, marked));
            }
        }
        _ => {
            // Most elements have no itemprop: `attrs()` finds that without interning the
            // name, which `attr` does at every call.
            if el
                .attrs()
                .any(|(n, v)| n == "itemprop" && is_date_published(v))
                && let Some(v) = el.attr("content").or_else(|| el.attr("datetime"))
            {
                s.itemprop_dates.push(v);
            }
        }
    }
}

/// Elements whose text is a byline or a written date.
pub(super) fn is_dateline_element(el: &scraper::node::Element) -> bool {
    if el.name() == "time" {
        return true;
    }
    el.attrs().any(|(name, value)| {
        (name == "class" || name == "id" || name == "itemprop")
            && DATELINE_AC.is_match(value)
            && !UPDATE_AC.is_match(value)
    })
}

static DATELINE_AC: Lazy<AhoCorasick> = Lazy::new(|| {
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .build([
            "byline",
            "dateline",
            "date",
            "timestamp",
            "published",
            "posted",
            "pubdate",
        ])
        .expect("fixed literal patterns build")
});

static UPDATE_AC: Lazy<AhoCorasick> = Lazy::new(|| {
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .build(["update"])
        .expect("fixed literal patterns build")
});

pub(super) fn push_sep(s: &mut String) {
    if !s.is_empty() && !s.ends_with('\n') {
        s.push('\n');
    }
}

/// Append text with runs of whitespace collapsed, separated by one space from what was there.
pub(crate) fn push_collapsed(out: &mut String, text: &str) {
    for word in text.split_whitespace() {
        if !out.is_empty() && !out.ends_with(['\n', ' ']) {
            out.push(' ');
        }
        out.push_str(word);
    }
}

/// Does an itemprop value (a token list) name datePublished?
fn is_date_published(itemprop: &str) -> bool {
    itemprop
        .split_ascii_whitespace()
        .any(|t| t.eq_ignore_ascii_case("datePublished"))
}
