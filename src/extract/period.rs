//! Forecast periods: "first half of 2026" -> `2026-H1`, "fourth quarter" -> `2026-Q4`,
//! "next year" -> the year after today, "2027" -> `2027`.

use chrono::{Datelike, NaiveDate};

use super::text::Token;

mod zh;
pub(crate) use zh::{listed_periods_zh, period_zh};

/// The last period named in tokens `from..to` (or just after `to`).
pub fn period_before(toks: &[Token], from: usize, to: usize, today: NaiveDate) -> Option<String> {
    // after the figure: up to eight tokens ("for the rest of 1988"), not past
    // the clause, the next figure or a conjunction ("$2,650 and 2027 to
    // $2,500": that year is the next figure's)
    let end = (to..(to + 8).min(toks.len()))
        .find(|&k| {
            let t = &toks[k];
            matches!(t.kind, super::text::TokKind::Punct(';' | '.' | '$'))
                || matches!(t.lw(), "and" | "but" | "while" | "whereas")
                || t.num().is_some() && year_of(t).is_none() && glued_code(toks, k).is_none()
        })
        .unwrap_or((to + 8).min(toks.len()));
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
        } else if found.is_none() && this_year_end(toks, j) {
            // "its year-end target", "by the end of the year": this year's end
            found = Some(today.year().to_string());
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

/// The periods of a coordinated list, in order: "2027 and 2028", "Q1, Q2 and
/// Q3 2027", "the first half of 2027 and 2028"; None without one list of two or
/// more. A quarter or half without a year takes the next member's year, or the
/// year written right after the list.
pub fn listed_periods(toks: &[Token], today: NaiveDate) -> Option<Vec<String>> {
    let mut best: Vec<Listed> = Vec::new();
    let mut j = 0;
    while j < toks.len() {
        let (mut list, k) = list_at(toks, j, today);
        if list.len() >= 2 {
            // "Q1 and Q2 2027", "Q1 and Q2 of 2027": the year after the last one
            let after = year_after(toks, k, today);
            // "Q1 and Q2 2027": a member without a year takes the next one's
            let mut carry = after;
            for p in list.iter_mut().rev().filter(|p| p.0 != 'Y') {
                p.2 = p.2.or(carry);
                carry = p.2;
            }
            if best.len() >= 2 {
                return None; // two lists: no telling which the amounts follow
            }
            best = list;
            j = k;
        }
        j += 1;
    }
    (best.len() >= 2).then(|| best.into_iter().map(|p| render(p, today)).collect())
}

/// "Q1 $2,900, Q2 $3,000", "1H27 $4.50", "2027: $10,000": the period written
/// as the label of the figure starting at `at`.
pub fn label_before(toks: &[Token], at: usize, today: NaiveDate) -> Option<String> {
    let colon = at > 0 && toks[at - 1].is_punct(':');
    let end = at - usize::from(colon);
    (end.saturating_sub(4)..end).find_map(|s| {
        let (p, n) = list_item(toks, s, today)?;
        (s + n == end && (p.0 != 'Y' || colon)).then(|| render(p, today))
    })
}

fn render((kind, n, y): Listed, today: NaiveDate) -> String {
    match kind {
        'Y' => n.to_string(),
        _ => {
            let y = y.unwrap_or_else(|| coming_year(today, kind, n));
            format!("{y}-{kind}{n}")
        }
    }
}

/// A period of a list: ('Y', year, None), or ('Q' / 'H', number, year if known).
type Listed = (char, u32, Option<i32>);

/// One member of a period list at `j`: ('Y', year, _) or a quarter/half with its
/// year if written in it, and the tokens it spans.
fn list_item(toks: &[Token], j: usize, today: NaiveDate) -> Option<(Listed, usize)> {
    let t = toks.get(j)?;
    if let Some(y) = year_of(t) {
        return Some((('Y', y as u32, None), 1));
    }
    if (t.is("next") || t.is("this")) && toks.get(j + 1).is_some_and(|n| n.is("year")) {
        let y = today.year() + i32::from(t.is("next"));
        return Some((('Y', y as u32, None), 2));
    }
    let (p, n) = if let Some((kind, n)) = ordinal_period(toks, j) {
        ((kind, n, None), 2)
    } else if let Some(p) = glued_code(toks, j) {
        (p, 2)
    } else {
        (short_period(t.lw())?, 1)
    };
    if p.2.is_some() {
        return Some((p, n));
    }
    // "Q1 2027", "the first half of 2027": the year written with it
    let of = usize::from(toks.get(j + n).is_some_and(|t| t.is("of")));
    match toks.get(j + n + of).and_then(year_of) {
        Some(y) => Some(((p.0, p.1, Some(y)), n + of + 1)),
        None => Some((p, n)),
    }
}

/// The periods listed from `j` ("Q1, Q2 and Q3", "2027 and 2028", "the
/// first, second and third quarters") and where the list ends.
fn list_at(toks: &[Token], j: usize, today: NaiveDate) -> (Vec<Listed>, usize) {
    if let Some((list, n)) = ordinal_list(toks, j) {
        return (list, j + n);
    }
    let (mut list, mut k) = (Vec::new(), j);
    while let Some((p, n)) = list_item(toks, k, today) {
        list.push(p);
        k += n;
        if !joined(toks, &mut k) {
            break;
        }
    }
    (list, k)
}

/// After a list member at `k`: "and", "&", "," or ", and" -> past it.
fn joined(toks: &[Token], k: &mut usize) -> bool {
    let and = |t: Option<&Token>| t.is_some_and(|t| t.is("and") || t.is("&"));
    if and(toks.get(*k)) {
        *k += 1;
    } else if toks.get(*k).is_some_and(|t| t.is_punct(',')) {
        *k += 1 + usize::from(and(toks.get(*k + 1)));
    } else {
        return false;
    }
    true
}

/// "first, second and third quarters", "first and second halves" at `j`:
/// ordinals listed before one plural period noun, and the tokens they take.
fn ordinal_list(toks: &[Token], j: usize) -> Option<(Vec<Listed>, usize)> {
    let ord = |t: &Token| match t.lw() {
        "first" | "1st" => Some(1),
        "second" | "2nd" => Some(2),
        "third" | "3rd" => Some(3),
        "fourth" | "4th" => Some(4),
        _ => None,
    };
    let mut ns = vec![ord(toks.get(j)?)?];
    let mut k = j + 1;
    while joined(toks, &mut k) {
        ns.push(ord(toks.get(k)?)?);
        k += 1;
    }
    let kind = match toks.get(k)?.lw() {
        "quarters" => 'Q',
        "halves" if ns.iter().all(|&n| n <= 2) => 'H',
        _ => return None,
    };
    (ns.len() >= 2).then(|| (ns.into_iter().map(|n| (kind, n, None)).collect(), k + 1 - j))
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

pub(crate) fn year_of(t: &Token) -> Option<i32> {
    // "end-2026", "mid-2027", "2026-end"
    if t.kind == super::text::TokKind::Word && t.text.contains('-') {
        return t.text.split('-').find_map(|p| {
            let y: i32 = p.parse().ok()?;
            (p.len() == 4 && (1950..=2100).contains(&y)).then_some(y)
        });
    }
    let v = t.num()?;
    if t.text.len() == 4 && (1950.0..=2100.0).contains(&v) {
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

/// "year-end", "year end", "end-year", "the end of the year" / "of this year"
/// at `j`: the end of the current year ("next year-end" is read as next year).
fn this_year_end(toks: &[Token], j: usize) -> bool {
    let w = |k: usize| toks.get(k).map_or("", |t| t.lw());
    match w(j) {
        "year-end" | "end-year" | "yearend" => true,
        "year" => w(j + 1) == "end",
        "end" => w(j + 1) == "of" && matches!(w(j + 2), "the" | "this") && w(j + 3) == "year",
        _ => false,
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

    #[test]
    fn lists() {
        let l = |s: &str| {
            let t = tokenize(s);
            listed_periods(&t, "2026-12-01".parse().unwrap())
        };
        let v = |a: &[&str]| Some(a.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(
            l("$1 and $2 for 2027 and 2028 respectively"),
            v(&["2027", "2028"])
        );
        assert_eq!(l("in Q1 and Q2 2027"), v(&["2027-Q1", "2027-Q2"]));
        assert_eq!(
            l("in Q1, Q2 and Q3 of 2027"),
            v(&["2027-Q1", "2027-Q2", "2027-Q3"])
        );
        assert_eq!(l("in 2H26 and 1H27"), v(&["2026-H2", "2027-H1"]));
        assert_eq!(l("this year and next year"), v(&["2026", "2027"]));
        assert_eq!(l("$9,800 in 2027 and $10,200 in 2028"), None);
        assert_eq!(l("in 2027"), None);
        let label = |s: &str| {
            let t = tokenize(s);
            let at = t.iter().position(|t| t.is_punct('$')).unwrap();
            label_before(&t, at, "2026-12-01".parse().unwrap())
        };
        assert_eq!(label("forecasts are Q1 $2,900"), Some("2027-Q1".into()));
        assert_eq!(label("Q3 2027 $3,100"), Some("2027-Q3".into()));
        assert_eq!(label("2028: $11,000"), Some("2028".into()));
        assert_eq!(label("its 2027 $11,000 forecast"), None);
    }
}
