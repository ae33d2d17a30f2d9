//! Extract: article text in, typed facts out. Pure: no I/O, no global mutable state.
//!
//! The text is split into sentences ([`text`]), each sentence is tokenized and
//! read by small grammars: money amounts ([`money`]) for prices and forecasts
//! ([`price`]), percentage/points figures after a move verb for index, stock
//! and sector moves ([`moves`]), group-of-stocks phrases for worded sector
//! moves ([`sectors`]) and a Chinese pattern for Chinese market wraps
//! ([`chinese`]). Entities come from lexicons compiled in from `data/`
//! ([`Lexicon`]), which users extend through [`LexiconExtension`].

mod chinese;
mod context;
pub mod dates;
mod dedup;
mod lexicon;
pub mod model;
mod money;
mod moves;
mod names;
mod period;
mod price;
mod sectors;
mod text;
#[rustfmt::skip]
mod words;

use chrono::NaiveDate;

pub use lexicon::{Lexicon, LexiconExtension, SECTOR_IDS};
pub use model::*;

use context::Ctx;

/// Why a lexicon extension was refused.
#[derive(thiserror::Error, Debug)]
pub enum ExtractError {
    /// An entry names a sector id that is not one of the contract's 16.
    #[error(
        "[lexicon] {table}: entry {key:?} names unknown sector {sector:?}; use one of: {}",
        SECTOR_IDS.join(", ")
    )]
    UnknownSector {
        table: &'static str,
        key: String,
        sector: String,
    },
    /// An entry has an empty key or an empty alias.
    #[error("[lexicon] {table}: entry {key:?} has an empty name or alias; remove it or fill it in")]
    EmptyEntry { table: &'static str, key: String },
    /// `company_aliases` names a company that is neither built in nor in `companies`.
    #[error(
        "[lexicon] company_aliases: {name:?} is not a known company; add it under `companies` with its sector first"
    )]
    UnknownCompany { name: String },
}

/// What `extract_facts` needs besides the text.
#[derive(Debug, Clone, Copy)]
pub struct ExtractOptions<'a> {
    /// Reference day for dates written without a year, and for "next year".
    pub today: NaiveDate,
    /// The lexicons to read with.
    pub lexicon: &'a Lexicon,
}

/// All facts of one article (title may repeat a body fact: report it once, with the body's figures).
pub fn extract_facts(title: Option<&str>, body: &str, opts: &ExtractOptions) -> Vec<Fact> {
    let mut ctx = new_ctx(opts);
    let mut facts = dedup::dedup(read_text(body, &mut ctx));
    if let Some(title) = title {
        let mut tctx = new_ctx(opts);
        for f in dedup::dedup(read_text(title, &mut tctx)) {
            if !facts.iter().any(|g| dedup::same_subject(g, &f)) {
                facts.push(f);
            }
        }
    }
    facts
}

/// The document's `sectors`: themes the article is about, most prominent first.
pub fn sectors(title: Option<&str>, body: &str, facts: &[Fact], lexicon: &Lexicon) -> Vec<String> {
    sectors::doc_sectors(title, body, facts, lexicon)
}

fn new_ctx<'a>(opts: &ExtractOptions<'a>) -> Ctx<'a> {
    Ctx {
        lx: opts.lexicon,
        today: opts.today,
        paragraph: 0,
        last_commodity: None,
        last_company: None,
        last_institution: None,
        table: None,
    }
}

fn read_text(text: &str, ctx: &mut Ctx) -> Vec<Fact> {
    let mut out = Vec::new();
    let mut last_paragraph = usize::MAX;
    for sent in text::sentences(text) {
        let first_in_paragraph = sent.paragraph != last_paragraph;
        last_paragraph = sent.paragraph;
        ctx.paragraph = sent.paragraph;
        let s = sent.text.as_str();
        let toks = text::tokenize(s);
        note_companies(&toks, first_in_paragraph, ctx);
        price::note_table_header(&toks, ctx);
        if s.chars().any(text::is_cjk) {
            if s.contains('%') {
                chinese::chinese_moves(s, ctx, &mut out);
            }
            if s.contains('股') || s.contains("板块") {
                chinese::chinese_sector_moves(s, ctx, &mut out);
            }
        }
        if s.bytes().any(|b| b.is_ascii_digit()) {
            price::prices_and_forecasts(s, &toks, ctx, &mut out);
            moves::moves(s, &toks, ctx, &mut out);
        }
        sectors::sector_moves(s, &toks, ctx, &mut out);
        note_commodity_and_institution(&toks, ctx);
    }
    out
}

/// Remember the last company named, for "the stock" / "the company".
fn note_companies(toks: &[text::Token], first_in_paragraph: bool, ctx: &mut Ctx) {
    let mut found = None;
    let mut k = 0;
    while k < toks.len() {
        // company names start with a capital, a digit or a Han character
        if toks[k].lw() == toks[k].text && toks[k].kind == text::TokKind::Word {
            k += 1;
            continue;
        }
        if let Some((n, _)) = ctx.lx.companies.match_at(toks, k) {
            let words: Vec<&str> = toks[k..k + n].iter().map(|t| t.text).collect();
            found = Some(words.join(" "));
            k += n;
        } else {
            k += 1;
        }
    }
    if found.is_none() && first_in_paragraph {
        // a paragraph opening on a proper-noun subject: "Innoscience also carries ..."
        let run = toks.iter().take_while(|t| t.is_capitalized()).count();
        let next_lower = toks
            .get(run)
            .is_some_and(|t| t.text.starts_with(|c: char| c.is_lowercase()));
        if (1..=4).contains(&run) && next_lower {
            let words: Vec<&str> = toks[..run].iter().map(|t| t.text).collect();
            let name = words.join(" ");
            let common = ctx.lx.sector_keywords.match_at(toks, 0).is_some()
                || ctx.lx.commodities.match_at(toks, 0).is_some()
                || ctx.lx.indices.match_at(toks, 0).is_some()
                || COMMON_OPENERS.contains(&toks[0].lw());
            if !common {
                found = Some(name);
            }
        }
    }
    if found.is_some() {
        ctx.last_company = found;
    }
}

const COMMON_OPENERS: &[&str] = &[
    "the",
    "this",
    "that",
    "these",
    "those",
    "currently",
    "meanwhile",
    "however",
    "in",
    "on",
    "at",
    "for",
    "from",
    "with",
    "as",
    "after",
    "before",
    "key",
    "market",
    "markets",
    "investors",
    "analysts",
    "it",
    "its",
    "they",
    "we",
    "our",
    "a",
    "an",
    "looking",
    "according",
    "combined",
    "additionally",
    "furthermore",
    "moreover",
    "overall",
    "commentary",
    "notably",
    "also",
    "both",
    "some",
    "several",
    "many",
    "most",
    "other",
    "others",
    "there",
    "here",
    "shares",
    "stocks",
    "hong",
    "china",
    "chinese",
    "us",
    "u.s",
    "global",
    "asian",
    "european",
    "disclaimer",
];

fn note_commodity_and_institution(toks: &[text::Token], ctx: &mut Ctx) {
    if let Some(c) = (0..toks.len())
        .rev()
        .find_map(|k| ctx.lx.commodities.match_at(toks, k))
    {
        ctx.last_commodity = Some((ctx.paragraph, c.1.to_string()));
    }
    if let Some(inst) = (0..toks.len())
        .rev()
        .filter(|&k| toks[k].is_capitalized())
        .find_map(|k| ctx.lx.institutions.match_at(toks, k))
    {
        ctx.last_institution = Some(inst.1.to_string());
    }
}
