//! Date mentions in text, resolved against a reference day.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use regex::Regex;
use std::sync::LazyLock;

/// A date written in the text, with its byte span.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DateMention {
    /// Byte offset where the mention starts.
    pub start: usize,
    /// Byte offset just after the mention.
    pub end: usize,
    /// The resolved date.
    pub date: NaiveDate,
}

static DATE_RE: LazyLock<Regex> = LazyLock::new(|| {
    let month = r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";
    let wd = r"monday|tuesday|wednesday|thursday|friday|saturday|sunday";
    let pattern = format!(
        r"(?ix)
        (?P<iy>\d{{4}})[-/.](?P<im>\d{{1,2}})[-/.](?P<id>\d{{1,2}})
        | (?P<zy>\d{{4}})\s*年\s*(?P<zm>\d{{1,2}})\s*月\s*(?P<zd>\d{{1,2}})\s*[日号]
        | (?P<zm2>\d{{1,2}})\s*月\s*(?P<zd2>\d{{1,2}})\s*[日号]
        | (?-u:\b)(?P<mon>{month})\.?\s+(?P<md>\d{{1,2}})(?:st|nd|rd|th)?(?-u:\b)(?:,?\s+(?P<my>\d{{4}})(?-u:\b))?
        | (?-u:\b)(?P<dd>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon2>{month})(?-u:\b)\.?(?:,?\s+(?P<dy>\d{{4}})(?-u:\b))?
        | (?P<mm>\d{{2}})-(?P<mdd>\d{{2}})
        | (?-u:\b)last\s+(?P<wd>{wd})(?-u:\b)
        "
    );
    Regex::new(&pattern).expect("the date pattern is valid")
});

/// The first date written in `text` (a dateline: "Stock News01-12", "Sep 01",
/// "2026-01-08 23:40", "January 6th", "last Friday", "2026年1月8日"), resolved
/// against `today`: a year-less date lands at or before today.
///
/// Datelines are short lines or open a line ("LONDON, Jan 6 (Reuters) - ..."):
/// a date deep inside a long prose line ("... touched a record on January
/// 6th") is an event date, not the page's, and is skipped.
pub fn find_date(text: &str, today: NaiveDate) -> Option<NaiveDate> {
    text.lines().find_map(|line| {
        let short = line.chars().count() <= 80;
        date_mentions(line, today)
            .into_iter()
            .find(|m| short || line[..m.start].chars().count() <= 40)
            .map(|m| m.date)
    })
}

/// Every date written in `text`, in order.
pub fn date_mentions(text: &str, today: NaiveDate) -> Vec<DateMention> {
    let mut out = Vec::new();
    // find matches with the fast engine, then read groups at each match only
    for found in DATE_RE.find_iter(text) {
        let Some(caps) = DATE_RE.captures_at(text, found.start()) else {
            continue;
        };
        let Some(whole) = caps.get(0) else { continue };
        let num = |name: &str| caps.name(name).and_then(|m| m.as_str().parse::<u32>().ok());
        let date = if let (Some(y), Some(m), Some(d)) = (num("iy"), num("im"), num("id")) {
            if !digit_free_edges(text, whole.start(), whole.end()) {
                continue;
            }
            i32::try_from(y)
                .ok()
                .and_then(|y| NaiveDate::from_ymd_opt(y, m, d))
        } else if let (Some(y), Some(m), Some(d)) = (num("zy"), num("zm"), num("zd")) {
            i32::try_from(y)
                .ok()
                .and_then(|y| NaiveDate::from_ymd_opt(y, m, d))
        } else if let (Some(m), Some(d)) = (num("zm2"), num("zd2")) {
            yearless(m, d, today)
        } else if let (Some(mon), Some(d)) = (caps.name("mon"), num("md")) {
            let m = month_number(mon.as_str());
            match num("my").and_then(|y| i32::try_from(y).ok()) {
                Some(y) => m.and_then(|m| NaiveDate::from_ymd_opt(y, m, d)),
                None => m.and_then(|m| yearless(m, d, today)),
            }
        } else if let (Some(mon), Some(d)) = (caps.name("mon2"), num("dd")) {
            let m = month_number(mon.as_str());
            match num("dy").and_then(|y| i32::try_from(y).ok()) {
                Some(y) => m.and_then(|m| NaiveDate::from_ymd_opt(y, m, d)),
                None => m.and_then(|m| yearless(m, d, today)),
            }
        } else if let (Some(m), Some(d)) = (num("mm"), num("mdd")) {
            let after = text[whole.end()..].chars().next();
            let before = text[..whole.start()].chars().next_back();
            let clean_after = after.is_none_or(|c| !c.is_ascii_digit() && c != '%' && c != '-');
            let clean_before =
                before.is_none_or(|c| !c.is_ascii_digit() && c != '-' && c != '.' && c != ',');
            if !(clean_after && clean_before) {
                continue;
            }
            yearless(m, d, today)
        } else if let Some(wd) = caps.name("wd") {
            weekday(wd.as_str()).map(|w| last_weekday(today, w))
        } else {
            None
        };
        if let Some(date) = date {
            out.push(DateMention {
                start: whole.start(),
                end: whole.end(),
                date,
            });
        }
    }
    out
}

