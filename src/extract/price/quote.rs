//! Dealer-report quotes: figures that carry their currency and unit over from
//! the price quoted before them. A bullion or metals report names the unit
//! once ("fixed at 418.50 dlrs an ounce") and then quotes bare figures
//! ("after opening at 421.90/422.40, compared with last night's close of
//! 422.50/423"), lists a conversion ("418.50 dlrs, 258.653 stg, an ounce",
//! "equivalent to 1,417 dlrs") or a traded range ("from 2,355 to 2,360 stg").

use super::super::context::{Ctx, Quote};
use super::super::money::{Money, offer_value, scaled};
use super::super::text::{TokKind, Token};

/// Words that make a nearby bare figure a spread, a change or company data.
const NOT_QUOTE: &[&str] = &[
    "premium",
    "premiums",
    "backwardation",
    "contango",
    "discount",
    "spread",
    "carry",
    "rise",
    "fall",
    "gain",
    "gains",
    "loss",
    "drop",
    "increase",
    "decrease",
    "change",
    "by",
    "up",
    "down",
    "pct",
    "percent",
    "times",
    "mln",
    "billion",
    "production",
    "output",
    "stocks",
    "inventories",
    "target",
    "targets",
    "support",
    "resistance",
];

/// What may follow a bare quoted figure.
const AFTER_QUOTE: &[&str] = &[
    "close",
    "closing",
    "finish",
    "and",
    "as",
    "in",
    "on",
    "at",
    "from",
    "yesterday",
    "compared",
    "the",
    "after",
    "before",
    "against",
    "with",
    "earlier",
    "previously",
    "this",
    "last",
    "bid",
    "asked",
    "offered",
    "nominal",
    "here",
    "overnight",
    "early",
    "late",
    "level",
    "area",
];

/// The price a bare figure of `raw` at token `at` is quoted against: the
/// nearest comparable priced amount of the sentence (before it, then after
/// it), else the article's recent prices. Returns it with the figure's value.
fn reference(monies: &[Money], at: usize, raw: f64, ctx: &Ctx) -> Option<(Quote, f64)> {
    let as_quote = |m: &Money| Quote {
        commodity: String::new(),
        currency: m.currency.clone(),
        unit: m.unit.clone().unwrap_or_default(),
        value: m.value,
        scale: m.scale,
        paragraph: ctx.paragraph,
    };
    let before = monies.iter().rev().filter(|m| m.end <= at);
    let after = monies.iter().filter(|m| m.start > at);
    let own = before
        .chain(after)
        .filter(|m| m.unit.is_some())
        .map(as_quote);
    let recent = ctx
        .quotes
        .iter()
        .filter(|q| q.paragraph + 2 >= ctx.paragraph)
        .cloned();
    own.chain(recent).find_map(|q| {
        let v = scaled(raw, q.scale);
        (0.85..=1.18).contains(&(v / q.value)).then_some((q, v))
    })
}

/// The bid/offer or plain figure at `i`: (value, range, end token).
fn bare_figure(toks: &[Token], i: usize) -> Option<(f64, Option<[f64; 2]>, usize)> {
    let v = toks.get(i)?.num()?;
    if let (Some(slash), Some(next)) = (toks.get(i + 1), toks.get(i + 2))
        && slash.is_punct('/')
        && !slash.space_before
        && !next.space_before
        && let Some(hi) = next.num()
    {
        let hi = offer_value(toks[i].text, next.text, hi);
        if hi >= v && hi < v * 1.2 {
            return Some((super::super::money::midpoint(v, hi), Some([v, hi]), i + 3));
        }
        return None;
    }
    Some((v, None, i + 1))
}

fn is_month(w: &str) -> bool {
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    ]
    .contains(&w)
}

fn is_year(t: &Token) -> bool {
    t.text.len() == 4
        && t.num()
            .is_some_and(|v| (1900.0..=2100.0).contains(&v) && v.fract() == 0.0)
}

/// Bare figures quoted in the unit of the price before them.
pub fn bare_quotes(toks: &[Token], monies: &mut Vec<Money>, ctx: &Ctx) {
    let mut added = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let inside = |k: usize| monies.iter().any(|m| (m.start..m.end).contains(&k));
        if toks[i].num().is_none() || inside(i) {
            i += 1;
            continue;
        }
        let found = bare_figure(toks, i).and_then(|(v, range, end)| {
            quote_at(toks, i, end, v, range, monies, ctx).map(|m| (m, end))
        });
        match found {
            Some((m, end)) => {
                added.push(m);
                i = end;
            }
            None => i += 1,
        }
    }
    if !added.is_empty() {
        monies.extend(added);
        monies.sort_by_key(|m| m.start);
    }
}

