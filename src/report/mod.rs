//! Report: the daily briefing, the forecast board and the archive index as
//! HTML (and the briefing as plain text and email-safe HTML for mail), with
//! charts. Pure: data in, text and images out.

pub mod board;
pub mod chart;
pub mod format;
mod nav;
mod reader;
mod view;

use std::sync::OnceLock;

use askama::Template;
use chrono::{Datelike, NaiveDate};

use crate::notify::InlineImage;
use crate::store::BriefingData;
pub use nav::{Nav, relink};
pub use reader::topics_first;
pub use view::{BriefingView, Line};

/// Most charts a briefing carries (one per price series, most observed first).
pub const MAX_CHARTS: usize = 6;

/// Errors of the report stage.
#[derive(thiserror::Error, Debug)]
pub enum ReportError {
    #[error("cannot render the briefing template: {0}")]
    Template(#[from] askama::Error),
    #[error("cannot draw a price chart: {0}")]
    Chart(String),
    #[error("cannot inline the mail's CSS: {0} (the briefing template's <style> block is invalid)")]
    Inline(String),
}

/// Where and when a briefing is rendered.
#[derive(Debug, Clone)]
pub struct ReportContext {
    pub timezone: String,
    pub generated_at: String,
    pub previous_day: Option<NaiveDate>,
    pub next_day: Option<NaiveDate>,
    /// Public URL of the archive, for links that must work outside it (mail).
    pub archive_url: Option<String>,
}

/// A rendered briefing: the archive page, the mail's HTML part (CSS inlined),
/// its text part, and the PNG charts the mail's HTML shows by `cid:`.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub html: String,
    pub email_html: String,
    pub text: String,
    pub images: Vec<InlineImage>,
}

#[derive(Template)]
#[template(path = "briefing.html")]
struct BriefingHtml<'a> {
    v: &'a BriefingView,
}

#[derive(Template)]
#[template(path = "briefing.txt")]
struct BriefingText<'a> {
    v: &'a BriefingView,
}

/// The mail's CSS inliner, built once: no remote stylesheets, at-rules
/// (dark mode, phone widths) kept in a `<style>`.
fn inliner() -> &'static css_inline::CSSInliner<'static> {
    static INLINER: OnceLock<css_inline::CSSInliner<'static>> = OnceLock::new();
    INLINER.get_or_init(|| {
        css_inline::CSSInliner::options()
            .load_remote_stylesheets(false)
            .keep_at_rules(true)
            .build()
    })
}

/// Moves the `<style>` rules of `html` into `style=""` attributes (mail clients
/// that drop `<style>` still show the layout).
pub fn inline_css(html: &str) -> Result<String, ReportError> {
    inliner()
        .inline(html)
        .map_err(|e| ReportError::Inline(e.to_string()))
}

/// The series a briefing charts, with their titles: the most observed, by label.
fn charted(data: &BriefingData) -> Vec<(&crate::store::PriceSeries, String)> {
    let mut series: Vec<&crate::store::PriceSeries> = data.series.iter().collect();
    series.sort_by_key(|s| std::cmp::Reverse(s.points.len()));
    series.truncate(MAX_CHARTS);
    series.sort_by(|a, b| a.label.cmp(&b.label));
    series
        .into_iter()
        .map(|s| {
            let title = format!("{}, {} (30 days)", format::capitalise(&s.label), s.unit);
            (s, title)
        })
        .collect()
}

/// The `cid:` of the mail's chart `i` (0-based).
fn chart_cid(i: usize) -> String {
    format!("chart-{}@orewatch", i + 1)
}

/// The charts of the day: archive (inline SVG) and mail (`cid:` refs to [`chart_pngs`]).
fn charts(
    data: &BriefingData,
) -> Result<(Vec<view::ChartView>, Vec<view::ChartView>), ReportError> {
    let (mut page, mut mail) = (Vec::new(), Vec::new());
    for (i, (s, title)) in charted(data).into_iter().enumerate() {
        let svg = chart::svg(s, &title)?;
        let svg = svg
            .find("<svg")
            .map_or(svg.clone(), |at| svg[at..].to_string());
        page.push(view::ChartView {
            title: title.clone(),
            svg,
            src: String::new(),
        });
        mail.push(view::ChartView {
            title,
            svg: String::new(),
            src: format!("cid:{}", chart_cid(i)),
        });
    }
    Ok((page, mail))
}

