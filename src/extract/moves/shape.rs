//! Shapes around a figure: explicit signs, "ended the session down",
//! "respectively", multi-session periods, "X shares".

use super::super::context::Ctx;
use super::super::lexicon::Lexicon;
use super::super::names::{is_company_form, names_before};
use super::super::text::{TokKind, Token};
use super::super::words::{PERIOD_AFTER, PERIOD_OPENERS, PERIOD_WORDS};
use super::{Figure, is_range_sep, pct_len};

pub fn is_points_range(toks: &[Token], i: usize) -> bool {
    toks.get(i + 1).is_some_and(is_range_sep)
        && toks.get(i + 2).and_then(Token::num).is_some()
        && pct_len(toks, i + 3).is_some()
}

/// "Zijin Mining shares", "Zijin Mining's shares" -> the name ends before
/// "shares". "French shares", "Tokyo shares" name a market: they stay whole.
pub fn skip_shares(toks: &[Token], subj_end: usize, lx: &Lexicon) -> usize {
    if super::resolve::market_ending(toks, subj_end, lx).is_some() {
        return subj_end;
    }
    let is_shares = |t: &Token| ["shares", "stock", "adrs", "adr", "ads", "adss"].contains(&t.lw());
    // "Rio Tinto's London-listed shares", "Zijin's Hong Kong-listed shares"
    if subj_end >= 3
        && is_shares(&toks[subj_end - 1])
        && (toks[subj_end - 2].lw().ends_with("-listed") || toks[subj_end - 2].is("listed"))
    {
        let k = subj_end - 2;
        let owner = (k.saturating_sub(4)..k)
            .rev()
            .find(|&p| toks[p].is_punct('\'') && toks.get(p + 1).is_some_and(|t| t.is("s")));
        return owner.unwrap_or(k);
    }
    if subj_end >= 2
        && is_shares(&toks[subj_end - 1])
        && !group_opens(toks, subj_end - 1, lx)
        && (toks[subj_end - 2]
            .text
            .starts_with(|c: char| c.is_uppercase())
            || is_company_form(&toks[subj_end - 2])
            || toks[subj_end - 2].is_punct('.')
            || toks[subj_end - 2].is_punct(')'))
        && !["the", "its", "their", "his", "her"].contains(&toks[subj_end - 2].lw())
    {
        return subj_end - 1;
    }
    if subj_end >= 4
        && is_shares(&toks[subj_end - 1])
        && toks[subj_end - 2].is("s")
        && toks[subj_end - 3].is_punct('\'')
    {
        return subj_end - 3;
    }
    subj_end
}

/// "Property shares", "Mining shares" opening the sentence: a sector word
/// capitalised only because it comes first, a group of stocks, not a company
/// ("Zijin Mining shares", "Shandong Gold shares" have a name before it).
fn group_opens(toks: &[Token], end: usize, lx: &Lexicon) -> bool {
    lx.sector_keywords
        .match_ending(toks, end)
        .is_some_and(|(start, _)| start == 0 || toks[start - 1].is_punct(','))
        && lx.companies.match_ending(toks, end).is_none()
}

/// A figure over a week, a month, a year, or a growth rate, is not a session's move.
pub fn multi_session(toks: &[Token], after: usize, verb_start: usize) -> bool {
    let tail = &toks[after.min(toks.len())..(after + 4).min(toks.len())];
    if tail.first().is_some_and(|t| PERIOD_AFTER.contains(&t.lw())) {
        return true;
    }
    if tail
        .first()
        .is_some_and(|t| PERIOD_OPENERS.contains(&t.lw()))
        && tail
            .iter()
            .skip(1)
            .take(3)
            .any(|t| PERIOD_WORDS.contains(&t.lw()) || PERIOD_AFTER.contains(&t.lw()))
    {
        return true;
    }
    // "For the week, the S&P 500 is down 1.9%", "so far this year"
    let head = &toks[..verb_start];
    head.iter().enumerate().any(|(k, t)| {
        [
            "week",
            "month",
            "year",
            "quarter",
            "far",
            "ytd",
            "year-to-date",
        ]
        .contains(&t.lw())
            && (k >= 1
                && ["this", "last", "past", "for", "over", "on", "so"].contains(&head[k - 1].lw())
                || k >= 2
                    && head[k - 1].is("the")
                    && ["for", "over", "on", "in", "during", "past"].contains(&head[k - 2].lw()))
    })
}

