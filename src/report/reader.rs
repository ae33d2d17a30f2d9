//! One subscriber's briefing: their topics first, their time zone on the
//! "generated" line. Pure: the day's data in, the reordered data out.

use crate::store::BriefingData;

/// Whether `name` (a commodity or sector as stored) is one of `topics`
/// (lower case, as `subscribers add --topics` keeps them).
fn wanted(topics: &[String], name: &str) -> bool {
    let name = name.to_lowercase();
    topics.contains(&name)
}

/// Stable: rows of a topic first, in their own order, then the rest.
fn first<T>(rows: &mut [T], topics: &[String], name: impl Fn(&T) -> &str) {
    rows.sort_by_key(|r| !wanted(topics, name(r)));
}

/// `data` with the rows of `topics` (commodities or sectors) first in every
/// section that has them: metals and their charts, forecast revisions, the
/// board and sector moves. Nothing is left out: a subscriber still sees the rest.
pub fn topics_first(data: &BriefingData, topics: &[String]) -> BriefingData {
    let mut d = data.clone();
    if topics.is_empty() {
        return d;
    }
    first(&mut d.prices, topics, |r| &r.commodity);
    first(&mut d.series, topics, |r| &r.commodity);
    first(&mut d.forecasts, topics, |r| &r.commodity);
    first(&mut d.board, topics, |r| &r.commodity);
    first(&mut d.sector_moves, topics, |r| &r.sector);
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::PriceSeries;

    fn series(c: &str) -> PriceSeries {
        PriceSeries {
            commodity: c.into(),
            label: c.into(),
            unit: "USD/t".into(),
            points: Vec::new(),
        }
    }

    #[test]
    fn topics_come_first_and_nothing_is_dropped() {
        let mut data = BriefingData {
            day: "2026-03-04".parse().unwrap(),
            ..BriefingData::default()
        };
        data.series = ["aluminum", "copper", "gold", "zinc"].map(series).to_vec();
        let mine = topics_first(&data, &["gold".into(), "zinc".into()]);
        let order: Vec<&str> = mine.series.iter().map(|s| s.commodity.as_str()).collect();
        assert_eq!(order, ["gold", "zinc", "aluminum", "copper"]);
        let same = topics_first(&data, &[]);
        assert_eq!(same.series, data.series);
    }
}
