//! Routes, and what every response gets: security headers (a CSP with no
//! inline script) and the per-request timeout.

use std::time::Duration;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tower_http::services::ServeDir;

use super::{ServeState, health, pages, search, unsubscribe};

/// The Content-Security-Policy of every response. Scripts only from the
/// server itself (it serves none), so an injected `<script>` or `onerror=`
/// does not run; inline styles stay allowed for the archive's briefing pages.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const STYLE: &str = include_str!("../../templates/serve.css");

/// The whole application: the server's pages, then the static archive.
pub fn router(state: ServeState) -> Router {
    let timeout = state.cfg.serve.request_timeout;
    let archive = ServeDir::new(&state.archive).append_index_html_on_directories(true);
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/commodity/{name}", get(pages::commodity))
        .route("/forecasts", get(pages::forecasts))
        .route("/forecasts.json", get(pages::forecasts_json))
        .route("/stocks/{name}", get(pages::stocks))
        .route("/search", get(search::page))
        .route("/search.json", get(search::json))
        .route(
            "/unsubscribe",
            get(unsubscribe::confirm).post(unsubscribe::apply),
        )
        .route("/_orewatch/serve.css", get(style))
        .fallback_service(archive)
        .layer(middleware::from_fn_with_state(timeout, guard))
        .with_state(state)
}

async fn style() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        STYLE,
    )
}

/// Bounds the request's time and sets the security headers on the answer.
async fn guard(State(timeout): State<Duration>, req: Request, next: Next) -> Response {
    let mut resp = match tokio::time::timeout(timeout, next.run(req)).await {
        Ok(r) => r,
        Err(_) => (
            StatusCode::SERVICE_UNAVAILABLE,
            "the request took longer than serve.request_timeout_secs; try again",
        )
            .into_response(),
    };
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    resp
}
