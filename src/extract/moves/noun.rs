//! Moves written as nouns: "a 2.2 percent increase for the energy sector",
//! "Monday's 2.7% slide", "the 14.9 pct plunge in the Tokyo share index",
//! "X posted a 3% gain".

use super::super::context::{Ctx, Subject};
use super::super::text::{TokKind, Token};
use super::Figure;
use super::resolve::{Pronoun, resolve};
use super::shape::multi_session;

const UP_NOUNS: &[&str] = &[
    "increase", "rise", "gain", "jump", "climb", "advance", "rally", "surge", "rebound", "uptick",
    "spike",
];
const DOWN_NOUNS: &[&str] = &[
    "decline", "drop", "fall", "slide", "loss", "plunge", "tumble", "slump", "decrease", "retreat",
    "dip", "selloff", "sell-off", "drawdown", "slip",
];
/// Verbs whose object is a move of their subject ("Rio Tinto posted a 3% gain").
const POSTED: &[&str] = &[
    "posted",
    "recorded",
    "saw",
    "logged",
    "notched",
    "suffered",
    "booked",
    "registered",
    "marked",
    "clocked",
    "chalked",
];
/// Words after a move noun's subject that make the move hypothetical.
const MODALS: &[&str] = &[
    "would", "could", "may", "might", "will", "should", "can", "is", "means", "implies",
];

/// The move noun after a figure and its sign.
fn noun_sign(t: &Token) -> Option<f64> {
    let w = t.lw();
    if UP_NOUNS.contains(&w) {
        Some(1.0)
    } else if DOWN_NOUNS.contains(&w) {
        Some(-1.0)
    } else {
        None
    }
}

/// Where the noun phrase starting at `k` ends: words and glued index codes,
/// up to a verb, a clause word or punctuation.
fn phrase_end(toks: &[Token], mut k: usize, ctx: &Ctx) -> usize {
    let stop = [
        "as",
        "after",
        "while",
        "and",
        "on",
        "in",
        "at",
        "to",
        "from",
        "since",
        "with",
        "today",
        "yesterday",
        "has",
        "have",
        "had",
        "was",
        "were",
        "is",
        "are",
        "this",
        "last",
        "that",
        "which",
        "who",
        "but",
        "than",
        "amid",
        "over",
        "during",
        "by",
    ];
    let limit = (k + 8).min(toks.len());
    while k < limit {
        let t = &toks[k];
        let word = t.kind == TokKind::Word
            && !stop.contains(&t.lw())
            && ctx.lx.verb_sign(t.lw()).is_none();
        let code_dot = t.is_punct('.')
            && toks
                .get(k + 1)
                .is_some_and(|n| n.is_capitalized() && !n.space_before);
        let amp = t.is_punct('&') || t.is_punct('/') || t.is_punct('\'');
        if !(word || code_dot || amp || t.num().is_some()) {
            break;
        }
        k += 1;
    }
    k
}

/// A figure followed by a move noun. `j` is where the figure's hedges start.
pub fn noun_figure(
    toks: &[Token],
    i: usize,
    j: usize,
    value: f64,
    approx: bool,
    after: usize,
    ctx: &Ctx,
) -> Option<Figure> {
    let sign = noun_sign(toks.get(after)?)?;
    let past = after + 1;
    if multi_session(toks, past, 0) {
        return None;
    }
    let head = &toks[j.saturating_sub(8)..j];
    if head
        .iter()
        .any(|t| t.is("if") || t.is("unless") || t.is("would"))
    {
        return None;
    }
    let figure = |subj_end: usize, after: usize, preset: Option<Subject>| Figure {
        value,
        range: None,
        approx,
        sign,
        points: None,
        subj_end,
        after,
        price: None,
        each: Vec::new(),
        level: None,
        preset,
    };
    // "a 2.2 percent increase for the energy sector", "the 14.9 pct plunge in the Tokyo share index"
    if toks
        .get(past)
        .is_some_and(|t| ["in", "for", "of", "at"].contains(&t.lw()))
    {
        let end = phrase_end(toks, past + 1, ctx);
        let hypothetical = toks[end..(end + 4).min(toks.len())]
            .iter()
            .any(|t| MODALS.contains(&t.lw()));
        if end > past + 1 && !hypothetical && !multi_session(toks, end, 0) {
            return Some(figure(end, end, None));
        }
        return None;
    }
    // "following Monday's 2.7% slide": the sentence's subject
    let day = j >= 3
        && toks[j - 1].is("s")
        && toks[j - 2].is_punct('\'')
        && super::super::words::NOT_COMPANY.contains(&toks[j - 3].lw())
        && toks[j - 3].is_capitalized();
    if day {
        let subject = resolve(toks, j - 3, Pronoun::Any, ctx)?;
        return Some(figure(j - 3, past, Some(subject)));
    }
    // "Rio Tinto posted a 3% gain"
    let mut v = j;
    while v > 0 && ["a", "an", "its", "their"].contains(&toks[v - 1].lw()) {
        v -= 1;
    }
    if v > 0 && POSTED.contains(&toks[v - 1].lw()) && i > 0 {
        return Some(figure(v - 1, past, None));
    }
    None
}
