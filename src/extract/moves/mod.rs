//! Index, stock and sector moves given as a percentage (or index points).

mod subject;

use super::context::Ctx;
use super::model::Fact;
use super::money::money_at;
use super::text::Token;
use super::words::{
    NOT_FACT_BEFORE_VERB, PERIOD_AFTER, PERIOD_OPENERS, PERIOD_WORDS, SKIP_BEFORE_VERB,
};

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
}

/// Find index, stock and sector moves in one tokenized sentence.
pub fn moves(sentence: &str, toks: &[Token], ctx: &mut Ctx, out: &mut Vec<Fact>) {
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
    if t.is_punct('%') || t.is("percent") || t.is("pct") {
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
    let first = toks[i].num()?;
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
    let mut j = i;
    let mut approx = false;
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
        break;
    }
    let v = j.checked_sub(1)?;
    let w = toks[v].lw();
    let Some(sign_v) = ctx.lx.verb_sign(w) else {
        return signed_figure(toks, i, j, first, range, after, ctx);
    };
    let mut verb_start = v;
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
    })
}

fn is_points_range(toks: &[Token], i: usize) -> bool {
    toks.get(i + 1).is_some_and(is_range_sep)
        && toks.get(i + 2).and_then(Token::num).is_some()
        && pct_len(toks, i + 3).is_some()
}

/// "Zijin Mining shares", "Zijin Mining's shares" -> the name ends before "shares".
fn skip_shares(toks: &[Token], subj_end: usize) -> usize {
    let is_shares = |t: &Token| t.is("shares") || t.is("stock");
    if subj_end >= 2
        && is_shares(&toks[subj_end - 1])
        && (toks[subj_end - 2]
            .text
            .starts_with(|c: char| c.is_uppercase())
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

/// A figure over a week, a month, a year, or a growth rate, is not a session's move.
fn multi_session(toks: &[Token], after: usize, verb_start: usize) -> bool {
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
fn respectively(toks: &[Token], first: f64, after: usize) -> (Vec<f64>, usize) {
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
    } else {
        (Vec::new(), after)
    }
}

/// "ended the morning session down 1.2%": a neutral verb a few filler words
/// before "up/down". `Some(None)` when the filler names a longer period.
fn session_verb(toks: &[Token], v: usize, ctx: &Ctx) -> Option<Option<usize>> {
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
fn signed_figure(
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
        super::text::TokKind::Punct('+') => 1.0,
        super::text::TokKind::Punct('-' | '−') => -1.0,
        _ => return None,
    };
    if toks[i - 1].space_before && !toks[i].space_before {
        // "+3.5%" glued; the token before must be a name, not a number or bracket
    } else if !toks[i].space_before {
        // "A-3.5%": a hyphenated code, not a sign
        return None;
    }
    let mut subj_end = i - 1;
    if toks[subj_end - 1].is_punct(':') {
        subj_end -= 1;
    }
    let prev = &toks[subj_end - 1];
    if prev.num().is_some()
        || prev.is_punct('%')
        || prev.is_punct('(')
        || prev.kind != super::text::TokKind::Word && !prev.is_punct(')')
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
    })
}
