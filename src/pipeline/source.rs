//! One source in a cycle: its listing (or feed), then each article page,
//! fetched one after another (the fetcher paces the host) while the page
//! before is analysed and stored.

use std::sync::Arc;

use chrono::Utc;
use tokio::sync::Semaphore;
use tokio::task::JoinHandle;
use url::Url;

use super::cycle::{SourceReport, canonical, content_hash};
use super::progress::Progress;
use super::{App, PipelineError};
use crate::analyze::{PageInfo, analyze};
use crate::config::{SourceKind, SourcePlan};
use crate::extract::resolve_entities;
use crate::fetch::{FetchOutcome, Fetched, Validators};
use crate::store::{FetchRecord, IngestStatus, NewArticle, SourceOutcome};

/// What every source task of a cycle shares.
#[derive(Clone)]
pub(super) struct Ctx {
    pub app: App,
    /// Bounds the pages analysed at once (CPU work, off the async threads).
    pub analysis: Arc<Semaphore>,
    pub progress: Arc<dyn Progress>,
}

/// What storing one analysed page gave.
struct Stored {
    status: IngestStatus,
    facts_added: usize,
    alerts: usize,
    drift: Option<String>,
    /// The page was cut by the parse limits: why.
    truncated: Option<String>,
}

type Pending = JoinHandle<Result<Stored, PipelineError>>;

/// Runs source number `plan` of the configuration; its fetch-log rows and
/// health are written at the end, in one transaction.
pub(super) async fn run_source(
    ctx: &Ctx,
    plan: usize,
    source_id: i64,
) -> Result<SourceReport, PipelineError> {
    let app = &ctx.app;
    let p = &app.cfg.sources[plan];
    let mut rep = SourceReport {
        name: p.name.clone(),
        ..SourceReport::default()
    };
    let mut log = Vec::new();
    let articles = match p.kind {
        SourceKind::Article => Some(vec![p.url.clone()]),
        SourceKind::Listing | SourceKind::Feed => {
            article_links(app, p, source_id, &mut rep, &mut log).await
        }
    };
    if let Some(articles) = articles {
        let max = app.cfg.config.fetch.max_articles_per_source;
        let urls: Vec<Url> = articles.into_iter().take(max).collect();
        ctx.progress.found(urls.len());
        pages(ctx, plan, source_id, urls, &mut rep, &mut log).await?;
        if p.kind == SourceKind::Article && rep.pages_fetched + rep.not_modified == 0 {
            rep.failed = !rep.errors.is_empty();
        }
    } else {
        rep.failed = true;
    }
    let outcome = SourceOutcome {
        failed: rep.failed,
        error: rep.errors.first().or(rep.disallowed.first()).cloned(),
        pages: u32::try_from(rep.pages_fetched).unwrap_or(u32::MAX),
        not_modified: u32::try_from(rep.not_modified).unwrap_or(u32::MAX),
        drift: u32::try_from(rep.drift.len()).unwrap_or(u32::MAX),
    };
    app.db(move |s| s.finish_source(source_id, &log, &outcome, Utc::now()))
        .await?;
    ctx.progress.source_done(&rep.name);
    Ok(rep)
}

/// Fetches each page in turn; a page fetched in full is analysed and stored
/// while the next downloads (one at a time per source, in order).
async fn pages(
    ctx: &Ctx,
    plan: usize,
    source_id: i64,
    urls: Vec<Url>,
    rep: &mut SourceReport,
    log: &mut Vec<FetchRecord>,
) -> Result<(), PipelineError> {
    let app = &ctx.app;
    let keys: Vec<String> = urls.iter().map(canonical).collect();
    let validators = app.db(move |s| s.validators_of(&keys)).await?;
    let mut pending: Option<(Url, Pending)> = None;
    for (url, v) in urls.into_iter().zip(validators) {
        if app.cancel.is_cancelled() {
            break;
        }
        let (result, record) = fetch_page(app, source_id, &url, v.as_ref()).await;
        let page = match result {
            Ok(FetchOutcome::Fetched(page)) => Some(page),
            Ok(FetchOutcome::NotModified { .. }) => {
                rep.not_modified += 1;
                None
            }
            Ok(FetchOutcome::Disallowed { url }) => {
                rep.disallowed.push(url.to_string());
                None
            }
            Err(e) => {
                rep.errors.push(e);
                None
            }
        };
        let Some(page) = page else {
            log.push(record);
            ctx.progress.page_done();
            continue;
        };
        rep.pages_fetched += 1;
        if let Some((done, task)) = pending.take() {
            settle(ctx, &done, task, rep).await?;
        }
        let task = tokio::spawn(store_page(ctx.clone(), plan, source_id, page, record));
        pending = Some((url, task));
    }
    if let Some((done, task)) = pending {
        settle(ctx, &done, task, rep).await?;
    }
    Ok(())
}

/// Waits for a page's analysis and storage; a database failure stops the cycle.
async fn settle(
    ctx: &Ctx,
    url: &Url,
    task: Pending,
    rep: &mut SourceReport,
) -> Result<(), PipelineError> {
    let joined = task.await.map_err(|e| PipelineError::Task(e.to_string()))?;
    ctx.progress.page_done();
    match joined {
        Ok(s) => {
            match s.status {
                IngestStatus::New => rep.new_articles += 1,
                IngestStatus::Updated => rep.updated_articles += 1,
                IngestStatus::Unchanged => rep.unchanged_articles += 1,
            }
            rep.facts_added += s.facts_added;
            rep.alerts += s.alerts;
            rep.drift.extend(s.drift);
            rep.truncated.extend(s.truncated);
            Ok(())
        }
        Err(e @ (PipelineError::Store(_) | PipelineError::Task(_))) => Err(e),
        Err(e) => {
            rep.errors.push(format!("{url}: {e}"));
            Ok(())
        }
    }
}

