//! Forecast periods: "first half of 2026" -> `2026-H1`, "fourth quarter" -> `2026-Q4`,
//! "next year" -> the year after today, "2027" -> `2027`.

use chrono::{Datelike, NaiveDate};

use super::text::Token;

/// The last period named in tokens `from..to` (or just after `to`).
pub fn period_before(toks: &[Token], from: usize, to: usize, today: NaiveDate) -> Option<String> {
    let end = (to + 6).min(toks.len());
    let from = from.min(end);
    let mut found: Option<String> = None;
    // a quarter or half named without a year: the one of the year in the
    // sentence, else the next one to come ("in Q3" read in December is next year's)
    let context_year = |kind: char, n: u32| {
        nearest_year(toks, from, end).unwrap_or_else(|| coming_year(today, kind, n))
    };
    let mut j = from;
    while j < end {
        let t = &toks[j];
        let w = t.lw();
        if let Some((kind, n)) = ordinal_period(toks, j) {
            let y = year_after(toks, j + 2, today).unwrap_or_else(|| context_year(kind, n));
            found = Some(format!("{y}-{kind}{n}"));
            j += 2;
            continue;
        }
        // "1H27", "3Q26": the figure and the code are two tokens
        let glued = glued_code(toks, j);
        if glued.is_some() {
            j += 1;
        }
        if let Some((kind, n, yy)) = glued.or_else(|| short_period(w)) {
            let y = yy
                .or_else(|| year_after(toks, j + 1, today))
                .or_else(|| j.checked_sub(1).and_then(|p| year_of(&toks[p])))
                .unwrap_or_else(|| context_year(kind, n));
            found = Some(format!("{y}-{kind}{n}"));
        } else if (w == "next" || w == "this") && toks.get(j + 1).is_some_and(|t| t.is("year")) {
            let y = today.year() + i32::from(w == "next");
            // "the second half of next year" keeps its half
            if !found
                .as_deref()
                .is_some_and(|f| f.len() > 4 && f.starts_with(&y.to_string()))
            {
                found = Some(y.to_string());
            }
            j += 2;
            continue;
        } else if let Some(y) = year_of(t) {
            let next_is_period = toks
                .get(j + 1)
                .is_some_and(|n| short_period(n.lw()).is_some_and(|(_, _, y)| y.is_none()));
            let prev_is_period = found
                .as_deref()
                .is_some_and(|f| f.starts_with(&y.to_string()));
            if !next_is_period && !prev_is_period {
                found = Some(y.to_string());
            }
        }
        j += 1;
    }
    found
}

/// "first half", "fourth quarter" at `j`: ('H', 1), ('Q', 4).
fn ordinal_period(toks: &[Token], j: usize) -> Option<(char, u32)> {
    let n = match toks[j].lw() {
        "first" | "1st" => 1,
        "second" | "2nd" => 2,
        "third" | "3rd" => 3,
        "fourth" | "4th" => 4,
        _ => return None,
    };
    let next = toks.get(j + 1)?;
    if next.is("half") && n <= 2 {
        Some(('H', n))
    } else if next.is("quarter") {
        Some(('Q', n))
    } else {
        None
    }
}

/// The year written at `j`: "of 2026", "2026", "of next year".
fn year_after(toks: &[Token], j: usize, today: NaiveDate) -> Option<i32> {
    let mut k = j;
    if toks.get(k).is_some_and(|t| t.is("of") || t.is("in")) {
        k += 1;
    }
    let t = toks.get(k)?;
    if toks.get(k + 1).is_some_and(|n| n.is("year")) {
        if t.is("next") {
            return Some(today.year() + 1);
        }
        if t.is("this") {
            return Some(today.year());
        }
    }
    year_of(t)
}

/// "1H27" tokenized as "1" and "H27": the code with its year.
fn glued_code(toks: &[Token], j: usize) -> Option<(char, u32, Option<i32>)> {
    let t = &toks[j];
    t.num()?;
    if t.text.len() != 1 {
        return None;
    }
    let next = toks.get(j + 1).filter(|n| !n.space_before)?;
    short_period(&format!("{}{}", t.text, next.lw())).filter(|p| p.2.is_some())
}

fn nearest_year(toks: &[Token], from: usize, to: usize) -> Option<i32> {
    toks[from..to].iter().rev().find_map(year_of)
}

fn year_of(t: &Token) -> Option<i32> {
    // "end-2026", "mid-2027", "2026-end"
    if t.kind == super::text::TokKind::Word && t.text.contains('-') {
        return t.text.split('-').find_map(|p| {
            let y: i32 = p.parse().ok()?;
            (p.len() == 4 && (2000..=2100).contains(&y)).then_some(y)
        });
    }
    let v = t.num()?;
    if t.text.len() == 4 && (2000.0..=2100.0).contains(&v) {
        Some(v as i32)
    } else {
        None
    }
}

/// The year of the next quarter or half `n` that has not ended by `today`.
fn coming_year(today: NaiveDate, kind: char, n: u32) -> i32 {
    let last_month = if kind == 'H' { n * 6 } else { n * 3 };
    if today.month() > last_month {
        today.year() + 1
    } else {
        today.year()
    }
}

/// "h1" -> ("H", 1), "q4" -> ("Q", 4), "1h" / "4q" likewise; the bank-note
/// forms "1h27", "3q26", "h127", "q426" add the year (2027, 2026).
fn short_period(w: &str) -> Option<(char, u32, Option<i32>)> {
    let b = w.as_bytes();
    let year = match b.len() {
        2 => None,
        4 if b[2..].iter().all(u8::is_ascii_digit) => {
            Some(2000 + i32::from(b[2] - b'0') * 10 + i32::from(b[3] - b'0'))
        }
        _ => return None,
    };
    let (kind, digit) = if b[0].is_ascii_digit() {
        (b[1], b[0])
    } else {
        (b[0], b[1])
    };
    let n = u32::from(digit.checked_sub(b'0')?);
    match kind {
        b'h' if (1..=2).contains(&n) => Some(('H', n, year)),
        b'q' if (1..=4).contains(&n) => Some(('Q', n, year)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::text::tokenize;

    fn p(s: &str) -> Option<String> {
        let t = tokenize(s);
        period_before(&t, 0, t.len(), "2026-01-12".parse().unwrap())
    }

    #[test]
    fn periods() {
        assert_eq!(p("for the first half of 2026 from"), Some("2026-H1".into()));
        assert_eq!(
            p("in the fourth quarter of 2026 at"),
            Some("2026-Q4".into())
        );
        assert_eq!(p("in the fourth quarter at"), Some("2026-Q4".into()));
        assert_eq!(p("for next year"), Some("2027".into()));
        assert_eq!(p("its 2027 forecast"), Some("2027".into()));
        assert_eq!(p("Q3 2026 average"), Some("2026-Q3".into()));
        assert_eq!(p("no period here"), None);
        assert_eq!(p("copper at $4.50/lb in 1H27"), Some("2027-H1".into()));
        assert_eq!(p("in 4q26"), Some("2026-Q4".into()));
        assert_eq!(p("the second half of next year"), Some("2027-H2".into()));
        let late = |s: &str| {
            let t = tokenize(s);
            period_before(&t, 0, t.len(), "2026-12-01".parse().unwrap())
        };
        assert_eq!(late("gold at $2,700 in Q3"), Some("2027-Q3".into()));
        assert_eq!(late("in the fourth quarter"), Some("2026-Q4".into()));
        assert_eq!(late("in the first half"), Some("2027-H1".into()));
    }
}