/// The PNGs the mail's charts show by `cid:`.
fn chart_pngs(data: &BriefingData) -> Result<Vec<InlineImage>, ReportError> {
    charted(data)
        .into_iter()
        .enumerate()
        .map(|(i, (s, title))| {
            Ok(InlineImage {
                cid: chart_cid(i),
                png: chart::png(s, &title)?,
            })
        })
        .collect()
}

/// A briefing as the archive and the store keep it: the archive page, the mail's
/// page as rendered (its `<style>` not yet inlined) and the text part.
#[derive(Debug, Clone)]
pub struct Pages {
    pub html: String,
    pub mail_page: String,
    pub text: String,
}

/// Render one day's briefing without what only mail needs (see [`mail_parts`]).
pub fn render_pages(data: &BriefingData, ctx: &ReportContext) -> Result<Pages, ReportError> {
    let (page_charts, mail_charts) = charts(data)?;
    let archive = BriefingView::new(data, ctx, view::Target::Archive, page_charts);
    let mail = BriefingView::new(data, ctx, view::Target::Mail, mail_charts);
    Ok(Pages {
        html: BriefingHtml { v: &archive }.render()?,
        mail_page: BriefingHtml { v: &mail }.render()?,
        text: BriefingText { v: &mail }.render()?,
    })
}

/// What mailing `data`'s briefing takes besides its pages: the mail page with its CSS
/// inlined, and the charts' PNGs.
pub fn mail_parts(
    data: &BriefingData,
    mail_page: &str,
) -> Result<(String, Vec<InlineImage>), ReportError> {
    Ok((inline_css(mail_page)?, chart_pngs(data)?))
}

/// Render one day's briefing, mail included.
pub fn render_briefing(data: &BriefingData, ctx: &ReportContext) -> Result<Rendered, ReportError> {
    let pages = render_pages(data, ctx)?;
    let (email_html, images) = mail_parts(data, &pages.mail_page)?;
    Ok(Rendered {
        html: pages.html,
        email_html,
        text: pages.text,
        images,
    })
}

#[derive(Template)]
#[template(path = "board.html")]
struct BoardHtml<'a> {
    rows: &'a [view::BoardLine],
    moves: &'a [String],
    day: String,
    timezone: &'a str,
}

/// The forecast board page (`archive/board.html`) and its JSON (`archive/board.json`)
/// as of `data`'s day.
pub fn render_board(data: &BriefingData, timezone: &str) -> Result<(String, String), ReportError> {
    let (rows, moves) = view::extra::board(data);
    let day = data.day.format("%A %-d %B %Y").to_string();
    let html = BoardHtml {
        rows: &rows,
        moves: &moves,
        day,
        timezone,
    }
    .render()?;
    let json = serde_json::to_string_pretty(&board::build(&data.board))
        .map_err(|e| ReportError::Chart(format!("board JSON: {e}")))?;
    Ok((html, json))
}

struct IndexDay {
    href: String,
    title: String,
}

struct IndexMonth {
    title: String,
    days: Vec<IndexDay>,
}

#[derive(Template)]
#[template(path = "archive_index.html")]
struct IndexHtml<'a> {
    months: Vec<IndexMonth>,
    timezone: &'a str,
}

/// Render the archive index: every day with a briefing, newest first, by month.
pub fn render_index(days: &[NaiveDate], timezone: &str) -> Result<String, askama::Error> {
    let mut sorted = days.to_vec();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    sorted.dedup();
    let mut months: Vec<IndexMonth> = Vec::new();
    for d in sorted {
        let title = d.format("%B %Y").to_string();
        let day = IndexDay {
            href: format!("{:04}/{:02}/{:02}.html", d.year(), d.month(), d.day()),
            title: d.format("%A %-d %B %Y").to_string(),
        };
        match months.last_mut() {
            Some(m) if m.title == title => m.days.push(day),
            _ => months.push(IndexMonth {
                title,
                days: vec![day],
            }),
        }
    }
    IndexHtml { months, timezone }.render()
}
