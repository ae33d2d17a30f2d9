//! Referents: the last company, commodity and institution named, for "the
//! stock", a price sentence without a commodity, and "it" / "the bank".

use super::context::Ctx;
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
    if company.is_some() {
        ctx.last_company = company;
    }
    if let Some(c) = found.commodity {
        ctx.last_commodity = Some((ctx.paragraph, ctx.lx.commodities.values[c].as_str()));
    }
    if let Some((a, b)) = found.institution {
        ctx.last_institution = Some(s[a..b].to_string());
    }
}
