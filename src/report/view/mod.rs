//! The briefing as the templates see it: every figure already formatted,
//! every link already checked (http(s) only), every figure tied to the
//! sentence it came from.

pub(super) mod extra;
mod lines;
mod notes;

use super::ReportContext;
use super::format::safe_link;
use super::nav::{ARCHIVE_BASE, Nav, day_href};
use crate::store::BriefingData;
pub use extra::{AlertLine, BoardLine, ChartView, HealthLine};
pub use lines::{ArticleLine, ForecastLine, Line, PriceLine, QuarantineLine};
pub use notes::Note;

/// Archive pages link to each other relatively; mail links to the public
/// archive, if there is one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Target {
    Archive,
    Mail,
}

#[derive(Debug, Clone)]
pub struct BriefingView {
    pub mail: bool,
    pub day: String,
    pub day_title: String,
    pub summary: String,
    /// The three things that moved most, as short phrases.
    pub headline: Vec<String>,
    /// The mail's hidden preview line.
    pub preheader: String,
    pub generated_at: String,
    pub timezone: String,
    /// The links to the other days, the archive and the board (None: mail without an archive).
    pub nav: Option<Nav>,
    pub archive_link: Option<String>,
    pub prices: Vec<PriceLine>,
    pub charts: Vec<ChartView>,
    pub forecasts: Vec<ForecastLine>,
    pub maintained: Vec<ForecastLine>,
    pub board: Vec<BoardLine>,
    pub board_moves: Vec<String>,
    pub indices: Vec<Line>,
    pub gainers: Vec<Line>,
    pub losers: Vec<Line>,
    pub sectors: Vec<Line>,
    pub alerts: Vec<AlertLine>,
    pub quarantined: Vec<QuarantineLine>,
    pub health: Vec<HealthLine>,
    pub articles: Vec<ArticleLine>,
    pub notes: Vec<Note>,
}

/// `1 article`, `3 articles`.
pub(super) fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

impl BriefingView {
    /// The view of `data`; `charts` are the day's charts (SVG or PNG cid, by target).
    pub(super) fn new(
        data: &BriefingData,
        ctx: &ReportContext,
        target: Target,
        charts: Vec<ChartView>,
    ) -> BriefingView {
        let base = match target {
            Target::Archive => Some(ARCHIVE_BASE.to_string()),
            Target::Mail => ctx
                .archive_url
                .as_deref()
                .and_then(|u| safe_link(Some(u)))
                .map(|u| format!("{}/", u.trim_end_matches('/'))),
        };
        let mut notes = notes::Notes::new(target);
        let (forecasts, maintained) = lines::forecasts(data, &mut notes);
        let headline = extra::headline(data);
        let (board, board_moves) = extra::board(data);
        BriefingView {
            mail: target == Target::Mail,
            day: data.day.to_string(),
            day_title: data.day.format("%A %-d %B %Y").to_string(),
            summary: format!(
                "{}, {} shown, {}",
                count(data.articles.len(), "article"),
                count(data.facts_shown(), "fact"),
                count(data.forecasts.len(), "forecast")
            ),
            preheader: headline.join(" · "),
            headline,
            generated_at: ctx.generated_at.clone(),
            timezone: ctx.timezone.clone(),
            nav: base
                .as_deref()
                .map(|b| Nav::new(b, ctx.previous_day, ctx.next_day)),
            archive_link: base
                .filter(|_| target == Target::Mail)
                .map(|b| format!("{b}{}", day_href(data.day))),
            prices: lines::prices(data, &mut notes),
            charts,
            forecasts,
            maintained,
            board,
            board_moves,
            indices: lines::indices(data, &mut notes),
            gainers: data
                .gainers
                .iter()
                .map(|s| lines::stock(s, &mut notes))
                .collect(),
            losers: data
                .losers
                .iter()
                .map(|s| lines::stock(s, &mut notes))
                .collect(),
            sectors: lines::sectors(data, &mut notes),
            alerts: extra::alerts(data),
            quarantined: lines::quarantined(data),
            health: extra::health(data),
            articles: lines::articles(data),
            notes: notes.into_list(),
        }
    }
}
