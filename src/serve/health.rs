//! `/healthz`: last fetch, last briefing, outbox backlog and failing sources as
//! JSON; 200 while fresh, 503 when something is stale (each reason listed).

use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use croner::Cron;

use super::{PageError, ServeState};
use crate::store::HealthSnapshot;

/// Mail waiting longer than this is a problem.
const OUTBOX_STUCK: Duration = Duration::from_secs(6 * 3600);

/// The time between two ticks of `cron` after `now` (a daily job: a day).
fn period(cron: &Cron, tz: chrono_tz::Tz, now: DateTime<Utc>) -> chrono::Duration {
    let mut ticks = cron.iter_after(now.with_timezone(&tz));
    match (ticks.next(), ticks.next()) {
        (Some(a), Some(b)) => b - a,
        _ => chrono::Duration::days(1),
    }
}

/// Why `h` is stale at `now` (empty: healthy). A fetch is stale after three of
/// its periods (at least an hour), a briefing after two of its own plus an hour.
pub fn problems(
    h: &HealthSnapshot,
    fetch: chrono::Duration,
    briefing: chrono::Duration,
    now: DateTime<Utc>,
) -> Vec<String> {
    let mut out = Vec::new();
    let fetch_limit = (fetch * 3).max(chrono::Duration::hours(1));
    match h.last_fetch {
        None => out.push("no source has been fetched successfully yet".into()),
        Some(t) if now - t > fetch_limit => out.push(format!(
            "the last successful fetch was at {t}, more than {} minutes ago",
            fetch_limit.num_minutes()
        )),
        _ => {}
    }
    let briefing_limit = briefing * 2 + chrono::Duration::hours(1);
    match h.last_briefing_at {
        None => out.push("no briefing has been made yet".into()),
        Some(t) if now - t > briefing_limit => out.push(format!(
            "the last briefing was made at {t}, more than {} hours ago",
            briefing_limit.num_hours()
        )),
        _ => {}
    }
    let stuck = chrono::Duration::from_std(OUTBOX_STUCK).unwrap_or(chrono::Duration::hours(6));
    if let Some(t) = h.oldest_pending.filter(|t| now - *t > stuck) {
        out.push(format!(
            "{} message(s) wait in the outbox, the oldest since {t}",
            h.outbox_backlog
        ));
    }
    out
}

pub(super) async fn healthz(State(st): State<ServeState>) -> Result<Response, PageError> {
    let h = st.db(|s| s.health_snapshot()).await?;
    let now = Utc::now();
    let cfg = &st.cfg;
    let found = problems(
        &h,
        period(&cfg.fetch_schedule, cfg.tz, now),
        period(&cfg.briefing_schedule, cfg.tz, now),
        now,
    );
    let status = if found.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let body = serde_json::json!({
        "status": if found.is_empty() { "ok" } else { "stale" },
        "problems": found,
        "checked_at": now,
        "last_fetch": h.last_fetch,
        "last_briefing": { "day": h.last_briefing_day, "at": h.last_briefing_at },
        "outbox_backlog": h.outbox_backlog,
        "oldest_pending": h.oldest_pending,
        "failing_sources": h.failing_sources,
    });
    Ok((status, Json(body)).into_response())
}
