//! Which commodity a price is about: a mention before or after it in the sentence, the
//! metal a "the metal" stands for, or the commodity named earlier in the paragraph.

use super::super::context::Ctx;
use super::super::model::{Fact, FactKind};
use super::super::money::Money;
use super::super::text::Token;
use super::super::words::*;

/// The commodity a price is about: nearest mention before it in the sentence,
/// else just after it, else the last one named before.
pub(super) fn commodity_near(
    toks: &[Token],
    m: &Money,
    ctx: &Ctx,
) -> Option<(String, Option<usize>)> {
    for s in (0..m.start).rev() {
        if let Some((c, at)) = commodity_at(toks, s, ctx) {
            return Some((c.to_string(), Some(at)));
        }
    }
    let end = (m.end + 6).min(toks.len());
    for s in m.end..end {
        if let Some((c, _)) = commodity_at(toks, s, ctx) {
            return Some((c.to_string(), None));
        }
    }
    if let Some(metal) = metal_referent(toks, ctx) {
        return Some((metal, None));
    }
    // a price sentence without a commodity: the one named earlier in the paragraph
    let about_prices = toks.iter().any(|t| {
        let w = if t.lower.is_empty() { t.text } else { t.lw() };
        matches!(
            w,
            "price"
                | "prices"
                | "价"
                | "quoted"
                | "traded"
                | "trading"
                | "averaged"
                | "contract"
                | "contracts"
                | "futures"
                | "spot"
                | "benchmark"
                | "assessed"
                | "settled"
                | "metal"
        ) || PRODUCTS.contains(&w)
            || MARKETS.iter().any(|(k, _)| w == *k)
    });
    ctx.last_commodity
        .as_ref()
        .filter(|(p, _)| about_prices && *p + 1 >= ctx.paragraph)
        .map(|(_, c)| (c.to_string(), None))
}

/// "The metal", "the precious metal": the metal named last (as a sentence's first), not
/// the last commodity (oil is never "the metal"); "the yellow metal" is gold and "the red
/// metal" copper whatever came before.
pub(super) fn metal_referent(toks: &[Token], ctx: &Ctx) -> Option<String> {
    // "the metal", "the precious metal" (not "the London Metal Exchange", "base metal")
    let at = (1..toks.len()).find(|&i| {
        toks[i].is("metal")
            && !toks.get(i + 1).is_some_and(|t| t.is("exchange"))
            && (toks[i - 1].is("the") || i >= 2 && toks[i - 2].is("the"))
    })?;
    match toks[at - 1].lw() {
        "yellow" => return Some("gold".to_string()),
        "red" => return Some("copper".to_string()),
        _ => {}
    }
    ctx.last_metal
        .filter(|(p, _)| *p + 1 >= ctx.paragraph)
        .map(|(_, c)| c.to_string())
}

/// "would lead to", "is leading": the verb. "expects lead to average $X",
/// "lead to rise": the metal, the subject of the infinitive after it.
fn lead_is_verb(toks: &[Token], s: usize) -> bool {
    const INFINITIVES: &[&str] = &[
        "average",
        "rise",
        "fall",
        "trade",
        "climb",
        "drop",
        "hit",
        "reach",
        "recover",
        "ease",
        "remain",
        "stay",
        "end",
        "finish",
        "peak",
        "rebound",
        "weaken",
        "strengthen",
        "hold",
    ];
    let modal = s > 0
        && (COPULA.contains(&toks[s - 1].lw())
            || ["would", "could", "may", "might", "will", "should", "can"]
                .contains(&toks[s - 1].lw()));
    let to_noun = toks.get(s + 1).is_some_and(|t| t.is("to"))
        && !toks
            .get(s + 2)
            .is_some_and(|t| INFINITIVES.contains(&t.lw()));
    modal || to_noun
}

/// The commodity named at token `s`, read backwards: the longer name that
/// covers it ("palm oil", "natural gas"), the metal before "bullion"
/// ("silver bullion"); "lead" as a verb ("would lead to") is none.
fn commodity_at<'a>(toks: &[Token], s: usize, ctx: &Ctx<'a>) -> Option<(&'a str, usize)> {
    let (_, c) = ctx.lx.commodities.match_at(toks, s)?;
    if toks[s].is("lead") && lead_is_verb(toks, s) {
        return None;
    }
    for p in s.saturating_sub(2)..s {
        if let Some((n, c2)) = ctx.lx.commodities.match_at(toks, p)
            && (p + n > s || toks[s].is("bullion") && p + n == s)
        {
            return Some((c2, p));
        }
    }
    Some((c, s))
}

/// The metal of the sentence's price that amount `m` is quoted against ("at
/// 451.25 dlrs an ounce, against 453.70 on Friday"): the last fact read, a
/// price of this English sentence in the same currency and unit, near in value.
pub(super) fn quoted_against(
    out: &[Fact],
    sentence: &str,
    m: &Money,
) -> Option<(String, Option<usize>)> {
    match out.last() {
        Some(Fact {
            kind: FactKind::Price(p),
            sentence: s,
            ..
        }) if sentence.is_ascii()
            && s == sentence
            && p.currency == m.currency
            && m.unit.as_deref() == Some(p.unit.as_str())
            && (0.8..=1.25).contains(&(m.value / p.value)) =>
        {
            Some((p.commodity.clone(), None))
        }
        _ => None,
    }
}
