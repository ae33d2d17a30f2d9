//! Forecast periods: "first half of 2026" -> `2026-H1`, "fourth quarter" -> `2026-Q4`,
//! "next year" -> the year after today, "2027" -> `2027`.

use chrono::{Datelike, NaiveDate};

use super::text::Token;

/// The last period named in tokens `from..to` (or just after `to`).
pub fn period_before(toks: &[Token], from: usize, to: usize, today: NaiveDate) -> Option<String> {
    let end = (to + 6).min(toks.len());
    let from = from.min(end);
    let mut found: Option<String> = None;
    let year_after = |j: usize| -> Option<i32> {
        // "of 2026", "2026", "'26"
        let mut k = j;
        if toks.get(k).is_some_and(|t| t.is("of") || t.is("in")) {
            k += 1;
        }
        year_of(toks.get(k)?)
    };
    let mut j = from;
    while j < end {
        let t = &toks[j];
        let w = t.lw();
        let ordinal = match w {
            "first" | "1st" => Some(1),
            "second" | "2nd" => Some(2),
            "third" | "3rd" => Some(3),
            "fourth" | "4th" => Some(4),
            _ => None,
        };
        let context_year = || nearest_year(toks, from, end).unwrap_or(today.year());
        if let Some(n) = ordinal
            && let Some(next) = toks.get(j + 1)
        {
            {
                if next.is("half") && n <= 2 {
                    let y = year_after(j + 2).unwrap_or_else(context_year);
                    found = Some(format!("{y}-H{n}"));
                    j += 2;
                    continue;
                }
                if next.is("quarter") {
                    let y = year_after(j + 2).unwrap_or_else(context_year);
                    found = Some(format!("{y}-Q{n}"));
                    j += 2;
                    continue;
                }
            }
        }
        if let Some((kind, n)) = short_period(w) {
            let y = year_after(j + 1)
                .or_else(|| j.checked_sub(1).and_then(|p| year_of(&toks[p])))
                .unwrap_or_else(context_year);
            found = Some(format!("{y}-{kind}{n}"));
        } else if w == "next" && toks.get(j + 1).is_some_and(|t| t.is("year")) {
            found = Some((today.year() + 1).to_string());
            j += 2;
            continue;
        } else if w == "this" && toks.get(j + 1).is_some_and(|t| t.is("year")) {
            found = Some(today.year().to_string());
            j += 2;
            continue;
        } else if let Some(y) = year_of(t) {
            let next_is_period = toks
                .get(j + 1)
                .is_some_and(|n| short_period(&n.lower).is_some());
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

/// "h1" -> ("H", 1), "q4" -> ("Q", 4), "1h" / "4q" likewise.
fn short_period(w: &str) -> Option<(char, u32)> {
    let b = w.as_bytes();
    if b.len() != 2 {
        return None;
    }
    let (kind, digit) = if b[0].is_ascii_digit() {
        (b[1], b[0])
    } else {
        (b[0], b[1])
    };
    let n = u32::from(digit.checked_sub(b'0')?);
    match kind {
        b'h' if (1..=2).contains(&n) => Some(('H', n)),
        b'q' if (1..=4).contains(&n) => Some(('Q', n)),
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
    }
}
