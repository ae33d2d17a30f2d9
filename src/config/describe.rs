//! `orewatch check-config`: what the configuration will make orewatch do.

use std::fmt::Write;

use chrono::{DateTime, Utc};

use super::{Resolved, SourceKind, TransportKind};

/// A human summary of a validated configuration, with the next run times.
pub fn describe(cfg: &Resolved, now: DateTime<Utc>) -> String {
    let mut s = String::new();
    let c = &cfg.config;
    let local = now.with_timezone(&cfg.tz);
    let next = |cron: &croner::Cron| {
        cron.find_next_occurrence(&local, false)
            .map(|t| t.format("%Y-%m-%d %H:%M:%S %Z").to_string())
            .unwrap_or_else(|_| "never".into())
    };
    let _ = writeln!(s, "configuration {} is valid", cfg.path.display());
    let _ = writeln!(s, "time zone     {}", cfg.tz.name());
    let _ = writeln!(s, "data          {}", cfg.data_dir.display());
    let _ = writeln!(s, "  database    {}", cfg.db_path().display());
    let _ = writeln!(
        s,
        "  archive     {}",
        cfg.archive_dir().join("index.html").display()
    );
    let covers = match c.briefing.covers {
        super::BriefingDay::PreviousDay => "the previous day",
        super::BriefingDay::SameDay => "the same day",
    };
    let _ = writeln!(s, "schedules (next run; the briefing mails {covers})");
    for (name, expr, cron) in [
        ("fetch", &c.schedule.fetch, &cfg.fetch_schedule),
        ("briefing", &c.schedule.briefing, &cfg.briefing_schedule),
        ("deliver", &c.schedule.deliver, &cfg.deliver_schedule),
    ] {
        let _ = writeln!(s, "  {name:<9} {expr:<18} next {}", next(cron));
    }
    let sv = &cfg.serve;
    let _ = writeln!(
        s,
        "serve         http://{} ({}), public URL {}",
        sv.bind,
        if sv.enabled {
            "also by `run`"
        } else {
            "`orewatch serve` only"
        },
        sv.public_url.as_ref().map_or("not set", |u| u.as_str())
    );
    let f = &cfg.fetch;
    let _ = writeln!(
        s,
        "fetching      as \"{}\", timeout {}s, at most {} bytes a page, {} ms between requests to a host, {} retries, robots.txt {}",
        f.user_agent,
        f.timeout.as_secs(),
        f.max_bytes,
        f.per_host_delay.as_millis(),
        f.max_retries,
        if f.respect_robots {
            "honoured"
        } else {
            "ignored"
        }
    );
    let _ = writeln!(
        s,
        "local files   only under {}",
        crate::fetch::show_roots(&f.local_roots)
    );
    let _ = writeln!(s, "sources       {}", cfg.sources.len());
    for src in &cfg.sources {
        let kind = match src.kind {
            SourceKind::Listing => "listing",
            SourceKind::Feed => "feed",
            SourceKind::Article => "article",
        };
        let _ = writeln!(
            s,
            "  {} [{kind}{}] {}\n    articles: {}",
            src.name,
            if src.enabled { "" } else { ", disabled" },
            src.url,
            if src.selectors.is_some() {
                "configured selectors, detection as fallback"
            } else {
                "automatic detection"
            }
        );
    }
    let m = &c.mail;
    match (m.transport, &m.smtp) {
        (TransportKind::Smtp, Some(smtp)) => {
            let pw = if std::env::var_os(&smtp.password_env).is_some() {
                "set"
            } else {
                "NOT set"
            };
            let _ = writeln!(
                s,
                "mail          smtp {}:{} tls={} user={} password ${} {pw}",
                smtp.host,
                smtp.port,
                smtp.tls,
                smtp.user.as_deref().unwrap_or("-"),
                smtp.password_env
            );
        }
        _ => {
            let _ = writeln!(s, "mail          files in {}", cfg.outbox_dir().display());
        }
    }
    let _ = writeln!(s, "  from        {}", cfg.from);
    let _ = writeln!(s, "alerts");
    for r in &cfg.alerts.rules {
        let _ = writeln!(
            s,
            "  {:<11} {}: {} -> {}",
            r.kind.name(),
            r.name,
            r.kind.describe(),
            r.recipients.describe()
        );
    }
    let _ = writeln!(
        s,
        "subscribers   {} in the config (added once, at the first start)",
        c.subscribers.len()
    );
    s
}
