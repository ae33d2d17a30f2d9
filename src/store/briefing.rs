//! The daily briefing: gathering a day's data (recording the rendering and
//! enqueueing its mail: `briefing_save.rs`).

use std::collections::HashMap;

use chrono::{DateTime, Days, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use rusqlite::{OptionalExtension, params};

use super::{
    Agreement, ArticleRow, BriefingData, ForecastRow, IndexRow, Provenance, SectorRow, StockRow,
    Store, StoreError, parse_day, ts,
};
use crate::extract::{Fact, FactKind};

/// A stored fact with its article's context.
struct Row {
    fact_id: i64,
    fact: Fact,
    source: i64,
    provenance: Provenance,
}

/// UTC instant of local midnight starting `day` in `tz` (DST gaps: the first instant after).
fn day_start(day: NaiveDate, tz: Tz) -> DateTime<Utc> {
    let midnight = day.and_time(chrono::NaiveTime::MIN);
    (0..4)
        .find_map(|h| {
            tz.from_local_datetime(&(midnight + chrono::Duration::hours(h)))
                .earliest()
        })
        .map_or_else(|| midnight.and_utc(), |t| t.with_timezone(&Utc))
}

/// SQL filter of the articles of one day: `?1` the day, `?2`..`?3` its UTC bounds.
const DAY_FILTER: &str =
    "(a.published = ?1 OR (a.published IS NULL AND a.fetched_at >= ?2 AND a.fetched_at < ?3))";

/// The day's moves, one per thing: the last fetched figure wins, the others count.
#[derive(Default)]
struct Moves {
    indexes: HashMap<String, (IndexRow, Vec<(i64, f64)>)>,
    stocks: HashMap<String, StockRow>,
    sectors: HashMap<String, SectorRow>,
}

impl Store {
    /// Data for the briefing of `day`. An article's day is its `published` date, else its
    /// fetch time's date in `tz`.
    pub fn briefing_data(&self, day: NaiveDate, tz: Tz) -> Result<BriefingData, StoreError> {
        let next = day.checked_add_days(Days::new(1)).unwrap_or(day);
        let (start, end) = (ts(day_start(day, tz)), ts(day_start(next, tz)));
        // One read transaction: one snapshot of the day, and one lock instead of one
        // per statement (some hundreds). Read only: ending it undoes nothing.
        let _snapshot = match self.conn.is_autocommit() {
            true => Some(self.conn.unchecked_transaction().map_err(|e| self.sql(e))?),
            false => None,
        };
        let articles = self.day_articles(day, &start, &end)?;
        let day_rows = self.fact_rows(
            &format!("f.kind <> 'price' AND {DAY_FILTER}"),
            params![day.to_string(), start, end],
        )?;
        let (prices, series): (Vec<_>, Vec<_>) = self.latest_prices(day, tz)?.into_iter().unzip();
        let mut data = BriefingData {
            day,
            prices,
            forecasts: Vec::new(),
            index_moves: Vec::new(),
            gainers: Vec::new(),
            losers: Vec::new(),
            sector_moves: Vec::new(),
            articles,
            quarantined: self.quarantined_on(day)?,
            alerts: self.alerts_since_briefing(day)?,
            health: self.health_rows(Utc::now())?,
            board: self.board_rows(day, tz)?,
            board_since: self.briefing_before(day)?,
            series: series.into_iter().filter(|s| s.points.len() >= 2).collect(),
        };
        let mut moves = Moves::default();
        for row in day_rows {
            self.add_row(&mut data, &mut moves, row, day)?;
        }
        finish(&mut data, moves);
        Ok(data)
    }

    fn day_articles(
        &self,
        day: NaiveDate,
        start: &str,
        end: &str,
    ) -> Result<Vec<ArticleRow>, StoreError> {
        let mut st = self
            .conn
            .prepare(&format!(
                "SELECT a.title, a.url, s.name, a.published, (SELECT COUNT(*) FROM facts f WHERE f.article_id = a.id)
                 FROM articles a JOIN sources s ON s.id = a.source_id WHERE {DAY_FILTER} ORDER BY a.fetched_at, a.id"
            ))
            .map_err(|e| self.sql(e))?;
        st.query_map(params![day.to_string(), start, end], |r| {
            let url: String = r.get(1)?;
            let published: Option<String> = r.get(3)?;
            Ok(ArticleRow {
                title: r
                    .get::<_, Option<String>>(0)?
                    .filter(|t| !t.trim().is_empty())
                    .unwrap_or(url.clone()),
                url,
                source: r.get(2)?,
                published: published.as_deref().and_then(parse_day),
                fact_count: r.get::<_, i64>(4)?.try_into().unwrap_or(0),
            })
        })
        .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
        .map_err(|e| self.sql(e))
    }

    /// Rows come oldest article first: a later article's figure replaces an earlier one.
    fn add_row(
        &self,
        data: &mut BriefingData,
        moves: &mut Moves,
        row: Row,
        day: NaiveDate,
    ) -> Result<(), StoreError> {
        let (url, provenance) = (row.provenance.article_url.clone(), row.provenance);
        match row.fact.kind {
            FactKind::Forecast(f) => {
                let previous = match f.previous {
                    Some(p) => Some(p),
                    None => self.history_before(row.fact_id)?,
                };
                add_forecast(data, f, previous, day, provenance);
            }
            FactKind::IndexMove(m) => {
                let key = m.index.to_lowercase();
                let seen = moves
                    .indexes
                    .remove(&key)
                    .map(|(_, s)| s)
                    .unwrap_or_default();
                let mut seen = seen;
                seen.push((row.source, m.change_pct));
                let row = IndexRow {
                    index: m.index,
                    change_pct: m.change_pct,
                    level: m.level,
                    points: m.points,
                    agreement: Agreement::default(),
                    article_url: url,
                    provenance,
                };
                moves.indexes.insert(key, (row, seen));
            }
            FactKind::StockMove(m) => {
                let key = m.ticker.clone().unwrap_or_else(|| m.name.to_lowercase());
                let row = StockRow {
                    name: m.name,
                    ticker: m.ticker,
                    change_pct: m.change_pct,
                    price: m.price,
                    article_url: url,
                    provenance,
                };
                moves.stocks.insert(key, row);
            }
            FactKind::SectorMove(m) => {
                let row = SectorRow {
                    sector: m.sector,
                    direction: m.direction,
                    change_pct: m.change_pct,
                    article_url: url,
                    provenance,
                };
                moves.sectors.insert(row.sector.clone(), row);
            }
            FactKind::Price(_) => {}
        }
        Ok(())
    }

    fn fact_rows(&self, filter: &str, p: &[&dyn rusqlite::ToSql]) -> Result<Vec<Row>, StoreError> {
        let mut st = self
            .conn
            .prepare(&format!(
                "SELECT f.id, f.json, a.url, a.title, a.source_id FROM facts f
                 JOIN articles a ON a.id = f.article_id WHERE {filter} ORDER BY a.fetched_at, a.id, f.idx"
            ))
            .map_err(|e| self.sql(e))?;
        type Raw = (i64, String, String, Option<String>, i64);
        let raw: Vec<Raw> = st
            .query_map(p, |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(|e| self.sql(e))?;
        raw.into_iter()
            .map(|(fact_id, json, url, title, source)| {
                let fact: Fact = serde_json::from_str(&json)
                    .map_err(|e| self.corrupt(format!("fact {fact_id}: {e}")))?;
                let provenance = Provenance {
                    article_title: title
                        .filter(|t| !t.trim().is_empty())
                        .unwrap_or(url.clone()),
                    article_url: url,
                    sentence: fact.sentence.clone(),
                };
                Ok(Row {
                    fact_id,
                    fact,
                    source,
                    provenance,
                })
            })
            .collect()
    }

    /// The forecast stored for the same series just before `fact_id`'s (one row of its index).
    fn history_before(&self, fact_id: i64) -> Result<Option<f64>, StoreError> {
        self.conn
            .prepare_cached(
                "SELECT (SELECT p.value FROM forecast_history p
                   WHERE p.institution = h.institution AND p.commodity = h.commodity
                     AND p.period = h.period AND p.currency = h.currency AND p.unit = h.unit
                     AND p.id < h.id ORDER BY p.id DESC LIMIT 1)
                 FROM forecast_history h WHERE h.fact_id = ?1",
            )
            .and_then(|mut st| st.query_row([fact_id], |r| r.get(0)).optional())
            .map(Option::flatten)
            .map_err(|e| self.sql(e))
    }

    /// Days with a recorded briefing, newest first (for the archive index).
    pub fn briefing_days(&self) -> Result<Vec<NaiveDate>, StoreError> {
        let mut st = self
            .conn
            .prepare("SELECT day FROM briefings ORDER BY day DESC")
            .map_err(|e| self.sql(e))?;
        let days = st
            .query_map([], |r| r.get::<_, String>(0))
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(|e| self.sql(e))?;
        days.iter()
            .map(|d| parse_day(d).ok_or_else(|| self.corrupt(format!("briefing day {d:?}"))))
            .collect()
    }

    /// The stored HTML of the briefing of `day`.
    pub fn briefing_html(&self, day: NaiveDate) -> Result<Option<String>, StoreError> {
        self.conn
            .query_row(
                "SELECT html FROM briefings WHERE day = ?1",
                [day.to_string()],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.sql(e))
    }
}

/// Adds a forecast of the day, unless the same figure was already stated.
fn add_forecast(
    data: &mut BriefingData,
    f: crate::extract::Forecast,
    previous: Option<f64>,
    day: NaiveDate,
    provenance: Provenance,
) {
    let dup = data.forecasts.iter().any(|o| {
        o.institution.eq_ignore_ascii_case(&f.institution)
            && o.commodity == f.commodity
            && o.period == f.period
            && o.value == f.value
    });
    if !dup {
        data.forecasts.push(ForecastRow {
            institution: f.institution,
            commodity: f.commodity,
            period: f.period,
            previous,
            value: f.value,
            currency: f.currency,
            unit: f.unit,
            direction: f.direction,
            stated: day,
            article_url: provenance.article_url.clone(),
            provenance,
        });
    }
}

/// One row per index (with how many sources gave it and whether they differ),
/// stocks split into gainers and losers, everything sorted.
fn finish(data: &mut BriefingData, moves: Moves) {
    data.forecasts
        .sort_by(|a, b| (&a.commodity, &a.institution).cmp(&(&b.commodity, &b.institution)));
    data.index_moves = moves
        .indexes
        .into_values()
        .map(|(mut row, seen)| {
            let mut sources: Vec<i64> = seen.iter().map(|(s, _)| *s).collect();
            sources.sort_unstable();
            sources.dedup();
            let lo = seen.iter().map(|(_, v)| *v).fold(f64::INFINITY, f64::min);
            let hi = seen
                .iter()
                .map(|(_, v)| *v)
                .fold(f64::NEG_INFINITY, f64::max);
            row.agreement = Agreement {
                sources: sources.len(),
                range: (hi - lo > 1e-9).then_some((lo, hi)),
            };
            row
        })
        .collect();
    data.index_moves.sort_by(|a, b| a.index.cmp(&b.index));
    data.sector_moves = moves.sectors.into_values().collect();
    data.sector_moves.sort_by(|a, b| a.sector.cmp(&b.sector));
    let stocks: Vec<StockRow> = moves
        .stocks
        .into_values()
        .filter(|s| s.change_pct.is_finite())
        .collect();
    let (mut gainers, mut losers): (Vec<_>, Vec<_>) =
        stocks.into_iter().partition(|s| s.change_pct > 0.0);
    losers.retain(|s| s.change_pct < 0.0);
    gainers.sort_by(|a, b| {
        b.change_pct
            .total_cmp(&a.change_pct)
            .then_with(|| a.name.cmp(&b.name))
    });
    losers.sort_by(|a, b| {
        a.change_pct
            .total_cmp(&b.change_pct)
            .then_with(|| a.name.cmp(&b.name))
    });
    data.gainers = gainers;
    data.losers = losers;
}
