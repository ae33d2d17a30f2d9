//! Source addresses from the config: URLs or filesystem paths.

use std::path::{Component, Path, PathBuf};

use url::Url;

use super::FetchError;

/// Parse a user's source address: http(s) URL, file:// URL, or a filesystem path (relative
/// paths resolved against `base_dir`, e.g. the config file's directory) -> Url.
pub fn parse_location(s: &str, base_dir: &Path) -> Result<Url, FetchError> {
    let input = s.trim();
    let invalid = |reason: &str| FetchError::InvalidLocation {
        input: s.to_string(),
        reason: reason.to_string(),
    };
    if input.is_empty() {
        return Err(invalid(
            "it is empty; write an https:// address or a file path",
        ));
    }
    if has_scheme(input) {
        let url = Url::parse(input).map_err(|e| {
            invalid(&format!(
                "{e}; write a full address such as https://example.com/news"
            ))
        })?;
        return match url.scheme() {
            "http" | "https" | "file" => Ok(url),
            other => Err(FetchError::UnsupportedScheme {
                scheme: other.to_string(),
                url,
            }),
        };
    }
    let path = Path::new(input);
    let mut full = if path.is_absolute() {
        path.to_path_buf()
    } else {
        base_dir.join(path)
    };
    if !full.is_absolute() {
        let cwd = std::env::current_dir().map_err(|e| {
            invalid(&format!(
                "the current directory is unreadable ({e}); use an absolute path"
            ))
        })?;
        full = cwd.join(full);
    }
    Url::from_file_path(normalize(&full))
        .map_err(|()| invalid("it cannot be turned into a file URL; use an absolute path"))
}

/// `scheme:` with a scheme of two or more letters (so `C:\x` stays a path).
fn has_scheme(s: &str) -> bool {
    let Some((scheme, _)) = s.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    scheme.len() >= 2
        && chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Remove `.` and `..` components without touching the filesystem.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}
