//! Configuration: `config.toml` parsed, validated and resolved into the
//! values the stages need. Every problem names the file, the key and the fix.

mod alert_checks;
mod alert_names;
mod alerts;
mod describe;
mod lexicon;
mod local;
mod mailcheck;
mod ranges;
mod serve;
mod store;
mod validate;
mod values;

use std::path::{Path, PathBuf};

use serde::Deserialize;

pub use alert_checks::{ForecastRuleEntry, PriceRuleEntry};
pub use describe::describe;
pub use lexicon::LazyLexicon;
pub use ranges::RANGES;
pub use serve::{ServeSection, ServeSettings};
pub use store::StoreSection;
pub use validate::{Resolved, SourcePlan};
pub use values::parse_cron;

/// A configuration problem, always naming the file and, where there is one, the key.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error(
        "{path}: cannot read the configuration file: {source} (pass --config PATH, or run from the directory that holds config.toml)"
    )]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("{path}: key `{key}`: {problem}")]
    Invalid {
        path: PathBuf,
        key: String,
        problem: String,
    },
}

/// The file as written. Unknown keys are errors; omitted keys take the
/// defaults documented in README.md.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// IANA time zone of schedules and briefing days.
    #[serde(default = "default_timezone")]
    pub timezone: String,
    /// Where the database, archive and mail files live; relative to the config file.
    #[serde(default = "default_data_dir")]
    pub data_dir: PathBuf,
    #[serde(default)]
    pub schedule: Schedule,
    #[serde(default)]
    pub fetch: FetchSection,
    #[serde(default)]
    pub store: StoreSection,
    #[serde(default)]
    pub sources: Vec<Source>,
    #[serde(default)]
    pub briefing: BriefingSection,
    #[serde(default)]
    pub mail: MailSection,
    #[serde(default)]
    pub alerts: AlertsSection,
    #[serde(default)]
    pub serve: ServeSection,
    #[serde(default)]
    pub subscribers: Vec<SubscriberEntry>,
    #[serde(default)]
    pub lexicon: crate::extract::LexiconExtension,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Schedule {
    /// Cron (6 fields, seconds first) of the fetch-and-extract cycle.
    pub fetch: String,
    /// Cron of the daily briefing.
    pub briefing: String,
    /// Cron of the outbox sender that retries mail not yet delivered.
    pub deliver: String,
}

