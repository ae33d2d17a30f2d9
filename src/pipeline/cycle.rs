//! The fetch-and-extract cycle: every enabled source's listing (or feed),
//! then each article page, analysed and stored with its facts and alerts.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use url::Url;

use super::progress::{Progress, Silent};
use super::source::{Ctx, run_source};
use super::{App, PipelineError};

/// What one cycle did, per source.
#[derive(Debug, Default)]
pub struct CycleReport {
    pub sources: Vec<SourceReport>,
}

/// What one source gave in a cycle.
#[derive(Debug, Default)]
pub struct SourceReport {
    pub name: String,
    pub pages_fetched: usize,
    pub not_modified: usize,
    pub new_articles: usize,
    pub updated_articles: usize,
    pub unchanged_articles: usize,
    pub facts_added: usize,
    pub alerts: usize,
    /// Pages robots.txt does not let us fetch (not errors: the site said no).
    pub disallowed: Vec<String>,
    /// Pages whose configured body selector matched nothing (layout drift).
    pub drift: Vec<String>,
    /// Pages cut by the parse limits (nesting depth, node count): the rest of each was not read.
    pub truncated: Vec<String>,
    /// Problems, one line each (the cycle goes on past them).
    pub errors: Vec<String>,
    /// The listing itself could not be read: the source gave nothing.
    pub failed: bool,
    /// Not tried: the source is backing off after failures until then.
    pub skipped_until: Option<DateTime<Utc>>,
}

impl CycleReport {
    pub fn new_articles(&self) -> usize {
        self.sources.iter().map(|s| s.new_articles).sum()
    }
    pub fn facts_added(&self) -> usize {
        self.sources.iter().map(|s| s.facts_added).sum()
    }
    pub fn alerts(&self) -> usize {
        self.sources.iter().map(|s| s.alerts).sum()
    }
    pub fn errors(&self) -> usize {
        self.sources.iter().map(|s| s.errors.len()).sum()
    }
    pub fn truncated(&self) -> usize {
        self.sources.iter().map(|s| s.truncated.len()).sum()
    }
    pub fn all_failed(&self) -> bool {
        !self.sources.is_empty() && self.sources.iter().all(|s| s.failed)
    }
}

/// One fetch-and-extract cycle over every enabled source, without progress display.
pub async fn run_cycle(app: &App) -> Result<CycleReport, PipelineError> {
    run_cycle_with(app, Arc::new(Silent)).await
}

/// One fetch-and-extract cycle over every enabled source. Sources run at
/// once (the fetcher limits requests in flight and paces each host); pages
/// are analysed on blocking threads, at most one per core. A failing page or
/// source is recorded in the report and the cycle goes on; a source failing
/// cycle after cycle backs off (see `store::backoff_after`). A database
/// failure stops the cycle.
pub async fn run_cycle_with(
    app: &App,
    progress: Arc<dyn Progress>,
) -> Result<CycleReport, PipelineError> {
    let enabled: Vec<usize> = (0..app.cfg.sources.len())
        .filter(|&i| app.cfg.sources[i].enabled)
        .collect();
    let names: Vec<(String, String)> = enabled
        .iter()
        .map(|&i| {
            (
                app.cfg.sources[i].name.clone(),
                app.cfg.sources[i].url.to_string(),
            )
        })
        .collect();
    let known = app
        .db(move |s| {
            names
                .iter()
                .map(|(name, url)| {
                    let id = s.upsert_source(name, url)?;
                    Ok((id, s.source_backoff(id)?))
                })
                .collect::<Result<Vec<_>, _>>()
        })
        .await?;
    let now = Utc::now();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let analysis = Arc::new(Semaphore::new(cores));
    let mut slots: Vec<Option<SourceReport>> = Vec::new();
    let mut tasks = JoinSet::new();
    for (slot, (&plan, (source_id, until))) in enabled.iter().zip(known).enumerate() {
        slots.push(None);
        if let Some(until) = until.filter(|t| *t > now) {
            slots[slot] = Some(SourceReport {
                name: app.cfg.sources[plan].name.clone(),
                skipped_until: Some(until),
                ..SourceReport::default()
            });
            continue;
        }
        let ctx = Ctx {
            app: app.clone(),
            analysis: analysis.clone(),
            progress: progress.clone(),
        };
        tasks.spawn(async move { (slot, run_source(&ctx, plan, source_id).await) });
    }
    let mut failure = None;
    while let Some(joined) = tasks.join_next().await {
        match joined {
            Ok((slot, Ok(rep))) => slots[slot] = Some(rep),
            Ok((_, Err(e))) => {
                failure.get_or_insert(e);
                tasks.abort_all();
            }
            Err(e) if e.is_cancelled() => {}
            Err(e) => {
                failure.get_or_insert(PipelineError::Task(e.to_string()));
                tasks.abort_all();
            }
        }
    }
    if let Some(e) = failure {
        return Err(e);
    }
    let keep = app.cfg.config.store.keep_fetch_log_days;
    let pruned = app.db(move |s| s.prune_fetch_log(keep, Utc::now())).await?;
    let report = CycleReport {
        sources: slots.into_iter().flatten().collect(),
    };
    let skipped = report
        .sources
        .iter()
        .filter(|s| s.skipped_until.is_some())
        .count();
    tracing::debug!(
        sources = report.sources.len(),
        skipped,
        pruned,
        "cycle finished"
    );
    Ok(report)
}

/// The key an article is stored under: no fragment, no tracking parameters
/// (the rest of the query is kept exactly as written).
pub fn canonical(url: &Url) -> String {
    let mut u = url.clone();
    u.set_fragment(None);
    if let Some(q) = u.query() {
        let tracking = |part: &str| {
            let key = part.split('=').next().unwrap_or_default();
            key.starts_with("utm_") || key == "fbclid" || key == "gclid"
        };
        if q.split('&').any(tracking) {
            let kept: Vec<&str> = q
                .split('&')
                .filter(|p| !p.is_empty() && !tracking(p))
                .collect();
            let kept = kept.join("&");
            u.set_query((!kept.is_empty()).then_some(kept.as_str()));
        }
    }
    u.to_string()
}

/// What makes an article "changed": its title, date and body as extracted,
/// not the page's bytes (ad slots, nonces and "most read" boxes change on
/// every request).
pub(super) fn content_hash(doc: &crate::extract::Document) -> String {
    let mut h = Sha256::new();
    h.update(doc.title.as_deref().unwrap_or_default());
    h.update([0]);
    h.update(doc.published.map(|d| d.to_string()).unwrap_or_default());
    h.update([0]);
    h.update(&doc.body);
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::canonical;
    use url::Url;

    fn c(s: &str) -> String {
        canonical(&Url::parse(s).expect("url"))
    }

    #[test]
    fn canonical_drops_fragments_and_tracking_only() {
        assert_eq!(c("https://a.example/x#top"), "https://a.example/x");
        assert_eq!(c("https://a.example/x?12345"), "https://a.example/x?12345");
        assert_eq!(
            c("https://a.example/x?id=7&utm_source=t&fbclid=z"),
            "https://a.example/x?id=7"
        );
        assert_eq!(
            c("https://a.example/x?utm_medium=mail"),
            "https://a.example/x"
        );
        assert_eq!(
            c("https://a.example/x?a=1&b=%20"),
            "https://a.example/x?a=1&b=%20"
        );
    }
}
