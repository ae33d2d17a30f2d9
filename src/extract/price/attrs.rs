//! Optional fields of a price: qualifier, market, product, `as_of`.

use super::super::dates::DateMention;
use super::super::model::Qualifier;
use super::super::money::Money;
use super::super::text::{TokKind, Token};
use super::super::words::*;

pub fn qualifier_before(toks: &[Token], start: usize) -> Option<Qualifier> {
    let window = &toks[start.saturating_sub(5)..start];
    let has = |ws: &[&str]| window.iter().any(|t| ws.contains(&t.lw()));
    let before = |w: &str| start > 0 && toks[start - 1].is(w);
    let before2 = |a: &str, b: &str| start > 1 && toks[start - 2].is(a) && toks[start - 1].is(b);
    if has(&["record", "all-time", "record-high", "record-low"]) {
        if has(&["low", "lows", "record-low"]) {
            Some(Qualifier::RecordLow)
        } else {
            Some(Qualifier::RecordHigh)
        }
    } else if before("under") || before("below") || before2("less", "than") {
        Some(Qualifier::Under)
    } else if before("over") || before("above") || before2("more", "than") {
        Some(Qualifier::Over)
    } else {
        None
    }
}

/// ", a record high" / "(record high)" right after the price.
pub fn qualifier_after(toks: &[Token], end: usize) -> Option<Qualifier> {
    let tail = &toks[end.min(toks.len())..(end + 5).min(toks.len())];
    let record = tail
        .iter()
        .position(|t| t.is("record") || t.is("all-time"))?;
    if !tail[..record]
        .iter()
        .all(|t| t.is_punct(',') || t.is_punct('(') || t.is("a") || t.is("at") || t.is("new"))
    {
        return None;
    }
    match tail.get(record + 1).map(|t| t.lw()) {
        Some("high" | "highs") => Some(Qualifier::RecordHigh),
        Some("low" | "lows") => Some(Qualifier::RecordLow),
        _ => None,
    }
}

pub fn market_in(toks: &[Token], from: usize, to: usize) -> Option<String> {
    toks[from.min(to)..to.min(toks.len())]
        .iter()
        .rev()
        .find_map(|t| {
            MARKETS
                .iter()
                .find(|(k, _)| t.lower == *k)
                .map(|(_, v)| v.to_string())
        })
}

/// A word that can name an exchange: an all-caps code ("LME", "ICE"; not the
/// word "ice"), or one of the two written as a word too ("Comex gold",
/// "Nymex crude").
fn is_market_code(t: &Token) -> bool {
    (3..=5).contains(&t.text.len())
        && (t.text.bytes().all(|c| c.is_ascii_uppercase())
            || t.is_capitalized() && matches!(t.lw(), "comex" | "nymex"))
}

/// The exchange named in the price's own clause (clauses end at ";", "，",
/// "while", "whereas", ", but"): nearest before the price, else after it.
pub fn market_for(sentence: &str, toks: &[Token], start: usize, end: usize) -> Option<String> {
    // most sentences name no exchange at all
    let named = toks
        .iter()
        .any(|t| is_market_code(t) || t.is("exchange") || t.is("bullion"))
        || (!sentence.is_ascii() && sentence.contains(['沪', '伦', '纽', '所']));
    if !named {
        return None;
    }
    let is_boundary = |k: usize| {
        let t = &toks[k];
        matches!(t.kind, TokKind::Punct(';' | '；' | '，' | '。'))
            || t.is("while")
            || t.is("whereas")
            || (t.is("but") && k > 0 && toks[k - 1].is_punct(','))
    };
    let cs = (0..start)
        .rev()
        .find(|&k| is_boundary(k))
        .map_or(0, |k| k + 1);
    let ce = (end..toks.len())
        .find(|&k| is_boundary(k))
        .unwrap_or(toks.len());
    let text_of = |a: usize, b: usize| -> &str {
        match (toks.get(a), b.checked_sub(1).and_then(|x| toks.get(x))) {
            (Some(x), Some(y)) if a < b => &sentence[x.start..y.end],
            _ => "",
        }
    };
    let find_in = |a: usize, b: usize, nearest_last: bool| -> Option<String> {
        let mut hits: Vec<(usize, &str)> = Vec::new();
        for (k, t) in toks[a..b].iter().enumerate() {
            if !is_market_code(t) {
                continue;
            }
            if let Some((_, v)) = MARKETS.iter().find(|(key, _)| t.lw() == *key) {
                hits.push((k, v));
            }
        }
        let text = text_of(a, b);
        if toks[a..b]
            .iter()
            .any(|t| t.is("exchange") || t.is("bullion"))
        {
            let lower = text.to_lowercase();
            for (key, v) in MARKET_PHRASES {
                if let Some(p) = if nearest_last {
                    lower.rfind(key)
                } else {
                    lower.find(key)
                } {
                    hits.push((p, v));
                }
            }
        }
        if !text.is_ascii()
            && let Some((p, v)) = find_phrase(text, MARKETS_ZH, nearest_last)
        {
            hits.push((p, v));
        }
        // token indexes and byte offsets mix here; both grow along the text,
        // and each source alone picks its nearest hit
        let pick = if nearest_last {
            hits.iter().max_by_key(|h| h.0)
        } else {
            hits.iter().min_by_key(|h| h.0)
        };
        pick.map(|(_, v)| v.to_string())
    };
    find_in(cs, start, true).or_else(|| find_in(end.min(ce), ce, false))
}

