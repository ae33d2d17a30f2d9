//! One day's briefing: query the day's data, render it, write it into the
//! archive (`DATA/archive/YYYY/MM/DD.html` + `archive/index.html`), record
//! it and, when asked, enqueue its mail in the same transaction.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate, Utc};

use super::archive::ArchiveWrite;
use super::{App, PipelineError};
use crate::notify::InlineImage;
use crate::report::{self, ReportContext};
use crate::store::Reader;

/// What making a briefing did.
#[derive(Debug, Clone)]
pub struct BriefingReport {
    pub day: NaiveDate,
    pub path: PathBuf,
    /// Facts shown (prices, forecasts, moves).
    pub items: usize,
    pub articles: usize,
    /// Mail was enqueued by this call (false when it was already, or not asked).
    pub enqueued: bool,
    /// Mail was asked for but the day has no articles (`briefing.send_empty = false`).
    pub held_empty: bool,
}

/// The archive file of `day` under `archive`.
pub fn day_path(archive: &Path, day: NaiveDate) -> PathBuf {
    archive
        .join(format!("{:04}", day.year()))
        .join(format!("{:02}", day.month()))
        .join(format!("{:02}.html", day.day()))
}

/// Render `day`'s briefing into the archive; with `send`, enqueue it for the
/// briefing subscribers (once per day, however often this is called).
pub async fn make_briefing(
    app: &App,
    day: NaiveDate,
    send: bool,
) -> Result<BriefingReport, PipelineError> {
    let mut files = ArchiveWrite::default();
    let report = render_day(app, day, send, &mut files).await?;
    // the pages of this day and of its neighbours, durable before `report` returns
    files.finish()?;
    Ok(report)
}

/// [`make_briefing`], the archive's files written into `files`.
async fn render_day(
    app: &App,
    day: NaiveDate,
    send: bool,
    files: &mut ArchiveWrite,
) -> Result<BriefingReport, PipelineError> {
    let tz = app.cfg.tz;
    let top = app.cfg.config.briefing.top_movers;
    let mut data = app.db(move |s| s.briefing_data(day, tz)).await?;
    data.gainers.truncate(top);
    data.losers.truncate(top);
    let mut days = app.db(|s| s.briefing_days()).await?;
    let new_day = !days.contains(&day);
    if new_day {
        days.push(day);
    }
    days.sort_unstable();
    let (previous_day, next_day) = neighbours(&days, day);
    let ctx = ReportContext {
        timezone: tz.name().to_string(),
        generated_at: Utc::now()
            .with_timezone(&tz)
            .format("%Y-%m-%d %H:%M %Z")
            .to_string(),
        previous_day,
        next_day,
        archive_url: app.cfg.config.mail.archive_url.clone(),
    };
    let pages = report::render_pages(&data, &ctx)?;
    let path = write_pages(app, &data, &pages.html, &days, files)?;

    // an empty day is not mailed (unless configured): it may still fill up and go later
    let held_empty = send && data.articles.is_empty() && !app.cfg.config.briefing.send_empty;
    let send = send && !held_empty;
    // what only mail needs (inlined CSS, PNG charts, subscribers' own versions): made
    // only when mail may go
    let mailed = send
        .then(|| report::mail_parts(&data, &pages.mail_page))
        .transpose()?;
    let personal: Box<crate::store::PersonalMail<'static>> = if send {
        Box::new(personal_mail(data.clone(), ctx.clone()))
    } else {
        Box::new(|_: &Reader| None)
    };
    let (html, text, mail) = (pages.mail_page, pages.text, app.mail.clone());
    let stamp = ctx.generated_at;
    let enqueued = app
        .db(move |s| {
            let body = crate::store::DayMail {
                html: &html,
                text: &text,
                mailed: mailed.as_ref().map(|(h, i)| (h.as_str(), i.as_slice())),
                personal: &personal,
                stamp: &stamp,
            };
            s.save_briefing_mail(day, &body, send, &mail)
        })
        .await?;
    if new_day {
        // The days on either side now link to this one. The day before only gains a
        // link; the day after reads what happened since the briefing before it (alerts,
        // the board's moves), which is now this one: rendered again.
        if let Some(before) = previous_day {
            relink(app, &days, before, files).await?;
        }
        if let Some(after) = next_day {
            Box::pin(render_day(app, after, false, files)).await?;
        }
    }
    Ok(BriefingReport {
        day,
        path,
        items: data.facts_shown(),
        articles: data.articles.len(),
        enqueued,
        held_empty,
    })
}

