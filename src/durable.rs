//! Files that survive a crash or a power cut: written to a temporary file of the
//! caller's choosing, synced, then renamed over the target, so a reader sees the
//! old bytes or the new ones, never half; the rename itself is durable once the
//! directory is synced ([`sync_dir`], once after a batch of renames). The outbox's
//! `.eml` files and the archive's pages are written this way.

use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `tmp`, syncs it and renames it to `path` (same directory).
/// On an error `tmp` may be left behind.
pub fn replace_synced(tmp: &Path, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut f = std::fs::File::create(tmp)?;
    f.write_all(bytes)?;
    f.sync_all()?;
    std::fs::rename(tmp, path)
}

/// Syncs directory `dir`: the renames into it are durable after this.
pub fn sync_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::File::open(dir)?.sync_all()
}
