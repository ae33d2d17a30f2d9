//! Index, stock and sector moves given as a percentage (or index points).

mod company;
mod lists;
mod noun;
mod resolve;
mod shape;
mod subject;

use shape::{
    is_points_range, multi_session, respectively, session_verb, signed_figure, skip_shares,
};

use super::context::Ctx;
use super::model::Fact;
use super::money::money_at;
use super::text::Token;
use super::words::{NOT_FACT_BEFORE_VERB, SKIP_BEFORE_VERB};

/// A percentage or points figure and the verb before it.
pub(crate) struct Figure {
    /// Magnitude of the move in percent (midpoint of a range).
    pub value: f64,
    pub range: Option<[f64; 2]>,
    pub approx: bool,
    /// +1 up, -1 down.
    pub sign: f64,
    /// Signed points, for an index.
    pub points: Option<f64>,
    /// Where the subject ends (exclusive).
    pub subj_end: usize,
    /// First token after the figure.
    pub after: usize,
    /// A price given after the figure ("to HK$41.20").
    pub price: Option<f64>,
    /// "rose 3% and 2%, respectively": one magnitude per list member.
    pub each: Vec<f64>,
    /// A closing level given before the figure ("closed at 25,000, up 1.2%").
    pub level: Option<f64>,
    /// The subject, when the grammar already knows it ("Monday's 2.7% slide").
    pub preset: Option<super::context::Subject>,
}

/// Find index, stock and sector moves in one tokenized sentence.
pub fn moves(sentence: &str, toks: &[Token], ctx: &mut Ctx, out: &mut Vec<Fact>) {
    if sentence.contains("%)") {
        lists::bracket_moves(sentence, toks, ctx, out);
    }
    let mut i = 0;
    while i < toks.len() {
        match figure_at(toks, i, ctx) {
            Some(fig) => {
                i = fig.after.max(i + 1);
                subject::emit(sentence, toks, &fig, ctx, out);
            }
            None => i += 1,
        }
    }
}

fn pct_len(toks: &[Token], j: usize) -> Option<usize> {
    let t = toks.get(j)?;
    if t.is_punct('%') || t.is("percent") || t.is("pct") || t.is("pc") {
        Some(1)
    } else if t.is("per") && toks.get(j + 1).is_some_and(|n| n.is("cent")) {
        Some(2)
    } else {
        None
    }
}

fn is_range_sep(t: &Token) -> bool {
    t.is_punct('–') || t.is_punct('-') || t.is("to") || t.is_punct('~')
}

fn figure_at(toks: &[Token], i: usize, ctx: &Ctx) -> Option<Figure> {
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
    let mut approx = false;
    if toks.get(after).is_some_and(|t| t.is("or"))
        && toks
            .get(after + 1)
            .is_some_and(|t| t.is("more") || t.is("so"))
    {
        approx = true;
        after += 2;
    }
    let mut j = i;
    let mut points = None;
    loop {
        if j > 0
            && let Some((s, _)) = ctx.lx.hedges.match_ending(toks, j)
        {
            approx = true;
            j = s;
            continue;
        }
        if j > 0
            && [
                "by",
                "between",
                "another",
                "a",
                "further",
                "an",
                "additional",
                "from",
            ]
            .contains(&toks[j - 1].lw())
        {
            j -= 1;
            continue;
        }
        // "fell a record 36.64 points"
        if j >= 2 && toks[j - 1].is("record") && toks[j - 2].is("a") {
            j -= 2;
            continue;
        }
        // "fell 250 points, or 1.2%"
        if !is_points
            && j >= 4
            && toks[j - 1].is("or")
            && toks[j - 2].is_punct(',')
            && (toks[j - 3].is("points") || toks[j - 3].is("pts"))
        {
            points = toks[j - 4].num();
            j -= 4;
            continue;
        }
        // "up 120 pts or 0.5%"
        if !is_points
            && j >= 3
            && toks[j - 1].is("or")
            && (toks[j - 2].is("points") || toks[j - 2].is("pts"))
            && toks[j - 3].num().is_some()
        {
            points = toks[j - 3].num();
            j -= 3;
            continue;
        }
        break;
    }
    let v = j.checked_sub(1)?;
    let (v, sign_v) = match ctx.lx.verb_sign(toks[v].lw()) {
        Some(s) => (v, s),
        // "closed the day 1.8% down"
        None => match shape::day_verb(toks, j, after, ctx) {
            Some(verb) => (verb, 0),
            None => {
                let mid = range.map_or(first, |[a, b]| (a + b) / 2.0);
                return signed_figure(toks, i, j, first, range, after, ctx)
                    .or_else(|| noun::noun_figure(toks, i, j, mid, approx, after, ctx));
            }
        },
    };
    let mut verb_start = v;
    // "closed at 25,000, up 1.2%": the subject is before "closed", the level is given
    let mut level_before = None;
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
            .all(|t| t.kind != super::text::TokKind::Word || t.text.len() <= 3)
        && ctx.lx.verb_sign(toks[at - 1].lw()).is_some()
    {
        verb_start = at - 1;
        level_before = Some(level);
    } else if let Some(verb) = shape::comma_clause_verb(toks, v, ctx) {
        // "closed a touch higher, up 0.2%"
        verb_start = verb;
    }
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
    if multi_session(toks, after, verb_start) {
        return None;
    }
    // "could fall 5%", "expected to rise 10%", "if copper falls 10%"
    let before_verb = &toks[verb_start.saturating_sub(8)..verb_start];
    if verb_start > 0 && NOT_FACT_BEFORE_VERB.contains(&toks[verb_start - 1].lw())
        || before_verb.iter().any(|t| t.is("if") || t.is("unless"))
    {
        return None;
    }
    // a commodity's move to a price level is a price, not a stock move
    let mut k = after;
    if toks.get(k).is_some_and(|t| t.is("higher") || t.is("lower")) {
        k += 1;
    }
    let mut price = None;
    if toks.get(k).is_some_and(|t| t.is("to") || t.is("at")) {
        let n = k
            + 1
            + usize::from(
                toks.get(k + 1).is_some_and(|t| t.is_punct('$'))
                    && toks.get(k + 2).is_some_and(|t| t.num().is_none()),
            );
        if let Some(m) = (n..(n + 3).min(toks.len()))
            .find_map(|x| money_at(toks, x, ctx.lx).filter(|m| m.start <= n + 1))
        {
            if m.unit.is_some() {
                return None;
            }
            price = Some(m.value);
        }
    }
    let mut subj_end = verb_start;
    while subj_end > 0 && {
        let t = &toks[subj_end - 1];
        SKIP_BEFORE_VERB.contains(&t.lw())
            || (t.lower.ends_with("ly") && t.text.starts_with(|c: char| c.is_lowercase()))
    } {
        subj_end -= 1;
    }
    subj_end = skip_shares(toks, subj_end);
    let value = range.map_or(first, |[a, b]| (a + b) / 2.0);
    let (value, points) = if is_points {
        // points only: needs the closing level
        let level = subject::level_after(toks, after)?;
        let pts = first * sign;
        let base = level - pts;
        if base <= 0.0 {
            return None;
        }
        (pts.abs() / base * 100.0, Some(pts))
    } else {
        (value, points.map(|p| p * sign))
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
        level: level_before,
        preset: None,
    })
}
