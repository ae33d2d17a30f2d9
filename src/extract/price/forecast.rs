//! Forecast facts: institution, direction, period.

use super::super::context::Ctx;
use super::super::model::{Direction, Fact, FactKind, Forecast};
use super::super::money::Money;
use super::super::period::{label_before, period_before};
use super::super::text::Token;
use super::super::words::{CUT, INITIATE, KEEP, RAISE};
use super::attrs::market_in;

/// A forecast read around the amount `m`; None without a named institution.
#[allow(clippy::too_many_arguments)]
pub fn forecast_fact(
    sentence: &str,
    toks: &[Token],
    m: &Money,
    fw: usize,
    clause_start: usize,
    commodity: String,
    previous: Option<f64>,
    ctx: &Ctx,
) -> Option<Fact> {
    let institution = institution_before(toks, m.start, ctx).or_else(|| {
        // "Brent, projected to average $100 this year": the source named before
        (sentence.is_ascii() && super::frame::passive(toks, fw))
            .then(|| ctx.last_institution.clone())
            .flatten()
    })?;
    let institution =
        super::speaker::expand_acronym(&institution, ctx.article).unwrap_or(institution);
    let window_start = m.start.saturating_sub(16);
    let head = &sentence[..toks.get(m.start).map_or(sentence.len(), |t| t.start)];
    let zh = !head.is_ascii();
    let period = zh
        .then(|| period_zh(head, ctx.today))
        .flatten()
        .or_else(|| label_before(toks, m.start, ctx.today))
        .or_else(|| {
            period_before(
                toks,
                window_start.max(clause_start.min(fw)),
                m.end,
                ctx.today,
            )
        });
    let mut direction = zh
        .then(|| direction_zh(head))
        .flatten()
        .unwrap_or_else(|| direction_before(toks, m));
    // "updated its forecast from $X to $Y": the figures tell the way
    if let (Direction::Initiated, Some(p)) = (direction, previous) {
        direction = if m.value > p {
            Direction::Raised
        } else if m.value < p {
            Direction::Cut
        } else {
            Direction::Maintained
        };
    }
    Some(Fact {
        kind: FactKind::Forecast(Forecast {
            commodity,
            institution,
            value: m.value,
            currency: m.currency.clone(),
            unit: m.unit.clone()?,
            direction,
            previous,
            period,
            market: market_in(toks, 0, m.start),
        }),
        approx: approx(sentence, toks, m, ctx),
        range: m.range,
        sentence: sentence.to_string(),
    })
}

/// "around $2,900", "about $30/oz", "约3200美元", "2600美元/吨左右".
fn approx(sentence: &str, toks: &[Token], m: &Money, ctx: &Ctx) -> bool {
    let (Some(first), Some(last)) = (toks.get(m.start), toks.get(m.end.saturating_sub(1))) else {
        return false;
    };
    if sentence.is_ascii() {
        return m.start > 0 && ctx.lx.hedges.match_ending(toks, m.start).is_some();
    }
    super::approx_zh(&sentence[..first.start], &sentence[last.end..])
}

const ORG_HEADS: &[&str] = &[
    "securities",
    "research",
    "bank",
    "capital",
    "futures",
    "analytics",
    "consulting",
    "economics",
    "partners",
    "investment",
    "investments",
    "group",
    "commission",
    "ministry",
    "administration",
    "agency",
    "government",
    "treasury",
    "corp",
    "inc",
];

/// The institution at `s` is the parent named in an appositive (", a unit of
/// X", ", part of X", ", owned by X"): the comma opening it.
fn appositive_parent(toks: &[Token], s: usize) -> Option<usize> {
    const LINKS: &[&str] = &[
        "unit",
        "subsidiary",
        "division",
        "arm",
        "part",
        "owned",
        "affiliate",
        "member",
    ];
    let lead = s
        .checked_sub(1)
        .filter(|&j| toks[j].is("of") || toks[j].is("by"))?;
    let comma = (lead.saturating_sub(4)..lead)
        .rev()
        .find(|&j| toks[j].is_punct(','))?;
    toks[comma + 1..lead]
        .iter()
        .any(|t| LINKS.contains(&t.lw()))
        .then_some(comma)
}

/// The lexicon institution named last before `at` (start, length); "BMI, a unit
/// of Fitch Solutions, said": the holder is BMI, not its parent.
fn lexicon_holder(toks: &[Token], at: usize, ctx: &Ctx) -> Option<(usize, usize)> {
    let named_before = |at: usize| {
        (0..at)
            .rev()
            .find_map(|s| ctx.lx.institutions.match_at(toks, s).map(|(n, _)| (s, n)))
    };
    let (s, n) = named_before(at)?;
    Some(
        appositive_parent(toks, s)
            .and_then(named_before)
            .unwrap_or((s, n)),
    )
}

