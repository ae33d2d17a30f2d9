//! One day's briefing: query the day's data, render it, write it into the
//! archive (`DATA/archive/YYYY/MM/DD.html` + `archive/index.html`), record
//! it and, when asked, enqueue its mail in the same transaction.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate, Utc};

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
    let rendered = report::render_briefing(&data, &ctx)?;
    let archive = app.cfg.archive_dir();
    let path = day_path(&archive, day);
    write_atomic(&path, rendered.html.as_bytes())?;
    let index = report::render_index(&days, tz.name())?;
    write_atomic(&archive.join("index.html"), index.as_bytes())?;
    if days.last() == Some(&day) {
        // the board as of the newest day
        let (board, json) = report::render_board(&data, tz.name())?;
        write_atomic(&archive.join("board.html"), board.as_bytes())?;
        write_atomic(&archive.join("board.json"), json.as_bytes())?;
    }

    // an empty day is not mailed (unless configured): it may still fill up and go later
    let held_empty = send && data.articles.is_empty() && !app.cfg.config.briefing.send_empty;
    let send = send && !held_empty;
    let (html, text, mail) = (rendered.email_html, rendered.text, app.mail.clone());
    let images = rendered.images;
    let stamp = ctx.generated_at.clone();
    let personal = personal_mail(data.clone(), ctx);
    let enqueued = app
        .db(move |s| {
            let body = crate::store::DayMail {
                html: &html,
                text: &text,
                images: &images,
                personal: &personal,
                stamp: &stamp,
            };
            s.save_briefing_mail(day, &body, send, &mail)
        })
        .await?;
    if new_day {
        // the days on either side now link to this one
        for near in [previous_day, next_day].into_iter().flatten() {
            Box::pin(make_briefing(app, near, false)).await?;
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

/// Write through a temporary file and rename, so a reader never sees half a page.
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), PipelineError> {
    let err = |source| PipelineError::Archive {
        path: path.to_path_buf(),
        source,
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(err)?;
    }
    // A name of our own: the daemon and a `report` may write the same day.
    static SEQ: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let seq = SEQ.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = path.with_extension(format!("html.{}.{seq}.tmp", std::process::id()));
    std::fs::write(&tmp, bytes).map_err(err)?;
    std::fs::rename(&tmp, path).map_err(err)
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
