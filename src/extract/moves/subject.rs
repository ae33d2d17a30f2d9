//! Who moved: an index, a group of stocks, "the stock", or a list of companies.

use super::super::context::{Ctx, Subject};
use super::super::model::{Fact, FactKind, IndexMove, MoveDirection, SectorMove, StockMove};
use super::super::names::{Named, names_before};
use super::super::sectors::sectors_ending;
use super::super::text::{TokKind, Token};
use super::super::words::LIST_INTRO;
use super::Figure;
pub(super) use super::company::is_company_name;
use super::company::{COMPANY_DATA, PLACES};
use super::extreme::close_after_extreme;
use super::resolve::{
    code_ending, indices_ending, locative, market_ending, pronoun_ending, resolve,
};
use super::shape::{first_verb, main_clause_verb, skip_shares};

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
        // "closed up 1.1% at 38,500.5 points": the level, written with its unit
        let level_word = j > 0 && (toks[j - 1].is("at") || toks[j - 1].is("to"));
        if let Some(v) = t.num()
            && toks
                .get(j + 1)
                .is_some_and(|n| n.is("points") || n.is("pts"))
            && !(level_word && v > 100.0)
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

/// Where the subject of a figure ends, past a participle clause, an
/// appositive, a relative clause and "X shares"; members of a list introduced
/// between commas ("names, including A and B, rose").
fn clause_end(toks: &[Token], fig: &Figure, ctx: &Ctx) -> (usize, Vec<Named>) {
    let mut end = fig.subj_end;
    let mut members: Vec<Named> = Vec::new();
    if let Some(k) = main_clause_verb(toks, fig, ctx) {
        end = k;
    }
    // "Japan's Nikkei bucked the trend and rose 0.5%": the subject of the first verb
    if end >= 3
        && (toks[end - 1].is("and") || toks[end - 1].is("but"))
        && let Some(k) = first_verb(toks, end - 1, ctx)
    {
        end = k;
    }
    // "jumped 7% before closing up 5.2%", ", before paring gains to close 5.2%
    // higher": the close of the subject of the first verb
    if let Some(k) = close_after_extreme(toks, end)
        && let Some(v) = first_verb(toks, k, ctx)
    {
        end = v;
    }
    // "McEwen Mining's shares, which rose 0.5%"
    if end >= 3
        && ["which", "that", "who"].contains(&toks[end - 1].lw())
        && toks[end - 2].is_punct(',')
        && !names_before(toks, skip_shares(toks, end - 2, ctx.lx))
            .0
            .is_empty()
    {
        end -= 2;
    }
    // "the CSI 300 index of top Shanghai and Shenzhen listings fell": the index
    // before its "of" phrase
    if let Some(k) = (end.saturating_sub(8)..end).find(|&k| toks[k].is("of"))
        && toks[k + 1..end].iter().all(|t| t.kind == TokKind::Word)
        && !indices_ending(toks, k, ctx.lx).0.is_empty()
    {
        end = k;
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
                // "Zijin Mining, China's largest copper miner, rose 3%",
                // "Tencent shares, on the other hand, surged 4%"
                end = c;
            }
        }
    }
    (skip_shares(toks, end, ctx.lx), members)
}

/// The indices a subject ending at `end` names: an index or a list of them,
/// an index code, a market by its place ("Tokyo stocks", "Paris").
fn index_subject(toks: &[Token], end: usize, place: Option<&str>, ctx: &Ctx) -> Vec<String> {
    // "Shanghai Composite (.SSEC)", "the S&P 500 (SPX)"
    let mut e = end;
    if e > 0
        && toks[e - 1].is_punct(')')
        && let Some(open) = (e.saturating_sub(6)..e - 1)
            .rev()
            .find(|&k| toks[k].is_punct('('))
    {
        e = open;
    }
    let (list, _) = indices_ending(toks, e, ctx.lx);
    if !list.is_empty() {
        return list;
    }
    if let Some((_, index)) = market_ending(toks, e, ctx.lx) {
        return vec![index.to_string()];
    }
    // "stocks in Australia", "shares in Tokyo"
    let bare_market = e >= 1
        && ["stocks", "shares", "equities", "markets", "market"].contains(&toks[e - 1].lw())
        && (e == 1 || !toks[e - 2].is_capitalized() && !toks[e - 2].lw().ends_with('s'));
    match place {
        Some(index) if bare_market => vec![index.to_string()],
        _ => Vec::new(),
    }
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
    let (mut end, mut members) = clause_end(toks, fig, ctx);
    // "Japan's Nikkei .N225": an index code is never a stock
    let code = code_ending(toks, end);
    if code {
        end -= 2;
    }
    let mut place = None;
    if let Some((at, index)) = locative(toks, end, ctx.lx) {
        place = Some(index);
        end = at;
    }
    let mut indices = if members.is_empty() {
        index_subject(toks, end, place, ctx)
    } else {
        Vec::new()
    };
    let mut company = None;
    match fig.preset.clone() {
        Some(Subject::Index(i)) => indices = vec![i],
        Some(Subject::Company(c)) => company = Some(c),
        None => {}
    }
    if indices.is_empty()
        && company.is_none()
        && members.is_empty()
        && let Some((kind, start)) = pronoun_ending(toks, end)
    {
        match resolve(toks, start, kind, ctx) {
            Some(Subject::Index(i)) => indices.push(i),
            Some(Subject::Company(c)) => company = Some(c),
            None => return,
        }
    }
    if !indices.is_empty() {
        emit_indices(toks, fig, indices, &fact, ctx, out);
        return;
    }
    if code {
        return;
    }
    if let Some(name) = company {
        let (name, ticker) = with_ticker(name, None, ctx);
        out.push(fact(FactKind::StockMove(StockMove {
            name,
            change_pct: signed(fig.value),
            ticker,
            price: fig.price,
        })));
        return;
    }
    let direction = if fig.sign < 0.0 {
        MoveDirection::Down
    } else {
        MoveDirection::Up
    };
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
        // "Zijin shares in Hong Kong rose": the company before its shares and place
        members = subject_names(toks, skip_shares(toks, end, ctx.lx));
    }
    emit_members(toks, fig, end, members, &fact, ctx, out);
}

