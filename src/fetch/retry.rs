//! Retry timing: exponential backoff and the Retry-After header.

use std::time::Duration;

use chrono::{DateTime, Utc};

/// Longest wait between two attempts computed from the backoff.
pub(crate) const MAX_BACKOFF: Duration = Duration::from_secs(30);
/// Longest Retry-After waited for inside one fetch; a longer one ends the fetch.
pub(crate) const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);

/// Wait before retry number `retry` (1 = first retry): `first`, doubling, capped.
pub(crate) fn backoff(first: Duration, retry: u32) -> Duration {
    let factor = 2u32.saturating_pow(retry.saturating_sub(1));
    first.saturating_mul(factor).min(MAX_BACKOFF)
}

/// Parse Retry-After: delay-seconds or an HTTP date (relative to `now`).
/// Dates in the past give zero; unparseable values give `None`.
pub(crate) fn parse_retry_after(value: &str, now: DateTime<Utc>) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = DateTime::parse_from_rfc2822(value)
        .ok()?
        .with_timezone(&Utc);
    Some((when - now).to_std().unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_caps() {
        let first = Duration::from_millis(500);
        assert_eq!(backoff(first, 1), Duration::from_millis(500));
        assert_eq!(backoff(first, 2), Duration::from_millis(1000));
        assert_eq!(backoff(first, 3), Duration::from_millis(2000));
        assert_eq!(backoff(first, 40), MAX_BACKOFF);
    }

    #[test]
    fn retry_after_forms() {
        let now = DateTime::parse_from_rfc3339("2026-11-20T10:00:00Z")
            .map(|d| d.with_timezone(&Utc))
            .expect("valid");
        assert_eq!(parse_retry_after(" 7 ", now), Some(Duration::from_secs(7)));
        assert_eq!(
            parse_retry_after("Fri, 20 Nov 2026 10:01:30 GMT", now),
            Some(Duration::from_secs(90))
        );
        assert_eq!(
            parse_retry_after("Fri, 20 Nov 2026 09:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-5", now), None);
    }
}
