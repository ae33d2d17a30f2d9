//! Writing the static archive's files. Each goes through a temporary file of its
//! own, synced, then renamed over the page, so a reader never sees half a page;
//! after the renames each directory written into is synced once, so that when
//! [`ArchiveWrite::finish`] returns the pages survive a crash or a power cut.
//! A file that already holds the bytes is left alone (the index and the board
//! often do).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::PipelineError;

/// The files one rendering writes, made durable together by [`ArchiveWrite::finish`].
#[derive(Debug, Default)]
pub(super) struct ArchiveWrite {
    /// Directories that received a rename, to sync once each.
    dirs: BTreeSet<PathBuf>,
}

fn archive_err(path: &Path) -> impl Fn(std::io::Error) -> PipelineError + '_ {
    move |source| PipelineError::Archive {
        path: path.to_path_buf(),
        source,
    }
}

impl ArchiveWrite {
    /// Writes `bytes` to `path` unless it holds them already; true if it wrote.
    pub(super) fn put(&mut self, path: &Path, bytes: &[u8]) -> Result<bool, PipelineError> {
        if holds(path, bytes) {
            return Ok(false);
        }
        let err = archive_err(path);
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(&err)?;
        // A name of our own: the daemon and a `report` may write the same day.
        static SEQ: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let seq = SEQ.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let tmp = path.with_extension(format!("html.{}.{seq}.tmp", std::process::id()));
        if let Err(e) = crate::durable::replace_synced(&tmp, path, bytes) {
            let _ = std::fs::remove_file(&tmp);
            return Err(err(e));
        }
        self.dirs.insert(dir.to_path_buf());
        Ok(true)
    }

    /// Syncs each directory written into, once: the renames are durable after this.
    pub(super) fn finish(self) -> Result<(), PipelineError> {
        for dir in &self.dirs {
            crate::durable::sync_dir(dir).map_err(archive_err(dir))?;
        }
        Ok(())
    }
}

/// Whether the file at `path` holds exactly `bytes` (false if it cannot be read).
fn holds(path: &Path, bytes: &[u8]) -> bool {
    // the length first: a page that changed usually changed its length
    std::fs::metadata(path).is_ok_and(|m| m.len() == bytes.len() as u64)
        && std::fs::read(path).is_ok_and(|old| old == bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_with_the_same_bytes_is_not_written_again() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("2026/11/30.html");
        let mut w = ArchiveWrite::default();
        assert!(w.put(&path, b"<p>one</p>").expect("write"));
        assert!(!w.put(&path, b"<p>one</p>").expect("same bytes"));
        assert!(w.put(&path, b"<p>two</p>").expect("same length, new bytes"));
        assert!(w.put(&path, b"<p>three</p>").expect("new length"));
        w.finish().expect("sync");
        assert_eq!(std::fs::read(&path).expect("read"), b"<p>three</p>");
        let names: Vec<_> = std::fs::read_dir(path.parent().expect("dir"))
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, ["30.html"], "no temporary file left");
    }
}
