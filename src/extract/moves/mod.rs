//! Index, stock and sector moves given as a percentage (or index points).

mod company;
mod extreme;
mod figure;
mod lists;
mod noun;
mod resolve;
mod shape;
mod subject;

use figure::figure_at;

use super::context::Ctx;
use super::model::Fact;
use super::text::Token;

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
    let first = out.len();
    // the token of each fact's figure
    let mut at: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        match figure_at(toks, i, ctx) {
            Some(fig) => {
                let before = out.len();
                subject::emit(sentence, toks, &fig, ctx, out);
                at.resize(at.len() + out.len() - before, i);
                i = fig.after.max(i + 1);
            }
            None => i += 1,
        }
    }
    extreme::drop_extremes(toks, at, out, first);
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
