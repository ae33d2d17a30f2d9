//! Amounts of a sentence and their units: money phrases, a commodity's usual
//! quoting unit, and units carried between amounts of one sentence.

use super::super::context::Ctx;
use super::super::money::{Money, money_at};
use super::super::text::{TokKind, Token};

pub fn collect_money(toks: &[Token], ctx: &Ctx) -> Vec<Money> {
    let mut monies: Vec<Money> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        // the denominator of a fraction ("by 1/2 cent") is no amount
        if i >= 2
            && toks[i - 1].is_punct('/')
            && !toks[i - 1].space_before
            && toks[i - 2].num().is_some()
            && !toks[i].space_before
        {
            i += 1;
            continue;
        }
        // a percentage is never money
        if toks[i].num().is_some()
            && !toks.get(i + 1).is_some_and(|t| t.is_punct('%'))
            && let Some(m) = money_at(toks, i, ctx.lx)
        {
            i = m.end.max(i + 1);
            monies.push(m);
            continue;
        }
        i += 1;
    }
    monies
}

/// The usual quoting unit of a commodity for an amount in `currency`, when
/// the figure is in the usual range: gold at $4,012.30 is per ounce.
pub fn usual_unit(commodity: &str, currency: &str, value: f64) -> Option<&'static str> {
    match (commodity, currency) {
        ("gold", "USD") if value >= 250.0 => Some("oz"),
        ("silver", "USD") if (5.0..=500.0).contains(&value) => Some("oz"),
        // palladium traded near 100 dlrs in the 1980s and 1990s
        ("platinum" | "palladium", "USD") if value >= 50.0 => Some("oz"),
        ("copper" | "aluminum" | "zinc" | "nickel" | "lead" | "tin" | "cobalt", "USD")
            if value >= 500.0 =>
        {
            Some("t")
        }
        ("copper" | "aluminum" | "zinc" | "nickel" | "lead" | "tin" | "cobalt", "CNY")
            if value >= 5000.0 =>
        {
            Some("t")
        }
        // 1980s producer and scrap prices in cents a pound
        ("copper" | "aluminum" | "zinc" | "nickel" | "lead" | "tin", "USD" | "CAD")
            if value < 10.0 =>
        {
            Some("lb")
        }
        ("oil", "USD") if value < 300.0 => Some("bbl"),
        ("iron ore", "USD") if (30.0..300.0).contains(&value) => Some("t"),
        _ => None,
    }
}

/// "Spot gold rose 0.5% to $4,012.30": a level after "to"/"at" with the
/// commodity named just before it gets the commodity's usual unit.
pub fn default_units(toks: &[Token], monies: &mut [Money], ctx: &Ctx) {
    for m in monies.iter_mut() {
        if m.unit.is_some() || m.start == 0 || change_before(toks, m, ctx).is_some() {
            continue;
        }
        // "in the 17 to 20 dlr barrel range": the unit written bare, as an adjective
        if let Some((n, u)) = ctx.lx.units.match_at(toks, m.end)
            && (m.range.is_some() || toks.get(m.end + n).is_some_and(|t| t.is("range")))
        {
            m.unit = Some(u.to_string());
            m.end += n;
            continue;
        }
        if let Some((_, c)) = forecast_noun_after(toks, m, ctx) {
            m.unit = usual_unit(c, &m.currency, m.value).map(str::to_string);
            continue;
        }
        let prev = toks[m.start - 1].lw();
        let slot = [
            "to",
            "at",
            "of",
            "near",
            "around",
            "hit",
            "touched",
            "above",
            "below",
            "under",
            "average",
            "averaging",
            "nominal",
            "about",
            "roughly",
            "approximately",
            "nearly",
            "between",
        ]
        .contains(&prev);
        // "to trade in a $9,500-$10,500 range"
        let range = m.range.is_some() && toks.get(m.end).is_some_and(|t| t.is("range"));
        if !slot && !range {
            continue;
        }
        let from = m.start.saturating_sub(12);
        let commodity = (from..m.start)
            .rev()
            .take_while(|&k| {
                // "Brent, projected to average $100": a passive forecast of the
                // commodity named before the comma
                let passive = toks.get(k + 1).is_some_and(|n| {
                    ["projected", "expected", "forecast", "seen", "estimated"].contains(&n.lw())
                });
                !matches!(toks[k].kind, TokKind::Punct(';' | ':'))
                    && (!toks[k].is_punct(',') || passive)
            })
            .find_map(|k| {
                ctx.lx
                    .commodities
                    .match_at(toks, k)
                    .map(|(n, c)| (k + n, c))
            })
            // "gold miners", "copper stocks": about companies, not the metal
            .filter(|(after, _)| {
                !toks.get(*after).is_some_and(|t| {
                    [
                        "miner",
                        "miners",
                        "producer",
                        "producers",
                        "stocks",
                        "shares",
                        "company",
                        "companies",
                        "mine",
                        "mines",
                        "sector",
                        "etf",
                        "fund",
                        "explorer",
                        "explorers",
                        "stock",
                    ]
                    .contains(&t.lw())
                })
            })
            .map(|(_, c)| c.to_string())
            // "the metal ... traded at about $1,345" with no commodity named
            .or_else(|| {
                let named = (0..toks.len()).any(|k| ctx.lx.commodities.match_at(toks, k).is_some());
                if named {
                    None
                } else {
                    super::commodity::metal_referent(toks, ctx)
                }
            });
        if let Some(u) = commodity.and_then(|c| usual_unit(&c, &m.currency, m.value)) {
            m.unit = Some(u.to_string());
        }
    }
}

