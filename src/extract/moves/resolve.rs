//! Subjects that are not plain names: index codes, lists of indices, markets
//! named by their place, places after a subject, and pronouns.

use super::super::context::{Ctx, Subject};
use super::super::lexicon::Lexicon;
use super::super::text::{TokKind, Token};

/// ".N225", ".SPX", ".MIAPJ0000PUS": a Reuters index code (a dot glued to an
/// upper-case code) ending just before `end`.
pub fn code_ending(toks: &[Token], end: usize) -> bool {
    end >= 2 && {
        let code = &toks[end - 1];
        code.kind == TokKind::Word
            && !code.space_before
            && toks[end - 2].is_punct('.')
            && (end == 2 || toks[end - 2].space_before)
            && code.text.starts_with(|c: char| c.is_ascii_uppercase())
            && !code.text.bytes().any(|b| b.is_ascii_lowercase())
    }
}

/// Nouns after a place that name its stock market ("Tokyo stocks", "Seoul's benchmark").
const MARKET_NOUNS: &[&[&str]] = &[
    &["stock", "market"],
    &["share", "market"],
    &["stock", "index"],
    &["share", "index"],
    &["main", "index"],
    &["benchmark", "index"],
    &["stock", "prices"],
    &["share", "prices"],
    &["blue", "chips"],
    &["blue-chips"],
    &["benchmark"],
    &["stocks"],
    &["shares"],
    &["equities"],
    &["market"],
    &["bourse"],
];

fn words_ending(toks: &[Token], end: usize, words: &[&str]) -> bool {
    end >= words.len()
        && words
            .iter()
            .zip(&toks[end - words.len()..end])
            .all(|(w, t)| t.lower == *w)
}

/// "the CSI 300 Index in Shanghai", "Shares of JD.com in Hong Kong": the
/// place after a subject. Returns where the subject ends and the place's index.
pub fn locative<'l>(toks: &[Token], end: usize, lx: &'l Lexicon) -> Option<(usize, &'l str)> {
    for at in end.saturating_sub(5)..end.saturating_sub(1) {
        if at == 0 || !(toks[at].is("in") || toks[at].is("on")) {
            continue;
        }
        let k = at + 1 + usize::from(toks[at + 1].is("the"));
        let found = lx
            .market_cities
            .match_at(toks, k)
            .or_else(|| lx.market_countries.match_at(toks, k));
        if let Some((n, index)) = found
            && k + n == end
        {
            return Some((at, index));
        }
    }
    None
}

/// A market named by its place: "Tokyo stocks", "South Korea's benchmark",
/// "Japanese shares", or a city alone ("Paris"). Returns (start, index).
pub fn market_ending<'l>(toks: &[Token], end: usize, lx: &'l Lexicon) -> Option<(usize, &'l str)> {
    for noun in MARKET_NOUNS {
        if !words_ending(toks, end, noun) {
            continue;
        }
        let mut p = end - noun.len();
        if p >= 2 && toks[p - 1].is("s") && toks[p - 2].is_punct('\'') {
            p -= 2;
        }
        let found = lx
            .market_cities
            .match_ending(toks, p)
            .or_else(|| lx.market_countries.match_ending(toks, p));
        if let Some((start, index)) = found
            && toks[start].is_capitalized()
            && !owned_place(toks, start, lx)
        {
            return Some((start, index));
        }
    }
    // a city or an exchange alone, not inside a name ("Bank of Tokyo"); "The
    // ASX" opens a sentence
    let (start, index) = lx.market_cities.match_ending(toks, end)?;
    let before = start.checked_sub(1).map(|b| &toks[b]);
    let inside = before.is_some_and(|b| b.is("of") || b.is_capitalized() && !b.is("the"))
        || owned_place(toks, start, lx);
    (toks[start].is_capitalized() && !inside).then_some((start, index))
}

/// "Zijin's Hong Kong shares": the place is where the owner's shares trade.
fn owned_place(toks: &[Token], start: usize, lx: &Lexicon) -> bool {
    start >= 3
        && toks[start - 1].is("s")
        && toks[start - 2].is_punct('\'')
        && toks[start - 3].is_capitalized()
        && lx.market_cities.match_ending(toks, start - 2).is_none()
        && lx.market_countries.match_ending(toks, start - 2).is_none()
}

