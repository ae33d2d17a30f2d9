//! HTTP(S) fetching: conditional GET, redirects, retries, size cap.

use std::time::Duration;

use chrono::Utc;
use reqwest::header::{
    CONTENT_TYPE, ETAG, HeaderMap, HeaderValue, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED,
    LOCATION, RETRY_AFTER,
};
use url::Url;

use super::retry::{MAX_RETRY_AFTER, backoff, parse_retry_after};
use super::{FetchError, FetchOutcome, Fetched, Fetcher, Validators};

/// Redirects followed before giving up.
pub(crate) const MAX_REDIRECTS: usize = 10;

const ACCEPT: &str = "text/html,application/xhtml+xml,application/rss+xml,\
                      application/atom+xml,application/xml;q=0.9,*/*;q=0.8";

/// Result of one attempt that may be retried.
pub(crate) enum Failure {
    Timeout,
    Network(reqwest::Error),
    Status(u16, Option<Duration>),
    /// The connection closed before the body was complete.
    Cut {
        received: u32,
        expected: Option<u32>,
    },
}

impl Failure {
    pub(crate) fn into_error(self, url: &Url, attempts: u32) -> FetchError {
        let url = url.clone();
        match self {
            Failure::Timeout => FetchError::Timeout { url, attempts },
            Failure::Network(source) => FetchError::Network {
                url,
                attempts,
                source,
            },
            Failure::Status(status, _) => FetchError::ServerError {
                url,
                status,
                attempts,
            },
            Failure::Cut { received, expected } => FetchError::BodyCut {
                url,
                attempts,
                received,
                expected,
            },
        }
    }
}

enum Step {
    Redirect(Url),
    Done(FetchOutcome),
}

/// Sort a transport error: retryable (timeout, network) or fatal.
pub(crate) fn classify(url: &Url, e: reqwest::Error) -> Result<Failure, FetchError> {
    if e.is_timeout() {
        Ok(Failure::Timeout)
    } else if e.is_decode() || e.is_builder() || e.is_redirect() {
        Err(FetchError::Transfer {
            url: url.clone(),
            source: e,
        })
    } else {
        Ok(Failure::Network(e))
    }
}

/// Where a redirect points, if it is a usable http(s) address.
pub(crate) fn redirect_target(url: &Url, headers: &HeaderMap) -> Result<Url, FetchError> {
    let raw = headers
        .get(LOCATION)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    let bad = |location: String| FetchError::BadRedirect {
        url: url.clone(),
        location,
    };
    let raw = raw.ok_or_else(|| bad("(no Location header)".into()))?;
    match url.join(raw.trim()) {
        Ok(next) if matches!(next.scheme(), "http" | "https") => Ok(next),
        _ => Err(bad(raw)),
    }
}

/// A body that failed part way: the transfer was cut (retried), or the body is corrupt
/// (bad compression: not retried). `received` bytes had arrived.
pub(crate) fn body_failure(
    url: &Url,
    e: reqwest::Error,
    received: usize,
    expected: Option<u64>,
) -> Result<Failure, FetchError> {
    if e.is_timeout() {
        return Ok(Failure::Timeout);
    }
    let mut causes = Vec::new();
    let mut src = std::error::Error::source(&e);
    while let Some(c) = src {
        causes.push(c.to_string());
        src = c.source();
    }
    let cause = causes.join(": ");
    let lower = cause.to_ascii_lowercase();
    let received_u64 = received as u64;
    let received = u32::try_from(received).unwrap_or(u32::MAX);
    let cut = expected.is_some_and(|n| received_u64 < n)
        || [
            "end of file",
            "closed",
            "incomplete",
            "unexpected eof",
            "reset",
        ]
        .iter()
        .any(|w| lower.contains(w));
    let expected = expected.and_then(|n| u32::try_from(n).ok());
    if cut {
        Ok(Failure::Cut { received, expected })
    } else {
        Err(FetchError::BadBody {
            url: url.clone(),
            received,
            cause: if cause.is_empty() {
                e.to_string()
            } else {
                cause
            }
            .into(),
        })
    }
}

/// Read at most `cap` bytes of a body, chunk by chunk (so decompressed bytes are what
/// counts). The flag is `true` when the body had more; the rest is never read. On error,
/// the bytes received so far are counted.
pub(crate) async fn read_up_to(
    resp: &mut reqwest::Response,
    cap: usize,
) -> Result<(Vec<u8>, bool), (reqwest::Error, usize)> {
    let mut body = Vec::new();
    loop {
        let chunk = match resp.chunk().await {
            Ok(Some(chunk)) => chunk,
            Ok(None) => break,
            Err(e) => return Err((e, body.len())),
        };
        let room = cap - body.len();
        if chunk.len() > room {
            body.extend_from_slice(&chunk[..room]);
            return Ok((body, true));
        }
        body.extend_from_slice(&chunk);
    }
    Ok((body, false))
}

fn header(headers: &HeaderMap, name: reqwest::header::HeaderName) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

/// Host used as the pacing key (all ports and schemes of a host share it).
pub(crate) fn host_key(url: &Url) -> String {
    url.host_str().unwrap_or("").to_ascii_lowercase()
}

