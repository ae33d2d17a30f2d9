//! Fetch: HTTP(S) and local pages, politely.
//!
//! One [`Fetcher`] (cheap to clone) serves every source: conditional GET with
//! [`Validators`], robots.txt, per-host pacing, retries with backoff, timeouts and a
//! size cap. `file:` URLs (see [`parse_location`]) are read from disk, so the bundled
//! sample site works offline. Bytes come back undecoded with their Content-Type;
//! turning them into text is `scrape::decode`'s job.

mod error;
mod file;
mod http;
mod location;
mod pacing;
mod retry;
mod robots;
mod robots_cache;

use std::sync::Arc;
use std::time::Duration;

use url::Url;

pub use error::FetchError;
pub use location::{parse_location, resolve_path, show_roots, within_roots};
pub use robots::{Robots, product_token};

use pacing::Pacer;
use robots_cache::RobotsCache;

/// How politely and how patiently to fetch.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    /// User-Agent header; its first word (before `/`) is the robots.txt product token.
    pub user_agent: String,
    /// Time allowed to open a connection.
    pub connect_timeout: Duration,
    /// Time allowed for one whole request (headers and body), per attempt.
    pub timeout: Duration,
    /// Largest body accepted, counted after decompression.
    pub max_bytes: usize,
    /// Pause between the end of one request and the start of the next to the same host.
    pub per_host_delay: Duration,
    /// Retries after the first attempt (connect errors, timeouts, 429, 5xx).
    pub max_retries: u32,
    /// Wait before the first retry; doubles for each further retry, capped at 30 s.
    pub backoff: Duration,
    /// Obey robots.txt (and its Crawl-delay).
    pub respect_robots: bool,
    /// Requests in flight at once over all hosts (each host still gets one at a time).
    pub concurrency: usize,
    /// The only directories `file:` URLs may be read from (resolved, no
    /// symbolic links); empty: no local file is read.
    pub local_roots: Vec<std::path::PathBuf>,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            user_agent: format!(
                "orewatch/{} (+https://github.com/orewatch/orewatch)",
                env!("CARGO_PKG_VERSION")
            ),
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            max_bytes: 5 * 1024 * 1024,
            per_host_delay: Duration::from_secs(1),
            max_retries: 3,
            backoff: Duration::from_millis(500),
            respect_robots: true,
            concurrency: 8,
            local_roots: Vec::new(),
        }
    }
}

/// Cache validators from a previous response, sent back as
/// `If-None-Match` / `If-Modified-Since`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Validators {
    /// The `ETag` header, verbatim.
    pub etag: Option<String>,
    /// The `Last-Modified` header, verbatim (an HTTP date).
    pub last_modified: Option<String>,
}

/// A successfully fetched document.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// Final address, after redirects: resolve relative links against this.
    pub url: Url,
    /// HTTP status (200 for local files).
    pub status: u16,
    /// The `Content-Type` header (for files: guessed from the extension).
    pub content_type: Option<String>,
    /// The body, decompressed but not charset-decoded.
    pub body: Vec<u8>,
    /// Validators to store for the next conditional fetch.
    pub validators: Validators,
}

/// What a fetch produced.
#[derive(Debug, Clone)]
pub enum FetchOutcome {
    /// New content.
    Fetched(Fetched),
    /// Unchanged since the validators were issued (HTTP 304, or an unchanged file).
    NotModified {
        /// Final address, after redirects.
        url: Url,
    },
    /// robots.txt forbids this address (possibly a redirect target) to us.
    Disallowed {
        /// The forbidden address.
        url: Url,
    },
}

/// Polite fetcher. Clones share the HTTP client, robots.txt cache and pacing.
#[derive(Clone)]
pub struct Fetcher {
    /// Built at the first request (`client`): commands that never fetch
    /// (`report`, `serve`) do not pay for the TLS roots and the pool.
    /// Built once even when the first requests start together (each build loads the
    /// platform's TLS roots).
    client: Arc<once_cell::sync::OnceCell<reqwest::Client>>,
    opts: Arc<FetchOptions>,
    agent_token: Arc<str>,
    pacer: Arc<Pacer>,
    robots: Arc<RobotsCache>,
    /// One permit per request in flight, over all hosts.
    in_flight: Arc<tokio::sync::Semaphore>,
}

impl std::fmt::Debug for Fetcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fetcher")
            .field("opts", &self.opts)
            .finish_non_exhaustive()
    }
}

impl Fetcher {
    /// Build a fetcher; fails only if the HTTP client cannot be set up
    /// (for example a user agent with control characters).
    pub fn new(opts: FetchOptions) -> Result<Fetcher, FetchError> {
        Ok(Fetcher {
            client: Arc::default(),
            agent_token: robots::product_token(&opts.user_agent).into(),
            pacer: Arc::new(Pacer::new(opts.per_host_delay)),
            robots: Arc::new(RobotsCache::default()),
            in_flight: Arc::new(tokio::sync::Semaphore::new(opts.concurrency.max(1))),
            opts: Arc::new(opts),
        })
    }

    /// The HTTP client, built once, at the first request.
    pub(crate) fn client(&self) -> Result<&reqwest::Client, reqwest::Error> {
        self.client.get_or_try_init(|| {
            reqwest::Client::builder()
                .user_agent(self.opts.user_agent.as_str())
                .connect_timeout(self.opts.connect_timeout)
                .timeout(self.opts.timeout)
                .redirect(reqwest::redirect::Policy::none())
                .build()
        })
    }

    /// The options this fetcher was built with.
    pub fn options(&self) -> &FetchOptions {
        &self.opts
    }

    /// GET `url` (http, https or file). Sends If-None-Match / If-Modified-Since from `validators`;
    /// 304 -> NotModified. Honours robots.txt (cached per host, Crawl-delay raises the pacing),
    /// paces requests per host, retries connect errors, timeouts, 429 and 5xx with exponential
    /// backoff (honouring Retry-After up to a cap), never retries other 4xx, stops reading past
    /// max_bytes (counting decompressed bytes: a gzip bomb stops too) with an error.
    pub async fn fetch(
        &self,
        url: &Url,
        validators: Option<&Validators>,
    ) -> Result<FetchOutcome, FetchError> {
        match url.scheme() {
            "http" | "https" => self.fetch_http(url, validators).await,
            "file" => file::fetch_file(url, validators, &self.opts).await,
            other => Err(FetchError::UnsupportedScheme {
                url: url.clone(),
                scheme: other.to_string(),
            }),
        }
    }
}
