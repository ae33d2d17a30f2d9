//! Title and publication date from metadata and markup.

use chrono::NaiveDate;
use serde_json::Value;

use super::survey::Survey;

/// Best title: og:title, twitter:title, the first h1, then `<title>`; site names stripped.
pub(crate) fn title(s: &Survey<'_>) -> Option<String> {
    let meta = |key: &str| {
        s.metas
            .iter()
            .find(|(k, v)| k == key && !v.trim().is_empty())
            .map(|(_, v)| collapse(v))
    };
    if let Some(t) = meta("og:title").or_else(|| meta("twitter:title")) {
        return Some(strip_site_name(&t, s.og_site_name));
    }
    // The h1 is the headline as shown: no site name to strip.
    if let Some((_, h1)) = s.h1.as_ref().filter(|(_, t)| !t.is_empty()) {
        return Some(h1.clone());
    }
    s.title_tag
        .as_deref()
        .map(collapse)
        .filter(|t| !t.is_empty())
        .map(|t| strip_site_name(&t, s.og_site_name))
}

/// Collapse whitespace runs into single spaces.
pub(crate) fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

const SEPARATORS: [&str; 7] = [" | ", " - ", " – ", " — ", " :: ", " · ", " • "];

/// Remove a site name segment: "Gold rallies | Reuters" -> "Gold rallies".
pub(crate) fn strip_site_name(title: &str, site: Option<&str>) -> String {
    let title = title.trim();
    if let Some(site) = site.map(str::trim).filter(|s| !s.is_empty()) {
        for sep in SEPARATORS {
            if let Some(rest) = title.strip_suffix(site).and_then(|r| r.strip_suffix(sep)) {
                return rest.trim().to_string();
            }
            if let Some(rest) = title.strip_prefix(site).and_then(|r| r.strip_prefix(sep)) {
                return rest.trim().to_string();
            }
        }
    }
    // Without a known site name: drop a short last (or first) segment after a separator.
    for sep in SEPARATORS {
        if let Some((head, tail)) = title.rsplit_once(sep)
            && is_site_like(tail)
            && is_headline_like(head, tail)
        {
            return head.trim().to_string();
        }
    }
    for sep in [" | ", " :: "] {
        if let Some((head, tail)) = title.split_once(sep)
            && is_site_like(head)
            && is_headline_like(tail, head)
        {
            return tail.trim().to_string();
        }
    }
    title.to_string()
}

/// Is `part` the headline next to the name-like `other`: three words or more (or, in
/// scripts without spaces, longer than the name)?
fn is_headline_like(part: &str, other: &str) -> bool {
    part.split_whitespace().count() >= 3
        || (!part.is_ascii()
            && part.chars().count() >= 6
            && part.chars().count() > other.chars().count())
}

/// A short name-like segment: at most four capitalised words (or a domain), no sentence
/// punctuation.
fn is_site_like(seg: &str) -> bool {
    let seg = seg.trim();
    let words = seg.split_whitespace().count();
    let name_like = seg.contains('.')
        || seg
            .split_whitespace()
            .all(|w| !w.starts_with(|c: char| c.is_lowercase()));
    (1..=4).contains(&words)
        && seg.len() <= 40
        && name_like
        && !seg.contains([',', '?', '!', '"', ':'])
}

/// Meta names carrying a publication date, strongest first.
const DATE_METAS: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "published_time",
    "published-date",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dc.date",
    "dcterms.date",
    "dcterms.issued",
    "dcterms.created",
    "date",
    "article.published",
    "article_date_original",
    "original-publish-date",
    "cxenseparse:recs:publishtime",
    "live_date",
    "pub_date",
    "citation_publication_date",
    "release_date",
    "article:published",
    "pdate",
];

/// Does a meta name look like it holds a publication date (for names not listed above)?
fn is_date_meta(key: &str) -> bool {
    (key.contains("publish")
        || key.contains("pubdate")
        || key.contains("post-date")
        || key.contains("post_date")
        || key.ends_with("date"))
        && !["modif", "updat", "expir", "revis", "valid"]
            .iter()
            .any(|x| key.contains(x))
}

/// Publication date: JSON-LD datePublished, then meta tags, itemprop, JSON-LD dateCreated,
/// then `<time datetime>`.
pub(crate) fn published(s: &Survey<'_>) -> Option<NaiveDate> {
    if let Some(d) = ld_date(&s.ld_json, "datePublished") {
        return Some(d);
    }
    for key in DATE_METAS {
        if let Some(d) = s
            .metas
            .iter()
            .filter(|(k, _)| k == key)
            .find_map(|(_, v)| parse_date(v))
        {
            return Some(d);
        }
    }
    if let Some(d) = s
        .metas
        .iter()
        .filter(|(k, _)| is_date_meta(k))
        .find_map(|(_, v)| parse_date(v))
    {
        return Some(d);
    }
    if let Some(d) = s.itemprop_dates.iter().find_map(|v| parse_date(v)) {
        return Some(d);
    }
    if let Some(d) = ld_date(&s.ld_json, "dateCreated") {
        return Some(d);
    }
    s.times
        .iter()
        .filter(|(_, marked)| *marked)
        .chain(s.times.iter().filter(|(_, marked)| !marked).take(1))
        .find_map(|(v, _)| parse_date(v))
}

