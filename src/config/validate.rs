//! From the file as written to the values the stages use: every value is
//! checked here, once, at load, so a bad one stops the program before it
//! fetches anything.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use chrono_tz::Tz;
use croner::Cron;
use url::Url;

use super::values::{
    COMMODITIES, canonical_commodity, canonical_unit, is_local_host, parse_cron, tls_mode,
};
use super::{Config, ConfigError, LazyLexicon, SourceKind, TransportKind};
use crate::alerts::AlertSet;
use crate::fetch::FetchOptions;
use crate::notify::{SmtpSettings, TlsMode};
use crate::report::format::safe_link;
use crate::scrape::Selectors;

/// A validated configuration, with paths, schedules, selectors and
/// lexicons resolved.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// The file it came from (named in messages).
    pub path: PathBuf,
    pub config: Config,
    pub tz: Tz,
    pub data_dir: PathBuf,
    pub fetch_schedule: Cron,
    pub briefing_schedule: Cron,
    pub deliver_schedule: Cron,
    pub fetch: FetchOptions,
    pub sources: Vec<SourcePlan>,
    pub from: lettre::message::Mailbox,
    /// Built at the first use unless `[lexicon]` adds to it (see [`LazyLexicon`]).
    pub lexicon: std::sync::Arc<LazyLexicon>,
    /// The alert rules and the gate, checked and resolved.
    pub alerts: AlertSet,
    /// The `[serve]` table, checked.
    pub serve: super::ServeSettings,
}

/// One source, ready to fetch.
#[derive(Debug, Clone)]
pub struct SourcePlan {
    pub name: String,
    pub url: Url,
    pub kind: SourceKind,
    pub link_selector: Option<scraper::Selector>,
    pub selectors: Option<Selectors>,
    pub enabled: bool,
}

impl Resolved {
    /// The built-in defaults, with no sources (for `extract` without a config file).
    pub fn new_defaults() -> Result<Resolved, ConfigError> {
        Resolved::new(
            Config::defaults(),
            Path::new("(built-in defaults)"),
            Path::new("."),
        )
    }

