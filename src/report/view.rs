//! The briefing as the templates see it: every figure already formatted,
//! every link already checked (http(s) only).

use chrono::{Datelike, NaiveDate};

use super::ReportContext;
use super::format::{capitalise, dir, number, pct, safe_link, sector_label, signed, unit};
use crate::extract::{Direction, MoveDirection};
use crate::store::BriefingData;

/// Archive pages link to each other relatively; mail links to the public
/// archive, if there is one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Target {
    Archive,
    Mail,
}

#[derive(Debug, Clone)]
pub struct PriceLine {
    pub commodity: String,
    pub detail: String,
    pub qualifier: String,
    pub value: String,
    pub unit: String,
    pub change: String,
    pub dir: &'static str,
    pub as_of: String,
    pub url: Option<String>,
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
    pub url: Option<String>,
}

/// A named move: an index, a stock or a sector.
#[derive(Debug, Clone)]
pub struct Line {
    pub name: String,
    pub extra: String,
    pub change: String,
    pub dir: &'static str,
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

#[derive(Debug, Clone)]
pub struct BriefingView {
    pub day: String,
    pub day_title: String,
    pub summary: String,
    pub generated_at: String,
    pub timezone: String,
    pub show_nav: bool,
    pub prev_link: Option<String>,
    pub next_link: Option<String>,
    pub index_link: String,
    pub archive_link: Option<String>,
    pub prices: Vec<PriceLine>,
    pub forecasts: Vec<ForecastLine>,
    pub indices: Vec<Line>,
    pub gainers: Vec<Line>,
    pub losers: Vec<Line>,
    pub sectors: Vec<Line>,
    pub articles: Vec<ArticleLine>,
    pub quarantined: Vec<QuarantineLine>,
}

/// `1 article`, `3 articles`.
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

fn day_href(d: NaiveDate) -> String {
    format!("{:04}/{:02}/{:02}.html", d.year(), d.month(), d.day())
}

impl BriefingView {
    pub(super) fn new(data: &BriefingData, ctx: &ReportContext, target: Target) -> BriefingView {
        let base = match target {
            Target::Archive => Some("../../".to_string()),
            Target::Mail => ctx
                .archive_url
                .as_deref()
                .and_then(|u| safe_link(Some(u)))
                .map(|u| format!("{}/", u.trim_end_matches('/'))),
        };
        let link = |d: Option<NaiveDate>| Some(format!("{}{}", base.clone()?, day_href(d?)));
        let prices: Vec<PriceLine> = data
            .prices
            .iter()
            .map(|p| PriceLine {
                commodity: capitalise(&p.commodity),
                detail: [p.market.as_deref(), p.product.as_deref()]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" "),
                qualifier: p
                    .qualifier
                    .map(qualifier_label)
                    .unwrap_or_default()
                    .to_string(),
                value: number(p.value),
                unit: unit(&p.currency, &p.unit),
                change: match (p.change, p.change_pct) {
                    (Some(c), Some(pc)) => format!("{} ({})", signed(c), pct(pc)),
                    (Some(c), None) => signed(c),
                    _ => "new".into(),
                },
                dir: dir(p.change),
                as_of: p.observed.to_string(),
                url: safe_link(Some(&p.article_url)),
            })
            .collect();
        let forecasts: Vec<ForecastLine> = data
            .forecasts
            .iter()
            .map(|f| ForecastLine {
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
                url: safe_link(Some(&f.article_url)),
            })
            .collect();
        let indices = data
            .index_moves
            .iter()
            .map(|m| Line {
                name: m.index.clone(),
                extra: m.level.map(number).unwrap_or_default(),
                change: pct(m.change_pct),
                dir: dir(Some(m.change_pct)),
            })
            .collect();
        let stock = |m: &crate::store::StockRow| Line {
            name: m.name.clone(),
            extra: m.ticker.clone().unwrap_or_default(),
            change: pct(m.change_pct),
            dir: dir(Some(m.change_pct)),
        };
        let sectors = data
            .sector_moves
            .iter()
            .map(|s| Line {
                name: sector_label(&s.sector),
                extra: String::new(),
                change: match s.change_pct {
                    Some(c) => pct(c),
                    None if s.direction == MoveDirection::Up => "up".into(),
                    None => "down".into(),
                },
                dir: if s.direction == MoveDirection::Up {
                    "up"
                } else {
                    "down"
                },
            })
            .collect();
        let articles: Vec<ArticleLine> = data
            .articles
            .iter()
            .map(|a| ArticleLine {
                title: a.title.clone(),
                url: safe_link(Some(&a.url)),
                source: a.source.clone(),
                facts: count(a.fact_count, "fact"),
            })
            .collect();
        let facts: usize = data.articles.iter().map(|a| a.fact_count).sum();
        BriefingView {
            day: data.day.to_string(),
            day_title: data.day.format("%A %-d %B %Y").to_string(),
            summary: format!(
                "{}, {}, {}",
                count(articles.len(), "article"),
                count(facts, "fact"),
                count(forecasts.len(), "forecast revision")
            ),
            generated_at: ctx.generated_at.clone(),
            timezone: ctx.timezone.clone(),
            show_nav: base.is_some(),
            prev_link: link(ctx.previous_day),
            next_link: link(ctx.next_day),
            index_link: base
                .clone()
                .map(|b| format!("{b}index.html"))
                .unwrap_or_default(),
            archive_link: base
                .filter(|_| target == Target::Mail)
                .map(|b| format!("{b}{}", day_href(data.day))),
            prices,
            forecasts,
            indices,
            gainers: data.gainers.iter().map(stock).collect(),
            losers: data.losers.iter().map(stock).collect(),
            sectors,
            articles,
            quarantined: data
                .quarantined
                .iter()
                .map(|q| QuarantineLine {
                    id: q.id,
                    figure: format!(
                        "{} {} {}/{}",
                        q.commodity,
                        crate::report::format::number(q.value),
                        q.currency,
                        q.unit
                    ),
                    reason: q.reason.clone(),
                    url: safe_link(Some(&q.article_url)),
                })
                .collect(),
        }
    }
}

fn qualifier_label(q: crate::extract::Qualifier) -> &'static str {
    use crate::extract::Qualifier::*;
    match q {
        RecordHigh => "record high",
        RecordLow => "record low",
        Under => "under",
        Over => "over",
    }
}

fn direction_label(d: Direction) -> &'static str {
    match d {
        Direction::Raised => "raised",
        Direction::Cut => "cut",
        Direction::Maintained => "maintained",
        Direction::Initiated => "initiated",
    }
}
