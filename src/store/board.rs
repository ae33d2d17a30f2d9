//! The stored forecasts behind the board, read per series through an index:
//! each series' latest forecast up to a day and the one before it with another
//! value, so rendering a briefing costs the same after a year of history as
//! after a week.

use chrono::NaiveDate;
use chrono_tz::Tz;
use rusqlite::params;

use super::{ForecastRow, Provenance, Store, StoreError, parse_day, parse_ts};
use crate::extract::{Fact, FactKind};

/// The most rows of one series read back from the latest: enough to find the
/// previous value of any real series (a series repeating one figure longer
/// than this shows no previous value, only the one stated with the forecast).
const WALK_LIMIT: usize = 256;

/// One stored forecast, as far as the walk needs it.
#[derive(Debug, Clone, Copy)]
struct Step {
    id: i64,
    /// The day stored with it (UTC for an undated article).
    day: NaiveDate,
    /// The day it was stated, in the briefing's time zone.
    stated: NaiveDate,
    value: f64,
}

impl Store {
    /// Per forecast series, its latest forecast stated up to `day` and the
    /// latest earlier one with a different value (oldest first), as the board
    /// reads them.
    pub(super) fn board_rows(
        &self,
        day: NaiveDate,
        tz: Tz,
    ) -> Result<Vec<ForecastRow>, StoreError> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT institution, commodity, period, currency, unit FROM forecast_series",
            )
            .map_err(|e| self.sql(e))?;
        let keys = st
            .query_map([], |r| {
                Ok([r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?])
            })
            .and_then(|rows| rows.collect::<Result<Vec<[String; 5]>, _>>())
            .map_err(|e| self.sql(e))?;
        let mut picked = Vec::new();
        for key in &keys {
            let steps = self.series_steps(key, day, tz)?;
            picked.extend(latest_two(&steps).iter().map(|s| s.id));
        }
        picked.sort_unstable();
        picked
            .into_iter()
            .filter_map(|id| self.forecast_row(id, tz).transpose())
            .collect()
    }

    /// The series' forecasts from the latest stored day down to `day`, newest
    /// first, until the walk has passed a different value by the time-zone margin.
    fn series_steps(
        &self,
        key: &[String; 5],
        day: NaiveDate,
        tz: Tz,
    ) -> Result<Vec<Step>, StoreError> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT h.id, h.day, h.value, a.published, a.fetched_at
                 FROM forecast_history h JOIN facts f ON f.id = h.fact_id
                 JOIN articles a ON a.id = f.article_id
                 WHERE h.institution = ?1 AND h.commodity = ?2 AND h.period = ?3
                   AND h.currency = ?4 AND h.unit = ?5 AND h.day <= ?6
                 ORDER BY h.day DESC, h.id DESC",
            )
            .map_err(|e| self.sql(e))?;
        // A day's margin: the UTC fetch day of an undated article may be a day off locally.
        let hi = (day + chrono::Days::new(1)).to_string();
        let mut rows = st
            .query(params![key[0], key[1], key[2], key[3], key[4], hi])
            .map_err(|e| self.sql(e))?;
        let mut steps: Vec<Step> = Vec::new();
        // Stop below this stored day: set once a second value is seen.
        let mut floor: Option<NaiveDate> = None;
        while let Some(r) = rows.next().map_err(|e| self.sql(e))? {
            let get = |e| self.sql(e);
            let stored: String = r.get(1).map_err(get)?;
            let stored = parse_day(&stored)
                .ok_or_else(|| self.corrupt(format!("forecast_history day {stored:?}")))?;
            if floor.is_some_and(|f| stored < f) || steps.len() >= WALK_LIMIT {
                break;
            }
            let published: Option<String> = r.get(3).map_err(get)?;
            let fetched: String = r.get(4).map_err(get)?;
            let stated = self.stated(published.as_deref(), &fetched, tz)?;
            if stated > day {
                continue;
            }
            let step = Step {
                id: r.get(0).map_err(get)?,
                day: stored,
                stated,
                value: r.get(2).map_err(get)?,
            };
            if floor.is_none() && steps.first().is_some_and(|top| top.value != step.value) {
                floor = Some(step.day - chrono::Days::new(2));
            }
            steps.push(step);
        }
        Ok(steps)
    }

    /// The day a forecast was stated: its article's published day, else the
    /// day of the article's first fetch in the briefing's time zone.
    fn stated(
        &self,
        published: Option<&str>,
        fetched: &str,
        tz: Tz,
    ) -> Result<NaiveDate, StoreError> {
        match published.and_then(parse_day) {
            Some(d) => Ok(d),
            None => Ok(parse_ts(fetched)
                .ok_or_else(|| self.corrupt(format!("article fetched_at {fetched:?}")))?
                .with_timezone(&tz)
                .date_naive()),
        }
    }

    /// The forecast of `forecast_history` row `id` (None: not a forecast).
    fn forecast_row(&self, id: i64, tz: Tz) -> Result<Option<ForecastRow>, StoreError> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT f.id, f.json, h.previous, a.published, a.fetched_at, a.url, a.title
                 FROM forecast_history h JOIN facts f ON f.id = h.fact_id
                 JOIN articles a ON a.id = f.article_id WHERE h.id = ?1",
            )
            .map_err(|e| self.sql(e))?;
        type Raw = (
            i64,
            String,
            Option<f64>,
            Option<String>,
            String,
            String,
            Option<String>,
        );
        let (fact_id, json, previous, published, fetched, url, title): Raw = st
            .query_row([id], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                ))
            })
            .map_err(|e| self.sql(e))?;
        let stated = self.stated(published.as_deref(), &fetched, tz)?;
        let fact: Fact = serde_json::from_str(&json)
            .map_err(|e| self.corrupt(format!("fact {fact_id}: {e}")))?;
        let FactKind::Forecast(f) = fact.kind else {
            return Ok(None);
        };
        Ok(Some(ForecastRow {
            institution: f.institution,
            commodity: f.commodity,
            period: f.period,
            previous: previous.or(f.previous),
            value: f.value,
            currency: f.currency,
            unit: f.unit,
            direction: f.direction,
            stated,
            article_url: url.clone(),
            provenance: Provenance {
                article_title: title
                    .filter(|t| !t.trim().is_empty())
                    .unwrap_or(url.clone()),
                article_url: url,
                sentence: fact.sentence,
            },
        }))
    }
}

/// The latest step by (stated, id) and the latest earlier one with another
/// value, as the board's `entry` takes them from a whole history.
fn latest_two(steps: &[Step]) -> Vec<Step> {
    let order = |s: &Step| (s.stated, s.id);
    let Some(last) = steps.iter().max_by_key(|s| order(s)) else {
        return Vec::new();
    };
    let before = steps
        .iter()
        .filter(|s| order(s) < order(last) && s.value != last.value)
        .max_by_key(|s| order(s));
    before
        .into_iter()
        .chain(std::iter::once(last))
        .copied()
        .collect()
}
