//! Index, stock and sector moves given as a percentage (or index points).

use super::context::Ctx;
use super::model::{Fact, FactKind, IndexMove, MoveDirection, SectorMove, StockMove};
use super::names::names_before;
use super::sectors::sectors_ending;
use super::text::{TokKind, Token};

/// Words right after a figure that make it a multi-session or growth figure.
const PERIOD_AFTER: &[&str] = &[
    "year-over-year",
    "year-on-year",
    "yoy",
    "y/y",
    "week",
    "weeks",
    "month",
    "months",
    "year",
    "years",
    "year-to-date",
    "ytd",
    "since",
    "annually",
    "weekly",
    "monthly",
    "quarter-over-quarter",
    "quarter-on-quarter",
    "qoq",
    "q/q",
    "mom",
    "m/m",
    "sequentially",
    "over",
    "in",
    "this",
    "last",
    "past",
];
const PERIOD_WORDS: &[&str] = &[
    "week",
    "weeks",
    "month",
    "months",
    "year",
    "years",
    "ytd",
    "year-to-date",
    "weekly",
    "monthly",
    "quarter",
    "annual",
    "since",
    "2024",
    "2025",
    "2026",
];
/// Subjects that are not companies.
const NOT_COMPANY: &[&str] = &[
    "revenue",
    "revenues",
    "profit",
    "profits",
    "sales",
    "output",
    "production",
    "exports",
    "imports",
    "prices",
    "price",
    "inventories",
    "inventory",
    "stocks",
    "shares",
    "demand",
    "supply",
    "volume",
    "volumes",
    "turnover",
    "earnings",
    "income",
    "ebitda",
    "capex",
    "margin",
    "gdp",
    "cpi",
    "ppi",
    "pmi",
    "yield",
    "yields",
    "dollar",
    "yuan",
    "the",
    "it",
    "they",
    "this",
    "investors",
    "analysts",
    "market",
    "markets",
    "index",
    "futures",
    "spot",
    "premiums",
    "us",
];
const SKIP_BEFORE_VERB: &[&str] = &[
    "also",
    "all",
    "both",
    "each",
    "have",
    "has",
    "had",
    "were",
    "was",
    "is",
    "are",
    "further",
    "again",
    "today",
    "respectively",
    "collectively",
    "together",
    "then",
    "subsequently",
    "initially",
    "once",
    "had",
    "been",
    "sharply",
    "just",
];
const LIST_INTRO: &[&str] = &[
    "including",
    "such",
    "like",
    "led",
    "notably",
    "especially",
    "particularly",
    "namely",
    "e.g",
];

/// A percentage or points figure and the verb before it.
struct Figure {
    value: f64,
    range: Option<[f64; 2]>,
    approx: bool,
    sign: f64,
    points: Option<f64>,
    subj_end: usize,
    after: usize,
}

