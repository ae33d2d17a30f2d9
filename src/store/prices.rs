//! Price observations by series: written with each price fact, read by the
//! briefing through the index `price_obs(series_id, day)`, so the latest price
//! of every series costs a few index steps however long the history is.

use std::cmp::Ordering;
use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use rusqlite::{OptionalExtension, Transaction, params};

use super::series::agreement;
use super::{
    Agreement, PriceRow, PriceSeries, Provenance, Store, StoreError, parse_day, parse_ts, sqle, ts,
};
use crate::extract::{Fact, FactKind, Price};

/// Prices older than this many days before the briefing day are not shown.
pub const PRICE_LOOKBACK_DAYS: u64 = 366;

/// `meta` key set by migration 003 until the observations of older facts are filled in.
const BACKFILL_KEY: &str = "price_obs_backfill";

/// The day a price was observed, as far as the store can tell without a time zone.
#[derive(Debug, Clone, Copy)]
pub(super) struct ObsDay {
    /// The article's published day (exact), else the UTC day of its first fetch.
    pub article_day: NaiveDate,
    /// `article_day` is the published day.
    pub dated: bool,
    pub article_id: i64,
    /// The article's first fetch.
    pub first_seen: DateTime<Utc>,
}

/// The series a price belongs to: commodity, currency, unit, product, market,
/// compared without case; a price without a market is a series of its own.
fn series_key(p: &Price) -> String {
    let key = (
        p.commodity.to_lowercase(),
        p.currency.to_uppercase(),
        p.unit.to_lowercase(),
        p.product.as_deref().unwrap_or_default().to_lowercase(),
        p.market.as_deref().map(str::to_lowercase),
    );
    serde_json::to_string(&key).unwrap_or_default()
}

/// Records the observation of price fact `fact_id` (nothing for a bound or a non-finite value).
pub(super) fn record_obs(
    tx: &Transaction<'_>,
    path: &Path,
    fact_id: i64,
    idx: usize,
    p: &Price,
    obs: ObsDay,
) -> Result<(), StoreError> {
    // A bound ("under $11,000") is not an observation of the price.
    if !p.value.is_finite() || p.is_bound() {
        return Ok(());
    }
    let e = sqle(path);
    let key = series_key(p);
    let mut find = tx
        .prepare_cached("SELECT id FROM price_series WHERE key = ?1")
        .map_err(&e)?;
    let series: i64 = match find
        .query_row([&key], |r| r.get(0))
        .optional()
        .map_err(&e)?
    {
        Some(id) => id,
        None => {
            tx.execute("INSERT INTO price_series (key) VALUES (?1)", [&key])
                .map_err(&e)?;
            tx.last_insert_rowid()
        }
    };
    let (day, dated) = match p.as_of {
        Some(d) => (d, true),
        None => (obs.article_day, obs.dated),
    };
    tx.prepare_cached(
        "INSERT INTO price_obs (fact_id, series_id, day, dated, value, seen, article_id, idx)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )
    .and_then(|mut st| {
        st.execute(params![
            fact_id,
            series,
            day.to_string(),
            dated,
            p.value,
            ts(obs.first_seen),
            obs.article_id,
            idx as i64
        ])
    })
    .map_err(&e)?;
    Ok(())
}

/// Fills `price_obs` from the price facts stored before migration 003, once.
pub(super) fn backfill(store: &mut Store) -> Result<(), StoreError> {
    let pending: Option<String> = store
        .conn
        .query_row(
            "SELECT value FROM meta WHERE key = ?1",
            [BACKFILL_KEY],
            |r| r.get(0),
        )
        .optional()
        .map_err(|e| store.sql(e))?;
    if pending.is_none() {
        return Ok(());
    }
    store.write(|tx, path| {
        let e = sqle(path);
        let mut st = tx
            .prepare(
                "SELECT f.id, f.json, a.published, a.fetched_at, f.article_id, f.idx FROM facts f
                 JOIN articles a ON a.id = f.article_id
                 WHERE f.kind = 'price' AND f.id NOT IN (SELECT fact_id FROM price_obs)",
            )
            .map_err(&e)?;
        let rows = st
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, i64>(4)?,
                    r.get::<_, i64>(5)?,
                ))
            })
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(&e)?;
        for (id, json, published, fetched, article_id, idx) in rows {
            let corrupt = |what: String| StoreError::Corrupt {
                path: path.to_path_buf(),
                what,
            };
            let fact: Fact =
                serde_json::from_str(&json).map_err(|err| corrupt(format!("fact {id}: {err}")))?;
            let first_seen =
                parse_ts(&fetched).ok_or_else(|| corrupt(format!("fetched_at of fact {id}")))?;
            let published = published.as_deref().and_then(parse_day);
            let obs = ObsDay {
                article_day: published.unwrap_or(first_seen.date_naive()),
                dated: published.is_some(),
                article_id,
                first_seen,
            };
            if let FactKind::Price(p) = &fact.kind {
                record_obs(tx, path, id, usize::try_from(idx).unwrap_or(0), p, obs)?;
            }
        }
        tx.execute("DELETE FROM meta WHERE key = ?1", [BACKFILL_KEY])
            .map_err(&e)?;
        Ok(())
    })
}

