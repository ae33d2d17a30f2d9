//! `fetch.local_roots`: the directories file:// and path sources may be read
//! from (the config file's own directory is always one). A source outside
//! them is refused at load; the fetcher checks every file it reads again
//! (links of a local listing, symbolic links), see `fetch::within_roots`.

use std::path::{Path, PathBuf};

use url::Url;

use crate::fetch::{resolve_path, show_roots, within_roots};

/// The config file's directory, then each configured root (relative to
/// it), every one resolved; a configured root must be an existing directory.
pub(super) fn local_roots(
    configured: &[PathBuf],
    base: &Path,
) -> Result<Vec<PathBuf>, (String, String)> {
    let absolute = |p: &Path| {
        if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        }
    };
    let mut roots = vec![resolve_path(&absolute(base))];
    for (i, root) in configured.iter().enumerate() {
        let full = absolute(&base.join(root));
        let key = format!("fetch.local_roots[{i}]");
        match std::fs::canonicalize(&full) {
            Ok(real) if real.is_dir() => {
                if !roots.contains(&real) {
                    roots.push(real);
                }
            }
            Ok(real) => {
                return Err((
                    key,
                    format!(
                        "`{}` ({}) is not a directory; list the directories local sources may be read from",
                        root.display(),
                        real.display()
                    ),
                ));
            }
            Err(e) => {
                return Err((
                    key,
                    format!(
                        "`{}` ({}) cannot be used: {e}; list existing directories (relative ones are relative to the config file)",
                        root.display(),
                        full.display()
                    ),
                ));
            }
        }
    }
    Ok(roots)
}

/// A file:// source must lie under one of `roots`; http(s) sources pass.
pub(super) fn check_source(url: &Url, written: &str, roots: &[PathBuf]) -> Result<(), String> {
    if url.scheme() != "file" {
        return Ok(());
    }
    let Ok(path) = url.to_file_path() else {
        return Err(format!(
            "`{written}` is not a local path; a file URL must name an absolute path, like file:///srv/site/index.html"
        ));
    };
    if within_roots(&path, roots) {
        return Ok(());
    }
    Err(format!(
        "`{written}` ({}) is outside the directories local sources may be read from ({}); move the file under one of them, or add its directory to fetch.local_roots",
        resolve_path(&path).display(),
        show_roots(roots)
    ))
}
