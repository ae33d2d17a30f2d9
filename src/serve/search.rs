//! `/search?q=` (page) and `/search.json?q=`: full-text search over articles
//! and briefings, paged. The query is bounded and passed to SQLite as a bound
//! parameter (store::search); snippets are escaped by the template.

use askama::Template;
use axum::Json;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::view::link;
use super::{PageError, ServeState};
use crate::store::{SearchPage, Segment};

/// Longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 200;
/// Results per page.
pub const PER_PAGE: u32 = 20;
/// Deepest page served.
const MAX_PAGE: u32 = 500;

#[derive(Debug, Deserialize)]
pub(super) struct SearchQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    page: Option<u32>,
}

struct HitView {
    kind: &'static str,
    title: String,
    link: Option<String>,
    day: String,
    snippet: Vec<Segment>,
}

#[derive(Template)]
#[template(path = "serve_search.html")]
struct SearchHtml {
    title: String,
    q: String,
    summary: String,
    json_href: String,
    hits: Vec<HitView>,
    prev_href: Option<String>,
    next_href: Option<String>,
}

async fn run(st: &ServeState, q: SearchQuery) -> Result<SearchPage, PageError> {
    let text = q.q.trim().to_string();
    if text.chars().count() > MAX_QUERY_CHARS {
        return Err(PageError::BadRequest(format!(
            "the search text is longer than {MAX_QUERY_CHARS} characters; shorten it"
        )));
    }
    let page = q.page.unwrap_or(1);
    if !(1..=MAX_PAGE).contains(&page) {
        return Err(PageError::BadRequest(format!(
            "page must be 1 to {MAX_PAGE}"
        )));
    }
    st.db(move |s| s.search(&text, page, PER_PAGE)).await
}

fn href(path: &str, q: &str, page: u32) -> String {
    let qs = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("q", q)
        .append_pair("page", &page.to_string())
        .finish();
    format!("{path}?{qs}")
}

/// The results page.
pub(super) async fn page(
    State(st): State<ServeState>,
    Query(q): Query<SearchQuery>,
) -> Result<Response, PageError> {
    let r = run(&st, q).await?;
    let shown = r.hits.len() as u64;
    let first = u64::from(r.page - 1) * u64::from(r.per_page);
    let more = first + shown < r.total;
    let html = SearchHtml {
        title: if r.query.is_empty() {
            "Search".into()
        } else {
            format!("Search: {}", r.query)
        },
        summary: if r.total == 0 {
            "no match".into()
        } else {
            format!(
                "{} match(es); showing {} to {}",
                r.total,
                first + 1,
                first + shown
            )
        },
        json_href: href("/search.json", &r.query, r.page),
        prev_href: (r.page > 1).then(|| href("/search", &r.query, r.page - 1)),
        next_href: more.then(|| href("/search", &r.query, r.page + 1)),
        hits: r
            .hits
            .into_iter()
            .map(|h| HitView {
                kind: h.kind,
                // Briefings are the server's own paths; articles' links must be http(s).
                link: if h.kind == "briefing" {
                    Some(h.url.clone())
                } else {
                    link(&h.url)
                },
                title: h.title,
                day: h.day.map(|d| d.to_string()).unwrap_or_default(),
                snippet: h.snippet,
            })
            .collect(),
        q: r.query,
    };
    super::view::rendered(&html)
}

/// The same results as JSON.
pub(super) async fn json(
    State(st): State<ServeState>,
    Query(q): Query<SearchQuery>,
) -> Result<Response, PageError> {
    Ok(Json(run(&st, q).await?).into_response())
}
