//! The `[store]` table of the configuration.

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StoreSection {
    /// Fetch-log rows older than this many days are deleted after each cycle.
    pub keep_fetch_log_days: u32,
}

impl Default for StoreSection {
    fn default() -> Self {
        StoreSection {
            keep_fetch_log_days: 30,
        }
    }
}
