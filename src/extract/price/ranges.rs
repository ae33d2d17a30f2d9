//! Ranges of money: one fact with the midpoint and `range: [low, high]`.
//! The low end may be a bare figure ("2,355 to 2,360 stg", "between 1.50 and
//! 1.90 dlrs") or an amount of its own ("$9,000-$10,000 a tonne", "$9,000 to
//! $10,000", "between $2,400 and $2,600"). A move or a revision written with
//! the same words ("rose from $9,000 to $10,000", "raised its forecast from
//! $2,500 to $2,800") is no range: its figures are two levels.

use super::super::context::Ctx;
use super::super::money::{Money, midpoint, scaled};
use super::super::period::year_of;
use super::super::text::{TokKind, Token};
use super::super::words::{CUT, FORECAST_WORDS, KEEP, RAISE};

/// Words between a range and the verb before it: "rose from", "in a range of".
const RANGE_OPENERS: &[&str] = &["from", "of", "range", "a", "between", "the"];

/// Verbs naming a range: "ranged from $X to $Y".
const RANGE_VERBS: &[&str] = &["ranged", "ranging", "ranges", "varied", "fluctuated"];

/// How the text before a low end at `lo` reads: (verb position, "range" or
/// "between" named, "from" named).
fn opener(toks: &[Token], lo: usize) -> (usize, bool, bool) {
    let mut b = lo;
    let (mut named, mut from) = (false, false);
    while b > 0 && RANGE_OPENERS.contains(&toks[b - 1].lw()) {
        named |= toks[b - 1].is("range") || toks[b - 1].is("between");
        from |= toks[b - 1].is("from");
        b -= 1;
    }
    (b, named, from)
}

/// "rose from 15 to 20 dlrs", "up 2 to 3 dlrs": a move, not a range.
fn after_move(toks: &[Token], b: usize, ctx: &Ctx) -> bool {
    b > 0 && {
        let v = &toks[b - 1];
        v.is("up") || v.is("down") || ctx.lx.verb_sign(v.lw()).is_some_and(|s| s != 0)
    }
}

/// "raised its forecast from 2,500 to 2,800 dlrs": a revision (previous and
/// value), told by a revision or forecast word earlier in the clause.
fn in_revision(toks: &[Token], b: usize) -> bool {
    let start = (0..b)
        .rev()
        .find(|&j| matches!(toks[j].kind, TokKind::Punct(';' | ':' | '.')))
        .map_or(0, |j| j + 1);
    toks[start..b].iter().any(|t| {
        let w = t.lw();
        RAISE.contains(&w)
            || CUT.contains(&w)
            || KEEP.contains(&w)
            || FORECAST_WORDS.contains(&w)
            || w.starts_with("revis")
            || w.starts_with("updat")
    })
}

/// A traded range written "2,355 to 2,360 stg" or "between 1.50 and 1.90
/// dlrs": the bare low end joins the amount after it (midpoint and range).
pub fn join_ranges(toks: &[Token], monies: &mut Vec<Money>, ctx: &Ctx) {
    join_pairs(toks, monies, ctx);
    let ends: Vec<usize> = monies.iter().map(|m| m.end).collect();
    for m in monies.iter_mut() {
        // the low end must be a bare figure, not the end of another amount
        if m.range.is_some() || m.start < 2 || ends.contains(&(m.start - 1)) {
            continue;
        }
        let link = &toks[m.start - 1];
        let lo_tok = &toks[m.start - 2];
        let Some(lo) = lo_tok.num() else { continue };
        if is_year_before_symbol(lo_tok, &toks[m.start]) {
            continue;
        }
        let between = m.start >= 3 && toks[m.start - 3].is("between");
        // "78,500—78,700元/吨", "78500至78700元/吨": a dash or 至 glued to both figures
        let glued = is_dash(link) && !link.space_before && !toks[m.start].space_before;
        if !(link.is("to") || link.is("and") && between || glued) {
            continue;
        }
        let lo = scaled(lo, m.scale);
        if !(lo > 0.0 && m.value > lo && m.value <= lo * 1.5) {
            continue;
        }
        let (b, named, from) = opener(toks, m.start - 2);
        let named = named || between;
        if !named && (after_move(toks, b, ctx) || from && in_revision(toks, b)) {
            continue;
        }
        m.range = Some([lo, m.value]);
        m.value = midpoint(lo, m.value);
        m.start -= 2;
    }
}

/// Whether the amounts `a` and `b` (in this order) are the ends of one range.
fn pair_range(toks: &[Token], a: &Money, b: &Money, ctx: &Ctx) -> bool {
    if a.range.is_some() || b.range.is_some() || a.currency != b.currency {
        return false;
    }
    // "in a $9,500 to $10,500 range": the unit may come later from the sentence
    if a.unit.is_some() && a.unit != b.unit {
        return false;
    }
    if !(a.value > 0.0 && b.value > a.value && b.value <= a.value * 1.6) {
        return false;
    }
    // "in 2027 aud 2028 of ...": two readings sharing a currency word overlap
    let Some(between) = toks.get(a.end..b.start) else {
        return false;
    };
    let link = match between {
        [link] => link,
        // "78,500元/吨—78,700元/吨": the low end's unit written too
        [slash, unit, link] if slash.is_punct('/') && unit.num().is_none() => link,
        _ => return false,
    };
    let (v, mut named, from) = opener(toks, a.start);
    // "prices ranged from $2,400 to $2,500"
    named |= v > 0 && RANGE_VERBS.contains(&toks[v - 1].lw());
    let dash = is_dash(link);
    let joined = dash
        || link.is("to") && !from
        || link.is("to") && named
        || link.is("and") && a.start > 0 && toks[a.start - 1].is("between");
    joined && (named || !after_move(toks, v, ctx))
}

/// "$9,000-$10,000 a tonne", "$9,000 to $10,000", "between $2,400 and
/// $2,600": two amounts joined into one range.
fn join_pairs(toks: &[Token], monies: &mut Vec<Money>, ctx: &Ctx) {
    let mut k = 0;
    while k + 1 < monies.len() {
        if pair_range(toks, &monies[k], &monies[k + 1], ctx) {
            let lo = monies.remove(k);
            let m = &mut monies[k];
            m.range = Some([lo.value, m.value]);
            m.value = midpoint(lo.value, m.value);
            m.start = lo.start;
        }
        k += 1;
    }
}

/// "raised 2026 to $3,100" (a forecast's period, then its figure): a bare
/// year is no low end of an amount written with its currency symbol, whose
/// ranges carry the symbol on both ends ("$3,000 to $3,100").
fn is_year_before_symbol(lo: &Token, high_start: &Token) -> bool {
    year_of(lo).is_some() && high_start.num().is_none()
}

/// A dash, a tilde or 至/到 between the ends of a range.
fn is_dash(t: &Token) -> bool {
    matches!(
        t.kind,
        TokKind::Punct('-' | '–' | '—' | '~' | '～' | '－' | '至' | '到')
    )
}
