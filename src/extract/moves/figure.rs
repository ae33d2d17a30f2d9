//! A move's figure read around a percentage or points token: the span of the
//! figure (range, "or more"), the words before it back to the verb, the verb
//! and its sign, a price after it, and where the subject ends.

use super::super::context::Ctx;
use super::super::money::money_at;
use super::super::text::{TokKind, Token};
use super::super::words::{NOT_FACT_BEFORE_VERB, SKIP_BEFORE_VERB};
use super::shape::{
    self, is_points_range, multi_session, respectively, session_verb, signed_figure, skip_shares,
};
use super::{Figure, is_range_sep, noun, pct_len, subject};

/// The figure itself: "2.5%", "4–6%", "between 4% and 6%", "36.64 points", "2% or more".
struct Span {
    first: f64,
    is_points: bool,
    range: Option<[f64; 2]>,
    /// First token after the figure.
    after: usize,
    approx: bool,
}

/// What stands between the verb and the figure: hedges, "by", "a record", "250 points, or".
struct Lead {
    /// First token of the figure's lead (the verb ends right before it).
    start: usize,
    approx: bool,
    points: Option<f64>,
}

/// The figure of a move whose number is at token `i`.
pub(super) fn figure_at(toks: &[Token], i: usize, ctx: &Ctx) -> Option<Figure> {
    let span = span_at(toks, i)?;
    let lead = lead_before(toks, i, span.is_points, ctx);
    let (first, range, after) = (span.first, span.range, span.after);
    let approx = span.approx || lead.approx;
    let j = lead.start;
    let v = j.checked_sub(1)?;
    let (v, sign_v) = match ctx.lx.verb_sign(toks[v].lw()) {
        Some(s) => (v, s),
        // "closed the day 1.8% down"
        None => match shape::day_verb(toks, j, after, ctx) {
            Some(verb) => (verb, 0),
            None => {
                let mid = range.map_or(first, |[a, b]| super::super::money::midpoint(a, b));
                return signed_figure(toks, i, j, first, range, after, ctx)
                    .or_else(|| noun::noun_figure(toks, i, j, mid, approx, after, ctx));
            }
        },
    };
    let (mut verb_start, level) = verb_start(toks, v, ctx);
    // "gave up 2%", "gave back 2%": a fall
    let gave = v > 0 && toks[v - 1].is("gave") && (toks[v].is("up") || toks[v].is("back"));
    let sign_v = if gave { -1 } else { sign_v };
    let sign = if sign_v != 0 {
        if v > 0 && ctx.lx.verb_sign(&toks[v - 1].lower).is_some() {
            verb_start = v - 1;
        } else if let Some(n) = session_verb(toks, v, ctx) {
            // "ended the morning session down 1.2%"
            verb_start = n?;
        }
        f64::from(sign_v)
    } else {
        match toks.get(after).map(|t| t.lw()) {
            Some("higher" | "up") => 1.0,
            Some("lower" | "down") => -1.0,
            _ => return None,
        }
    };
    if multi_session(toks, after, verb_start) || not_a_fact(toks, verb_start) {
        return None;
    }
    let price = price_after(toks, after, ctx)?;
    let subj_end = skip_shares(toks, subject_end(toks, verb_start), ctx.lx);
    let value = range.map_or(first, |[a, b]| super::super::money::midpoint(a, b));
    let (value, points) = if span.is_points {
        // points only: needs the closing level
        let level = subject::level_after(toks, after)?;
        let pts = first * sign;
        let base = level - pts;
        if base <= 0.0 {
            return None;
        }
        (pts.abs() / base * 100.0, Some(pts))
    } else {
        (value, lead.points.map(|p| p * sign))
    };
    let (each, after) = respectively(toks, value, after);
    Some(Figure {
        value,
        range,
        approx,
        sign,
        points,
        subj_end,
        after,
        price,
        each,
        level,
        preset: None,
    })
}

/// The percentage (or points) figure starting at `i`, with its range and "or more".
fn span_at(toks: &[Token], i: usize) -> Option<Span> {
    let first = toks[i]
        .num()
        .or_else(|| pct_len(toks, i + 1).and(shape::word_number(&toks[i])))?;
    let (pct_n, is_points) = match pct_len(toks, i + 1) {
        Some(n) => (n, false),
        None if toks
            .get(i + 1)
            .is_some_and(|t| t.is("points") || t.is("pts") || t.is("point")) =>
        {
            (1, true)
        }
        None if !is_points_range(toks, i) => return None,
        None => (0, false),
    };
    let mut after = i + 1 + pct_n;
    let mut range = None;
    // "4–6%", "5%-6%", "4 to 6 percent"
    let sep = if pct_n == 0 { i + 1 } else { after };
    if !is_points
        && toks.get(sep).is_some_and(is_range_sep)
        && let Some(hi) = toks.get(sep + 1).and_then(Token::num)
        && hi >= first
        && let Some(n) = pct_len(toks, sep + 2)
    {
        range = Some([first, hi]);
        after = sep + 2 + n;
    } else if pct_n > 0
        && i > 0
        && toks[i - 1].is("between")
        && toks.get(after).is_some_and(|t| t.is("and"))
        && let Some(hi) = toks.get(after + 1).and_then(Token::num)
        && hi >= first
        && let Some(n) = pct_len(toks, after + 2)
    {
        // "between 4% and 6%"
        range = Some([first, hi]);
        after += 2 + n;
    } else if pct_n == 0 {
        return None;
    }
    // "fell by 2.5% or more"
    let or_more = toks.get(after).is_some_and(|t| t.is("or"))
        && toks
            .get(after + 1)
            .is_some_and(|t| t.is("more") || t.is("so"));
    Some(Span {
        first,
        is_points,
        range,
        after: after + if or_more { 2 } else { 0 },
        approx: or_more,
    })
}

