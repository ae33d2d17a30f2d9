//! Local sources: `file:` URLs read from disk, with mtime validators.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use chrono::{DateTime, Utc};
use tokio::io::AsyncReadExt;
use url::Url;

use super::location::{show_roots, within_roots};
use super::{FetchError, FetchOptions, FetchOutcome, Fetched, Validators};

/// Read a `file:` URL: size cap, content type from the extension, Last-Modified from
/// the mtime and a size+mtime ETag, so an unchanged file gives `NotModified`.
/// Only files under `opts.local_roots` are read (symbolic links resolved).
pub(crate) async fn fetch_file(
    url: &Url,
    validators: Option<&Validators>,
    opts: &FetchOptions,
) -> Result<FetchOutcome, FetchError> {
    let max_bytes = opts.max_bytes;
    let path = url
        .to_file_path()
        .map_err(|()| FetchError::InvalidLocation {
            input: url.to_string(),
            reason: "a file URL must name an absolute local path, like file:///srv/site/index.html"
                .into(),
        })?;
    if !within_roots(&path, &opts.local_roots) {
        return Err(FetchError::OutsideLocalRoots {
            path,
            roots: show_roots(&opts.local_roots),
        });
    }
    let meta = tokio::fs::metadata(&path)
        .await
        .map_err(|e| io_error(&path, e))?;
    if meta.is_dir() {
        return Err(FetchError::NotAFile { path });
    }
    let mtime = meta.modified().ok();
    let current = Validators {
        etag: mtime.map(|m| file_etag(meta.len(), m)),
        last_modified: mtime.map(http_date),
    };
    if let Some(known) = validators
        && unchanged(known, &current, mtime)
    {
        return Ok(FetchOutcome::NotModified { url: url.clone() });
    }
    let too_large = || FetchError::TooLarge {
        url: url.clone(),
        limit: max_bytes,
    };
    if meta.len() > max_bytes as u64 {
        return Err(too_large());
    }
    let file = tokio::fs::File::open(&path)
        .await
        .map_err(|e| io_error(&path, e))?;
    let mut body = Vec::with_capacity(meta.len() as usize);
    file.take(max_bytes as u64 + 1)
        .read_to_end(&mut body)
        .await
        .map_err(|e| io_error(&path, e))?;
    if body.len() > max_bytes {
        return Err(too_large());
    }
    Ok(FetchOutcome::Fetched(Fetched {
        url: url.clone(),
        status: 200,
        content_type: content_type_for(&path).map(str::to_string),
        body,
        validators: current,
    }))
}

fn io_error(path: &Path, e: std::io::Error) -> FetchError {
    let path: PathBuf = path.to_path_buf();
    match e.kind() {
        ErrorKind::NotFound => FetchError::FileNotFound { path },
        _ => FetchError::FileRead { path, source: e },
    }
}

/// If-None-Match semantics first, then If-Modified-Since at one-second resolution.
fn unchanged(known: &Validators, current: &Validators, mtime: Option<SystemTime>) -> bool {
    if let Some(etag) = &known.etag {
        return current.etag.as_ref() == Some(etag);
    }
    let (Some(since), Some(mtime)) = (&known.last_modified, mtime) else {
        return false;
    };
    let Ok(since) = DateTime::parse_from_rfc2822(since) else {
        return false;
    };
    let mtime: DateTime<Utc> = mtime.into();
    mtime.timestamp() <= since.timestamp()
}

fn file_etag(len: u64, mtime: SystemTime) -> String {
    let nanos = mtime
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!("\"{len:x}-{nanos:x}\"")
}

fn http_date(t: SystemTime) -> String {
    let t: DateTime<Utc> = t.into();
    t.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

/// Content type from the file extension (None when unknown).
pub(crate) fn content_type_for(path: &Path) -> Option<&'static str> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => Some("text/html"),
        "xhtml" => Some("application/xhtml+xml"),
        "xml" | "rss" | "atom" => Some("application/xml"),
        "txt" => Some("text/plain"),
        _ => None,
    }
}
