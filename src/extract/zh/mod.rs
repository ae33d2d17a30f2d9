//! Chinese: its own tokenizer and grammar, feeding the same fact types as
//! English. See docs/extract-zh.md for what it reads.
//!
//! A sentence is compacted (`clause::compact`: spaces and thousands
//! separators out), cut into clauses, and each clause read as figures with
//! the text between them (`clause`). The text before a figure names its
//! subjects (`subject`: an index by its Chinese name, a stock with or without
//! its code, a group of stocks, or something that is not a subject such as a
//! futures product or a period); the move frame (`moves`) carries a subject
//! over the clauses that only link to it ("，收盘报…点，跌幅…%"). Worded
//! sector moves (`sectors`) and forecasts (`forecast`) have their own
//! frames. Names come from the data files under `zh/data/` (`lex`).

pub(crate) mod affix;
mod clause;
mod forecast;
mod lex;
mod moves;
mod price;
mod sectors;
mod subject;
#[rustfmt::skip]
mod words;

use super::context::Ctx;
use super::model::Fact;

/// What the Chinese grammar remembers between sentences of one article.
#[derive(Debug, Default, Clone)]
pub struct State {
    /// The last institution named, and its paragraph.
    pub institution: Option<(usize, String)>,
}

/// Han ideographs.
pub fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}')
}

/// The sentence is Chinese: it holds Han text.
pub fn is_chinese(s: &str) -> bool {
    !s.is_ascii() && s.chars().any(is_han)
}

/// The clause text before a figure only links it to the subject before
/// ("，报…", "，收盘报…"): the clause continues that subject.
pub fn continues_subject(pre: &str) -> bool {
    subject::is_link(pre)
}

/// The ticker of a company the Chinese lexicon lists under `name` as written
/// (`zh/data/companies.txt`: its first listing).
pub fn listed_ticker(name: &str) -> Option<&'static str> {
    lex::ZH.companies.exact(name)
}

/// Moves, worded sector moves and forecasts of one Chinese sentence; `have`
/// counts the facts other grammars already read from it.
pub fn read_sentence(s: &str, ctx: &mut Ctx, out: &mut Vec<Fact>, have: usize) {
    let written = clause::compact(s);
    let text = clause::simplified(&written);
    let has_digit = text.bytes().any(|b| b.is_ascii_digit());
    if has_digit {
        // the sentence's facts so far are the last `have` of `out`
        let first = out.len().saturating_sub(have);
        let all = forecast::amounts(&text);
        price::review(&text, &all, out, first);
        let have = out.len() - first;
        moves::moves(&text, &written, s, out);
        let before = &out[first..first + have];
        let mut found = Vec::new();
        forecast::forecasts(&text, &all, &written, s, ctx, before, &mut found);
        let mut quotes = Vec::new();
        price::prices(&text, &all, s, &[before, &found[..]].concat(), &mut quotes);
        found.append(&mut quotes);
        out.append(&mut found);
    } else if let Some(inst) = lex::ZH.institutions.find_all(&text).last() {
        ctx.zh.institution = Some((ctx.paragraph, inst.2.to_string()));
    }
    sectors::sector_moves(&text, s, out);
}
