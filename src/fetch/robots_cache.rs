//! robots.txt download and per-origin cache.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::sync::Mutex as AsyncMutex;
use tokio::time::Instant;
use url::Url;

use super::http::{Failure, body_failure, classify, host_key, read_up_to, redirect_target};
use super::robots::Robots;
use super::{FetchError, Fetcher};

/// How long a fetched (or missing) robots.txt is trusted.
const ROBOTS_TTL: Duration = Duration::from_secs(24 * 60 * 60);
/// How long a server error on robots.txt keeps the site closed before asking again.
const ROBOTS_ERROR_TTL: Duration = Duration::from_secs(10 * 60);
/// robots.txt bytes parsed; the rest is ignored (RFC 9309 asks for at least 500 KiB).
const ROBOTS_MAX_BYTES: usize = 512 * 1024;
/// Redirects followed for robots.txt (RFC 9309: at least five).
const ROBOTS_MAX_REDIRECTS: usize = 5;

struct Cached {
    robots: Arc<Robots>,
    expires: Instant,
}

type Entry = Arc<AsyncMutex<Option<Cached>>>;

/// robots.txt rules per origin, shared by all clones of a fetcher.
#[derive(Default)]
pub(crate) struct RobotsCache {
    entries: Mutex<HashMap<String, Entry>>,
}

impl RobotsCache {
    fn entry(&self, origin: &str) -> Entry {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        entries.entry(origin.to_string()).or_default().clone()
    }
}

impl Fetcher {
    /// May we fetch `url`? Downloads robots.txt for its origin on first use.
    pub(super) async fn robots_allow(&self, url: &Url) -> Result<bool, FetchError> {
        let robots = self.robots_for(url).await?;
        let mut path = url.path().to_string();
        if let Some(q) = url.query() {
            path.push('?');
            path.push_str(q);
        }
        Ok(robots.is_allowed(&path))
    }

    async fn robots_for(&self, url: &Url) -> Result<Arc<Robots>, FetchError> {
        let entry = self.robots.entry(&url.origin().ascii_serialization());
        // One download per origin at a time: other fetchers wait for this one's result.
        let mut cached = entry.lock().await;
        if let Some(c) = cached.as_ref().filter(|c| c.expires > Instant::now()) {
            return Ok(c.robots.clone());
        }
        let (robots, ttl) = self.download_robots(url).await?;
        if let Some(delay) = robots.crawl_delay() {
            self.pacer.set_delay(&host_key(url), delay).await;
        }
        let robots = Arc::new(robots);
        *cached = Some(Cached {
            robots: robots.clone(),
            expires: Instant::now() + ttl,
        });
        Ok(robots)
    }

    /// 2xx: parse. 4xx: allow all. 429 and 5xx: disallow all, for a short while.
    /// Network errors and timeouts are retried like page fetches, then returned
    /// (nothing is cached).
    async fn download_robots(&self, page: &Url) -> Result<(Robots, Duration), FetchError> {
        let mut target = page.clone();
        target.set_path("/robots.txt");
        target.set_query(None);
        target.set_fragment(None);
        for _ in 0..=ROBOTS_MAX_REDIRECTS {
            let step = self
                .retrying(&target, || self.robots_attempt(&target))
                .await?;
            match step {
                RobotsStep::Done(robots, ttl) => return Ok((robots, ttl)),
                RobotsStep::Redirect(next) => target = next,
            }
        }
        Ok((Robots::allow_all(), ROBOTS_TTL))
    }

    async fn robots_attempt(&self, url: &Url) -> Result<Result<RobotsStep, Failure>, FetchError> {
        let mut resp = match self.send(url, None).await {
            Ok(resp) => resp,
            Err(e) => return classify(url, e).map(Err),
        };
        let status = resp.status().as_u16();
        let step = match status {
            200..=299 => match read_up_to(&mut resp, ROBOTS_MAX_BYTES).await {
                Ok((body, _)) => {
                    let text = String::from_utf8_lossy(&body);
                    RobotsStep::Done(Robots::parse(&text, &self.agent_token), ROBOTS_TTL)
                }
                Err((e, received)) => return body_failure(url, e, received, None).map(Err),
            },
            301 | 302 | 303 | 307 | 308 => match redirect_target(url, resp.headers()) {
                Ok(next) => RobotsStep::Redirect(next),
                Err(_) => RobotsStep::Done(Robots::allow_all(), ROBOTS_TTL),
            },
            429 | 500..=599 => {
                tracing::warn!(%url, status, "robots.txt unavailable; not fetching from this site for now");
                RobotsStep::Done(Robots::disallow_all(), ROBOTS_ERROR_TTL)
            }
            _ => RobotsStep::Done(Robots::allow_all(), ROBOTS_TTL),
        };
        Ok(Ok(step))
    }
}

enum RobotsStep {
    Done(Robots, Duration),
    Redirect(Url),
}
