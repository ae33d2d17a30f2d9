//! Per-host pacing: one request at a time per host, and a pause between them.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::sync::{Mutex as AsyncMutex, OwnedMutexGuard};
use tokio::time::Instant;

struct Slot {
    /// Earliest start of the next request.
    next: Instant,
    /// Pause after each request (per_host_delay, raised by Crawl-delay).
    delay: Duration,
}

/// Shared pacing state for all clones of a fetcher.
pub(crate) struct Pacer {
    default_delay: Duration,
    hosts: Mutex<HashMap<String, Arc<AsyncMutex<Slot>>>>,
}

/// The right to send one request to a host. While held, other requests to the same host
/// wait; when dropped, the next may start after the host's delay (or a longer hold).
pub(crate) struct Turn {
    slot: OwnedMutexGuard<Slot>,
    hold: Duration,
}

impl Turn {
    /// Keep the host quiet for at least `wait` after this request (Retry-After).
    pub(crate) fn hold_for(&mut self, wait: Duration) {
        self.hold = self.hold.max(wait);
    }
}

impl Drop for Turn {
    fn drop(&mut self) {
        let pause = self.slot.delay.max(self.hold);
        self.slot.next = Instant::now() + pause;
    }
}

impl Pacer {
    pub(crate) fn new(default_delay: Duration) -> Pacer {
        Pacer {
            default_delay,
            hosts: Mutex::new(HashMap::new()),
        }
    }

    fn slot(&self, host: &str) -> Arc<AsyncMutex<Slot>> {
        let mut hosts = self.hosts.lock().unwrap_or_else(PoisonError::into_inner);
        hosts
            .entry(host.to_string())
            .or_insert_with(|| {
                Arc::new(AsyncMutex::new(Slot {
                    next: Instant::now(),
                    delay: self.default_delay,
                }))
            })
            .clone()
    }

    /// Wait for this host's turn.
    pub(crate) async fn turn(&self, host: &str) -> Turn {
        let slot = self.slot(host).lock_owned().await;
        tokio::time::sleep_until(slot.next).await;
        Turn {
            slot,
            hold: Duration::ZERO,
        }
    }

    /// Raise the pause for a host (Crawl-delay); never below the configured delay.
    pub(crate) async fn set_delay(&self, host: &str, delay: Duration) {
        let slot = self.slot(host);
        let mut slot = slot.lock().await;
        slot.delay = self.default_delay.max(delay);
    }
}