/// Back from the figure at `i` over hedges, "by", "a record" and a points figure
/// given first ("fell 250 points, or 1.2%"), to where the verb ends.
fn lead_before(toks: &[Token], i: usize, is_points: bool, ctx: &Ctx) -> Lead {
    const LINKS: &[&str] = &[
        "by",
        "between",
        "another",
        "a",
        "further",
        "an",
        "additional",
        "from",
    ];
    let points_word = |t: &Token| t.is("points") || t.is("pts");
    let mut lead = Lead {
        start: i,
        approx: false,
        points: None,
    };
    loop {
        let j = lead.start;
        if j > 0
            && let Some((s, _)) = ctx.lx.hedges.match_ending(toks, j)
        {
            lead.approx = true;
            lead.start = s;
        } else if j > 0 && LINKS.contains(&toks[j - 1].lw()) {
            lead.start -= 1;
        } else if j >= 3 && toks[j - 1].is("of") && toks[j - 2].is("limit") {
            // "surged by the daily limit of 10%"
            let mut s = j - 2;
            while s > 0 && ["daily", "maximum", "permitted", "allowed"].contains(&toks[s - 1].lw())
            {
                s -= 1;
            }
            if s > 0 && (toks[s - 1].is("the") || toks[s - 1].is("its")) {
                s -= 1;
            }
            lead.start = s;
        } else if j >= 2 && toks[j - 1].is("record") && toks[j - 2].is("a") {
            // "fell a record 36.64 points"
            lead.start -= 2;
        } else if !is_points
            && j >= 4
            && toks[j - 1].is("or")
            && toks[j - 2].is_punct(',')
            && points_word(&toks[j - 3])
        {
            // "fell 250 points, or 1.2%"
            lead.points = toks[j - 4].num();
            lead.start -= 4;
        } else if !is_points
            && j >= 3
            && toks[j - 1].is("or")
            && points_word(&toks[j - 2])
            && toks[j - 3].num().is_some()
        {
            // "up 120 pts or 0.5%"
            lead.points = toks[j - 3].num();
            lead.start -= 3;
        } else {
            return lead;
        }
    }
}

/// Where the verb phrase of verb `v` starts, and a closing level given before
/// it: "closed at 25,000, up 1.2%", "closed a touch higher, up 0.2%".
fn verb_start(toks: &[Token], v: usize, ctx: &Ctx) -> (usize, Option<f64>) {
    if (toks[v].is("up") || toks[v].is("down"))
        && v >= 4
        && toks[v - 1].is_punct(',')
        && let Some(level) = toks[v - 2].num()
        && let Some(at) = (v.saturating_sub(6)..v - 2)
            .rev()
            .find(|&k| toks[k].is("at") || toks[k].is("to"))
        && at > 0
        && toks[at + 1..v - 2]
            .iter()
            .all(|t| t.kind != TokKind::Word || t.text.len() <= 3)
        && ctx.lx.verb_sign(toks[at - 1].lw()).is_some()
    {
        return (at - 1, Some(level));
    }
    (shape::comma_clause_verb(toks, v, ctx).unwrap_or(v), None)
}

/// "could fall 5%", "expected to rise 10%", "if copper falls 10%": no fact.
fn not_a_fact(toks: &[Token], verb_start: usize) -> bool {
    let before_verb = &toks[verb_start.saturating_sub(8)..verb_start];
    // "pared gains to close 5.2% higher" is the close, not an aim
    let pared = verb_start >= 2
        && toks[verb_start - 1].is("to")
        && (toks[verb_start - 2].is("gains") || toks[verb_start - 2].is("losses"));
    verb_start > 0 && NOT_FACT_BEFORE_VERB.contains(&toks[verb_start - 1].lw()) && !pared
        || before_verb.iter().any(|t| t.is("if") || t.is("unless"))
}

/// A price after the figure ("to HK$41.20"): Some(None) when there is none,
/// None when it is a priced level (a commodity's move to a price is a price).
fn price_after(toks: &[Token], after: usize, ctx: &Ctx) -> Option<Option<f64>> {
    let mut k = after;
    if toks.get(k).is_some_and(|t| t.is("higher") || t.is("lower")) {
        k += 1;
    }
    if !toks.get(k).is_some_and(|t| t.is("to") || t.is("at")) {
        return Some(None);
    }
    let n = k
        + 1
        + usize::from(
            toks.get(k + 1).is_some_and(|t| t.is_punct('$'))
                && toks.get(k + 2).is_some_and(|t| t.num().is_none()),
        );
    match (n..(n + 3).min(toks.len()))
        .find_map(|x| money_at(toks, x, ctx.lx).filter(|m| m.start <= n + 1))
    {
        Some(m) if m.unit.is_some() => None,
        Some(m) => Some(Some(m.value)),
        None => Some(None),
    }
}

/// The subject ends before adverbs and linking words in front of the verb.
fn subject_end(toks: &[Token], verb_start: usize) -> usize {
    let mut end = verb_start;
    while end > 0 && {
        let t = &toks[end - 1];
        SKIP_BEFORE_VERB.contains(&t.lw())
            || (t.lower.ends_with("ly") && t.text.starts_with(|c: char| c.is_lowercase()))
    } {
        end -= 1;
    }
    end
}
