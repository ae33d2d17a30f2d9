//! Report: the daily briefing and the archive index as HTML (and the
//! briefing as plain text for mail). Pure: data in, text out.

pub mod format;
mod view;

use askama::Template;
use chrono::{Datelike, NaiveDate};

use crate::store::BriefingData;
pub use view::{BriefingView, Line};

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

/// A rendered briefing: the archive page, the mail's HTML part and its text part.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub html: String,
    pub email_html: String,
    pub text: String,
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

/// Render one day's briefing.
pub fn render_briefing(
    data: &BriefingData,
    ctx: &ReportContext,
) -> Result<Rendered, askama::Error> {
    let archive = BriefingView::new(data, ctx, view::Target::Archive);
    let mail = BriefingView::new(data, ctx, view::Target::Mail);
    Ok(Rendered {
        html: BriefingHtml { v: &archive }.render()?,
        email_html: BriefingHtml { v: &mail }.render()?,
        text: BriefingText { v: &mail }.render()?,
    })
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