fn quote_at(
    toks: &[Token],
    i: usize,
    end: usize,
    raw: f64,
    range: Option<[f64; 2]>,
    monies: &[Money],
    ctx: &Ctx,
) -> Option<Money> {
    if range.is_none() && is_year(&toks[i]) {
        return None;
    }
    // a fraction "1/2", a date "April 7", a signed change "+3"
    let prev = i.checked_sub(1).map(|p| &toks[p]);
    if prev.is_some_and(|p| {
        matches!(p.kind, TokKind::Punct('/' | '+' | '-' | '$'))
            || p.is_capitalized() && is_month(p.lw())
            || ctx.lx.verb_sign(p.lw()).is_some_and(|s| s != 0)
    }) {
        return None;
    }
    if let Some(next) = toks.get(end)
        && !matches!(next.kind, TokKind::Punct(',' | '.' | ';' | ')'))
        && !AFTER_QUOTE.contains(&next.lw())
    {
        return None;
    }
    // "an ounce, down from 453.70": the level before the move, not a change
    // (but "to 68, down from 70" compares two bare figures)
    let up_down_from = i >= 4
        && toks[i - 1].is("from")
        && (toks[i - 2].is("up") || toks[i - 2].is("down"))
        && toks[i - 3].is_punct(',')
        && toks[i - 4].num().is_none();
    let window = &toks[i.saturating_sub(4)..i - if up_down_from { 2 } else { 0 }];
    if window.iter().any(|t| NOT_QUOTE.contains(&t.lw())) {
        return None;
    }
    let (r, value) = reference(monies, i, raw, ctx)?;
    Some(Money {
        start: i,
        end,
        num_idx: i,
        value,
        currency: r.currency,
        unit: Some(r.unit),
        range: range.map(|[a, b]| [scaled(a, r.scale), scaled(b, r.scale)]),
        scale: r.scale,
        plain_dollar: false,
        carried: (!r.commodity.is_empty()).then_some(r.commodity),
    })
}

/// A unit-less amount takes a unit from its neighbours: the conversion it
/// lists with ("418.50 dlrs, 258.653 stg, an ounce", "883 stg per tonne,
/// equivalent to 1,417 dlrs"), the change after it ("805.50 stg, down 2.50
/// stg a tonne"), or the article's last price in the same currency.
pub fn carry_units(toks: &[Token], monies: &mut [Money], ctx: &Ctx) {
    for k in 0..monies.len() {
        if monies[k].unit.is_some() {
            continue;
        }
        let m = &monies[k];
        let next = monies.get(k + 1).filter(|n| n.unit.is_some());
        let glued = |n: &Money| {
            let Some(gap) = toks.get(m.end..n.start) else {
                return false;
            };
            gap.iter().all(|t| {
                t.is_punct(',') || t.is("or") || t.is("up") || t.is("down") || t.is("equivalent")
            }) && gap.len() <= 2
        };
        let from_next = next.filter(|n| glued(n)).and_then(|n| n.unit.clone());
        // "..., or 258.653 stg", "equivalent to 1,417 dlrs", "the dollar equivalent
        // traded from 1,299 ... down to 1,293 dlrs": a conversion of the priced amount
        // written before the conversion word
        let or_at = (m.start.saturating_sub(2)..m.start).find(|&j| toks[j].is("or"));
        let equivalent_at = (m.start.saturating_sub(12)..m.start)
            .rev()
            .find(|&j| toks[j].is("equivalent"));
        let from_prev = equivalent_at.or(or_at).and_then(|at| {
            monies[..k]
                .iter()
                .rev()
                .find(|o| o.end <= at && o.unit.is_some())
                .and_then(|o| o.unit.clone())
        });
        let recent = || {
            ctx.quotes
                .iter()
                .filter(|q| q.paragraph + 2 >= ctx.paragraph)
        };
        let from_ctx = || {
            recent()
                .find(|q| q.currency == m.currency && (0.8..=1.25).contains(&(m.value / q.value)))
                .map(|q| q.unit.clone())
        };
        // "the dollar equivalent ... down to 1,293 dlrs": the report's metal in
        // its usual unit for that currency
        let slot = m.start > 0
            && ["to", "at", "of", "from", "near", "around", "below", "above"]
                .contains(&toks[m.start - 1].lw());
        // "rose $24.09 per barrel, or 26.30% to $115.68": the level after a priced change
        let after_change = monies[..k]
            .iter()
            .rev()
            .find(|o| o.unit.is_some() && o.currency == m.currency)
            .filter(|_| m.start > 0 && toks[m.start - 1].is("to"))
            .and_then(|o| o.unit.clone());
        // ... in a comparable range: "the Australian dollar ... at $0.7248" in a
        // copper report is no copper price
        // ... or the report's own unit: silver "fixed at 674.50 cents an ounce",
        // then "three months was fixed at 426.50 pence"
        let usual = || {
            recent()
                .find(|q| slot && (0.4..=2.5).contains(&(m.value / q.value)))
                .and_then(|q| {
                    super::units::usual_unit(&q.commodity, &m.currency, m.value)
                        .map(str::to_string)
                        .or_else(|| (m.scale == q.scale).then(|| q.unit.clone()))
                })
        };
        if let Some(u) = from_next
            .or(from_prev)
            .or(after_change)
            .or_else(from_ctx)
            .or_else(usual)
        {
            monies[k].unit = Some(u);
        }
    }
}

/// Remember a price as the article's last quote.
pub fn note_quote(ctx: &mut Ctx, commodity: &str, m: &Money, unit: &str) {
    let q = Quote {
        commodity: commodity.to_string(),
        currency: m.currency.clone(),
        unit: unit.to_string(),
        value: m.value,
        scale: m.scale,
        paragraph: ctx.paragraph,
    };
    // one entry per commodity, currency and unit, most recent first
    ctx.quotes
        .retain(|o| (&o.commodity, &o.currency, &o.unit) != (&q.commodity, &q.currency, &q.unit));
    ctx.quotes.insert(0, q);
    ctx.quotes.truncate(6);
}
