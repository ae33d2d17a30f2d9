//! Full-text search over articles and briefings (FTS5, trigram tokenizer,
//! migration 004). The user's text is always a bound parameter: for FTS it is
//! one quoted phrase (no operators), for LIKE its `%` and `_` are escaped.
//! Trigrams need three characters: a one- or two-character term (黄金, 铜价)
//! is looked up with LIKE over the same rows, correct but a scan. A briefing is
//! searched by its own text, without its lists of articles and quoted sources
//! (`briefings_search`, migration 009): the articles are searched themselves.

use chrono::NaiveDate;
use rusqlite::params;
use serde::Serialize;

use super::{Store, StoreError, parse_day};

/// Marks around a matched stretch in FTS snippets (private-use characters).
const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';
/// Characters of context either side of a LIKE match.
const CONTEXT: usize = 60;

/// A stretch of a snippet; `hit` marks the matched text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Segment {
    pub text: String,
    pub hit: bool,
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchHit {
    /// `article` or `briefing`.
    pub kind: &'static str,
    pub title: String,
    /// The article's address, or the briefing's archive path (`/2026/01/12.html`).
    pub url: String,
    pub day: Option<NaiveDate>,
    pub snippet: Vec<Segment>,
}

/// One page of results.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchPage {
    pub query: String,
    /// Every match, over all pages.
    pub total: u64,
    /// 1-based.
    pub page: u32,
    pub per_page: u32,
    /// The lookup used: `fts` (trigram index) or `like` (short terms).
    pub method: &'static str,
    pub hits: Vec<SearchHit>,
}

const FTS_PAGE: &str = "
    SELECT 'article', a.title, a.url, coalesce(a.published, substr(a.fetched_at, 1, 10)) AS day,
           snippet(articles_fts, -1, char(57344), char(57345), '…', 64), bm25(articles_fts) AS rank
      FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid WHERE articles_fts MATCH ?1
    UNION ALL
    SELECT 'briefing', 'Briefing ' || b.day, b.day, b.day AS day,
           snippet(briefings_fts, 0, char(57344), char(57345), '…', 64), bm25(briefings_fts) AS rank
      FROM briefings_fts JOIN briefings b ON b.id = briefings_fts.rowid WHERE briefings_fts MATCH ?1
    ORDER BY rank, day DESC LIMIT ?2 OFFSET ?3";

const FTS_COUNT: &str = "
    SELECT (SELECT COUNT(*) FROM articles_fts WHERE articles_fts MATCH ?1)
         + (SELECT COUNT(*) FROM briefings_fts WHERE briefings_fts MATCH ?1)";

const LIKE_PAGE: &str = "
    SELECT 'article', a.title, a.url, coalesce(a.published, substr(a.fetched_at, 1, 10)) AS day,
           coalesce(a.title, '') || char(10) || a.body, 0
      FROM articles a WHERE a.title LIKE ?1 ESCAPE '\\' OR a.body LIKE ?1 ESCAPE '\\'
    UNION ALL
    SELECT 'briefing', 'Briefing ' || b.day, b.day, b.day AS day, b.text, 0
      FROM briefings_search b WHERE b.text LIKE ?1 ESCAPE '\\'
    ORDER BY day DESC LIMIT ?2 OFFSET ?3";

const LIKE_COUNT: &str = "
    SELECT (SELECT COUNT(*) FROM articles a WHERE a.title LIKE ?1 ESCAPE '\\' OR a.body LIKE ?1 ESCAPE '\\')
         + (SELECT COUNT(*) FROM briefings_search b WHERE b.text LIKE ?1 ESCAPE '\\')";

/// `q` as one FTS5 phrase: double quotes doubled, the whole quoted.
fn fts_phrase(q: &str) -> String {
    format!("\"{}\"", q.replace('"', "\"\""))
}

