//! A price series' daily history (for its chart) and how its sources agree.

use chrono::NaiveDate;
use rusqlite::params;

use super::prices::Candidate;
use super::{Agreement, Store, StoreError, parse_day};

/// Days of daily prices behind each chart.
pub const CHART_DAYS: u64 = 30;

impl Store {
    /// The close of each day (its last observation, figures held by the gate
    /// left out) of the [`CHART_DAYS`] days up to `day`: one row a day of
    /// `price_close`, kept by migration 006's triggers.
    pub(super) fn series_points(
        &self,
        series: i64,
        day: NaiveDate,
    ) -> Result<Vec<(NaiveDate, f64)>, StoreError> {
        let from = day - chrono::Days::new(CHART_DAYS - 1);
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT day, value FROM price_close
                 WHERE series_id = ?1 AND day BETWEEN ?2 AND ?3 ORDER BY day",
            )
            .map_err(|e| self.sql(e))?;
        let mut rows = st
            .query(params![series, from.to_string(), day.to_string()])
            .map_err(|e| self.sql(e))?;
        let mut points: Vec<(NaiveDate, f64)> = Vec::new();
        while let Some(r) = rows.next().map_err(|e| self.sql(e))? {
            let text = r.get_ref(0).map_err(|e| self.sql(e))?.as_str().ok();
            let d = text.and_then(parse_day);
            let d = d.ok_or_else(|| self.corrupt(format!("price_close day {text:?}")))?;
            points.push((d, r.get(1).map_err(|e| self.sql(e))?));
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