impl Default for Schedule {
    fn default() -> Self {
        Schedule {
            fetch: "0 */30 * * * *".into(),
            briefing: "0 30 7 * * *".into(),
            deliver: "30 */5 * * * *".into(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FetchSection {
    pub user_agent: String,
    pub connect_timeout_secs: u64,
    pub timeout_secs: u64,
    pub max_bytes: usize,
    pub per_host_delay_ms: u64,
    pub max_retries: u32,
    pub backoff_ms: u64,
    pub respect_robots: bool,
    /// Articles taken from one listing page or feed per cycle, newest first.
    pub max_articles_per_source: usize,
    /// Requests in flight at once over all hosts (each host still gets one at a time).
    pub concurrency: usize,
    /// Directories (besides the config file's) that file:// and path sources
    /// may be read from; relative to the config file.
    pub local_roots: Vec<PathBuf>,
}

impl Default for FetchSection {
    fn default() -> Self {
        FetchSection {
            user_agent: concat!("orewatch/", env!("CARGO_PKG_VERSION")).into(),
            connect_timeout_secs: 10,
            timeout_secs: 30,
            max_bytes: 5 * 1024 * 1024,
            per_host_delay_ms: 1000,
            max_retries: 3,
            backoff_ms: 500,
            respect_robots: true,
            max_articles_per_source: 50,
            concurrency: 8,
            local_roots: Vec::new(),
        }
    }
}

/// What a source's `url` points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    /// An HTML page listing articles; `link_selector` picks the article links.
    #[default]
    Listing,
    /// An RSS or Atom feed.
    Feed,
    /// A single article page.
    Article,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub name: String,
    /// http(s) URL, file:// URL or a path relative to the config file.
    pub url: String,
    #[serde(default)]
    pub kind: SourceKind,
    /// CSS selector of article links on a listing page.
    #[serde(default)]
    pub link_selector: Option<String>,
    /// Optional CSS selectors for article pages; detection is used where absent.
    #[serde(default)]
    pub body_selector: Option<String>,
    #[serde(default)]
    pub title_selector: Option<String>,
    #[serde(default)]
    pub date_selector: Option<String>,
    /// CSS selectors of elements to drop from the body (share bars, captions...).
    #[serde(default)]
    pub exclude: Vec<String>,
    #[serde(default = "yes")]
    pub enabled: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BriefingSection {
    /// How many top gainers and losers the briefing lists.
    pub top_movers: usize,
    /// Which day the scheduled briefing mails.
    pub covers: BriefingDay,
    /// Mail a briefing of a day without articles too (its page is written either way).
    pub send_empty: bool,
}

impl Default for BriefingSection {
    fn default() -> Self {
        BriefingSection {
            top_movers: 8,
            covers: BriefingDay::PreviousDay,
            send_empty: false,
        }
    }
}

/// The day a scheduled briefing covers, relative to the day it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum BriefingDay {
    /// The day that just ended: a morning briefing of yesterday's news.
    #[default]
    PreviousDay,
    /// The day it runs on: an evening briefing.
    SameDay,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum TransportKind {
    #[default]
    File,
    Smtp,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MailSection {
    pub transport: TransportKind,
    /// The sender, as `Name <address>` or a bare address.
    pub from: String,
    pub subject_prefix: String,
    /// Public URL where the archive is served, for links in mail (optional).
    pub archive_url: Option<String>,
    /// Attempts before a message is marked failed.
    pub max_attempts: u32,
    pub smtp: Option<SmtpSection>,
}

impl Default for MailSection {
    fn default() -> Self {
        MailSection {
            transport: TransportKind::File,
            from: "orewatch <briefing@orewatch.localhost>".into(),
            subject_prefix: "[orewatch]".into(),
            archive_url: None,
            max_attempts: 8,
            smtp: None,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmtpSection {
    pub host: String,
    #[serde(default = "default_smtp_port")]
    pub port: u16,
    /// `starttls`, `tls` (implicit TLS) or `none` (localhost only).
    #[serde(default = "default_tls")]
    pub tls: String,
    #[serde(default)]
    pub user: Option<String>,
    /// Name of the environment variable holding the password.
    #[serde(default = "default_password_env")]
    pub password_env: String,
    #[serde(default = "default_smtp_timeout")]
    pub timeout_secs: u64,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AlertsSection {
    /// Alert when a commodity's price crosses a level.
    pub price: Vec<PriceRuleEntry>,
    /// Alert when an institution changes its forecast. Absent: on when
    /// there are no `[[alerts.rule]]` tables.
    pub forecast: Option<ForecastRuleEntry>,
    /// Named rules of every kind (docs/alerts.md).
    pub rule: Vec<alerts::RuleEntry>,
    /// The plausibility gate in front of the rules.
    pub gate: alerts::GateSection,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubscriberEntry {
    pub email: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default = "yes")]
    pub briefing: bool,
    #[serde(default = "yes")]
    pub alerts: bool,
}

fn yes() -> bool {
    true
}
fn default_timezone() -> String {
    "Asia/Hong_Kong".into()
}
fn default_data_dir() -> PathBuf {
    PathBuf::from("data")
}
fn default_smtp_port() -> u16 {
    587
}
fn default_tls() -> String {
    "starttls".into()
}
fn default_password_env() -> String {
    "OREWATCH_SMTP_PASSWORD".into()
}
fn default_smtp_timeout() -> u64 {
    30
}

impl Config {
    /// Parse a configuration text; `path` only names the file in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        toml::from_str(text).map_err(|e| ConfigError::Parse {
            path: path.to_path_buf(),
            message: parse_message(&e, text),
        })
    }

    /// Read, parse and validate the file at `path`.
    pub fn load(path: &Path) -> Result<Resolved, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Config::from_text(&text, path)
    }

    /// Parse and validate a configuration text as if read from `path` (relative paths in
    /// it start at `path`'s directory).
    pub fn from_text(text: &str, path: &Path) -> Result<Resolved, ConfigError> {
        let config = Config::parse(text, path)?;
        let base = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        Resolved::new(config, path, base)
    }

    /// The configuration with every default and no sources (used by
    /// `extract` when no config file exists).
    pub fn defaults() -> Config {
        // An empty document always parses: every field has a default.
        Config::parse("", Path::new("(defaults)")).expect("every config key has a default")
    }
}

/// One line out of a toml error: where, which key, what is wrong and what
/// is allowed.
fn parse_message(e: &toml::de::Error, text: &str) -> String {
    let msg = e.message().trim().replace('\n', " ");
    let hint = if msg.starts_with("unknown field") {
        " (remove it or check its spelling; README.md#configuration lists every key)"
    } else {
        ""
    };
    let Some(span) = e.span() else {
        return format!("{msg}{hint}");
    };
    let start = span.start.min(text.len());
    let line_no = text[..start].matches('\n').count() + 1;
    match key_at(text, start) {
        Some(key) => format!("line {line_no}: key `{key}`: {msg}{hint}"),
        None => format!("line {line_no}: {msg}{hint}"),
    }
}

/// The dotted key whose line holds byte `pos`: the `[table]` header above
/// it plus the name left of `=`.
fn key_at(text: &str, pos: usize) -> Option<String> {
    let line_start = text[..pos].rfind('\n').map_or(0, |i| i + 1);
    let line = text[line_start..].lines().next().unwrap_or_default();
    let name = line
        .split_once('=')
        .map(|(k, _)| k.trim().trim_matches('"'))?;
    let table = text[..line_start]
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('['))
        .map(|l| l.trim_matches(|c| c == '[' || c == ']').trim().to_string());
    Some(match table {
        Some(t) if !t.is_empty() => format!("{t}.{name}"),
        _ => name.to_string(),
    })
}
