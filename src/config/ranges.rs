//! Allowed ranges of every numeric setting that bounds time or memory: a value outside
//! its range would hang a cycle (a day-long per-host delay, four billion retries) or
//! exhaust memory, so it is refused at load with the key, the value and the range.

use super::Config;

/// One numeric setting and its inclusive range.
pub struct Range {
    pub key: &'static str,
    pub min: u64,
    pub max: u64,
    /// Unit named in the message ("seconds", "bytes", ...).
    pub unit: &'static str,
}

const fn range(key: &'static str, min: u64, max: u64, unit: &'static str) -> Range {
    Range {
        key,
        min,
        max,
        unit,
    }
}

/// Every ranged key (README.md#configuration documents the same table).
pub const RANGES: [Range; 14] = [
    range("fetch.connect_timeout_secs", 1, 300, "seconds"),
    range("fetch.timeout_secs", 1, 600, "seconds"),
    range("fetch.max_bytes", 1024, 64 * 1024 * 1024, "bytes"),
    range("fetch.per_host_delay_ms", 0, 60_000, "milliseconds"),
    range("fetch.max_retries", 0, 10, "retries"),
    range("fetch.backoff_ms", 0, 60_000, "milliseconds"),
    range("fetch.max_articles_per_source", 1, 1000, "articles"),
    range("fetch.concurrency", 1, 256, "requests"),
    range("store.keep_fetch_log_days", 1, 3650, "days"),
    range("briefing.top_movers", 1, 100, "rows"),
    range("mail.max_attempts", 1, 100, "attempts"),
    range("mail.smtp.port", 1, 65_535, "port"),
    range("mail.smtp.timeout_secs", 1, 600, "seconds"),
    range("serve.request_timeout_secs", 1, 600, "seconds"),
];

/// The configured value of a ranged key (`None`: the key's table is absent).
fn value(config: &Config, key: &str) -> Option<u64> {
    let f = &config.fetch;
    let smtp = config.mail.smtp.as_ref();
    let wide = |n: usize| u64::try_from(n).unwrap_or(u64::MAX);
    Some(match key {
        "fetch.connect_timeout_secs" => f.connect_timeout_secs,
        "fetch.timeout_secs" => f.timeout_secs,
        "fetch.max_bytes" => wide(f.max_bytes),
        "fetch.per_host_delay_ms" => f.per_host_delay_ms,
        "fetch.max_retries" => u64::from(f.max_retries),
        "fetch.backoff_ms" => f.backoff_ms,
        "fetch.max_articles_per_source" => wide(f.max_articles_per_source),
        "fetch.concurrency" => wide(f.concurrency),
        "store.keep_fetch_log_days" => u64::from(config.store.keep_fetch_log_days),
        "briefing.top_movers" => wide(config.briefing.top_movers),
        "mail.max_attempts" => u64::from(config.mail.max_attempts),
        "mail.smtp.port" => u64::from(smtp?.port),
        "mail.smtp.timeout_secs" => smtp?.timeout_secs,
        "serve.request_timeout_secs" => config.serve.request_timeout_secs,
        _ => return None,
    })
}

/// The first value out of its range: `(key, problem)`.
pub fn check(config: &Config) -> Result<(), (&'static str, String)> {
    for r in &RANGES {
        let Some(v) = value(config, r.key) else {
            continue;
        };
        if v < r.min || v > r.max {
            return Err((
                r.key,
                format!(
                    "{v} is out of range; allowed: {} to {} ({})",
                    r.min, r.max, r.unit
                ),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn parse(text: &str) -> Config {
        Config::parse(text, Path::new("t.toml")).expect("parses")
    }

    #[test]
    fn defaults_are_in_range_and_every_key_is_read() {
        let c = parse("[mail.smtp]\nhost = \"localhost\"\n");
        assert_eq!(check(&c), Ok(()));
        for r in &RANGES {
            assert!(value(&c, r.key).is_some(), "{} is not read", r.key);
        }
    }

    #[test]
    fn a_value_past_its_range_names_key_value_and_range() {
        let c = parse("[fetch]\nper_host_delay_ms = 86400000\n");
        let (key, msg) = check(&c).expect_err("out of range");
        assert_eq!(key, "fetch.per_host_delay_ms");
        assert!(
            msg.contains("86400000") && msg.contains("0 to 60000"),
            "{msg}"
        );
        let c = parse("[fetch]\nmax_retries = 4294967295\n");
        assert_eq!(check(&c).expect_err("out of range").0, "fetch.max_retries");
        let c = parse("[mail]\nmax_attempts = 0\n");
        assert_eq!(check(&c).expect_err("too small").0, "mail.max_attempts");
    }
}
