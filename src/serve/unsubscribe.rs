//! `/unsubscribe?t=TOKEN` (RFC 8058). GET only shows a confirmation form, so
//! a link scanner that follows the URL changes nothing; POST (the form, or a
//! mail client's one-click `List-Unsubscribe=One-Click`) unsubscribes at once.
//! A malformed, tampered, forged or expired token changes nothing: 400 with
//! the reason.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use chrono::Utc;
use serde::Deserialize;

use super::{PageError, ServeState};

#[derive(Debug, Deserialize)]
pub(super) struct TokenQuery {
    #[serde(default)]
    t: Option<String>,
}

#[derive(Template)]
#[template(path = "serve_unsubscribe.html")]
struct UnsubscribePage<'a> {
    title: &'a str,
    address: &'a str,
    token: &'a str,
    done: bool,
}

/// The address a token names, or the 400 to answer.
fn check(st: &ServeState, token: Option<&str>) -> Result<String, PageError> {
    let Some(key) = &st.key else {
        return Err(PageError::BadRequest(format!(
            "this server has no unsubscribe secret ({} is not set), so it cannot check links; reply to the mail to unsubscribe",
            crate::notify::unsubscribe::SECRET_ENV
        )));
    };
    let token = token.filter(|t| !t.trim().is_empty()).ok_or_else(|| {
        PageError::BadRequest(
            "this address needs the token from the unsubscribe link in your mail (…/unsubscribe?t=…)"
                .into(),
        )
    })?;
    key.verify(token, Utc::now())
        .map_err(|e| PageError::BadRequest(e.to_string()))
}

fn page(p: &UnsubscribePage<'_>) -> Result<Response, PageError> {
    super::view::rendered(p)
}

/// GET: the confirmation page (changes nothing).
pub(super) async fn confirm(
    State(st): State<ServeState>,
    Query(q): Query<TokenQuery>,
) -> Result<Response, PageError> {
    let address = check(&st, q.t.as_deref())?;
    let token = q.t.unwrap_or_default();
    page(&UnsubscribePage {
        title: "Unsubscribe",
        address: &address,
        token: token.trim(),
        done: false,
    })
}

/// POST: unsubscribe now. The token comes in the query (RFC 8058) or as form field `t`.
pub(super) async fn apply(
    State(st): State<ServeState>,
    Query(q): Query<TokenQuery>,
    body: String,
) -> Result<Response, PageError> {
    let token = q.t.or_else(|| {
        url::form_urlencoded::parse(body.as_bytes())
            .find(|(k, _)| k == "t")
            .map(|(_, v)| v.into_owned())
    });
    let address = check(&st, token.as_deref())?;
    let who = address.clone();
    let found = st.db(move |s| s.unsubscribe(&who, Utc::now())).await?;
    tracing::info!(found, "unsubscribed through the mail's link");
    page(&UnsubscribePage {
        title: "Unsubscribed",
        address: &address,
        token: "",
        done: true,
    })
}