/// Chinese product names before the price: "电解铜" -> cathode, "精矿" -> concentrate.
pub fn product_zh(sentence: &str, toks: &[Token], start: usize) -> Option<String> {
    let head = &sentence[..toks.get(start).map_or(sentence.len(), |t| t.start)];
    if head.is_ascii() {
        return None;
    }
    // the amount's own clause ("铜精矿加工费跌至…，沪铜收报…" names no product
    // of 沪铜), unless it only continues the subject before ("碳酸锂…，报…")
    let clause = head.rsplit(['，', '；', '。']).next().unwrap_or(head);
    let text = if crate::extract::zh::continues_subject(clause) {
        head
    } else {
        clause
    };
    find_phrase(text, PRODUCTS_ZH, true).map(|(_, v)| v.to_string())
}

/// The last (or first) of `phrases` in `text`, by one pass over its characters
/// (cheaper than one substring search per phrase on short CJK clauses).
fn find_phrase<'a>(
    text: &str,
    phrases: &[(&str, &'a str)],
    last: bool,
) -> Option<(usize, &'a str)> {
    let mut found = None;
    for (i, c) in text.char_indices() {
        if c.is_ascii() {
            continue;
        }
        let rest = &text[i..];
        // the longest phrase starting here
        let hit = phrases
            .iter()
            .filter(|(k, _)| k.starts_with(c) && rest.starts_with(k))
            .max_by_key(|(k, _)| k.len());
        if let Some((_, v)) = hit {
            found = Some((i, *v));
            if !last {
                break;
            }
        }
    }
    found
}

pub fn product_near(toks: &[Token], from: usize, to: usize) -> Option<String> {
    toks[from.min(to)..to].iter().rev().find_map(|t| {
        let key = if t.lower.is_empty() { t.text } else { t.lw() };
        PRODUCTS.iter().find(|p| key == **p).map(|p| match *p {
            "精矿" => "concentrate".to_string(),
            "apt" => "APT".to_string(),
            other => other.strip_suffix('s').unwrap_or(other).to_string(),
        })
    })
}

pub fn as_of_date(
    toks: &[Token],
    m: &Money,
    dates: &[DateMention],
    monies: &[Money],
    today: chrono::NaiveDate,
) -> Option<chrono::NaiveDate> {
    let price_end = toks.get(m.end.saturating_sub(1))?.end;
    let price_start = toks.get(m.start)?.start;
    // right after: "... per tonne on January 6th"
    if let Some(d) = dates
        .iter()
        .find(|d| d.start >= price_end && d.start <= price_end + 12)
    {
        return Some(d.date);
    }
    // before, with no other priced amount in between: "September 1 prices ... reaching"
    let prev_price_end = monies
        .iter()
        .filter(|o| o.unit.is_some() && o.end <= m.start)
        .filter_map(|o| toks.get(o.end.saturating_sub(1)).map(|t| t.end))
        .max()
        .unwrap_or(0);
    // a date right after another price belongs to that price
    let claimed = |d: &DateMention| {
        monies.iter().filter(|o| o.unit.is_some()).any(|o| {
            toks.get(o.end.saturating_sub(1))
                .is_some_and(|t| d.start >= t.end && d.start <= t.end + 12)
        })
    };
    dates
        .iter()
        .rev()
        .find(|d| d.end <= price_start && d.start >= prev_price_end && !claimed(d))
        .map(|d| d.date)
        .or_else(|| month_before(toks, m, monies, today))
}

/// "In July concentrate rose ... to 195,000 yuan/ton": a month named before the
/// price (and after any earlier price) dates it at that month's last day, in
/// the latest such month at or before `today` (or in the year written after it).
fn month_before(
    toks: &[Token],
    m: &Money,
    monies: &[Money],
    today: chrono::NaiveDate,
) -> Option<chrono::NaiveDate> {
    use chrono::Datelike;
    let from = monies
        .iter()
        .filter(|o| o.unit.is_some() && o.end <= m.start)
        .map(|o| o.end)
        .max()
        .unwrap_or(0);
    let (k, month) = (from..m.start).rev().find_map(|k| {
        let t = &toks[k];
        if !t.is_capitalized() {
            return None;
        }
        // "in July", "July prices" at a clause start; not "January 6th" (a
        // date) nor "December delivery" (a contract month)
        let opens = k == 0
            || toks[k - 1].is("in")
            || toks[k - 1].is("during")
            || matches!(toks[k - 1].kind, TokKind::Punct(',' | ';' | ':'));
        let next = toks.get(k + 1);
        let dated = next.is_some_and(|n| {
            n.num().is_some_and(|_| n.text.len() <= 2)
                || n.lw().ends_with("th")
                || n.lw().ends_with("st")
        });
        let contract = next.is_some_and(|n| {
            ["delivery", "contract", "futures", "shipment", "settlement"].contains(&n.lw())
        });
        if !opens || dated || contract {
            return None;
        }
        let n = match t.lw() {
            "january" | "jan" => 1,
            "february" | "feb" => 2,
            "march" => 3,
            "april" | "apr" => 4,
            "june" | "jun" => 6,
            "july" | "jul" => 7,
            "august" | "aug" => 8,
            "september" | "sep" | "sept" => 9,
            "october" | "oct" => 10,
            "november" | "nov" => 11,
            "december" | "dec" => 12,
            _ => return None,
        };
        Some((k, n))
    })?;
    let last_day = |y: i32| {
        let (ny, nm) = if month == 12 {
            (y + 1, 1)
        } else {
            (y, month + 1)
        };
        chrono::NaiveDate::from_ymd_opt(ny, nm, 1).and_then(|d| d.pred_opt())
    };
    let written_year = toks
        .get(k + 1)
        .and_then(|t| t.num().filter(|_| t.text.len() == 4))
        .map(|y| y as i32);
    match written_year {
        Some(y) => last_day(y),
        None => {
            let this = last_day(today.year())?;
            if this <= today {
                Some(this)
            } else {
                last_day(today.year() - 1)
            }
        }
    }
}

/// Gold, silver, platinum and palladium trade in US dollars everywhere.
pub fn is_precious(commodity: &str) -> bool {
    matches!(commodity, "gold" | "silver" | "platinum" | "palladium")
}

/// The dollar a plain "dlrs" means under a wire dateline ("MELBOURNE, April
/// 13 - ..."): Australian and New Zealand cities quote their own dollar.
pub fn dateline_dollar(body: &str) -> Option<&'static str> {
    let head = body.trim_start();
    let comma = head.find(',').filter(|&c| c <= 40)?;
    let city = &head[..comma];
    if city.is_empty() || city.bytes().any(|b| b.is_ascii_lowercase()) {
        return None;
    }
    match city.trim() {
        "SYDNEY" | "MELBOURNE" | "PERTH" | "BRISBANE" | "ADELAIDE" | "CANBERRA" | "HOBART"
        | "DARWIN" => Some("AUD"),
        "WELLINGTON" | "AUCKLAND" | "CHRISTCHURCH" => Some("NZD"),
        _ => None,
    }
}
