//! Errors of the fetch stage.

use std::path::PathBuf;
use std::time::Duration;

use url::Url;

/// Why a fetch failed. Each message names the address, what happened and what to do.
#[derive(thiserror::Error, Debug)]
pub enum FetchError {
    /// A configured source address could not be understood.
    #[error("{input:?} is not a usable source address: {reason}")]
    InvalidLocation {
        /// The address as written.
        input: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A local file outside the directories local sources may be read from.
    #[error(
        "{path} is outside the directories local sources may be read from ({roots}); move it \
         under one of them, or add its directory to fetch.local_roots in the config"
    )]
    OutsideLocalRoots {
        /// The file asked for.
        path: PathBuf,
        /// The allowed directories.
        roots: String,
    },
    /// The URL uses a scheme other than http, https or file.
    #[error(
        "{url}: the \"{scheme}:\" scheme is not supported; use an http(s) address, a file:// URL \
         or a file path"
    )]
    UnsupportedScheme {
        /// The address.
        url: Url,
        /// Its scheme.
        scheme: String,
    },
    /// No connection could be made, or it broke during the transfer.
    #[error(
        "could not fetch {url} ({attempts} attempt(s)): {source}; check the address, your \
         network and proxy settings, or whether the site is down"
    )]
    Network {
        /// The address.
        url: Url,
        /// Attempts made.
        attempts: u32,
        /// Underlying error.
        source: reqwest::Error,
    },
    /// The server did not answer in time.
    #[error(
        "{url} did not answer within the timeout ({attempts} attempt(s)); the site may be slow \
         or down: try later, or raise the fetch timeout"
    )]
    Timeout {
        /// The address.
        url: Url,
        /// Attempts made.
        attempts: u32,
    },
    /// The server kept answering 429 or 5xx.
    #[error(
        "{url} answered HTTP {status} ({attempts} attempt(s)); the site is overloaded or \
         failing: the next scheduled run will try again"
    )]
    ServerError {
        /// The address.
        url: Url,
        /// Last status seen.
        status: u16,
        /// Attempts made.
        attempts: u32,
    },
    /// The server asked to come back later than orewatch waits within one fetch.
    #[error(
        "{url} answered HTTP {status} and asked to retry after {}s, longer than one fetch \
         waits; the next scheduled run will try again",
        retry_after.as_secs()
    )]
    RetryLater {
        /// The address.
        url: Url,
        /// Status (429 or 5xx).
        status: u16,
        /// The wait the server asked for.
        retry_after: Duration,
    },
    /// A client error status (4xx other than 429, or an unusable 3xx): never retried.
    #[error("{url} answered HTTP {status}: {}", status_hint(*status))]
    Status {
        /// The address.
        url: Url,
        /// The status.
        status: u16,
    },
    /// The body exceeded `max_bytes` (counted after decompression).
    #[error(
        "{url} is larger than the {limit}-byte limit (counted after decompression); raise \
         max_bytes if the page is really that big"
    )]
    TooLarge {
        /// The address.
        url: Url,
        /// The limit in bytes.
        limit: usize,
    },
    /// Redirect chain too long.
    #[error("{url} redirected more than {limit} times; put the final address in the config")]
    TooManyRedirects {
        /// The address that started the chain.
        url: Url,
        /// Redirects allowed.
        limit: usize,
    },
    /// A redirect without a usable target (missing, malformed, or not http(s)).
    #[error(
        "{url} redirected to an unusable address {location:?}; put the final address in the config"
    )]
    BadRedirect {
        /// The redirecting address.
        url: Url,
        /// The Location header as sent.
        location: String,
    },
    /// The transfer failed in another way (broken connection, bad compression...).
    #[error("fetching {url} failed: {source}; try again later, or check the address")]
    Transfer {
        /// The address.
        url: Url,
        /// Underlying error.
        source: reqwest::Error,
    },
    /// The connection closed before the whole body arrived (retried, then this).
    #[error(
        "{url}: the connection closed before the page was complete ({received} bytes \
         received{}, {attempts} attempt(s)); the server or a proxy cut the transfer: the next \
         scheduled run will try again",
        expected.map(|n| format!(" of {n}")).unwrap_or_default()
    )]
    BodyCut {
        /// The address.
        url: Url,
        /// Attempts made.
        attempts: u32,
        /// Bytes that arrived.
        received: u32,
        /// The Content-Length announced, if any.
        expected: Option<u32>,
    },
    /// The body arrived but could not be decoded (corrupt compression).
    #[error(
        "{url}: the page could not be decoded after {received} bytes ({cause}); the server sent \
         a corrupt (e.g. badly compressed) body: try again later, or tell the site"
    )]
    BadBody {
        /// The address.
        url: Url,
        /// Bytes decoded before the error.
        received: u32,
        /// What the decoder said.
        cause: Box<str>,
    },
    /// A local source file does not exist.
    #[error(
        "file {path} does not exist; check the path in the config (relative paths are resolved \
         against the config file's directory; web addresses need http:// or https://)"
    )]
    FileNotFound {
        /// The path.
        path: PathBuf,
    },
    /// A local source path is a directory.
    #[error("{path} is a directory; point the source at a page or feed file")]
    NotAFile {
        /// The path.
        path: PathBuf,
    },
    /// A local source file could not be read.
    #[error("cannot read {path}: {source}; check that the file is readable by orewatch")]
    FileRead {
        /// The path.
        path: PathBuf,
        /// Underlying error.
        source: std::io::Error,
    },
}

fn status_hint(status: u16) -> &'static str {
    match status {
        401 | 403 => {
            "access refused; the site may not allow automated readers: remove the source or ask the site"
        }
        404 | 410 => "the page is gone; update the address in the config",
        300..=399 => "a redirect orewatch cannot follow; put the final address in the config",
        _ => "the request was rejected; check the address in the config",
    }
}
