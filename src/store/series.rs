//! A price series' daily history (for its chart) and how its sources agree.

use chrono::NaiveDate;
use rusqlite::params;

use super::prices::Candidate;
use super::{Agreement, Store, StoreError, parse_day};

/// Days of daily prices behind each chart.
pub const CHART_DAYS: u64 = 30;

impl Store {
    /// The last observation of each day of the [`CHART_DAYS`] days up to `day`.
    pub(super) fn series_points(
        &self,
        series: i64,
        day: NaiveDate,
    ) -> Result<Vec<(NaiveDate, f64)>, StoreError> {
        let from = day - chrono::Days::new(CHART_DAYS - 1);
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT o.day, o.value FROM price_obs o JOIN articles a ON a.id = o.article_id
                 WHERE o.series_id = ?1 AND o.day BETWEEN ?2 AND ?3
                 AND o.fact_id NOT IN (SELECT fact_id FROM quarantine WHERE status <> 'accepted')
                 ORDER BY o.day, o.seen, o.article_id, o.idx",
            )
            .map_err(|e| self.sql(e))?;
        let rows = st
            .query_map(params![series, from.to_string(), day.to_string()], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, f64>(1)?))
            })
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(|e| self.sql(e))?;
        let mut points: Vec<(NaiveDate, f64)> = Vec::new();
        for (d, v) in rows {
            let d = parse_day(&d).ok_or_else(|| self.corrupt(format!("price_obs day {d:?}")))?;
            match points.last_mut() {
                Some(last) if last.0 == d => last.1 = v,
                _ => points.push((d, v)),
            }
        }
        Ok(points)
    }
}

/// How many sources reported the series on `top`'s day and, if their figures
/// differ, the range (`found` holds the other candidates).
pub(super) fn agreement(found: &[Candidate], top: &Candidate) -> Agreement {
    let same: Vec<&Candidate> = found
        .iter()
        .filter(|c| c.observed == top.observed)
        .chain(std::iter::once(top))
        .collect();
    let mut sources: Vec<i64> = same.iter().map(|c| c.source).collect();
    sources.sort_unstable();
    sources.dedup();
    let lo = same.iter().map(|c| c.value).fold(f64::INFINITY, f64::min);
    let hi = same
        .iter()
        .map(|c| c.value)
        .fold(f64::NEG_INFINITY, f64::max);
    let differ = hi - lo > 1e-9 * hi.abs().max(1.0);
    Agreement {
        sources: sources.len(),
        range: differ.then_some((lo, hi)),
    }
}