/// "3%, 2% and 1%, respectively": the figures after the first, when the
/// sentence pairs them with a list. Returns them (first included) and the new end.
pub fn respectively(toks: &[Token], first: f64, after: usize) -> (Vec<f64>, usize) {
    let mut values = vec![first];
    let mut j = after;
    loop {
        let mut k = j;
        while toks.get(k).is_some_and(|t| t.is_punct(',') || t.is("and")) {
            k += 1;
        }
        if k > j
            && let Some(v) = toks.get(k).and_then(Token::num)
            && let Some(n) = pct_len(toks, k + 1)
        {
            values.push(v);
            j = k + 1 + n;
            continue;
        }
        break;
    }
    let mut k = j;
    if toks.get(k).is_some_and(|t| t.is_punct(',')) {
        k += 1;
    }
    if values.len() > 1 && toks.get(k).is_some_and(|t| t.is("respectively")) {
        (values, k + 1)
    } else if values.len() > 1 {
        // "A and B rose 3% and 2%": paired only if the list has as many names
        (values, j)
    } else {
        (Vec::new(), after)
    }
}

/// "ended the morning session down 1.2%": a neutral verb a few filler words
/// before "up/down". `Some(None)` when the filler names a longer period.
pub fn session_verb(toks: &[Token], v: usize, ctx: &Ctx) -> Option<Option<usize>> {
    if !["up", "down", "higher", "lower"].contains(&toks[v].lw()) {
        return None;
    }
    let filler = [
        "the",
        "morning",
        "afternoon",
        "session",
        "day",
        "trading",
        "midday",
        "half",
        "first",
        "second",
        "slightly",
        "sharply",
        "modestly",
        "marginally",
    ];
    let long = ["week", "month", "year", "quarter"];
    let mut k = v;
    while k > 0 && v - k < 5 {
        let t = &toks[k - 1];
        if ctx.lx.verb_sign(t.lw()) == Some(0) {
            return Some(Some(k - 1));
        }
        if long.contains(&t.lw()) {
            return Some(None);
        }
        if !filler.contains(&t.lw()) {
            return None;
        }
        k -= 1;
    }
    None
}

/// A figure with an explicit sign and no verb: "Zijin Mining +3.5%", "HSI -0.4%".
pub fn signed_figure(
    toks: &[Token],
    i: usize,
    j: usize,
    first: f64,
    range: Option<[f64; 2]>,
    after: usize,
    ctx: &Ctx,
) -> Option<Figure> {
    if j != i || range.is_some() || i < 2 {
        return None;
    }
    let sign = match toks[i - 1].kind {
        TokKind::Punct('+') => 1.0,
        TokKind::Punct('-' | '−') => -1.0,
        _ => return None,
    };
    if toks[i - 1].space_before && !toks[i].space_before {
        // "+3.5%" glued; the token before must be a name, not a number or bracket
    } else if !toks[i].space_before {
        // "A-3.5%": a hyphenated code, not a sign
        return None;
    }
    let mut subj_end = i - 1;
    let mut level = None;
    // a table row: "Zijin Mining | 20.10 | +3.5%", "Hang Seng Index 26,458.20 +81.50 +0.31%"
    if toks.len() <= 14 {
        let mut k = subj_end;
        while k > 0
            && subj_end - k < 5
            && (toks[k - 1].num().is_some()
                || matches!(toks[k - 1].kind, TokKind::Punct('|' | '+' | '-' | '−')))
        {
            k -= 1;
            if let Some(v) = toks[k].num()
                && !(k > 0 && matches!(toks[k - 1].kind, TokKind::Punct('+' | '-' | '−')))
            {
                level = Some(v);
            }
        }
        subj_end = k;
    }
    if subj_end < 1 {
        return None;
    }
    if subj_end >= 2 && toks[subj_end - 1].is_punct(':') {
        subj_end -= 1;
    }
    let prev = &toks[subj_end - 1];
    if prev.num().is_some()
        || prev.is_punct('%')
        || prev.is_punct('(')
        || prev.kind != TokKind::Word && !prev.is_punct(')')
    {
        return None;
    }
    let _ = ctx;
    Some(Figure {
        value: first,
        range: None,
        approx: false,
        sign,
        points: None,
        subj_end,
        after,
        price: None,
        each: Vec::new(),
        level,
        preset: None,
    })
}

