//! `Store::ingest`: one article, its facts, forecast history, alerts and their
//! mail, all in one IMMEDIATE transaction.

use std::path::Path;

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Transaction, params};

use super::admin::{insert_fetch, set_validators};
use super::alerting::{self, ArticleCtx};
use super::prices::{ObsDay, record_obs};
use super::{
    FetchRecord, IngestOutcome, IngestStatus, NewArticle, Store, StoreError, parse_ts, sqle, ts,
};
use crate::alerts::{AlertSet, ForecastKey};
use crate::extract::{Direction, Fact, FactKind, Forecast};
use crate::notify::MailContext;

impl Store {
    /// Store one analysed article + its facts, update forecast history, evaluate alert rules on
    /// the new facts, record alerts and enqueue their mail to every alert subscriber: ONE transaction.
    /// Same URL + same content hash => nothing written (IngestStatus::Unchanged).
    /// A changed article keeps its first `fetched_at` (its `updated_at` becomes this fetch's
    /// time), and an article without a `published` date is dated by that first fetch (UTC).
    pub fn ingest(
        &mut self,
        a: &NewArticle,
        rules: &AlertSet,
        mail: &MailContext,
    ) -> Result<IngestOutcome, StoreError> {
        self.write(|tx, path| {
            let out = ingest_tx(tx, path, a, rules, mail, Utc::now())?;
            index_pending(tx, path)?;
            Ok(out)
        })
    }

    /// [`Store::ingest`] of a page just fetched, with the fetch recorded in the
    /// same transaction: the page's validators (ETag / Last-Modified) take
    /// effect only together with the article, so a crash or a failure before
    /// the commit leaves neither, and the next cycle fetches the page in full.
    pub fn ingest_fetched(
        &mut self,
        fetch: &FetchRecord,
        a: &NewArticle,
        rules: &AlertSet,
        mail: &MailContext,
    ) -> Result<IngestOutcome, StoreError> {
        self.write_refetchable(|tx, path| {
            insert_fetch(tx, path, fetch)?;
            set_validators(tx, path, fetch)?;
            ingest_tx(tx, path, a, rules, mail, Utc::now())
        })
    }
}