/// A JSON-LD date (`datePublished`, `dateCreated`) from the page's scripts. A script that is not valid
/// JSON (trailing commas, stray HTML) is scanned for the key textually.
fn ld_date(scripts: &[&str], key: &str) -> Option<NaiveDate> {
    let docs: Vec<Result<Value, &str>> = scripts
        .iter()
        .map(|t| serde_json::from_str::<Value>(t.trim()).map_err(|_| *t))
        .collect();
    // An article's own date first: a page's JSON-LD may also list related items.
    for article_only in [true, false] {
        for doc in &docs {
            let found = match doc {
                Ok(v) => find_key(v, key, article_only, 0),
                Err(raw) if !article_only => scan_key(raw, &format!("\"{key}\"")),
                Err(_) => None,
            };
            if found.is_some() {
                return found;
            }
        }
    }
    None
}

/// Is this JSON-LD object an article (NewsArticle, BlogPosting, Report, ...)?
fn is_article(map: &serde_json::Map<String, Value>) -> bool {
    let is = |t: &str| {
        ["Article", "Posting", "Report"]
            .iter()
            .any(|k| t.contains(k))
    };
    match map.get("@type") {
        Some(Value::String(t)) => is(t),
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).any(is),
        _ => false,
    }
}

/// The first `"key": "value"` string value in raw text, parsed as a date.
fn scan_key(text: &str, quoted_key: &str) -> Option<NaiveDate> {
    let mut rest = text;
    while let Some(i) = rest.find(quoted_key) {
        rest = &rest[i + quoted_key.len()..];
        let value = rest
            .trim_start()
            .strip_prefix(':')?
            .trim_start()
            .strip_prefix('"')?;
        if let Some(d) = value.split('"').next().and_then(parse_date) {
            return Some(d);
        }
    }
    None
}

fn find_key(v: &Value, key: &str, article_only: bool, depth: u32) -> Option<NaiveDate> {
    if depth > 12 {
        return None;
    }
    match v {
        Value::Object(map) => {
            if (!article_only || is_article(map))
                && let Some(d) = map.get(key).and_then(Value::as_str).and_then(parse_date)
            {
                return Some(d);
            }
            map.values()
                .find_map(|c| find_key(c, key, article_only, depth + 1))
        }
        Value::Array(items) => items
            .iter()
            .find_map(|c| find_key(c, key, article_only, depth + 1)),
        _ => None,
    }
}

/// Parse a machine-written date: ISO 8601 / RFC 3339 (with or without time), `YYYY/MM/DD`,
/// `YYYYMMDD`, RFC 2822, or a Unix timestamp in seconds or milliseconds. Placeholder dates
/// (year before 1990 or after 2100) are rejected.
pub(crate) fn parse_date(raw: &str) -> Option<NaiveDate> {
    parse_any_date(raw).filter(|d| (1990..=2100).contains(&chrono::Datelike::year(d)))
}

/// [`parse_date`] without the plausibility check.
fn parse_any_date(raw: &str) -> Option<NaiveDate> {
    let s = raw.trim();
    if s.is_empty() {
        return None;
    }
    let b = s.as_bytes();
    // YYYY-MM-DD / YYYY/MM/DD / YYYY.MM.DD prefix (any time part after it is ignored: the
    // date as written is the local publication date).
    if b.len() >= 8 && b[..4].iter().all(u8::is_ascii_digit) && matches!(b[4], b'-' | b'/' | b'.') {
        let sep = b[4] as char;
        let (month, rest) = s[5..].split_once(sep)?;
        let day: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let (y, m, d) = (s[..4].parse().ok()?, month.parse().ok()?, day.parse().ok()?);
        return NaiveDate::from_ymd_opt(y, m, d);
    }
    if b.len() >= 8 && b[..8].iter().all(u8::is_ascii_digit) {
        if b.len() == 8 || !b[8].is_ascii_digit() {
            return NaiveDate::parse_from_str(&s[..8], "%Y%m%d").ok();
        }
        // A Unix timestamp: seconds (10 digits) or milliseconds (13 digits).
        if b.iter().all(u8::is_ascii_digit) && (b.len() == 10 || b.len() == 13) {
            let n: i64 = s.parse().ok()?;
            let secs = if b.len() == 13 { n / 1000 } else { n };
            return chrono::DateTime::from_timestamp(secs, 0).map(|d| d.date_naive());
        }
        return None;
    }
    if let Ok(d) = chrono::DateTime::parse_from_rfc2822(s) {
        return Some(d.date_naive());
    }
    written_date(s)
}

/// A date written with a month name somewhere in a short string: "November 19, 2019, 07:47
/// PM EST", "01:38:07 PM IST Nov 20, 2019", "Tue, 19 Nov 2019".
fn written_date(s: &str) -> Option<NaiveDate> {
    const FORMATS: [&str; 6] = [
        "%B %d, %Y",
        "%B %d %Y",
        "%b %d, %Y",
        "%b %d %Y",
        "%d %B %Y",
        "%d %b %Y",
    ];
    let s = &s[..super::hints::floor_char(s, 80)];
    let starts = s.char_indices().filter(|&(i, c)| {
        c.is_ascii_alphanumeric() && !s[..i].ends_with(|p: char| p.is_ascii_alphanumeric())
    });
    for (i, _) in starts {
        let rest = &s[i..];
        for fmt in FORMATS {
            if let Ok((d, _)) = NaiveDate::parse_and_remainder(rest, fmt) {
                return Some(d);
            }
        }
    }
    None
}
