//! The briefing's headline, forecast board, charts, alerts and source health.

use super::lines::direction_label;
use crate::report::board;
use crate::report::format::{capitalise, number, pct, safe_link, short_date, signed};
use crate::store::BriefingData;

/// A chart: inline SVG on the archive page, a `cid:` PNG in mail.
#[derive(Debug, Clone)]
pub struct ChartView {
    pub title: String,
    /// Archive: the SVG document (drawn by us, text escaped by plotters).
    pub svg: String,
    /// Mail: `cid:chart-N@orewatch`.
    pub src: String,
}

/// One commodity/period row of the board, as the briefing shows it.
#[derive(Debug, Clone)]
pub struct BoardLine {
    pub commodity: String,
    pub period: String,
    pub unit: String,
    pub median: String,
    pub count: usize,
    pub range: String,
    pub entries: Vec<BoardEntry>,
}

/// One institution's latest forecast on the board.
#[derive(Debug, Clone)]
pub struct BoardEntry {
    /// `Goldman Sachs 12,750 (12 Jan 2026; was 11,525 on 2 Jan 2026)`.
    pub text: String,
    pub url: Option<String>,
    /// The sentence stating it.
    pub tip: String,
}

#[derive(Debug, Clone)]
pub struct AlertLine {
    pub day: String,
    pub summary: String,
    pub url: Option<String>,
}

#[derive(Debug, Clone)]
pub struct HealthLine {
    pub name: String,
    pub state: String,
    pub detail: String,
}

/// The three things that moved most (by percentage): prices, indexes, stocks
/// and forecast revisions together.
pub(super) fn headline(data: &BriefingData) -> Vec<String> {
    let mut moved: Vec<(f64, String)> = Vec::new();
    for p in &data.prices {
        if let Some(c) = p.change_pct.filter(|c| c.is_finite() && *c != 0.0) {
            let to = format!("{} {}/{}", number(p.value), p.currency, p.unit);
            moved.push((
                c,
                format!("{} {} to {to}", capitalise(&p.commodity), pct(c)),
            ));
        }
    }
    for m in &data.index_moves {
        moved.push((m.change_pct, format!("{} {}", m.index, pct(m.change_pct))));
    }
    for s in data.gainers.iter().chain(&data.losers) {
        moved.push((s.change_pct, format!("{} {}", s.name, pct(s.change_pct))));
    }
    for f in &data.forecasts {
        if let Some(p) = f.previous.filter(|p| *p != 0.0 && *p != f.value) {
            let c = (f.value - p) / p * 100.0;
            let what = format!("{} {}", f.commodity, f.period.as_deref().unwrap_or(""));
            moved.push((
                c,
                format!(
                    "{} {} {} to {} ({})",
                    f.institution,
                    direction_label(f.direction),
                    what.trim_end(),
                    number(f.value),
                    pct(c)
                ),
            ));
        }
    }
    moved.retain(|(c, _)| c.is_finite());
    moved.sort_by(|a, b| b.0.abs().total_cmp(&a.0.abs()).then_with(|| a.1.cmp(&b.1)));
    moved.into_iter().take(3).map(|(_, s)| s).collect()
}

/// The board lines and, when the consensus moved since the previous briefing day, what moved.
pub(crate) fn board(data: &BriefingData) -> (Vec<BoardLine>, Vec<String>) {
    let (b, moved) = board::as_of(&data.board, data.board_since);
    let lines = b
        .rows
        .iter()
        .map(|r| BoardLine {
            commodity: capitalise(&r.commodity),
            period: r.period.clone(),
            unit: format!("{}/{}", r.currency, r.unit),
            median: number(r.consensus.median),
            count: r.consensus.count,
            range: format!(
                "{} to {}",
                number(r.consensus.low),
                number(r.consensus.high)
            ),
            entries: r
                .entries
                .iter()
                .map(|e| {
                    let was = match (e.previous, e.previous_stated) {
                        (Some(p), Some(d)) => format!("; was {} on {}", number(p), short_date(d)),
                        (Some(p), None) => format!("; was {}", number(p)),
                        _ => String::new(),
                    };
                    BoardEntry {
                        text: format!(
                            "{} {} ({}{was})",
                            e.institution,
                            number(e.value),
                            short_date(e.stated)
                        ),
                        url: safe_link(Some(&e.article_url)),
                        tip: e.sentence.clone(),
                    }
                })
                .collect(),
        })
        .collect();
    let since = data.board_since.map(short_date).unwrap_or_default();
    let moves = moved
        .iter()
        .map(|m| {
            format!(
                "{} {} consensus {} -> {} {} ({} since {since}; {} forecasts)",
                capitalise(&m.commodity),
                m.period,
                number(m.before.median),
                number(m.after.median),
                m.unit,
                signed(m.after.median - m.before.median),
                m.after.count
            )
        })
        .collect();
    (lines, moves)
}

pub(super) fn alerts(data: &BriefingData) -> Vec<AlertLine> {
    data.alerts
        .iter()
        .map(|a| AlertLine {
            day: a.day.to_string(),
            summary: a.summary.clone(),
            url: a.article_url.as_deref().and_then(|u| safe_link(Some(u))),
        })
        .collect()
}

pub(super) fn health(data: &BriefingData) -> Vec<HealthLine> {
    data.health
        .iter()
        .map(|h| HealthLine {
            name: h.name.clone(),
            state: h.state.clone(),
            detail: h.detail.clone(),
        })
        .collect()
}