/// An amount without a unit takes the unit of a comparable priced amount
/// in the sentence: "$13,210.50 a tonne, after touching $13,355", "from $X to $Y a tonne".
pub fn inherit_units(toks: &[Token], monies: &mut [Money], ctx: &Ctx) {
    for k in 0..monies.len() {
        if monies[k].unit.is_some() || change_before(toks, &monies[k], ctx).is_some() {
            continue;
        }
        let m = &monies[k];
        let comparable = |o: &Money| {
            o.currency == m.currency && o.value > 0.0 && (0.5..=2.0).contains(&(m.value / o.value))
        };
        // "Silver ... $31.05 per ounce and platinum ... at $962.50": a parallel
        // price of another commodity named in between takes the same unit
        let named_between =
            |o: &Money| (o.end..m.start).any(|s| ctx.lx.commodities.match_at(toks, s).is_some());
        let before = monies[..k]
            .iter()
            .rev()
            .find(|o| {
                o.unit.is_some() && o.currency == m.currency && (comparable(o) || named_between(o))
            })
            .and_then(|o| o.unit.clone());
        let after = monies
            .get(k + 1)
            .filter(|o| {
                toks.get(m.end).is_some_and(|t| t.is("to") || t.is("from"))
                    && o.start == m.end + 1
                    && o.unit.is_some()
                    && comparable(o)
            })
            .and_then(|o| o.unit.clone());
        if let Some(u) = before.or(after) {
            monies[k].unit = Some(u);
        }
    }
}

/// +1/-1 when a move verb stands right before the amount ("jumped 12,000 yuan").
pub fn change_before(toks: &[Token], m: &Money, ctx: &Ctx) -> Option<f64> {
    let mut j = m.start;
    while j > 0 && (toks[j - 1].is("by") || toks[j - 1].is("another")) {
        j -= 1;
    }
    let v = toks.get(j.checked_sub(1)?)?;
    match ctx.lx.verb_sign(&v.lower) {
        Some(s) if s != 0 => Some(f64::from(s)),
        _ => None,
    }
}

/// "Goldman's $11,200 copper forecast", "its $3,000 gold price target": the
/// amount names a forecast of the commodity after it; the forecast noun's
/// token and the commodity.
pub(super) fn forecast_noun_after<'c>(
    toks: &[Token],
    m: &Money,
    ctx: &'c Ctx,
) -> Option<(usize, &'c str)> {
    let (n, c) = ctx.lx.commodities.match_at(toks, m.end)?;
    let mut j = m.end + n;
    if toks.get(j).is_some_and(|t| t.is("price") || t.is("prices")) {
        j += 1;
    }
    toks.get(j)
        .filter(|t| {
            [
                "forecast",
                "forecasts",
                "outlook",
                "estimate",
                "projection",
                "target",
            ]
            .contains(&t.lw())
        })
        .map(|_| (j, c))
}
