//! Extract: article text in, typed facts out. Pure: no I/O, no global mutable state.
//!
//! The text is split into sentences (`text`), each sentence is tokenized and
//! read by small grammars: money amounts (`money`) for prices and forecasts
//! (`price`), percentage/points figures after a move verb for index, stock
//! and sector moves (`moves`), group-of-stocks phrases for worded sector
//! moves (`sectors`); Chinese sentences are read by their own tokenizer and
//! grammar (`zh`) into the same facts. Entities come from lexicons compiled in from `data/`
//! ([`Lexicon`]), which users extend through [`LexiconExtension`].

mod context;
pub mod dates;
mod dedup;
mod entities;
mod lexicon;
pub mod model;
mod money;
mod moves;
mod names;
mod period;
mod price;
mod referents;
mod scan;
mod sector_frames;
mod sectors;
mod text;
mod wordset;
#[rustfmt::skip]
mod words;
mod zh;

use chrono::NaiveDate;

pub use entities::{normalize_ticker, resolve_entities};
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
        /// The `[lexicon]` table (`companies`, `sector_keywords`).
        table: &'static str,
        /// The entry's key.
        key: String,
        /// The sector id it names.
        sector: String,
    },
    /// An entry has an empty key or an empty alias.
    #[error("[lexicon] {table}: entry {key:?} has an empty name or alias; remove it or fill it in")]
    EmptyEntry {
        /// The `[lexicon]` table.
        table: &'static str,
        /// The entry's key (empty for `institutions`).
        key: String,
    },
    /// `company_aliases` names a company that is neither built in nor in `companies`.
    #[error(
        "[lexicon] company_aliases: {name:?} is not a known company; add it under `companies` with its sector first"
    )]
    UnknownCompany {
        /// The company named.
        name: String,
    },
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
    ctx.local_dollar = price::dateline_dollar(body);
    ctx.article = body;
    let mut facts = dedup::dedup(read_text(body, &mut ctx));
    if let Some(title) = title {
        let mut tctx = new_ctx(opts);
        tctx.local_dollar = ctx.local_dollar;
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
        last_metal: None,
        last_company: None,
        last_index: None,
        prev_index: None,
        last_subject: None,
        prev_subject: None,
        tickers: Vec::new(),
        last_institution: None,
        table: None,
        zh: zh::State::default(),
        quotes: Vec::new(),
        local_dollar: None,
        article: "",
    }
}

fn read_text(text: &str, ctx: &mut Ctx) -> Vec<Fact> {
    let mut out = Vec::new();
    let mut last_paragraph = usize::MAX;
    let norm = text::normalize(text);
    for sent in text::sentences(&norm) {
        let first_in_paragraph = sent.paragraph != last_paragraph;
        last_paragraph = sent.paragraph;
        ctx.paragraph = sent.paragraph;
        let s: &str = &sent.text;
        let has_digit = s.bytes().any(|b| b.is_ascii_digit());
        // one automaton pass: companies, commodities, institutions, move words
        let found = ctx.lx.quick().scan(s);
        let chinese = zh::is_chinese(s);
        if chinese && !has_digit {
            let have = out.len();
            zh::read_sentence(s, ctx, &mut out, have);
        }
        // without a figure, a table header ("(USD/t)") or a move word, a
        // sentence only names referents: no need to tokenize it
        if !has_digit
            && !found.move_word
            && !s.contains('/')
            && !s.contains(" per ")
            && !referents::has_ticker(s)
        {
            referents::note_scanned(s, &found, first_in_paragraph, None, ctx);
            continue;
        }
        let lower = s.to_ascii_lowercase();
        let toks = text::tokenize_with(s, &lower);
        referents::note_scanned(s, &found, first_in_paragraph, Some(&toks), ctx);
        referents::note_tickers(&toks, found.index.map(|(_, e)| e), ctx);
        price::note_table_header(&toks, ctx);
        if chinese {
            if !has_digit {
                continue;
            }
            // prices go through the shared token grammar ("8.2万元/吨")
            let first = out.len();
            price::prices_and_forecasts(s, &toks, ctx, &mut out);
            let mut found = out.split_off(first);
            let have = found.len();
            zh::read_sentence(s, ctx, &mut found, have);
            out.append(&mut found);
            continue;
        }
        if has_digit {
            price::prices_and_forecasts(s, &toks, ctx, &mut out);
            moves::moves(s, &toks, ctx, &mut out);
        }
        if found.move_word {
            sectors::sector_moves(s, &toks, ctx, &mut out);
        }
    }
    out
}
