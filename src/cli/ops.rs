//! Operations: log format and colour, the progress bar of interactive
//! fetches, and `orewatch sources` (each source's health).

use std::io::IsTerminal;
use std::path::Path;
use std::sync::Arc;

use anyhow::Result;
use chrono::Utc;
use indicatif::{ProgressBar, ProgressStyle};

use super::Exit;
use crate::config::Config;
use crate::pipeline::Progress;
use crate::store::{SourceHealth, Store};

/// How log lines are written on standard error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines; coloured only when standard error is a terminal.
    #[default]
    Text,
    /// One JSON object per line (for journald, log shippers).
    Json,
}

/// Logs to standard error, filtered by `OREWATCH_LOG` (default: warnings, and
/// orewatch's own info lines). The scheduler's own ERROR lines are off by
/// default: it logs its internal channel hand-offs at that level when a job
/// is removed and re-created (which the daemon does after every run); a job
/// that fails is logged by orewatch itself.
pub fn init_logging(format: LogFormat) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env("OREWATCH_LOG")
        .unwrap_or_else(|_| EnvFilter::new("warn,orewatch=info,tokio_cron_scheduler=off"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false);
    let _ = match format {
        LogFormat::Text => builder
            .with_ansi(std::io::stderr().is_terminal())
            .try_init(),
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(false)
            .with_span_list(false)
            .try_init(),
    };
}

/// A progress bar of a cycle's pages on standard error; draws nothing when
/// standard error is not a terminal.
pub struct Bar(ProgressBar);

impl Bar {
    pub fn new() -> Arc<Bar> {
        let bar = if std::io::stderr().is_terminal() {
            ProgressBar::new(0)
        } else {
            ProgressBar::hidden()
        };
        let style = ProgressStyle::with_template("{spinner} {pos}/{len} pages {wide_bar} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        Arc::new(Bar(bar))
    }

    /// Removes the bar (before the cycle's summary is printed).
    pub fn finish(&self) {
        self.0.finish_and_clear();
    }
}

impl Progress for Bar {
    fn found(&self, pages: usize) {
        self.0.inc_length(pages as u64);
    }
    fn page_done(&self) {
        self.0.inc(1);
    }
    fn source_done(&self, name: &str) {
        self.0.set_message(format!("{name} done"));
    }
}

/// `orewatch sources`: every source's health, one line each.
pub fn sources(config: &Path) -> Result<Exit> {
    let cfg = Config::load(config)?;
    let store = Store::open(&cfg.db_path())?;
    let rows = store.source_health()?;
    if rows.is_empty() {
        println!("no source has been fetched yet (run `orewatch fetch`)");
    }
    for h in &rows {
        println!("{}", health_line(h, Utc::now()));
    }
    Ok(Exit::Ok)
}

fn health_line(h: &SourceHealth, now: chrono::DateTime<Utc>) -> String {
    let when = |t: Option<chrono::DateTime<Utc>>| {
        t.map_or("never".to_string(), |t| {
            t.format("%Y-%m-%d %H:%M UTC").to_string()
        })
    };
    let mut line = format!(
        "{}: last success {}, {} failures in a row",
        h.name,
        when(h.last_success),
        h.consecutive_failures
    );
    if let Some(share) = h.not_modified_share() {
        line.push_str(&format!(
            ", {} pages, {:.0}% not modified",
            h.pages + h.not_modified,
            share * 100.0
        ));
    }
    if h.drift > 0 {
        line.push_str(&format!(
            ", {} pages drifted (selector matched nothing)",
            h.drift
        ));
    }
    if let Some(next) = h.next_attempt_at.filter(|t| *t > now) {
        line.push_str(&format!(", backing off until {}", when(Some(next))));
    }
    if let Some(e) = &h.last_error {
        line.push_str(&format!("; last error: {e}"));
    }
    line
}

pub(super) fn print_cycle(r: &crate::pipeline::CycleReport) {
    for s in &r.sources {
        if let Some(until) = s.skipped_until {
            println!(
                "{}: skipped, backing off after failures until {until}",
                s.name
            );
            continue;
        }
        println!(
            "{}: {} pages fetched, {} not modified, {} new, {} updated, {} unchanged articles, {} facts, {} alerts",
            s.name,
            s.pages_fetched,
            s.not_modified,
            s.new_articles,
            s.updated_articles,
            s.unchanged_articles,
            s.facts_added,
            s.alerts
        );
        for d in &s.drift {
            eprintln!("drift: {d}");
        }
        for t in &s.truncated {
            eprintln!("truncated: {t}");
        }
        for d in &s.disallowed {
            eprintln!("disallowed by robots.txt: {d}");
        }
        for e in &s.errors {
            eprintln!("error: {e}");
        }
    }
}