fn digit_free_edges(text: &str, start: usize, end: usize) -> bool {
    let after = text[end..].chars().next();
    let before = text[..start].chars().next_back();
    after.is_none_or(|c| !c.is_ascii_digit()) && before.is_none_or(|c| !c.is_ascii_digit())
}

/// Month and day without a year: the latest such date at or before `today`.
pub fn yearless(month: u32, day: u32, today: NaiveDate) -> Option<NaiveDate> {
    let this_year = NaiveDate::from_ymd_opt(today.year(), month, day);
    match this_year {
        Some(d) if d <= today => Some(d),
        _ => NaiveDate::from_ymd_opt(today.year() - 1, month, day),
    }
}

fn month_number(s: &str) -> Option<u32> {
    let l = s.to_ascii_lowercase();
    let m = match l.get(..3)? {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    Some(m)
}

fn weekday(s: &str) -> Option<Weekday> {
    s.to_ascii_lowercase().parse::<Weekday>().ok()
}

/// The most recent `w` strictly before `today`.
fn last_weekday(today: NaiveDate, w: Weekday) -> NaiveDate {
    let back = (7 + today.weekday().num_days_from_monday() - w.num_days_from_monday()) % 7;
    let back = if back == 0 { 7 } else { back };
    today
        .checked_sub_days(Days::new(u64::from(back)))
        .unwrap_or(today)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn datelines() {
        let today = d("2026-01-12");
        assert_eq!(find_date("Stock News01-12", today), Some(d("2026-01-12")));
        assert_eq!(find_date("Sep 01", today), Some(d("2025-09-01")));
        assert_eq!(
            find_date("Qi Huo Ri Bao·2026-01-08 23:40", today),
            Some(d("2026-01-08"))
        );
        assert_eq!(find_date("on January 6th", today), Some(d("2026-01-06")));
        assert_eq!(find_date("2026年1月8日", today), Some(d("2026-01-08")));
        assert_eq!(find_date("3 March 2024", today), Some(d("2024-03-03")));
        assert_eq!(find_date("Dec 30", d("2026-01-03")), Some(d("2025-12-30")));
    }

    #[test]
    fn last_weekday_is_strictly_before() {
        // 2025-09-01 is a Monday
        assert_eq!(
            find_date("last Friday", d("2025-09-01")),
            Some(d("2025-08-29"))
        );
        assert_eq!(
            find_date("last Monday", d("2025-09-01")),
            Some(d("2025-08-25"))
        );
    }

    #[test]
    fn prose_dates_are_not_datelines() {
        let today = d("2026-11-21");
        let prose = "Copper set another all-time high this week as the three-month contract touched a record on January 6th.";
        assert_eq!(find_date(prose, today), None);
        let wire = "LONDON, Jan 6 (Reuters) - Copper prices hit a record high on Tuesday as worries about supply mounted.";
        assert_eq!(find_date(wire, today), Some(d("2026-01-06")));
    }

    #[test]
    fn not_dates() {
        let today = d("2026-01-12");
        assert_eq!(
            find_date("prices rose 10-15% and 2020-2024 output", today),
            None
        );
        assert_eq!(find_date("March 2026 and 13-45", today), None);
        assert_eq!(find_date("Feb 30", today), None);
    }
}