    pub(super) fn new(config: Config, path: &Path, base: &Path) -> Result<Resolved, ConfigError> {
        let bad = |key: &str, problem: String| ConfigError::Invalid {
            path: path.to_path_buf(),
            key: key.to_string(),
            problem,
        };
        let tz = Tz::from_str(&config.timezone).map_err(|_| {
            bad(
                "timezone",
                format!(
                    "`{}` is not an IANA time zone; use a name such as \"Asia/Hong_Kong\", \"Europe/London\" or \"UTC\"",
                    config.timezone
                ),
            )
        })?;
        let schedule = |key: &str, expr: &str| {
            parse_cron(expr).map_err(|e| {
                bad(
                    key,
                    format!(
                        "`{expr}` is not a 6-field cron expression ({e}); write \"sec min hour day-of-month month day-of-week\", e.g. \"0 30 7 * * *\" for 07:30 daily"
                    ),
                )
            })
        };
        let schedule = |key: &str, expr: &str| {
            let cron = schedule(key, expr)?;
            let now = chrono::Utc::now().with_timezone(&tz);
            match cron.find_next_occurrence(&now, false) {
                Ok(_) => Ok(cron),
                Err(_) => Err(bad(
                    key,
                    format!(
                        "`{expr}` never fires (no such date); check the day-of-month and month fields"
                    ),
                )),
            }
        };
        let fetch_schedule = schedule("schedule.fetch", &config.schedule.fetch)?;
        let briefing_schedule = schedule("schedule.briefing", &config.schedule.briefing)?;
        let deliver_schedule = schedule("schedule.deliver", &config.schedule.deliver)?;

        super::ranges::check(&config).map_err(|(key, problem)| bad(key, problem))?;
        let serve = super::serve::resolve(&config.serve).map_err(|(k, p)| bad(k, p))?;
        let f = &config.fetch;
        if f.user_agent.trim().is_empty() {
            return Err(bad(
                "fetch.user_agent",
                "must not be empty; name your deployment, e.g. \"orewatch/0.1 (ops@example.com)\""
                    .into(),
            ));
        }
        if !f.user_agent.bytes().all(|b| (b' '..=b'~').contains(&b)) {
            return Err(bad(
                "fetch.user_agent",
                "must be printable ASCII (an HTTP header value): remove line breaks, tabs and \
                 non-ASCII characters"
                    .into(),
            ));
        }
        let local_roots =
            super::local::local_roots(&f.local_roots, base).map_err(|(k, p)| bad(&k, p))?;
        let fetch = FetchOptions {
            user_agent: f.user_agent.clone(),
            connect_timeout: Duration::from_secs(f.connect_timeout_secs),
            timeout: Duration::from_secs(f.timeout_secs),
            max_bytes: f.max_bytes,
            per_host_delay: Duration::from_millis(f.per_host_delay_ms),
            max_retries: f.max_retries,
            backoff: Duration::from_millis(f.backoff_ms),
            respect_robots: f.respect_robots,
            concurrency: f.concurrency,
            local_roots,
        };

        let mut sources = Vec::new();
        for (i, s) in config.sources.iter().enumerate() {
            let key = |k: &str| format!("sources[{i}].{k}");
            if s.name.trim().is_empty() {
                return Err(bad(&key("name"), "must not be empty".into()));
            }
            if config.sources[..i].iter().any(|o| o.name == s.name) {
                return Err(bad(
                    &key("name"),
                    format!("`{}` is used by two sources; names must be unique", s.name),
                ));
            }
            let url = crate::fetch::parse_location(&s.url, base)
                .map_err(|e| bad(&key("url"), e.to_string()))?;
            super::local::check_source(&url, &s.url, &fetch.local_roots)
                .map_err(|p| bad(&key("url"), p))?;
            let link_selector = match (&s.link_selector, s.kind) {
                (Some(sel), _) => Some(scraper::Selector::parse(sel).map_err(|e| {
                    bad(
                        &key("link_selector"),
                        format!(
                            "source `{}`: the link selector `{sel}` is not valid CSS: {}; fix or remove it",
                            s.name,
                            crate::scrape::selector_problem(&e)
                        ),
                    )
                })?),
                (None, SourceKind::Listing) => {
                    return Err(bad(
                        &key("link_selector"),
                        "a listing source needs the CSS selector of its article links, e.g. \"a.headline\" (or set kind = \"feed\" or \"article\")".into(),
                    ));
                }
                (None, _) => None,
            };
            let has_selectors = s.body_selector.is_some()
                || s.title_selector.is_some()
                || s.date_selector.is_some()
                || !s.exclude.is_empty();
            let selectors = if has_selectors {
                Some(
                    Selectors::parse(
                        s.body_selector.as_deref(),
                        s.title_selector.as_deref(),
                        s.date_selector.as_deref(),
                        &s.exclude,
                    )
                    .map_err(|e| {
                        let crate::scrape::ScrapeError::BadSelector { which, .. } = &e;
                        let k = match *which {
                            "exclude" => key("exclude"),
                            w => key(&format!("{w}_selector")),
                        };
                        bad(&k, format!("source `{}`: {e}", s.name))
                    })?,
                )
            } else {
                None
            };
            sources.push(SourcePlan {
                name: s.name.clone(),
                url,
                kind: s.kind,
                link_selector,
                selectors,
                enabled: s.enabled,
            });
        }

        let extra_commodities: Vec<String> = config.lexicon.commodities.keys().cloned().collect();
        let from = config.mail.from.parse().map_err(|e| {
            bad(
                "mail.from",
                format!("`{}` is not a mailbox ({e}); write \"Name <user@example.com>\" or \"user@example.com\"", config.mail.from),
            )
        })?;
        if let Some(u) = &config.mail.archive_url
            && safe_link(Some(u)).is_none()
        {
            return Err(bad(
                "mail.archive_url",
                format!(
                    "`{u}` is not an http(s) URL; write the public address of the archive, e.g. \"https://briefs.example.com/archive\""
                ),
            ));
        }
        if config.mail.transport == TransportKind::Smtp {
            let smtp = config.mail.smtp.as_ref().ok_or_else(|| {
                bad("mail.smtp", "transport is \"smtp\" but the [mail.smtp] table is missing; add host, port and tls".into())
            })?;
            tls_mode(&smtp.tls).ok_or_else(|| {
                bad("mail.smtp.tls", format!("`{}` is not allowed; use \"starttls\", \"tls\" or \"none\" (none only for localhost)", smtp.tls))
            })?;
            if smtp.tls == "none" && !is_local_host(&smtp.host) {
                return Err(bad(
                    "mail.smtp.tls",
                    format!(
                        "\"none\" sends mail unencrypted and is only allowed for localhost, not `{}`; use \"starttls\" or \"tls\"",
                        smtp.host
                    ),
                ));
            }
        }
        super::mailcheck::check_mail_values(&config, &from).map_err(|(k, p)| bad(&k, p))?;
        let mut config = config;
        for (i, r) in config.alerts.price.iter_mut().enumerate() {
            let key = |k: &str| format!("alerts.price[{i}].{k}");
            if !r.level.is_finite() || r.level <= 0.0 {
                return Err(bad(&key("level"), "must be a positive number".into()));
            }
            r.commodity = canonical_commodity(&r.commodity, &extra_commodities).ok_or_else(|| {
                bad(&key("commodity"), format!("`{}` is not a commodity orewatch extracts; use one of: {} (or add it under [lexicon.commodities])", r.commodity, COMMODITIES.join(", ")))
            })?;
            r.unit = canonical_unit(&r.unit).ok_or_else(|| {
                bad(
                    &key("unit"),
                    format!("`{}` is not a unit; use t, lb, oz, kg, g or bbl", r.unit),
                )
            })?;
            r.currency = r.currency.trim().to_uppercase();
            if r.currency.len() != 3 || !r.currency.chars().all(|c| c.is_ascii_alphabetic()) {
                return Err(bad(
                    &key("currency"),
                    format!(
                        "`{}` is not an ISO 4217 code; use USD, CNY, HKD, GBP, EUR...",
                        r.currency
                    ),
                ));
            }
        }
        let forecast_commodities = config
            .alerts
            .forecast
            .iter_mut()
            .flat_map(|f| f.commodities.iter_mut());
        for (i, c) in forecast_commodities.enumerate() {
            *c = canonical_commodity(c, &extra_commodities).ok_or_else(|| {
                bad(
                    &format!("alerts.forecast.commodities[{i}]"),
                    format!(
                        "`{c}` is not a commodity orewatch extracts; use one of: {}",
                        COMMODITIES.join(", ")
                    ),
                )
            })?;
        }
        let lexicon = LazyLexicon::new(&config.lexicon).map_err(|e| bad("lexicon", e))?;
        let alerts = super::alerts::resolve(&config, &lexicon).map_err(|(k, p)| bad(&k, p))?;
        let data_dir = if config.data_dir.is_absolute() {
            config.data_dir.clone()
        } else {
            base.join(&config.data_dir)
        };
        Ok(Resolved {
            path: path.to_path_buf(),
            tz,
            data_dir,
            fetch_schedule,
            briefing_schedule,
            deliver_schedule,
            fetch,
            sources,
            from,
            lexicon: std::sync::Arc::new(lexicon),
            alerts,
            serve,
            config,
        })
    }

