//! Progress of a cycle, for a progress bar on an interactive terminal.

/// Told about a cycle as it goes; called from many tasks at once.
pub trait Progress: Send + Sync {
    /// `pages` more article pages are to be fetched (a listing was read).
    fn found(&self, _pages: usize) {}
    /// One article page is done (stored, unchanged, refused or failed).
    fn page_done(&self) {}
    /// A source is done.
    fn source_done(&self, _name: &str) {}
}

/// No progress shown.
pub struct Silent;

impl Progress for Silent {}
