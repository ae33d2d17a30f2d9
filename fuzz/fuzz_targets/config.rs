//! Fuzz the configuration loader: any text parses and validates to a value or an error,
//! never a panic, and an accepted configuration keeps every ranged value in its range.
#![no_main]

use libfuzzer_sys::fuzz_target;
use orewatch::config::{Config, RANGES};
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(cfg) = Config::from_text(text, Path::new("/nonexistent/fuzz/config.toml")) else {
        return;
    };
    let f = &cfg.config.fetch;
    for (key, v) in [
        ("fetch.per_host_delay_ms", f.per_host_delay_ms),
        ("fetch.max_retries", u64::from(f.max_retries)),
        ("fetch.timeout_secs", f.timeout_secs),
        ("fetch.concurrency", f.concurrency as u64),
        (
            "store.keep_fetch_log_days",
            u64::from(cfg.config.store.keep_fetch_log_days),
        ),
    ] {
        let r = RANGES.iter().find(|r| r.key == key).expect("ranged key");
        assert!(r.min <= v && v <= r.max, "{key} = {v} accepted");
    }
    let _ = cfg.smtp_settings();
    let _ = cfg.alert_rules();
    let _ = orewatch::config::describe(&cfg, chrono::Utc::now());
});
