//! Terse price tables: a header naming currency and unit ("LME official
//! prices (USD/t):", "Precious metals (US$/oz):") and rows of bare figures
//! after a commodity ("Copper cash 13,120.50 (+85.00)").

use super::super::context::{Ctx, TableHeader};
use super::super::model::{Fact, FactKind, Price};
use super::super::money::Money;
use super::super::text::{TokKind, Token};
use super::super::words::TABLE_FILLER;
use super::attrs::market_in;

/// Remember a currency/unit header ("USD/t") for the rest of the paragraph.
pub fn note_table_header(toks: &[Token], ctx: &mut Ctx) {
    if ctx
        .table
        .as_ref()
        .is_some_and(|t| t.paragraph != ctx.paragraph)
    {
        ctx.table = None;
    }
    if !toks.iter().any(|t| t.is_punct('/') || t.is("per")) {
        return;
    }
    for k in 0..toks.len() {
        if k > 0 && toks[k - 1].num().is_some() {
            continue;
        }
        let cur = ctx
            .lx
            .currency_prefix
            .match_at(toks, k)
            .or_else(|| ctx.lx.currency_suffix.match_at(toks, k));
        let Some((n, currency)) = cur else { continue };
        // "(USD/t)", "(US$ per tonne)"; an amount ("13,000 yuan/t") is no header
        if !toks
            .get(k + n)
            .is_some_and(|t| t.is_punct('/') || t.is("per"))
        {
            continue;
        }
        if let Some((_, unit)) = ctx.lx.units.match_at(toks, k + n + 1) {
            ctx.table = Some(TableHeader {
                paragraph: ctx.paragraph,
                currency: currency.to_string(),
                unit: unit.to_string(),
                market: market_in(toks, 0, toks.len()),
            });
            return;
        }
    }
}

/// A signed figure at `j`: "(+85.00)", "+85.00", "-12.5".
pub fn signed_number(toks: &[Token], j: usize) -> Option<f64> {
    let mut j = j;
    if toks.get(j).is_some_and(|t| t.is_punct('(')) {
        j += 1;
    }
    let sign = match toks.get(j)?.kind {
        TokKind::Punct('+') => 1.0,
        TokKind::Punct('-' | '−' | '–') => -1.0,
        _ => return None,
    };
    let v = toks.get(j + 1)?.num()?;
    if toks
        .get(j + 2)
        .is_some_and(|t| t.is_punct('%') || t.is("percent"))
    {
        return None;
    }
    Some(sign * v)
}

/// Prices from table rows under a header of this paragraph.
pub fn table_rows(
    sentence: &str,
    toks: &[Token],
    monies: &[Money],
    ctx: &Ctx,
    out: &mut Vec<Fact>,
) {
    let Some(h) = ctx.table.as_ref().filter(|t| t.paragraph == ctx.paragraph) else {
        return;
    };
    for i in 0..toks.len() {
        let Some(value) = toks[i].num() else { continue };
        if monies.iter().any(|m| (m.start..m.end).contains(&i)) {
            continue;
        }
        if let Some(next) = toks.get(i + 1)
            && (next.is_punct('%')
                || next.is("percent")
                || next.kind == TokKind::Word && ctx.lx.units.match_at(toks, i + 1).is_some())
        {
            continue;
        }
        if i > 0
            && (toks[i - 1].is_punct('+') || toks[i - 1].is_punct('-') || toks[i - 1].is_punct('/'))
        {
            continue;
        }
        let mut j = i;
        while j > 0 && i - j < 6 && is_filler(&toks[j - 1], toks, j - 1, ctx) {
            j -= 1;
        }
        let Some((_, commodity)) = ctx.lx.commodities.match_ending(toks, j) else {
            continue;
        };
        out.push(Fact {
            kind: FactKind::Price(Price {
                commodity: commodity.to_string(),
                value,
                currency: h.currency.clone(),
                unit: h.unit.clone(),
                qualifier: None,
                as_of: None,
                market: h.market.clone().or_else(|| market_in(toks, 0, toks.len())),
                product: None,
                change: signed_number(toks, i + 1),
            }),
            approx: false,
            range: None,
            sentence: sentence.to_string(),
        });
    }
}

fn key<'a>(t: &'a Token) -> &'a str {
    if t.lower.is_empty() { t.text } else { t.lw() }
}

/// Between a commodity and its figure: "cash", "3M", "(LME)", "USD/oz", ":".
fn is_filler(t: &Token, toks: &[Token], k: usize, ctx: &Ctx) -> bool {
    let w = key(t);
    TABLE_FILLER.contains(&w)
        || t.is_punct('/')
        || super::super::words::MARKETS.iter().any(|(m, _)| *m == w)
        || ctx.lx.units.match_at(toks, k).is_some_and(|(n, _)| n == 1)
        || ctx
            .lx
            .currency_prefix
            .match_at(toks, k)
            .is_some_and(|(n, _)| n == 1)
        || ctx
            .lx
            .currency_suffix
            .match_at(toks, k)
            .is_some_and(|(n, _)| n == 1)
}