/// One stock move per company named (a list shares the figure or pairs with
/// "respectively"); an index the lexicon does not list, by its name as written.
fn emit_members(
    toks: &[Token],
    fig: &Figure,
    end: usize,
    members: Vec<Named>,
    fact: &dyn Fn(FactKind) -> Fact,
    ctx: &mut Ctx,
    out: &mut Vec<Fact>,
) {
    let signed = |v: f64| fig.sign * v;
    let single = members.len() == 1;
    let paired = fig.each.len() == members.len();
    // (not a fund named after an index: "United States Copper Index (CPER)")
    let coded_after = toks.get(end).is_some_and(|t| t.is_punct('('));
    for (k, m) in members.into_iter().enumerate() {
        let magnitude = if paired { fig.each[k] } else { fig.value };
        // "The Hang Seng Mainland Properties Index rose 2.4%"
        if m.name.ends_with(" Index")
            && m.name.split(' ').count() >= 3
            && m.ticker.is_none()
            && !coded_after
        {
            out.push(fact(FactKind::IndexMove(IndexMove {
                index: m.name,
                change_pct: signed(magnitude),
                level: if single {
                    fig.level.or_else(|| level_after(toks, fig.after))
                } else {
                    None
                },
                points: fig.points,
            })));
            continue;
        }
        if !is_company_name(&m.name, ctx) {
            continue;
        }
        let (name, ticker) = with_ticker(m.name, m.ticker, ctx);
        ctx.last_company = Some(name.clone());
        ctx.last_subject = Some(Subject::Company(name.clone()));
        out.push(fact(FactKind::StockMove(StockMove {
            name,
            change_pct: signed(magnitude),
            ticker,
            price: if single {
                fig.price.or(fig.level)
            } else {
                None
            },
        })));
    }
}

/// "GFI stock rose": a ticker named earlier with its company stands for it.
fn with_ticker(name: String, ticker: Option<String>, ctx: &Ctx) -> (String, Option<String>) {
    if ticker.is_none()
        && let Some((t, company)) = ctx.tickers.iter().find(|(t, _)| *t == name)
    {
        return (company.clone(), Some(t.clone()));
    }
    (name, ticker)
}

/// The company names ending at `end` (a list, or one name).
fn subject_names(toks: &[Token], end: usize) -> Vec<Named> {
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
    if names.is_empty() {
        return names;
    }
    // "The Philadelphia Gold and Silver Index": one index's name, not a list
    if names.len() == 2 && names[1].name.ends_with(" Index") && names[1].ticker.is_none() {
        let name = format!("{} and {}", names[0].name, names[1].name);
        names.truncate(1);
        names[0].name = name;
    }
    // "port .IO62-CNI=SI": a fragment of a code, not a name
    if list_start > 0
        && !toks[list_start].space_before
        && toks[list_start - 1].kind != TokKind::Word
        && !toks[list_start - 1].is_punct('(')
        && !toks[list_start - 1].is_punct('"')
    {
        return Vec::new();
    }
    // "Revenue at Zijin rose 10%": the company's data moved, not its stock
    let owned = list_start >= 2
        && ["at", "of", "for", "from", "in"].contains(&toks[list_start - 1].lw())
        && COMPANY_DATA.contains(&toks[list_start - 2].lw());
    if owned { Vec::new() } else { names }
}

/// One index move per index named (a list shares the figure or pairs with "respectively").
fn emit_indices(
    toks: &[Token],
    fig: &Figure,
    indices: Vec<String>,
    fact: &dyn Fn(FactKind) -> Fact,
    ctx: &mut Ctx,
    out: &mut Vec<Fact>,
) {
    let after = after_figure(toks, fig.after);
    let single = indices.len() == 1;
    let paired = fig.each.len() == indices.len();
    for (k, index) in indices.into_iter().enumerate() {
        let magnitude = if paired { fig.each[k] } else { fig.value };
        ctx.last_index = Some(index.clone());
        ctx.last_subject = Some(Subject::Index(index.clone()));
        out.push(fact(FactKind::IndexMove(IndexMove {
            index,
            change_pct: round2(fig.sign * magnitude),
            level: single.then(|| fig.level.or(after.0)).flatten(),
            points: single
                .then(|| fig.points.or(after.1.map(|p| fig.sign * p)))
                .flatten(),
        })));
    }
}