/// Find index, stock and sector moves in one tokenized sentence.
pub fn moves(sentence: &str, toks: &[Token], ctx: &mut Ctx, out: &mut Vec<Fact>) {
    let mut i = 0;
    while i < toks.len() {
        let Some(fig) = figure_at(toks, i, ctx) else {
            i += 1;
            continue;
        };
        i = fig.after.max(i + 1);
        emit(sentence, toks, &fig, ctx, out);
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

fn figure_at(toks: &[Token], i: usize, ctx: &Ctx) -> Option<Figure> {
    let hi = toks[i].num()?;
    let (pct_n, is_points) = match pct_len(toks, i + 1) {
        Some(n) => (n, false),
        None if toks
            .get(i + 1)
            .is_some_and(|t| t.is("points") || t.is("pts") || t.is("point")) =>
        {
            (1, true)
        }
        None => return None,
    };
    let after = i + 1 + pct_n;
    let mut lo_idx = i;
    let mut range = None;
    if i >= 2 && (toks[i - 1].is_punct('–') || toks[i - 1].is_punct('-') || toks[i - 1].is("to"))
    {
        let k = if toks[i - 2].is_punct('%') {
            i.checked_sub(3)
        } else {
            Some(i - 2)
        };
        if let Some(k) = k
            && let Some(lo) = toks[k].num()
            && lo <= hi
        {
            range = Some([lo, hi]);
            lo_idx = k;
        }
    }
    let mut j = lo_idx;
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
            ]
            .contains(&toks[j - 1].lower.as_str())
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
    let w = toks[v].lower.as_str();
    let sign_v = ctx.lx.verb_sign(w)?;
    let mut verb_start = v;
    let sign = if ["up", "down", "higher", "lower"].contains(&w) || sign_v != 0 {
        if v > 0 && ctx.lx.verb_sign(&toks[v - 1].lower).is_some() {
            verb_start = v - 1;
        }
        f64::from(sign_v)
    } else {
        match toks.get(after).map(|t| t.lower.as_str()) {
            Some("higher" | "up") => 1.0,
            Some("lower" | "down") => -1.0,
            _ => return None,
        }
    };
    // a multi-session or growth figure is not a move
    let tail = &toks[after.min(toks.len())..(after + 3).min(toks.len())];
    if tail.iter().any(|t| {
        PERIOD_AFTER.contains(&t.lower.as_str())
            && !(t.is("in") || t.is("over") || t.is("this") || t.is("last") || t.is("past"))
    }) || tail.windows(2).any(|p| {
        (p[0].is("in")
            || p[0].is("over")
            || p[0].is("this")
            || p[0].is("last")
            || p[0].is("past")
            || p[0].is("the"))
            && PERIOD_WORDS.contains(&p[1].lower.as_str())
    }) || (tail.len() >= 3
        && (tail[0].is("over") || tail[0].is("in"))
        && PERIOD_WORDS.contains(&tail[2].lower.as_str()))
    {
        return None;
    }
    let look = verb_start.saturating_sub(6);
    if toks[look..verb_start].windows(2).any(|p| {
        ["this", "last", "past", "the", "for", "so"].contains(&p[0].lower.as_str())
            && ["week", "month", "year", "quarter", "far"].contains(&p[1].lower.as_str())
    }) {
        return None;
    }
    let mut subj_end = verb_start;
    while subj_end > 0
        && (SKIP_BEFORE_VERB.contains(&toks[subj_end - 1].lower.as_str())
            || (toks[subj_end - 1].lower.ends_with("ly")
                && toks[subj_end - 1]
                    .text
                    .starts_with(|c: char| c.is_lowercase())))
    {
        subj_end -= 1;
    }
    // "Zijin Mining shares", "Zijin Mining's shares"
    if subj_end >= 2
        && (toks[subj_end - 1].is("shares") || toks[subj_end - 1].is("stock"))
        && toks[subj_end - 2]
            .text
            .starts_with(|c: char| c.is_uppercase())
        && !["the", "its", "their", "his", "her"].contains(&toks[subj_end - 2].lower.as_str())
    {
        subj_end -= 1;
    }
    // "Zijin Mining's shares"
    if subj_end >= 4
        && (toks[subj_end - 1].is("shares") || toks[subj_end - 1].is("stock"))
        && toks[subj_end - 2].is("s")
        && toks[subj_end - 3].is_punct('\'')
    {
        subj_end -= 3;
    }
    let value = if let Some([a, b]) = range {
        (a + b) / 2.0
    } else {
        hi
    };
    let (value, points) = if is_points {
        // points only: needs the closing level
        let level = level_after(toks, after)?;
        let pts = hi * sign;
        let base = level - pts;
        if base <= 0.0 {
            return None;
        }
        (pts.abs() / base * 100.0, Some(pts))
    } else {
        (value, points.map(|p| p * sign))
    };
    Some(Figure {
        value,
        range,
        approx,
        sign,
        points,
        subj_end,
        after,
    })
}

fn level_after(toks: &[Token], mut j: usize) -> Option<f64> {
    let stop = (j + 5).min(toks.len());
    while j < stop {
        let t = &toks[j];
        if let Some(v) = t.num() {
            return (v > 100.0 && !toks.get(j + 1).is_some_and(|n| n.is_punct('%'))).then_some(v);
        }
        if !(t.is_punct(',')
            || [
                "to", "at", "close", "end", "finish", "closing", "ending", "settle", "a", "level",
                "of",
            ]
            .contains(&t.lower.as_str()))
        {
            return None;
        }
        j += 1;
    }
    None
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn emit(sentence: &str, toks: &[Token], fig: &Figure, ctx: &mut Ctx, out: &mut Vec<Fact>) {
    let signed = |v: f64| fig.sign * v;
    let range = fig
        .range
        .map(|[a, b]| if fig.sign < 0.0 { [-b, -a] } else { [a, b] });
    let approx = fig.approx;
    let fact = |kind: FactKind| Fact {
        kind,
        approx,
        range,
        sentence: sentence.to_string(),
    };
    let mut end = fig.subj_end;
    let mut members: Vec<super::names::Named> = Vec::new();
    // appositive or member list between commas before the verb
    if end > 0 && toks[end - 1].is_punct(',') {
        let c = (end.saturating_sub(14)..end - 1)
            .rev()
            .find(|&k| toks[k].is_punct(','));
        if let Some(c) = c {
            let first = &toks[c + 1];
            if LIST_INTRO.contains(&first.lower.as_str()) {
                members = names_before(toks, end - 1).0;
                end = c;
            } else if first.text.starts_with(|ch: char| ch.is_lowercase()) {
                end = c;
            }
        }
    }
    // an index ("Hang Seng Index", "Hong Kong stocks")
    let mut e = end;
    if let Some((_, index)) = ctx.lx.indices.match_ending(toks, e) {
        let index = index.to_string();
        if fig.points.is_none() && fig.range.is_none() {
            out.push(fact(FactKind::IndexMove(IndexMove {
                index,
                change_pct: round2(signed(fig.value)),
                level: level_after(toks, fig.after),
                points: None,
            })));
        } else {
            out.push(fact(FactKind::IndexMove(IndexMove {
                index,
                change_pct: round2(signed(fig.value)),
                level: level_after(toks, fig.after),
                points: fig.points,
            })));
        }
        return;
    }
    let direction = if fig.sign < 0.0 {
        MoveDirection::Down
    } else {
        MoveDirection::Up
    };
    // "the stock", "the company", "its shares"
    if e >= 1
        && ["stock", "company", "counter", "firm", "it", "shares"]
            .contains(&toks[e - 1].lower.as_str())
    {
        let pron = toks[e - 1].is("it")
            || (e >= 2 && ["the", "its", "their"].contains(&toks[e - 2].lower.as_str()));
        if pron && members.is_empty() {
            if let Some(name) = ctx.last_company.clone() {
                out.push(fact(FactKind::StockMove(StockMove {
                    name,
                    change_pct: signed(fig.value),
                    ticker: None,
                    price: None,
                })));
            }
            return;
        }
    }
    // a group of stocks ("property stocks rose 2%")
    let groups = sectors_ending(toks, e, ctx.lx);
    if !groups.is_empty() {
        for s in groups {
            out.push(fact(FactKind::SectorMove(SectorMove {
                sector: s,
                direction,
                change_pct: if members.is_empty() {
                    Some(signed(fig.value))
                } else {
                    None
                },
            })));
        }
    } else if members.is_empty() {
        // skip "shares of" in "shares of Zijin Mining rose"
        while e > 0 && toks[e - 1].kind == TokKind::Punct(',') {
            e -= 1;
        }
        members = names_before(toks, e).0;
    }
    for m in members {
        let lower = m.name.to_lowercase();
        if NOT_COMPANY.contains(&lower.as_str())
            || ctx.lx.commodities.values.contains(&lower)
            || is_commodity_alias(&m.name, ctx)
        {
            continue;
        }
        ctx.last_company = Some(m.name.clone());
        out.push(fact(FactKind::StockMove(StockMove {
            name: m.name,
            change_pct: signed(fig.value),
            ticker: m.ticker,
            price: None,
        })));
    }
}

fn is_commodity_alias(name: &str, ctx: &Ctx) -> bool {
    let toks = super::text::tokenize(name);
    ctx.lx
        .commodities
        .match_at(&toks, 0)
        .is_some_and(|(n, _)| n == toks.len())
}