/// One observation read back while looking for a series' latest two days.
pub(super) struct Candidate {
    pub(super) observed: NaiveDate,
    /// Fetch order: the article's first fetch, its id, the fact's place in it.
    order: (String, i64, i64),
    fact_id: i64,
    pub(super) value: f64,
    pub(super) source: i64,
}

impl Candidate {
    fn cmp_key(&self, other: &Candidate) -> Ordering {
        (self.observed, &self.order).cmp(&(other.observed, &other.order))
    }
}

impl Store {
    /// Latest observation per series up to `day` (within [`PRICE_LOOKBACK_DAYS`]), with
    /// the change vs the latest observation of an earlier day (else the change stated in
    /// the text). Same-day observations: the last fetched wins. With each row, the
    /// series' daily prices of the [`CHART_DAYS`] days up to `day` (for its chart).
    pub(super) fn latest_prices(
        &self,
        day: NaiveDate,
        tz: Tz,
    ) -> Result<Vec<(PriceRow, PriceSeries)>, StoreError> {
        let mut st = self
            .conn
            .prepare_cached("SELECT id FROM price_series ORDER BY id")
            .map_err(|e| self.sql(e))?;
        let series = st
            .query_map([], |r| r.get::<_, i64>(0))
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(|e| self.sql(e))?;
        let mut out = Vec::new();
        for id in series {
            if let Some(row) = self.series_latest(id, day, tz)? {
                let points = self.series_points(id, day)?;
                let series = PriceSeries {
                    commodity: row.commodity.clone(),
                    label: [
                        Some(row.commodity.as_str()),
                        row.market.as_deref(),
                        row.product.as_deref(),
                    ]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" "),
                    unit: format!("{}/{}", row.currency, row.unit),
                    points,
                };
                out.push((row, series));
            }
        }
        out.sort_by_cached_key(|(p, _)| {
            (
                p.commodity.clone(),
                p.currency.clone(),
                p.unit.clone(),
                p.product.clone(),
                p.market.as_deref().map(str::to_lowercase),
            )
        });
        Ok(out)
    }

    fn series_latest(
        &self,
        series: i64,
        day: NaiveDate,
        tz: Tz,
    ) -> Result<Option<PriceRow>, StoreError> {
        let oldest = day - chrono::Days::new(PRICE_LOOKBACK_DAYS);
        // A day's margin on both bounds: the UTC fetch date may differ from the local one.
        let (hi, lo) = (day + chrono::Days::new(1), oldest - chrono::Days::new(1));
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT o.day, o.dated, o.fact_id, o.value, o.idx, o.article_id, o.seen, a.source_id
                 FROM price_obs o JOIN articles a ON a.id = o.article_id WHERE o.series_id = ?1 AND o.day BETWEEN ?2 AND ?3
                 AND o.fact_id NOT IN (SELECT fact_id FROM quarantine WHERE status <> 'accepted')
                 ORDER BY o.day DESC",
            )
            .map_err(|e| self.sql(e))?;
        let mut rows = st
            .query(params![series, lo.to_string(), hi.to_string()])
            .map_err(|e| self.sql(e))?;
        let mut found: Vec<Candidate> = Vec::new();
        // The two latest distinct observed days so far.
        let (mut last, mut second): (Option<NaiveDate>, Option<NaiveDate>) = (None, None);
        while let Some(r) = rows.next().map_err(|e| self.sql(e))? {
            let stored: String = r.get(0).map_err(|e| self.sql(e))?;
            let stored = parse_day(&stored)
                .ok_or_else(|| self.corrupt(format!("price_obs day {stored:?}")))?;
            // Rows come newest stored day first; an undated one may move by a day either way.
            if second.is_some_and(|s| stored + chrono::Days::new(1) < s) {
                break;
            }
            let c = self.candidate(r, stored, tz)?;
            if c.observed > day || c.observed < oldest {
                continue;
            }
            match last {
                Some(l) if c.observed > l => (last, second) = (Some(c.observed), Some(l)),
                Some(l) if c.observed < l && second.is_none_or(|s| c.observed > s) => {
                    second = Some(c.observed)
                }
                None => last = Some(c.observed),
                _ => {}
            }
            found.push(c);
        }
        drop(rows);
        found.sort_by(Candidate::cmp_key);
        let Some(top) = found.pop() else {
            return Ok(None);
        };
        let previous_obs = found
            .iter()
            .rev()
            .find(|c| c.observed < top.observed)
            .map(|c| (c.value, c.observed));
        let agreement = agreement(&found, &top);
        let (p, provenance) = self.price_fact(top.fact_id)?;
        let mut row = price_row(p, top.observed, previous_obs, provenance);
        row.agreement = agreement;
        Ok(Some(row))
    }

    /// The price fact `fact_id` and where it comes from.
    fn price_fact(&self, fact_id: i64) -> Result<(Price, Provenance), StoreError> {
        let (json, url, title): (String, String, Option<String>) = self
            .conn
            .prepare_cached(
                "SELECT f.json, a.url, a.title FROM facts f JOIN articles a ON a.id = f.article_id WHERE f.id = ?1",
            )
            .and_then(|mut st| st.query_row([fact_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))))
            .map_err(|e| self.sql(e))?;
        let fact: Fact = serde_json::from_str(&json)
            .map_err(|e| self.corrupt(format!("fact {fact_id}: {e}")))?;
        let FactKind::Price(p) = fact.kind else {
            return Err(self.corrupt(format!("price_obs of fact {fact_id} (not a price)")));
        };
        let provenance = Provenance {
            article_title: title
                .filter(|t| !t.trim().is_empty())
                .unwrap_or(url.clone()),
            article_url: url,
            sentence: fact.sentence,
        };
        Ok((p, provenance))
    }

    fn candidate(
        &self,
        r: &rusqlite::Row<'_>,
        stored: NaiveDate,
        tz: Tz,
    ) -> Result<Candidate, StoreError> {
        let get = |e| self.sql(e);
        let dated: bool = r.get(1).map_err(get)?;
        let fetched: String = r.get(6).map_err(get)?;
        let observed = if dated {
            stored
        } else {
            let t: DateTime<Utc> = parse_ts(&fetched)
                .ok_or_else(|| self.corrupt(format!("article fetched_at {fetched:?}")))?;
            t.with_timezone(&tz).date_naive()
        };
        Ok(Candidate {
            observed,
            fact_id: r.get(2).map_err(get)?,
            value: r.get(3).map_err(get)?,
            order: (fetched, r.get(5).map_err(get)?, r.get(4).map_err(get)?),
            source: r.get(7).map_err(get)?,
        })
    }
}

