//! The daily briefing: gathering a day's data, recording the rendered briefing
//! and enqueueing its mail.

use std::collections::HashMap;

use chrono::{DateTime, Days, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use rusqlite::{OptionalExtension, params};

use super::mailing::{Letter, enqueue_all, recipients};
use super::outbox::MailKind;
use super::{
    ArticleRow, BriefingData, ForecastRow, IndexRow, SectorRow, StockRow, Store, StoreError,
    parse_day, sqle, ts,
};
use crate::extract::{Fact, FactKind};
use crate::notify::{MailContext, Rendered, compose};

/// A stored fact with its article's context.
struct Row {
    fact_id: i64,
    fact: Fact,
    url: String,
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

impl Store {
    /// Data for the briefing of `day`. An article's day is its `published` date, else its
    /// fetch time's date in `tz`.
    pub fn briefing_data(&self, day: NaiveDate, tz: Tz) -> Result<BriefingData, StoreError> {
        let next = day.checked_add_days(Days::new(1)).unwrap_or(day);
        let (start, end) = (ts(day_start(day, tz)), ts(day_start(next, tz)));
        let day_filter = "(a.published = ?1 OR (a.published IS NULL AND a.fetched_at >= ?2 AND a.fetched_at < ?3))";

        let mut st = self
            .conn
            .prepare(&format!(
                "SELECT a.title, a.url, s.name, a.published, (SELECT COUNT(*) FROM facts f WHERE f.article_id = a.id)
                 FROM articles a JOIN sources s ON s.id = a.source_id WHERE {day_filter} ORDER BY a.fetched_at, a.id"
            ))
            .map_err(|e| self.sql(e))?;
        let articles = st
            .query_map(params![day.to_string(), start, end], |r| {
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
            .map_err(|e| self.sql(e))?;

        let day_rows = self.fact_rows(
            &format!("f.kind <> 'price' AND {day_filter}"),
            params![day.to_string(), start, end],
        )?;
        let mut data = BriefingData {
            day,
            prices: self.latest_prices(day, tz)?,
            forecasts: Vec::new(),
            index_moves: Vec::new(),
            gainers: Vec::new(),
            losers: Vec::new(),
            sector_moves: Vec::new(),
            articles,
            quarantined: self.quarantined_on(day)?,
        };
        let mut indexes: HashMap<String, IndexRow> = HashMap::new();
        let mut stocks: HashMap<String, StockRow> = HashMap::new();
        let mut sectors: HashMap<String, SectorRow> = HashMap::new();
        for row in day_rows {
            let url = row.url.clone();
            match row.fact.kind {
                FactKind::Forecast(f) => {
                    let previous = match f.previous {
                        Some(p) => Some(p),
                        None => self.history_before(row.fact_id)?,
                    };
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
                            article_url: url,
                        });
                    }
                }
                // Rows come oldest article first: a later article's figure replaces an earlier one.
                FactKind::IndexMove(m) => {
                    let row = IndexRow {
                        index: m.index,
                        change_pct: m.change_pct,
                        level: m.level,
                        points: m.points,
                        article_url: url,
                    };
                    indexes.insert(row.index.to_lowercase(), row);
                }
                FactKind::StockMove(m) => {
                    let key = m.ticker.clone().unwrap_or_else(|| m.name.to_lowercase());
                    let row = StockRow {
                        name: m.name,
                        ticker: m.ticker,
                        change_pct: m.change_pct,
                        price: m.price,
                        article_url: url,
                    };
                    stocks.insert(key, row);
                }
                FactKind::SectorMove(m) => {
                    let row = SectorRow {
                        sector: m.sector,
                        direction: m.direction,
                        change_pct: m.change_pct,
                        article_url: url,
                    };
                    sectors.insert(row.sector.clone(), row);
                }
                FactKind::Price(_) => {}
            }
        }
        data.forecasts
            .sort_by(|a, b| (&a.commodity, &a.institution).cmp(&(&b.commodity, &b.institution)));
        data.index_moves = indexes.into_values().collect();
        data.index_moves.sort_by(|a, b| a.index.cmp(&b.index));
        data.sector_moves = sectors.into_values().collect();
        data.sector_moves.sort_by(|a, b| a.sector.cmp(&b.sector));
        let stocks: Vec<StockRow> = stocks
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
        Ok(data)
    }

    fn fact_rows(&self, filter: &str, p: &[&dyn rusqlite::ToSql]) -> Result<Vec<Row>, StoreError> {
        let mut st = self
            .conn
            .prepare(&format!(
                "SELECT f.id, f.json, a.url FROM facts f
                 JOIN articles a ON a.id = f.article_id WHERE {filter} ORDER BY a.fetched_at, a.id, f.idx"
            ))
            .map_err(|e| self.sql(e))?;
        let raw = st
            .query_map(p, |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(|e| self.sql(e))?;
        raw.into_iter()
            .map(|(fact_id, json, url)| {
                let fact = serde_json::from_str(&json)
                    .map_err(|e| self.corrupt(format!("fact {fact_id}: {e}")))?;
                Ok(Row { fact_id, fact, url })
            })
            .collect()
    }

    /// The forecast stored for the same series just before `fact_id`'s.
    fn history_before(&self, fact_id: i64) -> Result<Option<f64>, StoreError> {
        self.conn
            .query_row(
                "SELECT p.value FROM forecast_history h JOIN forecast_history p
                   ON p.institution = h.institution AND p.commodity = h.commodity AND p.period = h.period
                  AND p.currency = h.currency AND p.unit = h.unit AND p.id < h.id
                 WHERE h.fact_id = ?1 ORDER BY p.id DESC LIMIT 1",
                [fact_id],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.sql(e))
    }

    /// Records the rendered briefing of `day` (replacing an earlier rendering
    /// of the same day) and, if `send`, enqueues its mail to every briefing
    /// subscriber, in one transaction. Mail goes out once per day: returns
    /// true only for the call that enqueued it.
    pub fn save_briefing(
        &mut self,
        day: NaiveDate,
        html: &str,
        text: &str,
        send: bool,
        mail: &MailContext,
    ) -> Result<bool, StoreError> {
        let now = Utc::now();
        self.write(|tx, path| {
            tx.execute(
                "INSERT INTO briefings (day, html, text, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)
                 ON CONFLICT(day) DO UPDATE SET html = excluded.html, text = excluded.text, updated_at = excluded.updated_at",
                params![day.to_string(), html, text, ts(now)],
            )
            .map_err(sqle(path))?;
            if !send {
                return Ok(false);
            }
            let claimed = tx
                .execute(
                    "UPDATE briefings SET mailed_at = ?2 WHERE day = ?1 AND mailed_at IS NULL",
                    params![day.to_string(), ts(now)],
                )
                .map_err(sqle(path))?;
            if claimed == 0 {
                return Ok(false);
            }
            let key = format!("briefing:{day}");
            let rendered = Rendered {
                subject: compose::subject(mail, &format!("Daily briefing {day}")),
                text: text.to_string(),
                html: html.to_string(),
            };
            let to = recipients(tx, path, MailKind::Briefing)?;
            let letter = Letter { ctx: mail, kind: MailKind::Briefing, key: &key, rendered: &rendered, now };
            enqueue_all(tx, path, &letter, &to)?;
            Ok(true)
        })
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