impl Fetcher {
    pub(super) async fn fetch_http(
        &self,
        url: &Url,
        validators: Option<&Validators>,
    ) -> Result<FetchOutcome, FetchError> {
        let mut current = url.clone();
        for _ in 0..=MAX_REDIRECTS {
            if self.opts.respect_robots && !self.robots_allow(&current).await? {
                return Ok(FetchOutcome::Disallowed { url: current });
            }
            let step = self
                .retrying(&current, || self.attempt(&current, validators))
                .await?;
            match step {
                Step::Redirect(next) => current = next,
                Step::Done(outcome) => return Ok(outcome),
            }
        }
        Err(FetchError::TooManyRedirects {
            url: url.clone(),
            limit: MAX_REDIRECTS,
        })
    }

    /// One GET, with the conditional headers when given.
    pub(crate) async fn send(
        &self,
        url: &Url,
        validators: Option<&Validators>,
    ) -> Result<reqwest::Response, reqwest::Error> {
        let mut req = self
            .client()?
            .get(url.clone())
            .header(reqwest::header::ACCEPT, ACCEPT);
        if let Some(v) = validators {
            let etag = v
                .etag
                .as_deref()
                .and_then(|s| HeaderValue::from_str(s).ok());
            if let Some(etag) = etag {
                req = req.header(IF_NONE_MATCH, etag);
            }
            let since = v
                .last_modified
                .as_deref()
                .and_then(|s| HeaderValue::from_str(s).ok());
            if let Some(since) = since {
                req = req.header(IF_MODIFIED_SINCE, since);
            }
        }
        req.send().await
    }

    /// Run `attempt` in `url`'s host turn until it succeeds, fails for good, or retries
    /// run out, sleeping the backoff (or a longer Retry-After) between attempts. A
    /// Retry-After also keeps the host quiet for other fetches; one above
    /// [`MAX_RETRY_AFTER`] ends the fetch at once.
    pub(crate) async fn retrying<T, F>(
        &self,
        url: &Url,
        mut attempt: impl FnMut() -> F,
    ) -> Result<T, FetchError>
    where
        F: Future<Output = Result<Result<T, Failure>, FetchError>>,
    {
        let host = host_key(url);
        let mut attempts = 0u32;
        loop {
            attempts += 1;
            let mut turn = self.pacer.turn(&host).await;
            // The host's turn first, then a global slot: a host waiting out its
            // pause holds no slot another host could use.
            let permit = self.in_flight.acquire().await;
            let result = attempt().await;
            drop(permit);
            let failure = match result? {
                Ok(done) => return Ok(done),
                Err(failure) => failure,
            };
            let mut wait = backoff(self.opts.backoff, attempts);
            if let Failure::Status(status, Some(after)) = failure {
                turn.hold_for(after.min(MAX_RETRY_AFTER));
                if after > MAX_RETRY_AFTER {
                    return Err(FetchError::RetryLater {
                        url: url.clone(),
                        status,
                        retry_after: after,
                    });
                }
                wait = wait.max(after);
            }
            drop(turn);
            if attempts > self.opts.max_retries {
                return Err(failure.into_error(url, attempts));
            }
            tracing::debug!(%url, attempts, ?wait, "retrying");
            tokio::time::sleep(wait).await;
        }
    }

    /// One attempt. Outer error: give up now. Inner error: may be retried.
    async fn attempt(
        &self,
        url: &Url,
        validators: Option<&Validators>,
    ) -> Result<Result<Step, Failure>, FetchError> {
        let mut resp = match self.send(url, validators).await {
            Ok(r) => r,
            Err(e) => return classify(url, e).map(Err),
        };
        let status = resp.status().as_u16();
        match status {
            200..=299 => {}
            304 => {
                return Ok(Ok(Step::Done(FetchOutcome::NotModified {
                    url: url.clone(),
                })));
            }
            301 | 302 | 303 | 307 | 308 => {
                return redirect_target(url, resp.headers()).map(|u| Ok(Step::Redirect(u)));
            }
            429 | 500..=599 => {
                let after = header(resp.headers(), RETRY_AFTER)
                    .and_then(|v| parse_retry_after(&v, Utc::now()));
                return Ok(Err(Failure::Status(status, after)));
            }
            _ => {
                return Err(FetchError::Status {
                    url: url.clone(),
                    status,
                });
            }
        }
        let too_large = || FetchError::TooLarge {
            url: url.clone(),
            limit: self.opts.max_bytes,
        };
        if resp
            .content_length()
            .is_some_and(|n| n > self.opts.max_bytes as u64)
        {
            return Err(too_large());
        }
        let expected = resp.content_length();
        let body = match read_up_to(&mut resp, self.opts.max_bytes).await {
            Ok((_, true)) => return Err(too_large()),
            Ok((body, false)) => body,
            Err((e, received)) => return body_failure(url, e, received, expected).map(Err),
        };
        let headers = resp.headers();
        Ok(Ok(Step::Done(FetchOutcome::Fetched(Fetched {
            url: url.clone(),
            status,
            content_type: header(headers, CONTENT_TYPE),
            validators: Validators {
                etag: header(headers, ETAG),
                last_modified: header(headers, LAST_MODIFIED),
            },
            body,
        }))))
    }
}