/// "eight pct": a number written as a word.
pub fn word_number(t: &Token) -> Option<f64> {
    const WORDS: &[&str] = &[
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ];
    let n = WORDS.iter().position(|w| t.is(w))?;
    Some(n as f64)
}

/// "closed the day 1.8% down", "ended the session 0.5% higher": the neutral
/// verb before "the day" when a direction follows the figure.
pub fn day_verb(toks: &[Token], j: usize, after: usize, ctx: &Ctx) -> Option<usize> {
    let direction = toks
        .get(after)
        .is_some_and(|t| ["up", "down", "higher", "lower"].contains(&t.lw()));
    let found = direction
        && j >= 3
        && (toks[j - 1].is("day") || toks[j - 1].is("session"))
        && toks[j - 2].is("the")
        && ctx.lx.verb_sign(toks[j - 3].lw()) == Some(0);
    // Not `then_some(j - 3)`: its argument is computed even when j < 3.
    if found { Some(j - 3) } else { None }
}

/// "closed a touch higher, up 0.2%": "up"/"down" after a comma restating the
/// direction of a verb a few words before; returns that verb.
pub fn comma_clause_verb(toks: &[Token], v: usize, ctx: &Ctx) -> Option<usize> {
    if !(toks[v].is("up") || toks[v].is("down")) || v < 3 || !toks[v - 1].is_punct(',') {
        return None;
    }
    let said = if toks[v].is("up") { "higher" } else { "lower" };
    if !toks[v - 2].is(said) {
        return None;
    }
    let mut k = v - 2;
    while k > 0 && v - 2 - k < 4 {
        let t = &toks[k - 1];
        if ctx.lx.verb_sign(t.lw()).is_some() {
            return Some(k - 1);
        }
        let filler = t.kind == TokKind::Word && t.text.starts_with(|c: char| c.is_lowercase());
        if !filler {
            return None;
        }
        k -= 1;
    }
    None
}

/// The first move verb of the subject before `end`, within seven words
/// ("Zijin Mining rose ...", "Jiangxi Copper shares jumped ...").
pub(super) fn first_verb(toks: &[Token], end: usize, ctx: &Ctx) -> Option<usize> {
    (end.saturating_sub(7).max(1)..end).find(|&k| {
        let t = &toks[k];
        let before = &toks[k - 1];
        t.text.starts_with(char::is_lowercase)
            && (t.lw().ends_with("ed") || ctx.lx.verb_sign(t.lw()).is_some())
            && (before.is_capitalized()
                || before.num().is_some()
                || before.is_punct(')')
                || before.is("shares")
                || before.is("index"))
    })
}

/// A participle after the main clause ("Sunac China led gains, jumping 8.6%",
/// "Glencore was the biggest faller, down 4.5%"): the main clause's verb, when
/// a name stands before it.
pub(super) fn main_clause_verb(toks: &[Token], fig: &Figure, ctx: &Ctx) -> Option<usize> {
    const MAIN: &[&str] = &[
        "led",
        "was",
        "were",
        "became",
        "outperformed",
        "hit",
        "touched",
        "reached",
    ];
    let end = fig.subj_end;
    let participle = toks
        .get(end)
        .is_some_and(|t| t.lw().ends_with("ing") || t.is("up") || t.is("down"));
    if !participle || end == 0 || !toks[end - 1].is_punct(',') {
        return None;
    }
    let seg_start = (0..end - 1)
        .rev()
        .find(|&k| toks[k].is_punct(',') || toks[k].is_punct(';'))
        .map_or(0, |k| k + 1);
    (seg_start..end - 1)
        .find(|&k| ctx.lx.verb_sign(toks[k].lw()).is_some() || MAIN.contains(&toks[k].lw()))
        .filter(|&k| {
            !names_before(toks, skip_shares(toks, k, ctx.lx))
                .0
                .is_empty()
        })
}