/// Analyses one fetched page and stores it with its fetch record, in one
/// transaction: both on one blocking thread, within the CPU bound (one
/// hand-off between threads a page, not two).
async fn store_page(
    ctx: Ctx,
    plan: usize,
    source_id: i64,
    page: Fetched,
    record: FetchRecord,
) -> Result<Stored, PipelineError> {
    let app = ctx.app.clone();
    let today = app.today();
    let permit = ctx
        .analysis
        .clone()
        .acquire_owned()
        .await
        .map_err(|e| PipelineError::Task(e.to_string()))?;
    tokio::task::spawn_blocking(move || {
        let _permit = permit;
        let cfg = &app.cfg;
        let info = PageInfo {
            url: Some(&page.url),
            url_text: None,
            content_type: page.content_type.as_deref(),
            selectors: cfg.sources[plan].selectors.as_ref(),
        };
        let mut analysis = analyze(&page.body, info, today, &cfg.lexicon);
        let content_hash = content_hash(&analysis.doc);
        // Stored facts name entities one way (高盛 = Goldman Sachs).
        resolve_entities(&mut analysis.doc.facts, &cfg.lexicon);
        let drift = analysis.drift.then(|| {
            format!(
                "{}: body_selector matched nothing; detection used",
                page.url
            )
        });
        let truncated = analysis
            .truncated
            .map(|cut| format!("{}: {}", page.url, cut.note()));
        let article = NewArticle {
            source_id,
            url: canonical(&page.url),
            doc: analysis.doc,
            content_hash,
            fetched_at: Utc::now(),
        };
        let outcome = app
            .lock_store()
            .ingest_fetched(&record, &article, &app.rules, &app.mail)?;
        Ok(Stored {
            status: outcome.status,
            facts_added: outcome.facts_added,
            alerts: outcome.alerts,
            drift,
            truncated,
        })
    })
    .await
    .map_err(|e| PipelineError::Task(e.to_string()))?
}

/// The article URLs of a listing page or feed; `None` when it cannot be read.
async fn article_links(
    app: &App,
    plan: &SourcePlan,
    source_id: i64,
    rep: &mut SourceReport,
    log: &mut Vec<FetchRecord>,
) -> Option<Vec<Url>> {
    // A listing is always fetched in full: its links matter even when unchanged.
    // Its record keeps no validators: only an article's fetch, committed with
    // the article, may make a later request conditional.
    let (result, mut record) = fetch_page(app, source_id, &plan.url, None).await;
    record.etag = None;
    record.last_modified = None;
    log.push(record);
    let page = match result {
        Ok(FetchOutcome::Fetched(page)) => page,
        Ok(FetchOutcome::NotModified { .. }) => return Some(Vec::new()),
        Ok(FetchOutcome::Disallowed { url }) => {
            rep.disallowed.push(url.to_string());
            return None;
        }
        Err(e) => {
            rep.errors.push(e);
            return None;
        }
    };
    rep.pages_fetched += 1;
    let is_feed = plan.kind == SourceKind::Feed
        || crate::scrape::feed::looks_like_feed(page.content_type.as_deref(), &page.body);
    if is_feed {
        return match crate::scrape::feed::parse_feed(&page.body, &page.url) {
            Ok(items) => Some(items.into_iter().map(|i| i.url).collect()),
            Err(e) => {
                rep.errors.push(format!("{}: {e}", page.url));
                None
            }
        };
    }
    let Some(selector) = &plan.link_selector else {
        rep.errors
            .push(format!("{}: a listing needs link_selector", plan.name));
        return None;
    };
    let html = crate::scrape::decode(&page.body, page.content_type.as_deref());
    let links = crate::scrape::listing_links(&html, &page.url, selector);
    if links.is_empty() {
        rep.drift
            .push(format!("{}: link_selector matched no links", page.url));
    }
    Some(links)
}

/// Fetch a page; the fetch problem comes as one line, with the record of
/// the attempt (written by the caller: with the source's log, or with the article).
async fn fetch_page(
    app: &App,
    source_id: i64,
    url: &Url,
    validators: Option<&Validators>,
) -> (Result<FetchOutcome, String>, FetchRecord) {
    let result = tokio::select! {
        r = app.fetcher.fetch(url, validators) => r.map_err(|e| e.to_string()),
        // Stopping: abandon the request; the attempt is recorded as such.
        _ = app.cancel.cancelled() => Err(format!("{url}: not fetched, orewatch is stopping")),
    };
    let mut record = FetchRecord {
        source_id: Some(source_id),
        // The key conditional requests are looked up under.
        url: canonical(url),
        status: None,
        etag: None,
        last_modified: None,
        bytes: None,
        error: None,
        fetched_at: Utc::now(),
    };
    match &result {
        Ok(FetchOutcome::Fetched(Fetched {
            status,
            body,
            validators,
            ..
        })) => {
            record.status = Some(*status);
            record.bytes = Some(body.len() as u64);
            record.etag = validators.etag.clone();
            record.last_modified = validators.last_modified.clone();
        }
        Ok(FetchOutcome::NotModified { .. }) => record.status = Some(304),
        Ok(FetchOutcome::Disallowed { .. }) => {
            record.error = Some("disallowed by robots.txt".into())
        }
        Err(e) => record.error = Some(e.clone()),
    }
    (result, record)
}