fn ingest_tx(
    tx: &Transaction<'_>,
    path: &Path,
    a: &NewArticle,
    rules: &AlertSet,
    mail: &MailContext,
    now: DateTime<Utc>,
) -> Result<IngestOutcome, StoreError> {
    let e = sqle(path);
    let existing: Option<(i64, String, String)> = tx
        .prepare_cached("SELECT id, content_hash, fetched_at FROM articles WHERE url = ?1")
        .and_then(|mut st| {
            st.query_row([&a.url], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .optional()
        })
        .map_err(&e)?;
    if let Some((id, hash, _)) = &existing
        && *hash == a.content_hash
    {
        return Ok(IngestOutcome {
            article_id: *id,
            status: IngestStatus::Unchanged,
            facts_added: 0,
            alerts: 0,
        });
    }
    let Written {
        id: article_id,
        status,
        first_seen,
        old_text,
    } = write_article(tx, path, a, existing.map(|(id, _, fetched)| (id, fetched)))?;

    let obs = ObsDay {
        article_day: a.doc.published.unwrap_or(first_seen.date_naive()),
        dated: a.doc.published.is_some(),
        article_id,
        first_seen,
    };
    for (idx, fact) in a.doc.facts.iter().enumerate() {
        insert_fact(tx, path, article_id, idx, fact, obs, now)?;
    }
    let art = ArticleCtx {
        id: article_id,
        source_id: a.source_id,
        url: &a.url,
        day: obs.article_day,
        at: a.fetched_at,
    };
    let recorded = alerting::apply(tx, path, &art, &a.doc.facts, rules, mail, now)?;
    queue_for_search(tx, path, article_id, old_text)?;

    Ok(IngestOutcome {
        article_id,
        status,
        facts_added: a.doc.facts.len(),
        alerts: recorded,
    })
}

/// An article row just written.
struct Written {
    id: i64,
    status: IngestStatus,
    /// Its first fetch.
    first_seen: DateTime<Utc>,
    /// For an update: the title and body its search entry was made from.
    old_text: Option<(String, String)>,
}

/// Inserts the article, or updates the stored one (`existing`: its id and first
/// fetch time) and drops its facts.
fn write_article(
    tx: &Transaction<'_>,
    path: &Path,
    a: &NewArticle,
    existing: Option<(i64, String)>,
) -> Result<Written, StoreError> {
    let e = sqle(path);
    let sectors = serde_json::to_string(&a.doc.sectors).unwrap_or_else(|_| "[]".into());
    let published = a.doc.published.map(|d| d.to_string());
    match existing {
        // The article keeps its first-seen `fetched_at`, so an undated one stays on its day.
        Some((id, fetched)) => {
            let first_seen = parse_ts(&fetched).ok_or_else(|| StoreError::Corrupt {
                path: path.to_path_buf(),
                what: format!("fetched_at of article {}", a.url),
            })?;
            let old_text = indexed_text(tx, path, id)?;
            exec_cached(tx,
                "UPDATE articles SET source_id = ?2, title = ?3, published = ?4, body = ?5, sectors_json = ?6,
                     content_hash = ?7, updated_at = ?8 WHERE id = ?1",
                params![id, a.source_id, a.doc.title, published, a.doc.body, sectors, a.content_hash,
                    ts(a.fetched_at)],
            )
            .map_err(&e)?;
            exec_cached(tx, "DELETE FROM facts WHERE article_id = ?1", [id]).map_err(&e)?;
            Ok(Written {
                id,
                status: IngestStatus::Updated,
                first_seen,
                old_text: Some(old_text),
            })
        }
        None => {
            exec_cached(tx,
                "INSERT INTO articles (source_id, url, title, published, body, sectors_json, content_hash,
                     fetched_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![a.source_id, a.url, a.doc.title, published, a.doc.body, sectors, a.content_hash,
                    ts(a.fetched_at), ts(a.fetched_at)],
            )
            .map_err(&e)?;
            Ok(Written {
                id: tx.last_insert_rowid(),
                status: IngestStatus::New,
                first_seen: a.fetched_at,
                old_text: None,
            })
        }
    }
}

/// The title and body article `id` was indexed with (an external-content
/// FTS5 entry is deleted with the text it was indexed from).
fn indexed_text(
    tx: &Transaction<'_>,
    path: &Path,
    id: i64,
) -> Result<(String, String), StoreError> {
    tx.prepare_cached("SELECT coalesce(title, ''), body FROM articles WHERE id = ?1")
        .and_then(|mut st| st.query_row([id], |r| Ok((r.get(0)?, r.get(1)?))))
        .map_err(sqle(path))
}

/// Queues article `id` for the search index ([`index_pending`]); a changed
/// article that was indexed has its old entry (`old`) taken out first.
fn queue_for_search(
    tx: &Transaction<'_>,
    path: &Path,
    id: i64,
    old: Option<(String, String)>,
) -> Result<(), StoreError> {
    let queued = exec_cached(
        tx,
        "INSERT OR IGNORE INTO fts_pending (article_id) VALUES (?1)",
        [id],
    )
    .map_err(sqle(path))?;
    // Not queued before this call: its old text is in the index.
    if let (1, Some((title, body))) = (queued, old) {
        exec_cached(tx,
            "INSERT INTO articles_fts (articles_fts, rowid, title, body) VALUES ('delete', ?1, ?2, ?3)",
            params![id, title, body],
        )
        .map_err(sqle(path))?;
    }
    Ok(())
}

/// Indexes the queued articles for search: once per source and cycle, since
/// FTS5 writes an index segment at each flush (each commit, and each later
/// statement's savepoint in the same transaction).
pub(super) fn index_pending(tx: &Transaction<'_>, path: &Path) -> Result<(), StoreError> {
    exec_cached(tx,
        "INSERT INTO articles_fts (rowid, title, body)
             SELECT a.id, coalesce(a.title, ''), a.body FROM fts_pending p JOIN articles a ON a.id = p.article_id",
        [],
    )
    .and_then(|_| exec_cached(tx, "DELETE FROM fts_pending", []))
    .map_err(sqle(path))?;
    Ok(())
}

fn direction_str(d: Direction) -> &'static str {
    match d {
        Direction::Raised => "raised",
        Direction::Cut => "cut",
        Direction::Maintained => "maintained",
        Direction::Initiated => "initiated",
    }
}

