//! A briefing page's navigation (previous day, archive, board, next day), a template
//! of its own: a day's archive page is relinked when a day appears after it without
//! rendering its briefing again (nothing else on a page depends on the days after it).

use askama::Template;
use chrono::{Datelike, NaiveDate};

use super::ReportError;

/// How an archive page reaches the archive's root (`YYYY/MM/DD.html` -> `./`).
pub(super) const ARCHIVE_BASE: &str = "../../";

/// The opening of the navigation block, once on a page (the page's own text is escaped).
const NAV_OPEN: &str = "<div class=\"nav\">";
const NAV_CLOSE: &str = "</div>";

/// The links of the navigation block.
#[derive(Debug, Clone)]
pub struct Nav {
    pub prev_link: Option<String>,
    pub index_link: String,
    pub board_link: String,
    pub next_link: Option<String>,
}

impl Nav {
    /// The links from a page whose archive root is `base` (ends in `/`).
    pub(super) fn new(base: &str, previous: Option<NaiveDate>, next: Option<NaiveDate>) -> Nav {
        let link = |d: Option<NaiveDate>| d.map(|d| format!("{base}{}", day_href(d)));
        Nav {
            prev_link: link(previous),
            index_link: format!("{base}index.html"),
            board_link: format!("{base}board.html"),
            next_link: link(next),
        }
    }
}

#[derive(Template)]
#[template(path = "briefing_nav.html")]
struct NavHtml<'a> {
    nav: &'a Nav,
}

/// `YYYY/MM/DD.html`, the day's page under the archive root.
pub(super) fn day_href(d: NaiveDate) -> String {
    format!("{:04}/{:02}/{:02}.html", d.year(), d.month(), d.day())
}

/// The archive page `page` with its navigation pointing at `previous` and `next`, as a
/// new rendering of the day would write it; None if `page` has no single navigation
/// block (not an archive page of this layout: render the day instead).
pub fn relink(
    page: &str,
    previous: Option<NaiveDate>,
    next: Option<NaiveDate>,
) -> Result<Option<String>, ReportError> {
    let Some(start) = page.find(NAV_OPEN) else {
        return Ok(None);
    };
    let after = start + NAV_OPEN.len();
    if page[after..].contains(NAV_OPEN) {
        return Ok(None);
    }
    let Some(len) = page[after..].find(NAV_CLOSE) else {
        return Ok(None);
    };
    let end = after + len + NAV_CLOSE.len();
    let nav = NavHtml {
        nav: &Nav::new(ARCHIVE_BASE, previous, next),
    }
    .render()?;
    Ok(Some([&page[..start], &nav, &page[end..]].concat()))
}
