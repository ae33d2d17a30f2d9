//! The headless browser of the browser tests: Debian's `chromium` (test.sh installs it).
#![allow(dead_code)]

use std::process::Command;

/// The Chromium binary on this machine; panics with what to do when there is none.
pub fn chromium() -> &'static str {
    for c in ["chromium", "chromium-browser", "google-chrome"] {
        if Command::new(c)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
        {
            return c;
        }
    }
    panic!(
        "headless Chromium is needed for this test: run ./test.sh (it installs Debian's chromium)"
    );
}
