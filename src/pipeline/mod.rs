//! One cycle of the data flow: fetch -> scrape -> extract -> store (alerts
//! enqueued in the same transaction) -> brief -> notify. The daemon, `run
//! --once`, `fetch`, `report` and the tests all call these functions.

mod archive;
mod briefing;
mod cycle;
mod progress;
mod source;

use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{NaiveDate, Utc};
use tokio_util::sync::CancellationToken;

use crate::alerts::AlertSet;
use crate::config::Resolved;
use crate::fetch::Fetcher;
use crate::notify::{DeliveryReport, MailContext, Mailer, Transport};
use crate::store::{NewSubscriber, Store};

pub use briefing::{BriefingReport, make_briefing};
pub use cycle::{CycleReport, SourceReport, run_cycle, run_cycle_with};
pub use progress::{Progress, Silent};

/// A stage failed as a whole (a single page or source failing is reported
/// in [`CycleReport`] instead).
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error("{0}")]
    Config(#[source] crate::config::ConfigError),
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error(transparent)]
    Fetch(#[from] crate::fetch::FetchError),
    #[error(transparent)]
    Notify(#[from] crate::notify::NotifyError),
    #[error(
        "cannot write the archive at {path}: {source} (check that the data directory is writable)"
    )]
    Archive {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    #[error("cannot render the briefing: {0}")]
    Render(#[from] askama::Error),
    #[error("{0}")]
    Report(#[from] crate::report::ReportError),
    #[error("a background task failed: {0}")]
    Task(String),
}

/// Everything a cycle needs, opened once: configuration, HTTP client,
/// database, mailer and alert rules.
#[derive(Clone)]
pub struct App {
    pub cfg: Arc<Resolved>,
    pub fetcher: Fetcher,
    pub store: Arc<Mutex<Store>>,
    pub mailer: Arc<Mailer>,
    pub rules: Arc<AlertSet>,
    pub mail: Arc<MailContext>,
    /// Cancelled when the daemon is asked to stop: a cycle stops between
    /// pages (and abandons a fetch in flight); a write already started
    /// finishes its transaction.
    pub cancel: CancellationToken,
}

impl App {
    /// Open the database (creating it), register the configured sources and
    /// subscribers, and build the HTTP client and mailer.
    pub fn open(cfg: Resolved) -> Result<App, PipelineError> {
        let mut store = Store::open(&cfg.db_path())?;
        // Configured subscribers are added once in the life of the database;
        // afterwards the list is managed with `orewatch subscribers`.
        store.seed_subscribers(&initial_subscribers(&cfg))?;
        let transport = match cfg.smtp_settings().map_err(PipelineError::Config)? {
            Some(smtp) => Transport::Smtp(smtp),
            None => Transport::File {
                dir: cfg.outbox_dir(),
            },
        };
        let mailer = Mailer::new(transport)?;
        let fetcher = Fetcher::new(cfg.fetch.clone())?;
        let rules = cfg.alert_rules();
        let mail = MailContext {
            from: cfg.from.clone(),
            subject_prefix: cfg.config.mail.subject_prefix.clone(),
            archive_url: cfg.config.mail.archive_url.clone(),
            unsubscribe: cfg.unsubscribe_link().map_err(PipelineError::Config)?,
        };
        Ok(App {
            cfg: Arc::new(cfg),
            fetcher,
            store: Arc::new(Mutex::new(store)),
            mailer: Arc::new(mailer),
            rules: Arc::new(rules),
            mail: Arc::new(mail),
            cancel: CancellationToken::new(),
        })
    }

    /// Today in the configured time zone.
    pub fn today(&self) -> NaiveDate {
        Utc::now().with_timezone(&self.cfg.tz).date_naive()
    }

    /// The database, for a blocking thread (a panic elsewhere while holding
    /// it left no half-written transaction behind: SQLite rolled it back).
    pub fn lock_store(&self) -> MutexGuard<'_, Store> {
        self.store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Run `f` on the database in a blocking thread; the lock is never held
    /// across an `.await`.
    pub async fn db<T, F>(&self, f: F) -> Result<T, PipelineError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> Result<T, crate::store::StoreError> + Send + 'static,
    {
        let app = self.clone();
        tokio::task::spawn_blocking(move || f(&mut app.lock_store()))
            .await
            .map_err(|e| PipelineError::Task(e.to_string()))?
            .map_err(PipelineError::from)
    }
}

/// The configured initial subscribers, as the store takes them.
pub fn initial_subscribers(cfg: &Resolved) -> Vec<NewSubscriber> {
    cfg.config
        .subscribers
        .iter()
        .map(|s| NewSubscriber {
            email: s.email.clone(),
            name: s.name.clone(),
            briefing: s.briefing,
            alerts: s.alerts,
        })
        .collect()
}

/// Deliver the mail that is due (briefings and alerts), retrying what failed before.
pub async fn deliver(app: &App) -> Result<DeliveryReport, PipelineError> {
    let max = app.cfg.config.mail.max_attempts;
    Ok(crate::notify::deliver_pending(&app.store, &app.mailer, max).await?)
}

/// What `run --once` did.
#[derive(Debug)]
pub struct OnceReport {
    pub cycle: CycleReport,
    pub briefing: BriefingReport,
    pub delivery: DeliveryReport,
}

/// One full cycle: fetch and store, today's briefing (mailed once per day),
/// then deliver every message that is due.
pub async fn run_once(app: &App) -> Result<OnceReport, PipelineError> {
    run_once_with(app, Arc::new(Silent)).await
}

/// [`run_once`], telling `progress` how the fetch goes.
pub async fn run_once_with(
    app: &App,
    progress: Arc<dyn Progress>,
) -> Result<OnceReport, PipelineError> {
    let cycle = run_cycle_with(app, progress).await?;
    let briefing = make_briefing(app, app.today(), true).await?;
    let delivery = deliver(app).await?;
    Ok(OnceReport {
        cycle,
        briefing,
        delivery,
    })
}