/// A subscriber's own mail: their topics first and the "generated" time in their zone,
/// rendered once per distinct (topics, zone); None (the common mail) for one with neither.
#[allow(clippy::type_complexity)]
fn personal_mail(
    data: crate::store::BriefingData,
    ctx: ReportContext,
) -> impl Fn(&Reader) -> Option<(String, String, Vec<InlineImage>)> + Send {
    type Mail = Option<(String, String, Vec<InlineImage>)>;
    let cache: RefCell<HashMap<(Vec<String>, Option<chrono_tz::Tz>), Mail>> = RefCell::default();
    let now = Utc::now();
    move |r: &Reader| {
        if r.topics.is_empty() && r.tz.is_none() {
            return None;
        }
        let key = (r.topics.clone(), r.tz);
        let mut cache = cache.borrow_mut();
        cache
            .entry(key)
            .or_insert_with(|| {
                let mut c = ctx.clone();
                if let Some(z) = r.tz {
                    c.generated_at = now.with_timezone(&z).format("%Y-%m-%d %H:%M %Z").to_string();
                }
                let own = report::topics_first(&data, &r.topics);
                match report::render_briefing(&own, &c) {
                    Ok(m) => Some((m.email_html, m.text, m.images)),
                    Err(e) => {
                        tracing::warn!(error = %e, "a subscriber's own briefing failed to render; they get the common one");
                        None
                    }
                }
            })
            .clone()
    }
}

/// The archive days just before and after `day` in `days` (sorted, oldest first).
pub fn neighbours(days: &[NaiveDate], day: NaiveDate) -> (Option<NaiveDate>, Option<NaiveDate>) {
    let at = days.partition_point(|d| *d < day);
    let previous = at.checked_sub(1).map(|i| days[i]);
    let next = days[at..].iter().find(|d| **d > day).copied();
    (previous, next)
}

/// Writes the day's page of `data`, the archive index of `days` and, for the newest
/// day, the board; returns the page's path.
fn write_pages(
    app: &App,
    data: &crate::store::BriefingData,
    page: &str,
    days: &[NaiveDate],
    files: &mut ArchiveWrite,
) -> Result<PathBuf, PipelineError> {
    let tz = app.cfg.tz.name();
    let archive = app.cfg.archive_dir();
    let path = day_path(&archive, data.day);
    files.put(&path, page.as_bytes())?;
    let index = report::render_index(days, tz)?;
    files.put(&archive.join("index.html"), index.as_bytes())?;
    if days.last() == Some(&data.day) {
        // the board as of the newest day
        let (board, json) = report::render_board(data, tz)?;
        files.put(&archive.join("board.html"), board.as_bytes())?;
        files.put(&archive.join("board.json"), json.as_bytes())?;
    }
    Ok(path)
}

/// Points the archive page of `day` at its neighbours in `days` (sorted); renders
/// the day again if its page is missing or not of this layout.
async fn relink(
    app: &App,
    days: &[NaiveDate],
    day: NaiveDate,
    files: &mut ArchiveWrite,
) -> Result<(), PipelineError> {
    let path = day_path(&app.cfg.archive_dir(), day);
    let (previous, next) = neighbours(days, day);
    let page = std::fs::read_to_string(&path).ok();
    match page
        .map(|p| report::relink(&p, previous, next))
        .transpose()?
    {
        Some(Some(page)) => files.put(&path, page.as_bytes()).map(|_| ()),
        _ => Box::pin(render_day(app, day, false, files))
            .await
            .map(|_| ()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("a date")
    }

    #[test]
    fn neighbours_are_the_nearest_days_across_gaps() {
        let days = [d("2026-01-02"), d("2026-01-05"), d("2026-02-10")];
        assert_eq!(
            neighbours(&days, d("2026-01-05")),
            (Some(days[0]), Some(days[2]))
        );
        assert_eq!(neighbours(&days, d("2026-01-02")), (None, Some(days[1])));
        assert_eq!(neighbours(&days, d("2026-02-10")), (Some(days[1]), None));
        // a day not (yet) in the archive
        assert_eq!(
            neighbours(&days, d("2026-01-20")),
            (Some(days[1]), Some(days[2]))
        );
    }
}
