//! The forecast board: for each commodity and period, every institution's
//! latest forecast (with the revision before it) and the consensus. Pure:
//! stored forecasts in, board out (the archive page, its JSON and the server).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::extract::Direction;
use crate::store::ForecastRow;

/// One institution's latest forecast for a board row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    pub institution: String,
    pub value: f64,
    pub stated: NaiveDate,
    pub direction: Direction,
    /// The forecast before this one: the figure the text revised, else the one stored before.
    pub previous: Option<f64>,
    /// When the forecast before this one was stated (when it is stored).
    pub previous_stated: Option<NaiveDate>,
    pub article_url: String,
    pub sentence: String,
}

/// Median, count and range of the institutions' latest forecasts.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Consensus {
    pub median: f64,
    pub count: usize,
    pub low: f64,
    pub high: f64,
}

/// A commodity, period and unit, with every institution's latest forecast.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BoardRow {
    pub commodity: String,
    /// `2026`, `2026-Q3`, `long-term`... (`-` when the text named none).
    pub period: String,
    pub currency: String,
    pub unit: String,
    pub entries: Vec<Entry>,
    pub consensus: Consensus,
}

/// The forecast board, rows by commodity then period.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Board {
    pub rows: Vec<BoardRow>,
}

/// A consensus that moved between two boards.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConsensusMove {
    pub commodity: String,
    pub period: String,
    pub unit: String,
    pub before: Consensus,
    pub after: Consensus,
}

type Key = (String, String, String, String);

fn key(f: &ForecastRow) -> Key {
    (
        f.commodity.to_lowercase(),
        f.period.clone().unwrap_or_else(|| "-".into()),
        f.currency.to_uppercase(),
        f.unit.to_lowercase(),
    )
}

/// Builds the board from stored forecasts (in the order stored; the later of
/// two forecasts of the same day wins).
pub fn build(rows: &[ForecastRow]) -> Board {
    let mut ordered: Vec<(usize, &ForecastRow)> = rows.iter().enumerate().collect();
    ordered.sort_by_key(|(i, f)| (f.stated, *i));
    let mut groups: BTreeMap<Key, BTreeMap<String, Vec<&ForecastRow>>> = BTreeMap::new();
    for (_, f) in ordered {
        groups
            .entry(key(f))
            .or_default()
            .entry(f.institution.to_lowercase())
            .or_default()
            .push(f);
    }
    let rows = groups
        .into_iter()
        .filter_map(|((commodity, period, currency, unit), by_inst)| {
            let mut entries: Vec<Entry> = by_inst.into_values().filter_map(|h| entry(&h)).collect();
            entries.sort_by(|a, b| a.institution.cmp(&b.institution));
            let consensus = consensus(&entries.iter().map(|e| e.value).collect::<Vec<_>>())?;
            Some(BoardRow {
                commodity,
                period,
                currency,
                unit,
                entries,
                consensus,
            })
        })
        .collect();
    Board { rows }
}

/// The latest of one institution's forecasts (oldest first), with the one before.
fn entry(history: &[&ForecastRow]) -> Option<Entry> {
    let (last, earlier) = history.split_last()?;
    let before = earlier.iter().rev().find(|f| f.value != last.value);
    let previous = last.previous.or(before.map(|f| f.value));
    let previous_stated = before
        .filter(|f| Some(f.value) == previous)
        .map(|f| f.stated);
    Some(Entry {
        institution: last.institution.clone(),
        value: last.value,
        stated: last.stated,
        direction: last.direction,
        previous,
        previous_stated,
        article_url: last.article_url.clone(),
        sentence: last.provenance.sentence.clone(),
    })
}

/// Median, count and range of `values` (`None` for none, or a non-finite value).
pub fn consensus(values: &[f64]) -> Option<Consensus> {
    if values.is_empty() || values.iter().any(|v| !v.is_finite()) {
        return None;
    }
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    let median = if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    };
    Some(Consensus {
        median,
        count: n,
        low: v[0],
        high: v[n - 1],
    })
}