/// The institution named before `at`: the lexicon first, then a capitalised
/// "X Securities"/"X Research" phrase, then "it"/"the bank" for the last one named.
pub fn institution_before(toks: &[Token], at: usize, ctx: &Ctx) -> Option<String> {
    // the institution as named in the text
    let mut best = lexicon_holder(toks, at, ctx).map(|(s, n)| span_text(&toks[s..s + n]));
    if best.is_none() {
        for s in 0..at {
            let t = &toks[s];
            if ORG_HEADS.contains(&t.lw()) && t.is_capitalized() {
                let mut b = s;
                while b > 0
                    && toks[b - 1].is_capitalized()
                    && !["the", "analysts", "at"].contains(&toks[b - 1].lw())
                {
                    b -= 1;
                }
                if b < s {
                    let name: Vec<&str> = toks[b..=s].iter().map(|t| t.text).collect();
                    best = Some(name.join(" "));
                }
            }
        }
    }
    let pronoun = toks[..at].iter().any(|t| {
        [
            "it",
            "its",
            "bank",
            "firm",
            "broker",
            "brokerage",
            "analysts",
            "he",
            "she",
            "his",
            "her",
            "company",
            "we",
            "our",
        ]
        .contains(&t.lw())
    });
    // a quote attributed after it: '"We expect ... $4,200," Macquarie said'
    let quoted = || {
        (at..toks.len()).find_map(|s| {
            let (n, _) = ctx.lx.institutions.match_at(toks, s)?;
            // "..., according to Citi"
            if s >= 2 && toks[s - 2].is("according") && toks[s - 1].is("to") {
                return Some(span_text(&toks[s..s + n]));
            }
            // "..., Mark Haefele, chief investment officer at UBS, said"
            let comma = usize::from(toks.get(s + n).is_some_and(|t| t.is_punct(',')));
            let verb = toks.get(s + n + comma)?;
            [
                "said",
                "says",
                "wrote",
                "noted",
                "added",
                "predicted",
                "forecast",
            ]
            .contains(&verb.lw())
            .then(|| span_text(&toks[s..s + n]))
        })
    };
    let english = toks.iter().all(|t| t.text.is_ascii());
    best.or_else(|| {
        english
            .then(|| super::speaker::speaker(toks, at, ctx))
            .flatten()
    })
    .or_else(quoted)
    .or_else(|| {
        if pronoun {
            ctx.last_institution.clone()
        } else {
            None
        }
    })
}

fn direction_before(toks: &[Token], m: &Money) -> Direction {
    let after = &toks[m.end.min(toks.len())..(m.end + 3).min(toks.len())];
    if after.iter().any(|t| t.is("unchanged")) {
        return Direction::Maintained;
    }
    let mut found = None;
    for (k, t) in toks[..m.start].iter().enumerate().rev() {
        let w = if t.lower.is_empty() { t.text } else { t.lw() };
        let revised = k > 0 && toks[k - 1].lw().starts_with("revis");
        let d = if revised && ["up", "upward", "upwards", "higher"].contains(&w) {
            Direction::Raised
        } else if revised && ["down", "downward", "downwards", "lower"].contains(&w) {
            Direction::Cut
        } else if RAISE.contains(&w) {
            Direction::Raised
        } else if CUT.contains(&w) {
            Direction::Cut
        } else if KEEP.contains(&w) {
            Direction::Maintained
        } else if INITIATE.contains(&w) {
            found.get_or_insert(Direction::Initiated);
            continue;
        } else {
            continue;
        };
        return d;
    }
    found.unwrap_or(Direction::Initiated)
}

/// Chinese revision verbs in the text before the amount (the last one wins).
fn direction_zh(head: &str) -> Option<Direction> {
    [
        ("上调", Direction::Raised),
        ("调高", Direction::Raised),
        ("上修", Direction::Raised),
        ("下调", Direction::Cut),
        ("调低", Direction::Cut),
        ("下修", Direction::Cut),
        ("维持", Direction::Maintained),
        ("首次", Direction::Initiated),
    ]
    .iter()
    .filter_map(|(w, d)| head.rfind(w).map(|p| (p, *d)))
    .max_by_key(|(p, _)| *p)
    .map(|(_, d)| d)
}

/// Chinese periods: "2026年上半年" -> 2026-H1, "四季度" -> Q4 of the year in
/// context, "明年" -> next year, "2027年" -> 2027.
fn period_zh(head: &str, today: chrono::NaiveDate) -> Option<String> {
    use chrono::Datelike;
    let year = if head.contains("明年") {
        Some(today.year() + 1)
    } else if head.contains("今年") {
        Some(today.year())
    } else {
        head.match_indices('年')
            .filter_map(|(p, _)| {
                let digits = head[..p]
                    .chars()
                    .rev()
                    .take_while(char::is_ascii_digit)
                    .count();
                (digits == 4)
                    .then(|| head[p - 4..p].parse::<i32>().ok())
                    .flatten()
            })
            .next_back()
    };
    let half = [("上半年", 1), ("下半年", 2)]
        .iter()
        .find(|(w, _)| head.contains(w))
        .map(|(_, n)| *n);
    let quarter = [
        ("一季度", 1),
        ("二季度", 2),
        ("三季度", 3),
        ("四季度", 4),
        ("1季度", 1),
        ("2季度", 2),
        ("3季度", 3),
        ("4季度", 4),
    ]
    .iter()
    .find(|(w, _)| head.contains(w))
    .map(|(_, n)| *n);
    let y = year.unwrap_or(today.year());
    match (half, quarter) {
        (Some(h), _) => Some(format!("{y}-H{h}")),
        (None, Some(q)) => Some(format!("{y}-Q{q}")),
        (None, None) => year.map(|y| y.to_string()),
    }
}

/// Tokens as written: spaces where the text had them.
fn span_text(toks: &[Token]) -> String {
    let mut s = String::new();
    for (i, t) in toks.iter().enumerate() {
        if i > 0 && t.space_before {
            s.push(' ');
        }
        s.push_str(t.text);
    }
    s
}