/// The briefing's row for the latest price `p` of a series, with the change vs
/// `previous_obs` (the latest observation of an earlier day, and its day), else
/// vs the change stated in the text.
fn price_row(
    p: Price,
    observed: NaiveDate,
    previous_obs: Option<(f64, NaiveDate)>,
    provenance: Provenance,
) -> PriceRow {
    let previous_day = previous_obs.map(|(_, d)| d);
    let previous = previous_obs
        .map(|(v, _)| v)
        .or_else(|| p.change.map(|c| p.value - c));
    let change = previous.map(|prev| p.value - prev);
    let change_pct = previous
        .filter(|prev| *prev != 0.0)
        .map(|prev| (p.value - prev) / prev * 100.0);
    PriceRow {
        commodity: p.commodity,
        value: p.value,
        currency: p.currency,
        unit: p.unit,
        market: p.market,
        product: p.product,
        qualifier: p.qualifier,
        observed,
        previous,
        change,
        change_pct,
        previous_day,
        agreement: Agreement::default(),
        article_url: provenance.article_url.clone(),
        provenance,
    }
}

/// One stored observation of a commodity, for the server's history table.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PricePoint {
    /// The day observed (as stored: an undated article's is the UTC day of its first fetch).
    pub day: NaiveDate,
    pub value: f64,
    pub currency: String,
    pub unit: String,
    pub market: Option<String>,
    pub product: Option<String>,
    pub article_url: String,
}

impl Store {
    /// Observations of `commodity` (canonical name, any case), newest first, at most
    /// `limit`; figures held by the plausibility gate are left out until accepted.
    pub fn price_history(
        &self,
        commodity: &str,
        limit: usize,
    ) -> Result<Vec<PricePoint>, StoreError> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT o.day, o.value, f.currency, f.unit, f.market, f.product, a.url
                 FROM price_obs o JOIN facts f ON f.id = o.fact_id JOIN articles a ON a.id = o.article_id
                 WHERE f.kind = 'price' AND lower(f.commodity) = lower(?1)
                   AND o.fact_id NOT IN (SELECT fact_id FROM quarantine WHERE status <> 'accepted')
                 ORDER BY o.day DESC, o.seen DESC, o.idx LIMIT ?2",
            )
            .map_err(|e| self.sql(e))?;
        let rows = st
            .query_map(params![commodity.trim(), limit as i64], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    PricePoint {
                        day: NaiveDate::MIN,
                        value: r.get(1)?,
                        currency: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
                        unit: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
                        market: r.get(4)?,
                        product: r.get(5)?,
                        article_url: r.get(6)?,
                    },
                ))
            })
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(|e| self.sql(e))?;
        rows.into_iter()
            .map(|(day, p)| {
                let day = parse_day(&day)
                    .ok_or_else(|| self.corrupt(format!("price_obs day {day:?}")))?;
                Ok(PricePoint { day, ..p })
            })
            .collect()
    }
}
