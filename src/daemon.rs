//! The daemon: three cron jobs (fetch, briefing, deliver) in the configured
//! time zone on tokio-cron-scheduler, with the guarantees the scheduler
//! does not give by itself:
//! - jobs never overlap: one run at a time, a tick that finds its job still
//!   running is skipped;
//! - a run missed while the daemon was down is made at start (a briefing
//!   once per date), from each job's last run recorded in SQLite;
//! - time zones with daylight saving stay right: each job is re-created
//!   after it runs, so its next tick is computed in the zone, not at a
//!   frozen offset;
//! - SIGINT / SIGTERM stop new runs, let the current one finish its
//!   transaction, and exit.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{DateTime, Timelike, Utc};
use croner::Cron;
use tokio::sync::Mutex;
use tokio_cron_scheduler::{Job, JobScheduler, JobSchedulerError};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use tracing::{error, info, warn};

use crate::config::BriefingDay;
use crate::pipeline::{self, App, PipelineError};

/// The daemon could not start or stop.
#[derive(Debug, thiserror::Error)]
pub enum DaemonError {
    #[error("scheduler: {0}")]
    Scheduler(#[from] JobSchedulerError),
    #[error(transparent)]
    Pipeline(#[from] PipelineError),
    #[error("cannot listen for signals: {0}")]
    Signal(std::io::Error),
    #[error(transparent)]
    Serve(#[from] crate::serve::ServeError),
}

/// The daemon's jobs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobKind {
    Fetch,
    Briefing,
    Deliver,
}

impl JobKind {
    pub fn name(self) -> &'static str {
        match self {
            JobKind::Fetch => "fetch",
            JobKind::Briefing => "briefing",
            JobKind::Deliver => "deliver",
        }
    }
    fn schedule(self, app: &App) -> &Cron {
        match self {
            JobKind::Fetch => &app.cfg.fetch_schedule,
            JobKind::Briefing => &app.cfg.briefing_schedule,
            JobKind::Deliver => &app.cfg.deliver_schedule,
        }
    }
}

/// Shared by every job: one run at a time, and the shutdown machinery.
#[derive(Clone)]
struct Runner {
    app: App,
    one_at_a_time: Arc<Mutex<()>>,
    running: Arc<[AtomicBool; 3]>,
    tracker: TaskTracker,
    cancel: CancellationToken,
}

impl Runner {
    /// Run `jobs` one after another, each for its scheduled tick, skipping a
    /// job that is already running and everything once the daemon stops.
    fn spawn(&self, jobs: Vec<(JobKind, DateTime<Utc>)>) {
        if self.cancel.is_cancelled() {
            return;
        }
        let this = self.clone();
        self.tracker.spawn(async move {
            for (job, scheduled) in jobs {
                let flag = &this.running[job as usize];
                if flag.swap(true, Ordering::AcqRel) {
                    warn!(
                        job = job.name(),
                        "previous run still going; this tick is skipped"
                    );
                    continue;
                }
                {
                    let _turn = this.one_at_a_time.lock().await;
                    if !this.cancel.is_cancelled()
                        && let Err(e) = run_job(&this.app, job, scheduled).await
                    {
                        error!(job = job.name(), "run failed: {e}");
                    }
                }
                flag.store(false, Ordering::Release);
            }
        });
    }
}

/// One run of a job for its scheduled time. Recorded in the database so a
/// restart knows what was done.
pub async fn run_job(
    app: &App,
    job: JobKind,
    scheduled: DateTime<Utc>,
) -> Result<(), PipelineError> {
    match job {
        JobKind::Fetch => {
            let report = pipeline::run_cycle(app).await?;
            if app.cancel.is_cancelled() {
                return Ok(());
            }
            // Keep today's archive page current; it is mailed by the briefing job.
            pipeline::make_briefing(app, app.today(), false).await?;
            info!(
                new = report.new_articles(),
                facts = report.facts_added(),
                alerts = report.alerts(),
                errors = report.errors(),
                truncated = report.truncated(),
                "fetch cycle done"
            );
            for t in report.sources.iter().flat_map(|s| &s.truncated) {
                warn!("truncated: {t}");
            }
            pipeline::deliver(app).await?;
        }
        JobKind::Briefing => {
            let mut day = scheduled.with_timezone(&app.cfg.tz).date_naive();
            if app.cfg.config.briefing.covers == BriefingDay::PreviousDay {
                day = day.pred_opt().unwrap_or(day);
            }
            let report = pipeline::make_briefing(app, day, true).await?;
            info!(%day, path = %report.path.display(), mailed = report.enqueued, held_empty = report.held_empty, "briefing done");
            pipeline::deliver(app).await?;
        }
        JobKind::Deliver => {
            let d = pipeline::deliver(app).await?;
            if d.sent + d.failed + d.retried > 0 {
                info!(
                    sent = d.sent,
                    retried = d.retried,
                    failed = d.failed,
                    "outbox delivered"
                );
            }
        }
    }
    let done = app
        .db(move |s| s.record_job_run(job.name(), scheduled).map(|_| ()))
        .await;
    release_freed_memory();
    done
}

/// Hands the memory a job freed back to the system, so the idle daemon's RSS
/// is what it holds, not the peak of its last cycle (glibc keeps freed pages
/// in its per-thread arenas otherwise).
fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns whole free pages of the allocator's own
    // arenas to the kernel; it takes no pointers and is thread-safe.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// The most recent tick of `cron` at or before `now`, in the zone.
pub fn previous_tick(cron: &Cron, tz: chrono_tz::Tz, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    // Ticks are whole seconds: they are the key a run is recorded under.
    let now = now.with_nanosecond(0).unwrap_or(now);
    cron.find_previous_occurrence(&now.with_timezone(&tz), true)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// How far back missed briefings are made at start.
pub const CATCH_UP_DAYS: i64 = 7;

/// Runs missed while the daemon was down, oldest first: the latest fetch
/// tick, and every briefing tick of the last [`CATCH_UP_DAYS`] days after
/// the last briefing run (on a first start, only the latest tick).
pub async fn missed_runs(
    app: &App,
    now: DateTime<Utc>,
) -> Result<Vec<(JobKind, DateTime<Utc>)>, PipelineError> {
    let tz = app.cfg.tz;
    let horizon = now - chrono::Duration::days(CATCH_UP_DAYS);
    let mut missed = Vec::new();
    for job in [JobKind::Fetch, JobKind::Briefing] {
        let Some(latest) = previous_tick(job.schedule(app), tz, now).filter(|t| *t > horizon)
        else {
            continue;
        };
        let last = app.db(move |s| s.last_job_run(job.name())).await?;
        match last {
            Some(l) if l >= latest => {}
            Some(l) if job == JobKind::Briefing => {
                let from = l.max(horizon).with_timezone(&tz);
                missed.extend(
                    job.schedule(app)
                        .iter_after(from)
                        .map(|t| (job, t.with_timezone(&Utc)))
                        .take_while(|(_, t)| *t <= latest),
                );
            }
            _ => missed.push((job, latest)),
        }
    }
    Ok(missed)
}

/// Run until SIGINT or SIGTERM.
pub async fn run(app: App) -> Result<(), DaemonError> {
    let runner = Runner {
        app: app.clone(),
        one_at_a_time: Arc::new(Mutex::new(())),
        running: Arc::new([
            AtomicBool::new(false),
            AtomicBool::new(false),
            AtomicBool::new(false),
        ]),
        tracker: TaskTracker::new(),
        cancel: app.cancel.clone(),
    };
    // serve.enabled: the archive server runs beside the jobs, stopped by the same signal.
    if app.cfg.serve.enabled {
        let state = crate::serve::ServeState::open(app.cfg.clone())?;
        let listener = crate::serve::bind(app.cfg.serve.bind).await?;
        let cancel = runner.cancel.clone();
        runner.tracker.spawn(async move {
            if let Err(e) = crate::serve::serve(listener, state, cancel).await {
                error!("archive server: {e}");
            }
        });
    }
    let mut sched = JobScheduler::new().await?;
    for job in [JobKind::Fetch, JobKind::Briefing, JobKind::Deliver] {
        sched.add(cron_job(&runner, job)?).await?;
    }
    // Catch up first: the jobs queue behind it, so nothing runs twice at once.
    let missed = missed_runs(&app, Utc::now()).await?;
    for (job, tick) in &missed {
        info!(job = job.name(), tick = %tick, "catching up a run missed while stopped");
    }
    runner.spawn(missed);
    sched.start().await?;
    info!(
        sources = app.cfg.sources.len(),
        timezone = app.cfg.tz.name(),
        "daemon started; stop with Ctrl-C or SIGTERM"
    );
    wait_for_signal().await?;
    info!("stopping: finishing the current page's transaction (signal again to stop at once)");
    runner.cancel.cancel();
    tokio::spawn(async {
        if wait_for_signal().await.is_ok() {
            warn!("second signal: stopping now");
            std::process::exit(130);
        }
    });
    sched.shutdown().await?;
    runner.tracker.close();
    runner.tracker.wait().await;
    info!("stopped");
    Ok(())
}

/// A cron job that hands its tick to the runner and re-creates itself, so
/// the next tick is computed in the zone (see the module docs).
fn cron_job(runner: &Runner, job: JobKind) -> Result<Job, JobSchedulerError> {
    let expr = job.schedule(&runner.app).pattern.to_string();
    let tz = runner.app.cfg.tz;
    let r = runner.clone();
    Job::new_async_tz(expr.as_str(), tz, move |uuid, sched| {
        let r = r.clone();
        Box::pin(async move {
            let tick = previous_tick(job.schedule(&r.app), tz, Utc::now()).unwrap_or_else(Utc::now);
            r.spawn(vec![(job, tick)]);
            if r.cancel.is_cancelled() {
                return;
            }
            let renewed = match cron_job(&r, job) {
                Ok(j) => sched.add(j).await.map(|_| ()),
                Err(e) => Err(e),
            };
            match renewed {
                Ok(()) => {
                    let _ = sched.remove(&uuid).await;
                }
                Err(e) => error!(
                    job = job.name(),
                    "cannot re-arm the job, keeping the old one: {e}"
                ),
            }
        })
    })
}

/// Waits for SIGINT (Ctrl-C) or SIGTERM.
pub async fn wait_for_signal() -> Result<(), DaemonError> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut term = signal(SignalKind::terminate()).map_err(DaemonError::Signal)?;
        tokio::select! {
            r = tokio::signal::ctrl_c() => r.map_err(DaemonError::Signal)?,
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    tokio::signal::ctrl_c().await.map_err(DaemonError::Signal)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn cron(expr: &str) -> Cron {
        crate::config::parse_cron(expr).expect("cron")
    }

    #[test]
    fn previous_tick_follows_daylight_saving() {
        let london = chrono_tz::Europe::London;
        let daily = cron("0 30 7 * * *");
        // Winter: 07:30 GMT is 07:30 UTC.
        let winter = Utc.with_ymd_and_hms(2026, 3, 28, 9, 0, 0).unwrap();
        assert_eq!(
            previous_tick(&daily, london, winter),
            Some(Utc.with_ymd_and_hms(2026, 3, 28, 7, 30, 0).unwrap())
        );
        // The clocks went forward on 29 March: 07:30 BST is 06:30 UTC.
        let summer = Utc.with_ymd_and_hms(2026, 3, 29, 9, 0, 0).unwrap();
        assert_eq!(
            previous_tick(&daily, london, summer),
            Some(Utc.with_ymd_and_hms(2026, 3, 29, 6, 30, 0).unwrap())
        );
    }

    #[test]
    fn ticks_are_whole_seconds_whatever_the_clock_says() {
        let hk = chrono_tz::Asia::Hong_Kong;
        let now = Utc.with_ymd_and_hms(2026, 11, 20, 23, 45, 0).unwrap()
            + chrono::Duration::nanoseconds(396_606_391);
        assert_eq!(
            previous_tick(&cron("0 30 7 * * *"), hk, now),
            Some(Utc.with_ymd_and_hms(2026, 11, 20, 23, 30, 0).unwrap())
        );
    }

    #[test]
    fn a_tick_at_the_very_second_is_its_own_previous_tick() {
        let hk = chrono_tz::Asia::Hong_Kong;
        let t = Utc.with_ymd_and_hms(2026, 11, 20, 23, 30, 0).unwrap(); // 07:30 HKT
        assert_eq!(previous_tick(&cron("0 30 7 * * *"), hk, t), Some(t));
    }
}