/// Rows whose consensus median differs between `before` and `after` (rows new
/// in `after` do not count: there was no consensus to move).
pub fn moves(before: &Board, after: &Board) -> Vec<ConsensusMove> {
    after
        .rows
        .iter()
        .filter_map(|a| {
            let b = before.rows.iter().find(|b| {
                (&b.commodity, &b.period, &b.currency, &b.unit)
                    == (&a.commodity, &a.period, &a.currency, &a.unit)
            })?;
            (b.consensus.median != a.consensus.median).then(|| ConsensusMove {
                commodity: a.commodity.clone(),
                period: a.period.clone(),
                unit: format!("{}/{}", a.currency, a.unit),
                before: b.consensus,
                after: a.consensus,
            })
        })
        .collect()
}

/// The board as of `day` and its moves since `since`, from all stored forecasts.
pub fn as_of(rows: &[ForecastRow], since: Option<NaiveDate>) -> (Board, Vec<ConsensusMove>) {
    let board = build(rows);
    let moved = match since {
        Some(d) => {
            let earlier: Vec<ForecastRow> =
                rows.iter().filter(|f| f.stated <= d).cloned().collect();
            moves(&build(&earlier), &board)
        }
        None => Vec::new(),
    };
    (board, moved)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Provenance;

    fn f(inst: &str, value: f64, day: u32, previous: Option<f64>) -> ForecastRow {
        ForecastRow {
            institution: inst.into(),
            commodity: "copper".into(),
            period: Some("2026".into()),
            previous,
            value,
            currency: "USD".into(),
            unit: "t".into(),
            direction: Direction::Raised,
            stated: NaiveDate::from_ymd_opt(2026, 1, day).expect("date"),
            article_url: "https://news.example/a".into(),
            provenance: Provenance::default(),
        }
    }

    #[test]
    fn latest_per_institution_and_consensus() {
        let rows = [
            f("Goldman Sachs", 11000.0, 2, None),
            f("UBS", 10500.0, 3, None),
            f("goldman sachs", 12000.0, 5, None),
            f("Citi", 13000.0, 4, Some(12500.0)),
        ];
        let b = build(&rows);
        assert_eq!(b.rows.len(), 1);
        let r = &b.rows[0];
        let names: Vec<&str> = r.entries.iter().map(|e| e.institution.as_str()).collect();
        assert_eq!(names, ["Citi", "UBS", "goldman sachs"]);
        let gs = &r.entries[2];
        assert_eq!((gs.value, gs.previous), (12000.0, Some(11000.0)));
        assert_eq!(gs.previous_stated, NaiveDate::from_ymd_opt(2026, 1, 2));
        assert_eq!(r.entries[0].previous, Some(12500.0));
        assert_eq!(r.entries[0].previous_stated, None);
        assert_eq!(r.consensus.median, 12000.0);
        assert_eq!(
            (r.consensus.count, r.consensus.low, r.consensus.high),
            (3, 10500.0, 13000.0)
        );
    }

    #[test]
    fn consensus_moves_since_a_day() {
        let rows = [
            f("UBS", 10000.0, 2, None),
            f("Citi", 11000.0, 2, None),
            f("UBS", 12000.0, 5, None),
        ];
        let (board, moved) = as_of(&rows, NaiveDate::from_ymd_opt(2026, 1, 3));
        assert_eq!(board.rows[0].consensus.median, 11500.0);
        assert_eq!(moved.len(), 1);
        assert_eq!(moved[0].before.median, 10500.0);
        assert!(
            as_of(&rows, NaiveDate::from_ymd_opt(2026, 1, 6))
                .1
                .is_empty()
        );
        assert_eq!(consensus(&[]), None);
        assert_eq!(consensus(&[f64::NAN]), None);
    }
}
