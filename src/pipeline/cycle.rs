//! The fetch-and-extract cycle: every enabled source's listing (or feed),
//! then each article page, analysed and stored with its facts and alerts.

use chrono::Utc;
use sha2::{Digest, Sha256};
use url::Url;

use super::{App, PipelineError};
use crate::analyze::{PageInfo, analyze};
use crate::config::{SourceKind, SourcePlan};
use crate::extract::resolve_entities;
use crate::fetch::{FetchOutcome, Fetched, Validators};
use crate::store::{FetchRecord, IngestStatus, NewArticle};

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

/// One fetch-and-extract cycle over every enabled source. Sources run one
/// after another (the fetcher paces each host); a failing page or source is
/// recorded in the report and the cycle goes on.
pub async fn run_cycle(app: &App) -> Result<CycleReport, PipelineError> {
    let mut report = CycleReport::default();
    for plan in app.cfg.sources.iter().filter(|s| s.enabled) {
        if app.cancel.is_cancelled() {
            break;
        }
        let (name, url) = (plan.name.clone(), plan.url.to_string());
        let source_id = app.db(move |s| s.upsert_source(&name, &url)).await?;
        report.sources.push(run_source(app, plan, source_id).await?);
    }
    Ok(report)
}

async fn run_source(
    app: &App,
    plan: &SourcePlan,
    source_id: i64,
) -> Result<SourceReport, PipelineError> {
    let mut rep = SourceReport {
        name: plan.name.clone(),
        ..SourceReport::default()
    };
    let articles = match plan.kind {
        SourceKind::Article => vec![plan.url.clone()],
        SourceKind::Listing | SourceKind::Feed => {
            match article_links(app, plan, source_id, &mut rep).await? {
                Some(links) => links,
                None => {
                    rep.failed = true;
                    return Ok(rep);
                }
            }
        }
    };
    let max = app.cfg.config.fetch.max_articles_per_source;
    for url in articles.into_iter().take(max) {
        if app.cancel.is_cancelled() {
            break;
        }
        if let Err(e) = article(app, plan, source_id, &url, &mut rep).await {
            // A database failure stops the cycle; anything else is this page's problem.
            if matches!(e, PipelineError::Store(_) | PipelineError::Task(_)) {
                return Err(e);
            }
            rep.errors.push(format!("{url}: {e}"));
        }
    }
    Ok(rep)
}

/// The article URLs of a listing page or feed; `None` when it cannot be read.
async fn article_links(
    app: &App,
    plan: &SourcePlan,
    source_id: i64,
    rep: &mut SourceReport,
) -> Result<Option<Vec<Url>>, PipelineError> {
    // A listing is always fetched in full: its links matter even when unchanged.
    // Its record keeps no validators: only an article's fetch, committed with
    // the article, may make a later request conditional.
    let (result, mut record) = fetch_page(app, source_id, &plan.url, None).await;
    record.etag = None;
    record.last_modified = None;
    app.db(move |s| s.record_fetch(&record)).await?;
    let page = match result {
        Ok(FetchOutcome::Fetched(page)) => page,
        Ok(FetchOutcome::NotModified { .. }) => return Ok(Some(Vec::new())),
        Ok(FetchOutcome::Disallowed { url }) => {
            rep.disallowed.push(url.to_string());
            return Ok(None);
        }
        Err(e) => {
            rep.errors.push(e);
            return Ok(None);
        }
    };
    rep.pages_fetched += 1;
    let is_feed = plan.kind == SourceKind::Feed
        || crate::scrape::feed::looks_like_feed(page.content_type.as_deref(), &page.body);
    if is_feed {
        return Ok(
            match crate::scrape::feed::parse_feed(&page.body, &page.url) {
                Ok(items) => Some(items.into_iter().map(|i| i.url).collect()),
                Err(e) => {
                    rep.errors.push(format!("{}: {e}", page.url));
                    None
                }
            },
        );
    }
    let Some(selector) = &plan.link_selector else {
        rep.errors
            .push(format!("{}: a listing needs link_selector", plan.name));
        return Ok(None);
    };
    let html = crate::scrape::decode(&page.body, page.content_type.as_deref());
    let links = crate::scrape::listing_links(&html, &page.url, selector);
    if links.is_empty() {
        rep.drift
            .push(format!("{}: link_selector matched no links", page.url));
    }
    Ok(Some(links))
}

/// Fetch, analyse and store one article page.
async fn article(
    app: &App,
    plan: &SourcePlan,
    source_id: i64,
    url: &Url,
    rep: &mut SourceReport,
) -> Result<(), PipelineError> {
    let key = canonical(url);
    let validators = app.db(move |s| s.validators(&key)).await?;
    let (result, record) = fetch_page(app, source_id, url, validators.as_ref()).await;
    if !matches!(result, Ok(FetchOutcome::Fetched(_))) {
        let record = record.clone();
        app.db(move |s| s.record_fetch(&record)).await?;
    }
    // A page fetched in full: its fetch record (with the validators) is
    // written by `ingest_fetched`, in the article's transaction, below.
    let page = match result {
        Ok(FetchOutcome::Fetched(page)) => page,
        Ok(FetchOutcome::NotModified { .. }) => {
            rep.not_modified += 1;
            return Ok(());
        }
        Ok(FetchOutcome::Disallowed { url }) => {
            rep.disallowed.push(url.to_string());
            return Ok(());
        }
        Err(e) => {
            rep.errors.push(e);
            return Ok(());
        }
    };
    rep.pages_fetched += 1;
    let today = app.today();
    let (cfg, final_url) = (app.cfg.clone(), page.url.clone());
    let analysis = {
        let selectors = plan.selectors.clone();
        let body = page.body;
        let content_type = page.content_type;
        tokio::task::spawn_blocking(move || {
            let info = PageInfo {
                url: Some(&final_url),
                url_text: None,
                content_type: content_type.as_deref(),
                selectors: selectors.as_ref(),
            };
            let mut analysis = analyze(&body, info, today, &cfg.lexicon);
            let hash = content_hash(&analysis.doc);
            // Stored facts name entities one way (高盛 = Goldman Sachs).
            resolve_entities(&mut analysis.doc.facts, &cfg.lexicon);
            (analysis, hash)
        })
        .await
        .map_err(|e| PipelineError::Task(e.to_string()))?
    };
    let (analysis, content_hash) = analysis;
    if analysis.drift {
        rep.drift.push(format!(
            "{url}: body_selector matched nothing; detection used"
        ));
    }
    if let Some(cut) = analysis.truncated {
        rep.truncated.push(format!("{url}: {}", cut.note()));
    }
    let article = NewArticle {
        source_id,
        url: canonical(&page.url),
        doc: analysis.doc,
        content_hash,
        fetched_at: Utc::now(),
    };
    let (rules, mail) = (app.rules.clone(), app.mail.clone());
    let outcome = app
        .db(move |s| s.ingest_fetched(&record, &article, &rules, &mail))
        .await?;
    match outcome.status {
        IngestStatus::New => rep.new_articles += 1,
        IngestStatus::Updated => rep.updated_articles += 1,
        IngestStatus::Unchanged => rep.unchanged_articles += 1,
    }
    rep.facts_added += outcome.facts_added;
    rep.alerts += outcome.alerts;
    Ok(())
}

/// Fetch a page; the fetch problem comes as one line, with the record of
/// the attempt (written by the caller: on its own, or with the article).
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
fn content_hash(doc: &crate::extract::Document) -> String {
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
