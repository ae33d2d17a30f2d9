//! Referents: the last company, commodity and institution named, for "the
//! stock", a price sentence without a commodity, and "it" / "the bank".

use super::context::{Ctx, Subject};
use super::names::{names_before, parse_ticker};
use super::scan::Scanned;
use super::text::{Token, tokenize};
use super::words::COMMON_OPENERS;

/// A paragraph opening on a proper-noun subject: "Innoscience also carries ...".
fn opening_subject(toks: &[Token], ctx: &Ctx) -> Option<String> {
    let run = toks.iter().take_while(|t| t.is_capitalized()).count();
    let next_lower = toks
        .get(run)
        .is_some_and(|t| t.text.starts_with(|c: char| c.is_lowercase()));
    if !((1..=4).contains(&run) && next_lower) {
        return None;
    }
    let common = ctx.lx.sector_keywords.match_at(toks, 0).is_some()
        || ctx.lx.commodities.match_at(toks, 0).is_some()
        || ctx.lx.indices.match_at(toks, 0).is_some()
        || COMMON_OPENERS.contains(&toks[0].lw());
    if common {
        return None;
    }
    let words: Vec<&str> = toks[..run].iter().map(|t| t.text).collect();
    Some(words.join(" "))
}

/// The same notes from a quick scan of a sentence that was not tokenized.
pub fn note_scanned(
    s: &str,
    found: &Scanned,
    first_in_paragraph: bool,
    toks: Option<&[Token]>,
    ctx: &mut Ctx,
) {
    ctx.prev_subject = ctx.last_subject.clone();
    ctx.prev_index = ctx.last_index.clone();
    let company_end = found.company.map_or(0, |(_, b)| b);
    let company = found.company.map(|(a, b)| s[a..b].to_string()).or_else(|| {
        if !first_in_paragraph {
            return None;
        }
        if let Some(toks) = toks {
            return opening_subject(toks, ctx);
        }
        // only the opening words matter for the subject heuristic
        let cut = s
            .char_indices()
            .map(|(i, _)| i)
            .find(|&i| i >= 80)
            .unwrap_or(s.len());
        opening_subject(&tokenize(&s[..cut]), ctx)
    });
    if let Some((v, end)) = found.index {
        let index = ctx.lx.indices.values[v].clone();
        ctx.last_index = Some(index.clone());
        if company.is_none() || end > company_end {
            ctx.last_subject = Some(Subject::Index(index));
        }
    }
    if let Some(c) = company {
        if found.index.is_none_or(|(_, end)| end < company_end) {
            ctx.last_subject = Some(Subject::Company(c.clone()));
        }
        ctx.last_company = Some(c);
    }
    if let Some(c) = found.commodity {
        ctx.last_commodity = Some((ctx.paragraph, ctx.lx.commodities.values[c].as_str()));
    }
    if let Some(c) = found.first_metal {
        ctx.last_metal = Some((ctx.paragraph, ctx.lx.commodities.values[c].as_str()));
    }
    if let Some((a, b)) = found.institution {
        ctx.last_institution = Some(s[a..b].to_string());
    }
}

/// "(TICKER)" after a company name: remember the pair, and the company as the
/// last one named (when no index is named after it).
pub fn note_tickers(toks: &[Token], index_end: Option<usize>, ctx: &mut Ctx) {
    for k in 0..toks.len().saturating_sub(2) {
        if !(toks[k].is_punct('(') && toks[k + 2].is_punct(')')) {
            continue;
        }
        let raw = toks[k + 1].text;
        if !(1..=5).contains(&raw.len()) || !raw.bytes().all(|b| b.is_ascii_uppercase()) {
            continue;
        }
        let Some(ticker) = parse_ticker(raw) else {
            continue;
        };
        let (names, _) = names_before(toks, k);
        let Some(name) = names.last().map(|n| n.name.clone()) else {
            continue;
        };
        if !ctx.tickers.iter().any(|(t, _)| *t == ticker) {
            ctx.tickers.push((ticker, name.clone()));
        }
        if index_end.is_none_or(|e| e < toks[k].start) {
            ctx.last_subject = Some(Subject::Company(name.clone()));
        }
        ctx.last_company = Some(name);
    }
}

/// A quick test for "(ABC)" in a sentence, before tokenizing it.
pub fn has_ticker(s: &str) -> bool {
    let b = s.as_bytes();
    b.iter().enumerate().any(|(i, &c)| {
        c == b'(' && {
            let n = b[i + 1..]
                .iter()
                .take_while(|x| x.is_ascii_uppercase())
                .count();
            (1..=5).contains(&n) && b.get(i + 1 + n) == Some(&b')')
        }
    })
}