    /// SMTP settings with the password read from its environment variable;
    /// `None` for the file transport. A login without its password is a
    /// configuration error.
    pub fn smtp_settings(&self) -> Result<Option<SmtpSettings>, ConfigError> {
        let m = &self.config.mail;
        let Some(s) = m
            .smtp
            .as_ref()
            .filter(|_| m.transport == TransportKind::Smtp)
        else {
            return Ok(None);
        };
        let password = std::env::var(&s.password_env)
            .ok()
            .filter(|p| !p.is_empty());
        if s.user.is_some() && password.is_none() {
            return Err(ConfigError::Invalid {
                path: self.path.clone(),
                key: "mail.smtp.password_env".into(),
                problem: format!(
                    "the environment variable {} holds no password for user `{}`; set it (export {}=...) or remove mail.smtp.user",
                    s.password_env,
                    s.user.as_deref().unwrap_or_default(),
                    s.password_env
                ),
            });
        }
        Ok(Some(SmtpSettings {
            host: s.host.clone(),
            port: s.port,
            tls: tls_mode(&s.tls).unwrap_or(TlsMode::Starttls),
            user: s.user.clone(),
            password,
            timeout: Duration::from_secs(s.timeout_secs),
        }))
    }

    /// The alert rules, as the store evaluates them.
    pub fn alert_rules(&self) -> AlertSet {
        self.alerts.clone()
    }

    pub fn db_path(&self) -> PathBuf {
        self.data_dir.join("orewatch.sqlite")
    }
    pub fn archive_dir(&self) -> PathBuf {
        self.data_dir.join("archive")
    }
    pub fn outbox_dir(&self) -> PathBuf {
        self.data_dir.join("outbox")
    }
}
