//! Who moved: an index, a group of stocks, "the stock", or a list of companies.

use super::super::context::Ctx;
use super::super::model::{Fact, FactKind, IndexMove, MoveDirection, SectorMove, StockMove};
use super::super::names::{Named, names_before};
use super::super::sectors::sectors_ending;
use super::super::text::{TokKind, Token, tokenize};
use super::super::words::{LIST_INTRO, NOT_COMPANY};
use super::Figure;

/// The closing level after a figure: "to 26,350.80", "to close at 5,820", "higher at 6,712.30".
pub fn level_after(toks: &[Token], j: usize) -> Option<f64> {
    after_figure(toks, j).0
}

/// The closing level and the points given after a percentage:
/// ", or 300 points, to 25,300".
pub fn after_figure(toks: &[Token], mut j: usize) -> (Option<f64>, Option<f64>) {
    let mut points = None;
    let mut stop = (j + 5).min(toks.len());
    while j < stop {
        let t = &toks[j];
        if let Some(v) = t.num()
            && toks
                .get(j + 1)
                .is_some_and(|n| n.is("points") || n.is("pts"))
        {
            points = Some(v);
            j += 2;
            stop = (stop + 2).min(toks.len());
            continue;
        }
        if let Some(v) = t.num() {
            let level =
                (v > 100.0 && !toks.get(j + 1).is_some_and(|n| n.is_punct('%'))).then_some(v);
            return (level, points);
        }
        let filler = [
            "to", "at", "close", "end", "finish", "closing", "ending", "settle", "a", "level",
            "of", "higher", "lower", "up", "down", "or",
        ];
        if !(t.is_punct(',') || filler.contains(&t.lw())) {
            return (None, points);
        }
        j += 1;
    }
    (None, points)
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Emit the facts of one figure according to its subject.
pub fn emit(sentence: &str, toks: &[Token], fig: &Figure, ctx: &mut Ctx, out: &mut Vec<Fact>) {
    let signed = |v: f64| fig.sign * v;
    let range = fig
        .range
        .map(|[a, b]| if fig.sign < 0.0 { [-b, -a] } else { [a, b] });
    let fact = |kind: FactKind| Fact {
        kind,
        approx: fig.approx,
        range,
        sentence: sentence.to_string(),
    };
    let mut end = fig.subj_end;
    let mut members: Vec<Named> = Vec::new();
    // a participle after the main clause: "Sunac China led gains, jumping 8.6%"
    let participle = toks
        .get(fig.subj_end)
        .is_some_and(|t| t.lw().ends_with("ing"));
    if participle && end > 0 && toks[end - 1].is_punct(',') {
        let seg_start = (0..end - 1)
            .rev()
            .find(|&k| toks[k].is_punct(',') || toks[k].is_punct(';'))
            .map_or(0, |k| k + 1);
        let main_verb = (seg_start..end - 1).find(|&k| {
            ctx.lx.verb_sign(toks[k].lw()).is_some()
                || ["led", "was", "were", "became", "outperformed"].contains(&toks[k].lw())
        });
        if let Some(k) = main_verb
            && !names_before(toks, k).0.is_empty()
        {
            end = k;
        }
    }
    // an appositive or a member list between commas before the verb
    if end > 0 && toks[end - 1].is_punct(',') {
        let c = (end.saturating_sub(14)..end - 1)
            .rev()
            .find(|&k| toks[k].is_punct(','));
        if let Some(c) = c {
            let first = &toks[c + 1];
            if LIST_INTRO.contains(&first.lw()) {
                members = names_before(toks, end - 1).0;
                end = c;
            } else if toks[c + 1..end - 1].iter().any(|t| {
                t.kind == TokKind::Word
                    && t.text.starts_with(|ch: char| ch.is_lowercase())
                    && !["and", "or", "of"].contains(&t.lw())
            }) {
                // "Zijin Mining, China's largest copper miner, rose 3%"
                end = c;
            }
        }
    }
    // an index ("Hang Seng Index", "Hong Kong stocks", "CSI300 index", "Shanghai Composite (.SSEC)")
    let mut index_end = end;
    if index_end > 0
        && toks[index_end - 1].is_punct(')')
        && let Some(open) = (index_end.saturating_sub(6)..index_end - 1)
            .rev()
            .find(|&k| toks[k].is_punct('('))
    {
        index_end = open;
    }
    let index = ctx.lx.indices.match_ending(toks, index_end).or_else(|| {
        (index_end > 1 && toks[index_end - 1].is("index"))
            .then(|| ctx.lx.indices.match_ending(toks, index_end - 1))
            .flatten()
    });
    let after = after_figure(toks, fig.after);
    // "the index", "the benchmark", "the gauge": the last index that moved
    let pronoun_index = end >= 2
        && ["index", "benchmark", "gauge"].contains(&toks[end - 1].lw())
        && toks[end - 2].is("the");
    let index = index
        .map(|(_, i)| i.to_string())
        .or_else(|| pronoun_index.then(|| ctx.last_index.clone()).flatten());
    if let Some(index) = index {
        ctx.last_index = Some(index.clone());
        out.push(fact(FactKind::IndexMove(IndexMove {
            index,
            change_pct: round2(signed(fig.value)),
            level: fig.level.or(after.0),
            points: fig.points.or(after.1.map(|p| fig.sign * p)),
        })));
        return;
    }
    let direction = if fig.sign < 0.0 {
        MoveDirection::Down
    } else {
        MoveDirection::Up
    };
    // "the stock", "the company", "its shares", "it"
    if members.is_empty()
        && end >= 1
        && [
            "stock", "company", "counter", "firm", "it", "shares", "group",
        ]
        .contains(&toks[end - 1].lw())
    {
        let pron = toks[end - 1].is("it")
            || (end >= 2 && ["the", "its", "their"].contains(&toks[end - 2].lw()));
        if pron {
            if let Some(name) = ctx.last_company.clone() {
                out.push(fact(FactKind::StockMove(StockMove {
                    name,
                    change_pct: signed(fig.value),
                    ticker: None,
                    price: fig.price,
                })));
            }
            return;
        }
    }
    // a group of stocks ("property stocks rose 2%")
    let groups = sectors_ending(toks, end, ctx.lx);
    if !groups.is_empty() {
        for s in groups {
            out.push(fact(FactKind::SectorMove(SectorMove {
                sector: s,
                direction,
                change_pct: members.is_empty().then(|| signed(fig.value)),
            })));
        }
    } else if members.is_empty() {
        let mut e = end;
        while e > 0 && toks[e - 1].kind == TokKind::Punct(',') {
            e -= 1;
        }
        let (mut names, mut list_start) = names_before(toks, e);
        // "Zijin's Hong Kong shares": the owner, not the place
        if names.len() == 1 && PLACES.contains(&names[0].name.to_lowercase().as_str()) {
            let mut p = list_start;
            while p > 0 && toks[p - 1].is("hong") {
                p -= 1;
            }
            if p >= 3 && toks[p - 1].is("s") && toks[p - 2].is_punct('\'') {
                (names, list_start) = names_before(toks, p - 2);
            }
        }
        // "Revenue at Zijin rose 10%": the company's data moved, not its stock
        let owned = list_start >= 2
            && ["at", "of", "for", "from", "in"].contains(&toks[list_start - 1].lw())
            && COMPANY_DATA.contains(&toks[list_start - 2].lw());
        if !owned {
            members = names;
        }
    }
    let single = members.len() == 1;
    let paired = fig.each.len() == members.len();
    for (k, m) in members.into_iter().enumerate() {
        let magnitude = if paired { fig.each[k] } else { fig.value };
        if !is_company_name(&m.name, ctx) {
            continue;
        }
        ctx.last_company = Some(m.name.clone());
        out.push(fact(FactKind::StockMove(StockMove {
            name: m.name,
            change_pct: signed(magnitude),
            ticker: m.ticker,
            price: if single {
                fig.price.or(fig.level)
            } else {
                None
            },
        })));
    }
}

const PLACES: &[&str] = &[
    "hong kong",
    "shanghai",
    "shenzhen",
    "china",
    "london",
    "new york",
    "u.s",
    "us",
    "asia",
    "europe",
    "singapore",
    "tokyo",
    "sydney",
    "toronto",
    "a",
    "h",
    "kong",
];

const COMPANY_DATA: &[&str] = &[
    "revenue",
    "revenues",
    "profit",
    "profits",
    "sales",
    "output",
    "production",
    "earnings",
    "income",
    "ebitda",
    "capex",
    "margin",
    "margins",
    "exports",
    "imports",
    "demand",
    "volume",
    "volumes",
    "turnover",
    "dividend",
    "dividends",
    "orders",
    "deliveries",
    "shipments",
];

fn is_company_name(name: &str, ctx: &Ctx) -> bool {
    let lower = name.to_lowercase();
    if NOT_COMPANY.contains(&lower.as_str())
        || PLACES.contains(&lower.as_str())
        || lower.ends_with("exchange")
        || lower.ends_with(" index")
    {
        return false;
    }
    let toks = tokenize(name);
    let whole = |n: usize| n == toks.len();
    !(ctx
        .lx
        .commodities
        .match_at(&toks, 0)
        .is_some_and(|(n, _)| whole(n))
        || ctx
            .lx
            .indices
            .match_at(&toks, 0)
            .is_some_and(|(n, _)| whole(n))
        || ctx
            .lx
            .sector_keywords
            .match_at(&toks, 0)
            .is_some_and(|(n, _)| whole(n)))
}
