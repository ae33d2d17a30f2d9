//! Table lines of the briefing: prices, forecast revisions, moves, articles.

use super::count;
use super::notes::{Notes, Src};
use crate::extract::{Direction, MoveDirection, Qualifier};
use crate::report::format::{
    capitalise, dir, number, pct, prev_trading_day, safe_link, sector_label, short_date, signed,
    unit,
};
use crate::store::{Agreement, BriefingData, StockRow};

#[derive(Debug, Clone)]
pub struct PriceLine {
    pub commodity: String,
    pub detail: String,
    pub qualifier: String,
    pub value: String,
    pub unit: String,
    pub change: String,
    /// `vs 2 Oct 2025` when the compared observation is older than the previous trading day.
    pub change_since: String,
    /// `3 sources, they differ (12,900 to 13,387.50)`, else empty.
    pub agreement: String,
    pub dir: &'static str,
    pub as_of: String,
    pub src: Src,
}

#[derive(Debug, Clone)]
pub struct ForecastLine {
    pub institution: String,
    pub commodity: String,
    pub period: String,
    pub previous: String,
    pub value: String,
    pub unit: String,
    pub direction: String,
    pub dir: &'static str,
    pub src: Src,
}

/// A named move: an index, a stock or a sector.
#[derive(Debug, Clone)]
pub struct Line {
    pub name: String,
    pub extra: String,
    pub change: String,
    pub agreement: String,
    pub dir: &'static str,
    pub src: Src,
}

/// A price figure held by the plausibility gate.
#[derive(Debug, Clone)]
pub struct QuarantineLine {
    pub id: i64,
    pub figure: String,
    pub reason: String,
    pub url: Option<String>,
}

#[derive(Debug, Clone)]
pub struct ArticleLine {
    pub title: String,
    pub url: Option<String>,
    pub source: String,
    pub facts: String,
}

/// `3 sources, they differ (12,900 to 13,387.50)`; empty when one source or all agree.
fn agreement(a: &Agreement, fmt: impl Fn(f64) -> String) -> String {
    match a.range {
        Some((lo, hi)) => format!(
            "{}, they differ ({} to {})",
            count(a.sources.max(2), "source"),
            fmt(lo),
            fmt(hi)
        ),
        None if a.sources > 1 => format!("{} agree", count(a.sources, "source")),
        None => String::new(),
    }
}

pub(super) fn prices(data: &BriefingData, notes: &mut Notes) -> Vec<PriceLine> {
    data.prices
        .iter()
        .map(|p| PriceLine {
            commodity: capitalise(&p.commodity),
            detail: [p.market.as_deref(), p.product.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" "),
            qualifier: p.qualifier.map(qualifier_label).unwrap_or_default().into(),
            value: number(p.value),
            unit: unit(&p.currency, &p.unit),
            change: match (p.change, p.change_pct) {
                (Some(c), Some(pc)) => format!("{} ({})", signed(c), pct(pc)),
                (Some(c), None) => signed(c),
                _ => "new".into(),
            },
            change_since: p
                .previous_day
                .filter(|d| *d < prev_trading_day(p.observed))
                .map(|d| format!("vs {}", short_date(d)))
                .unwrap_or_default(),
            agreement: agreement(&p.agreement, number),
            dir: dir(p.change),
            as_of: p.observed.to_string(),
            src: notes.add(&p.provenance),
        })
        .collect()
}

/// Revisions (raised, cut, initiated) and, apart, forecasts maintained.
pub(super) fn forecasts(
    data: &BriefingData,
    notes: &mut Notes,
) -> (Vec<ForecastLine>, Vec<ForecastLine>) {
    let lines = data.forecasts.iter().map(|f| {
        let line = ForecastLine {
            institution: f.institution.clone(),
            commodity: capitalise(&f.commodity),
            period: f.period.clone().unwrap_or_else(|| "-".into()),
            previous: match (f.previous, f.direction) {
                (Some(p), _) => number(p),
                // A restated figure: the previous one is the same.
                (None, Direction::Maintained) => number(f.value),
                (None, _) => "-".into(),
            },
            value: number(f.value),
            unit: unit(&f.currency, &f.unit),
            direction: direction_label(f.direction).into(),
            dir: dir(f.previous.map(|p| f.value - p)),
            src: notes.add(&f.provenance),
        };
        (f.direction == Direction::Maintained, line)
    });
    let (kept, revised): (Vec<_>, Vec<_>) = lines.partition(|(m, _)| *m);
    (
        revised.into_iter().map(|(_, l)| l).collect(),
        kept.into_iter().map(|(_, l)| l).collect(),
    )
}

pub(super) fn indices(data: &BriefingData, notes: &mut Notes) -> Vec<Line> {
    data.index_moves
        .iter()
        .map(|m| Line {
            name: m.index.clone(),
            extra: m.level.map(number).unwrap_or_default(),
            change: pct(m.change_pct),
            agreement: agreement(&m.agreement, pct),
            dir: dir(Some(m.change_pct)),
            src: notes.add(&m.provenance),
        })
        .collect()
}

pub(super) fn stock(m: &StockRow, notes: &mut Notes) -> Line {
    Line {
        name: m.name.clone(),
        extra: m.ticker.clone().unwrap_or_default(),
        change: pct(m.change_pct),
        agreement: String::new(),
        dir: dir(Some(m.change_pct)),
        src: notes.add(&m.provenance),
    }
}

pub(super) fn sectors(data: &BriefingData, notes: &mut Notes) -> Vec<Line> {
    data.sector_moves
        .iter()
        .map(|s| {
            let up = s.direction == MoveDirection::Up;
            Line {
                name: sector_label(&s.sector),
                extra: String::new(),
                change: match s.change_pct {
                    Some(c) => pct(c),
                    None if up => "up".into(),
                    None => "down".into(),
                },
                agreement: String::new(),
                dir: if up { "up" } else { "down" },
                src: notes.add(&s.provenance),
            }
        })
        .collect()
}

pub(super) fn quarantined(data: &BriefingData) -> Vec<QuarantineLine> {
    data.quarantined
        .iter()
        .map(|q| QuarantineLine {
            id: q.id,
            figure: format!(
                "{} {} {}",
                q.commodity,
                number(q.value),
                unit(&q.currency, &q.unit)
            ),
            reason: q.reason.clone(),
            url: safe_link(Some(&q.article_url)),
        })
        .collect()
}

pub(super) fn articles(data: &BriefingData) -> Vec<ArticleLine> {
    data.articles
        .iter()
        .map(|a| ArticleLine {
            title: a.title.clone(),
            url: safe_link(Some(&a.url)),
            source: a.source.clone(),
            facts: count(a.fact_count, "fact"),
        })
        .collect()
}

fn qualifier_label(q: Qualifier) -> &'static str {
    match q {
        Qualifier::RecordHigh => "record high",
        Qualifier::RecordLow => "record low",
        Qualifier::Under => "under",
        Qualifier::Over => "over",
    }
}

pub(super) fn direction_label(d: Direction) -> &'static str {
    match d {
        Direction::Raised => "raised",
        Direction::Cut => "cut",
        Direction::Maintained => "maintained",
        Direction::Initiated => "initiated",
    }
}
