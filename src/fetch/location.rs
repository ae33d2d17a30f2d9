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

/// `path` with every symbolic link resolved, as far as it exists: the
/// longest existing prefix is canonicalized and the rest appended (after
/// removing `.` and `..`), so a file not created yet still resolves.
pub fn resolve_path(path: &Path) -> PathBuf {
    let path = normalize(path);
    let mut existing = path.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = std::fs::canonicalize(existing) {
            return rest.iter().rev().fold(real, |p, c| p.join(c));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return path,
        }
    }
}

/// Whether `path` (resolved with [`resolve_path`]) lies under one of
/// `roots` (themselves resolved).
pub fn within_roots(path: &Path, roots: &[PathBuf]) -> bool {
    let real = resolve_path(path);
    roots.iter().any(|r| real.starts_with(r))
}

/// The roots for a message: `/a, /b`.
pub fn show_roots(roots: &[PathBuf]) -> String {
    if roots.is_empty() {
        return "none".into();
    }
    roots
        .iter()
        .map(|r| r.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}