fn insert_fact(
    tx: &Transaction<'_>,
    path: &Path,
    article_id: i64,
    idx: usize,
    fact: &Fact,
    obs: ObsDay,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let json = serde_json::to_string(fact).unwrap_or_default();
    let (mut commodity, mut institution, mut name, mut ticker) = (None, None, None, None);
    let (mut value, mut change_pct, mut currency, mut unit) = (None, None, None, None);
    let (mut market, mut product, mut period, mut direction, mut as_of) =
        (None, None, None, None, None);
    match &fact.kind {
        FactKind::Price(p) => {
            commodity = Some(p.commodity.clone());
            value = Some(p.value);
            currency = Some(p.currency.clone());
            unit = Some(p.unit.clone());
            market = p.market.clone();
            product = p.product.clone();
            as_of = p.as_of.map(|d| d.to_string());
        }
        FactKind::Forecast(f) => {
            commodity = Some(f.commodity.clone());
            institution = Some(f.institution.clone());
            value = Some(f.value);
            currency = Some(f.currency.clone());
            unit = Some(f.unit.clone());
            market = f.market.clone();
            period = f.period.clone();
            direction = Some(direction_str(f.direction).to_string());
        }
        FactKind::IndexMove(m) => {
            name = Some(m.index.clone());
            change_pct = Some(m.change_pct);
            value = m.level;
        }
        FactKind::StockMove(m) => {
            name = Some(m.name.clone());
            ticker = m.ticker.clone();
            change_pct = Some(m.change_pct);
            value = m.price;
        }
        FactKind::SectorMove(m) => {
            name = Some(m.sector.clone());
            change_pct = m.change_pct;
            direction = Some(format!("{:?}", m.direction).to_lowercase());
        }
    }
    exec_cached(tx,
        "INSERT INTO facts (article_id, idx, kind, commodity, institution, name, ticker, value, change_pct,
             currency, unit, market, product, period, direction, as_of, sentence, json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
        params![article_id, idx as i64, fact.kind.name(), commodity, institution, name, ticker, value,
            change_pct, currency, unit, market, product, period, direction, as_of, fact.sentence, json],
    )
    .map_err(sqle(path))?;
    let fact_id = tx.last_insert_rowid();
    if let FactKind::Price(p) = &fact.kind {
        record_obs(tx, path, fact_id, idx, p, obs)?;
    }
    if let FactKind::Forecast(f) = &fact.kind
        && f.value.is_finite()
    {
        record_forecast(tx, path, fact_id, f, obs, now)?;
    }
    Ok(())
}

/// A forecast's row in its series' history, and the series in the board's list.
fn record_forecast(
    tx: &Transaction<'_>,
    path: &Path,
    fact_id: i64,
    f: &Forecast,
    obs: ObsDay,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let k = ForecastKey::of(f);
    exec_cached(tx,
        "INSERT INTO forecast_history (fact_id, institution, commodity, period, currency, unit, value,
             previous, direction, recorded_at, day) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![fact_id, k.institution, k.commodity, k.period, k.currency, k.unit, f.value, f.previous,
            direction_str(f.direction), ts(now), obs.article_day.to_string()],
    )
    .map_err(sqle(path))?;
    exec_cached(
        tx,
        "INSERT OR IGNORE INTO forecast_series (institution, commodity, period, currency, unit)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        params![k.institution, k.commodity, k.period, k.currency, k.unit],
    )
    .map_err(sqle(path))?;
    Ok(())
}

/// `tx.execute` through the connection's statement cache (ingest runs the
/// same few statements for every article: parse them once).
pub(super) fn exec_cached(
    tx: &Transaction<'_>,
    sql: &str,
    p: impl rusqlite::Params,
) -> Result<usize, rusqlite::Error> {
    tx.prepare_cached(sql)?.execute(p)
}