/// `q` as a LIKE pattern matching it anywhere, `\` escaping `%`, `_` and itself.
fn like_pattern(q: &str) -> String {
    let mut p = String::from("%");
    for c in q.chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

impl Store {
    /// Page `page` (1-based) of `per_page` results for `query` (trimmed; empty: none).
    pub fn search(&self, query: &str, page: u32, per_page: u32) -> Result<SearchPage, StoreError> {
        let query = query.trim().to_string();
        let page = page.max(1);
        let short = query.chars().count() < 3;
        let mut out = SearchPage {
            query: query.clone(),
            total: 0,
            page,
            per_page,
            method: if short { "like" } else { "fts" },
            hits: Vec::new(),
        };
        if query.is_empty() {
            return Ok(out);
        }
        let (arg, page_sql, count_sql) = if short {
            (like_pattern(&query), LIKE_PAGE, LIKE_COUNT)
        } else {
            (fts_phrase(&query), FTS_PAGE, FTS_COUNT)
        };
        let total: i64 = self
            .conn
            .prepare_cached(count_sql)
            .and_then(|mut st| st.query_row([&arg], |r| r.get(0)))
            .map_err(|e| self.sql(e))?;
        out.total = u64::try_from(total).unwrap_or(0);
        let offset = i64::from(page - 1) * i64::from(per_page);
        let mut st = self
            .conn
            .prepare_cached(page_sql)
            .map_err(|e| self.sql(e))?;
        let rows = st
            .query_map(params![arg, per_page, offset], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, String>(4)?,
                ))
            })
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(|e| self.sql(e))?;
        for (kind, title, url, day, text) in rows {
            let day = day.as_deref().and_then(parse_day);
            let briefing = kind == "briefing";
            let url = match (briefing, day) {
                (true, Some(d)) => format!("/{}.html", d.format("%Y/%m/%d")),
                _ => url,
            };
            out.hits.push(SearchHit {
                kind: if briefing { "briefing" } else { "article" },
                title: title
                    .filter(|t| !t.trim().is_empty())
                    .unwrap_or(url.clone()),
                url,
                day,
                snippet: if short {
                    around(&text, &query)
                } else {
                    segments(&text)
                },
            });
        }
        Ok(out)
    }
}

/// Splits an FTS snippet at its marks.
fn segments(snippet: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut hit = false;
    let mut cur = String::new();
    for c in snippet.chars() {
        if c == OPEN || c == CLOSE {
            if !cur.is_empty() {
                out.push(Segment {
                    text: std::mem::take(&mut cur),
                    hit,
                });
            }
            hit = c == OPEN;
        } else {
            cur.push(c);
        }
    }
    if !cur.is_empty() {
        out.push(Segment { text: cur, hit });
    }
    out
}

/// The first match of `q` in `text` (without case) with [`CONTEXT`] characters either side.
fn around(text: &str, q: &str) -> Vec<Segment> {
    let chars: Vec<char> = text.chars().collect();
    let needle: Vec<char> = q.chars().flat_map(char::to_lowercase).collect();
    let lower: Vec<char> = chars
        .iter()
        .map(|c| c.to_lowercase().next().unwrap_or(*c))
        .collect();
    let Some(at) = (0..lower.len()).find(|&i| lower[i..].starts_with(&needle)) else {
        let head: String = chars.iter().take(2 * CONTEXT).collect();
        return vec![Segment {
            text: head,
            hit: false,
        }];
    };
    let end = at + needle.len();
    let start = at.saturating_sub(CONTEXT);
    let stop = (end + CONTEXT).min(chars.len());
    let piece = |a: usize, b: usize| chars[a..b].iter().collect::<String>().replace('\n', " ");
    let mut out = Vec::new();
    let lead = format!("{}{}", if start > 0 { "…" } else { "" }, piece(start, at));
    if !lead.is_empty() {
        out.push(Segment {
            text: lead,
            hit: false,
        });
    }
    out.push(Segment {
        text: piece(at, end),
        hit: true,
    });
    let tail = format!(
        "{}{}",
        piece(end, stop),
        if stop < chars.len() { "…" } else { "" }
    );
    if !tail.is_empty() {
        out.push(Segment {
            text: tail,
            hit: false,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_text_cannot_become_an_operator() {
        assert_eq!(fts_phrase(r#"gold" OR "x"#), r#""gold"" OR ""x""#);
        assert_eq!(like_pattern("5%_a\\"), r"%5\%\_a\\%");
    }

    #[test]
    fn snippets_split_at_their_marks() {
        let s = format!("a {OPEN}gold{CLOSE} b");
        let seg = segments(&s);
        assert_eq!(seg.len(), 3);
        assert!(seg[1].hit && seg[1].text == "gold");
        let seg = around("国际金价上涨，黄金需求强劲", "黄金");
        assert!(seg.iter().any(|s| s.hit && s.text == "黄金"), "{seg:?}");
    }
}