/// Indices named in a list ending at `end`: "the Dow, the Nasdaq and the S&P 500
/// indexes", "the Shanghai Composite". Returns the indices in text order and the start.
pub fn indices_ending(toks: &[Token], end: usize, lx: &Lexicon) -> (Vec<String>, usize) {
    let mut e = end;
    let plural =
        e > 1 && ["indexes", "indices", "benchmarks", "gauges"].contains(&toks[e - 1].lw());
    if plural {
        e -= 1;
    }
    let mut found = Vec::new();
    let mut start = end;
    loop {
        // "the S&P 500 .SPX": a code after a member
        if code_ending(toks, e) {
            e -= 2;
        }
        let one = lx.indices.match_ending(toks, e).or_else(|| {
            (e > 1 && toks[e - 1].is("index"))
                .then(|| lx.indices.match_ending(toks, e - 1))
                .flatten()
        });
        let Some((s, index)) = one else { break };
        found.push(index.to_string());
        start = s;
        let mut k = s;
        if k > 0 && toks[k - 1].is("the") {
            k -= 1;
        }
        let before = k;
        if k > 0 && toks[k - 1].is("and") {
            k -= 1;
        }
        if k > 0 && toks[k - 1].is_punct(',') {
            k -= 1;
        }
        if k == before || k == 0 {
            break;
        }
        e = k;
    }
    if found.len() > 1 || !plural {
        found.reverse();
        (found, start)
    } else {
        (Vec::new(), end)
    }
}

/// What a pronoun subject can stand for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Pronoun {
    /// "it": the last index or company.
    Any,
    /// "the index", "the benchmark", "the gauge".
    Index,
    /// "the stock", "its shares", "the pharmaceutical giant".
    Company,
}

const INDEX_HEADS: &[&str] = &["index", "benchmark", "gauge", "composite", "average"];
const INDEX_ADJECTIVES: &[&str] = &[
    "benchmark",
    "main",
    "key",
    "blue-chip",
    "headline",
    "composite",
    "whole",
    "overall",
    "share",
    "stock",
];
const COMPANY_HEADS: &[&str] = &[
    "stock",
    "company",
    "counter",
    "firm",
    "group",
    "shares",
    "giant",
    "miner",
    "producer",
    "maker",
    "lender",
    "insurer",
    "retailer",
    "carmaker",
    "automaker",
    "chipmaker",
    "drugmaker",
    "developer",
    "operator",
    "explorer",
    "refiner",
    "smelter",
    "conglomerate",
    "bank",
];

/// A pronoun or a definite description ending at `end`: its kind and start.
pub fn pronoun_ending(toks: &[Token], end: usize) -> Option<(Pronoun, usize)> {
    let last = toks.get(end.checked_sub(1)?)?;
    if last.is("it") {
        return Some((Pronoun::Any, end - 1));
    }
    let head = last.lw();
    let kind = if INDEX_HEADS.contains(&head) {
        Pronoun::Index
    } else if COMPANY_HEADS.contains(&head) {
        Pronoun::Company
    } else {
        return None;
    };
    // "the index", "the benchmark index", "its shares", "the pharmaceutical giant";
    // "the all industrials index" is another index
    let mut k = end - 1;
    while k > 0 && end - 1 - k < 3 {
        let t = &toks[k - 1];
        if t.is("the") || t.is("its") || t.is("their") {
            return Some((kind, k - 1));
        }
        if kind == Pronoun::Index && !INDEX_ADJECTIVES.contains(&t.lw()) {
            return None;
        }
        let lower_word = t.kind == TokKind::Word && t.text.starts_with(|c: char| c.is_lowercase());
        if !(lower_word || t.is_punct('-')) || t.is("industry") || t.is("sector") {
            return None;
        }
        k -= 1;
    }
    None
}

/// The entity a pronoun ending at `start` stands for: an index named earlier in
/// the sentence, else the last index or company of the sentences before.
pub fn resolve(toks: &[Token], start: usize, kind: Pronoun, ctx: &Ctx) -> Option<Subject> {
    if kind == Pronoun::Company {
        return ctx.last_company.clone().map(Subject::Company);
    }
    let mut here = None;
    let mut k = 0;
    while k < start {
        match ctx.lx.indices.match_at(toks, k) {
            Some((n, index)) if k + n <= start => {
                here = Some(index.to_string());
                k += n;
            }
            _ => k += 1,
        }
    }
    if let Some(index) = here {
        return Some(Subject::Index(index));
    }
    match kind {
        Pronoun::Index => ctx.prev_index.clone().map(Subject::Index),
        _ => ctx.prev_subject.clone(),
    }
}
