//! Commodity prices and analysts' price forecasts.

use super::context::Ctx;
use super::dates::date_mentions;
use super::model::{Direction, Fact, FactKind, Forecast, Price, Qualifier};
use super::money::{Money, money_at};
use super::period::period_before;
use super::text::{TokKind, Token};

const FORECAST_WORDS: &[&str] = &[
    "forecast",
    "forecasts",
    "forecasting",
    "outlook",
    "estimate",
    "estimates",
    "projection",
    "projections",
    "expects",
    "expected",
    "expect",
    "sees",
    "predicts",
    "predicted",
    "projects",
    "projected",
    "target",
    "targets",
    "view",
    "assumption",
    "assumptions",
    "guidance",
];
const RAISE: &[&str] = &[
    "raised",
    "raises",
    "raising",
    "lifted",
    "lifts",
    "lifting",
    "upgraded",
    "upgrades",
    "increased",
    "boosted",
    "hiked",
    "revised up",
    "bumped",
];
const CUT: &[&str] = &[
    "cut",
    "cuts",
    "cutting",
    "lowered",
    "lowers",
    "lowering",
    "trimmed",
    "trims",
    "downgraded",
    "downgrades",
    "reduced",
    "reduces",
    "slashed",
    "slashes",
];
const KEEP: &[&str] = &[
    "kept",
    "keeps",
    "maintained",
    "maintains",
    "maintaining",
    "reiterated",
    "reiterates",
    "held",
    "holds",
    "left",
    "unchanged",
    "affirmed",
    "reaffirmed",
    "retained",
];
const INITIATE: &[&str] = &[
    "initiated",
    "initiates",
    "introduced",
    "set",
    "sets",
    "expects",
    "sees",
    "predicts",
    "forecasts",
    "projects",
    "estimates",
    "published",
    "issued",
];
const NOT_PRICE_WORDS: &[&str] = &[
    "cost",
    "costs",
    "aisc",
    "capex",
    "revenue",
    "revenues",
    "eps",
    "earnings",
    "profit",
    "profits",
    "margin",
    "margins",
    "breakeven",
    "break-even",
    "subsidy",
    "tax",
    "royalty",
    "support",
    "resistance",
    "strike",
    "if",
    "unless",
    "should",
    "target",
    "targets",
    "threshold",
    "budget",
    "spending",
    "investment",
    "sales",
    "dividend",
    "valuation",
    "loss",
];
const MARKETS: &[(&str, &str)] = &[
    ("lme", "LME"),
    ("comex", "COMEX"),
    ("shfe", "SHFE"),
    ("lbma", "LBMA"),
    ("nymex", "NYMEX"),
    ("cme", "CME"),
    ("sgx", "SGX"),
    ("ine", "INE"),
    ("dce", "DCE"),
    ("上期所", "SHFE"),
];
const PRODUCTS: &[&str] = &[
    "concentrate",
    "concentrates",
    "cathode",
    "cathodes",
    "ingot",
    "ingots",
    "oxide",
    "carbonate",
    "hydroxide",
    "spodumene",
    "apt",
    "billet",
    "billets",
    "scrap",
    "rebar",
    "blister",
    "anode",
    "sulphate",
    "sulfate",
    "powder",
    "wire",
    "rod",
    "pellets",
    "fines",
    "精矿",
];
const COPULA: &[&str] = &[
    "is", "are", "was", "were", "will", "would", "could", "may", "might", "seems", "remains",
    "looks", "be",
];
const OPINION_AFTER: &[&str] = &[
    "not",
    "difficult",
    "hard",
    "unlikely",
    "likely",
    "seen",
    "expected",
    "key",
    "possible",
    "achievable",
    "unsustainable",
    "too",
    "the",
    "a",
    "an",
    "just",
    "only",
    "still",
    "within",
    "in",
    "reachable",
    "sustainable",
];

/// Find price and forecast facts in one tokenized sentence.
pub fn prices_and_forecasts(sentence: &str, toks: &[Token], ctx: &mut Ctx, out: &mut Vec<Fact>) {
    let mut monies: Vec<Money> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if toks[i].num().is_some()
            && let Some(m) = money_at(toks, i, ctx.lx)
        {
            i = m.end.max(i + 1);
            monies.push(m);
            continue;
        }
        i += 1;
    }
    if monies.iter().all(|m| m.unit.is_none()) {
        return;
    }
    let dates = date_mentions(sentence, ctx.today);
    let mut pending_change: Option<f64> = None;
    let mut forecast_prev: Option<f64> = None;
    for (k, m) in monies.iter().enumerate() {
        let Some(unit) = m.unit.clone() else {
            // an amount with no unit right after a move verb is a change ("rose 23,000 yuan")
            pending_change = change_before(toks, m, ctx).map(|s| s * m.value);
            continue;
        };
        let window_start = m.start.saturating_sub(16);
        let clause_start = clause_start(toks, m.start);
        if is_opinion(toks, m)
            || has_any(
                toks,
                clause_start.max(m.start.saturating_sub(6)),
                m.start,
                NOT_PRICE_WORDS,
            )
        {
            pending_change = None;
            continue;
        }
        let commodity = commodity_near(toks, m, ctx);
        let Some(commodity) = commodity else { continue };
        if let Some(fw) = last_index_of(toks, window_start, m.start, FORECAST_WORDS) {
            // a forecast: needs an institution
            let is_from = toks
                .get(m.start.wrapping_sub(1))
                .is_some_and(|t| t.is("from"));
            if is_from
                && monies
                    .get(k + 1)
                    .is_some_and(|n| n.unit.is_some() || n.currency == m.currency)
            {
                forecast_prev = Some(m.value);
                continue;
            }
            let Some(institution) = institution_before(toks, m.start, ctx) else {
                forecast_prev = None;
                continue;
            };
            let direction = direction_before(toks, fw, m);
            let period = period_before(
                toks,
                window_start.max(clause_start.min(fw)),
                m.end,
                ctx.today,
            );
            out.push(Fact {
                kind: FactKind::Forecast(Forecast {
                    commodity,
                    institution,
                    value: m.value,
                    currency: m.currency.clone(),
                    unit,
                    direction,
                    previous: forecast_prev.take(),
                    period,
                    market: market_in(toks, 0, m.start),
                }),
                approx: false,
                range: m.range,
                sentence: sentence.to_string(),
            });
            continue;
        }
        forecast_prev = None;
        let before = |w: &str| m.start > 0 && toks[m.start - 1].is(w);
        let before2 =
            |a: &str, b: &str| m.start > 1 && toks[m.start - 2].is(a) && toks[m.start - 1].is(b);
        let qualifier = if has_any(
            toks,
            m.start.saturating_sub(5),
            m.start,
            &["record", "all-time", "record-high", "peak"],
        ) {
            if has_any(toks, m.start.saturating_sub(5), m.start, &["low", "lows"]) {
                Some(Qualifier::RecordLow)
            } else {
                Some(Qualifier::RecordHigh)
            }
        } else if before("under") || before("below") || before2("less", "than") {
            Some(Qualifier::Under)
        } else if before("over") || before("above") || before2("more", "than") {
            Some(Qualifier::Over)
        } else {
            None
        };
        let approx = [
            "about",
            "around",
            "roughly",
            "nearly",
            "almost",
            "approximately",
            "~",
            "some",
        ]
        .iter()
        .any(|w| before(w) || (m.start > 0 && toks[m.start - 1].text == *w));
        let change = pending_change
            .take()
            .or_else(|| change_after(toks, m, ctx.lx));
        let as_of = as_of_date(toks, m, &dates, &monies);
        out.push(Fact {
            kind: FactKind::Price(Price {
                commodity,
                value: m.value,
                currency: m.currency.clone(),
                unit,
                qualifier,
                as_of,
                market: market_in(toks, clause_start, m.start)
                    .or_else(|| market_in(toks, 0, toks.len())),
                product: product_near(toks, clause_start, m.start),
                change,
            }),
            approx,
            range: m.range,
            sentence: sentence.to_string(),
        });
    }
}

fn has_any(toks: &[Token], from: usize, to: usize, words: &[&str]) -> bool {
    toks[from.min(to)..to]
        .iter()
        .any(|t| words.contains(&t.lower.as_str()))
}

fn last_index_of(toks: &[Token], from: usize, to: usize, words: &[&str]) -> Option<usize> {
    (from..to)
        .rev()
        .find(|&j| words.contains(&toks[j].lower.as_str()))
}

/// Start of the clause holding token `at`: after the last ";", ":" or "—".
fn clause_start(toks: &[Token], at: usize) -> usize {
    (0..at)
        .rev()
        .find(|&j| matches!(toks[j].kind, TokKind::Punct(';' | ':' | '—' | '(')))
        .map_or(0, |j| j + 1)
}

/// A level named in an opinion or condition: "$13,000 is not the endpoint",
/// "prices above $13,000 are difficult to sustain".
fn is_opinion(toks: &[Token], m: &Money) -> bool {
    let mut j = m.end;
    while toks.get(j).is_some_and(|t| {
        t.is("for") || t.is("this") || t.is("round") || t.is("of") || t.lower.ends_with("ly")
    }) && j < m.end + 3
    {
        j += 1;
    }
    let after_copula = toks
        .get(j)
        .is_some_and(|t| COPULA.contains(&t.lower.as_str()))
        && toks.get(j + 1).is_some_and(|t| {
            OPINION_AFTER.contains(&t.lower.as_str()) || t.lower.ends_with("able")
        });
    let before = m.start.checked_sub(1).map(|b| &toks[b]);
    let conditional = before.is_some_and(|t| {
        t.is("above")
            || t.is("below")
            || t.is("beyond")
            || t.is("past")
            || t.is("toward")
            || t.is("towards")
    }) && toks
        .get(m.end)
        .is_some_and(|t| COPULA.contains(&t.lower.as_str()));
    let goal = m.start >= 2
        && [
            "reach", "hit", "test", "break", "breach", "touch", "exceed", "top",
        ]
        .contains(&toks[m.start - 1].lower.as_str())
        && toks[m.start.saturating_sub(4)..m.start - 1]
            .iter()
            .any(|t| {
                ["could", "may", "might", "will", "would", "to", "likely"]
                    .contains(&t.lower.as_str())
            });
    after_copula || conditional || goal
}

/// The commodity a price is about: nearest mention before it in the sentence,
/// else after it, else the last one in the paragraph.
fn commodity_near(toks: &[Token], m: &Money, ctx: &Ctx) -> Option<String> {
    for s in (0..m.start).rev() {
        if let Some((_, c)) = ctx.lx.commodities.match_at(toks, s) {
            return Some(c.to_string());
        }
    }
    let end = (m.end + 6).min(toks.len());
    for s in m.end..end {
        if let Some((_, c)) = ctx.lx.commodities.match_at(toks, s) {
            return Some(c.to_string());
        }
    }
    ctx.last_commodity.clone()
}

fn institution_before(toks: &[Token], at: usize, ctx: &Ctx) -> Option<String> {
    let mut best = None;
    for s in 0..at {
        if let Some((_, v)) = ctx.lx.institutions.match_at(toks, s) {
            best = Some(v.to_string());
        }
    }
    if best.is_none() {
        // "X Securities", "X Research", "X Bank" written as a capitalised phrase
        for s in 0..at {
            let t = &toks[s];
            if [
                "securities",
                "research",
                "bank",
                "capital",
                "futures",
                "analytics",
                "consulting",
            ]
            .contains(&t.lower.as_str())
                && t.is_capitalized()
            {
                let mut b = s;
                while b > 0
                    && toks[b - 1].is_capitalized()
                    && !["the", "analysts"].contains(&toks[b - 1].lower.as_str())
                {
                    b -= 1;
                }
                if b < s {
                    let name: Vec<&str> = toks[b..=s].iter().map(|t| t.text).collect();
                    best = Some(name.join(" "));
                }
            }
        }
    }
    let pronoun = toks[..at]
        .iter()
        .any(|t| ["it", "its", "bank", "firm", "broker", "brokerage"].contains(&t.lower.as_str()));
    best.or_else(|| {
        if pronoun {
            ctx.last_institution.clone()
        } else {
            None
        }
    })
}

fn direction_before(toks: &[Token], fw: usize, m: &Money) -> Direction {
    let after: Vec<&str> = toks[m.end..(m.end + 3).min(toks.len())]
        .iter()
        .map(|t| t.lower.as_str())
        .collect();
    if after.contains(&"unchanged") {
        return Direction::Maintained;
    }
    let mut found = None;
    for t in toks[..m.start].iter().rev() {
        let w = t.lower.as_str();
        if RAISE.contains(&w) {
            found = Some(Direction::Raised);
        } else if CUT.contains(&w) {
            found = Some(Direction::Cut);
        } else if KEEP.contains(&w) {
            found = Some(Direction::Maintained);
        } else if INITIATE.contains(&w) && found.is_none() {
            found = Some(Direction::Initiated);
            continue;
        }
        if found.is_some_and(|d| d != Direction::Initiated) {
            break;
        }
    }
    let _ = fw;
    found.unwrap_or(Direction::Initiated)
}

fn market_in(toks: &[Token], from: usize, to: usize) -> Option<String> {
    toks[from.min(to)..to.min(toks.len())]
        .iter()
        .rev()
        .find_map(|t| {
            MARKETS
                .iter()
                .find(|(k, _)| t.lower == *k || t.text == *k)
                .map(|(_, v)| v.to_string())
        })
}

fn product_near(toks: &[Token], from: usize, to: usize) -> Option<String> {
    toks[from.min(to)..to].iter().rev().find_map(|t| {
        PRODUCTS.iter().find(|p| t.lower == **p).map(|p| {
            let s = p.trim_end_matches('s');
            if *p == "精矿" {
                "concentrate".to_string()
            } else if s.is_empty() {
                p.to_string()
            } else {
                s.to_string()
            }
        })
    })
}

/// +1/-1 when a move verb stands right before the amount ("jumped 12,000 yuan").
fn change_before(toks: &[Token], m: &Money, ctx: &Ctx) -> Option<f64> {
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

/// "..., up $12" or "(+85.00)" right after a price.
fn change_after(toks: &[Token], m: &Money, lx: &super::lexicon::Lexicon) -> Option<f64> {
    let mut j = m.end;
    if toks
        .get(j)
        .is_some_and(|t| t.is_punct(',') || t.is_punct('('))
    {
        j += 1;
    }
    let sign = match toks.get(j)?.lower.as_str() {
        "up" => 1.0,
        "down" => -1.0,
        _ => return None,
    };
    let amount = money_at(toks, j + 1, lx).or_else(|| {
        let k = j + 1;
        if toks.get(k).is_some_and(|t| t.is_punct('$')) {
            money_at(toks, k + 1, lx)
        } else {
            None
        }
    })?;
    if amount.unit.is_some() && amount.unit != m.unit {
        return None;
    }
    if toks
        .get(amount.end)
        .is_some_and(|t| t.is_punct('%') || t.is("percent"))
    {
        return None;
    }
    Some(sign * amount.value)
}

fn as_of_date(
    toks: &[Token],
    m: &Money,
    dates: &[super::dates::DateMention],
    monies: &[Money],
) -> Option<chrono::NaiveDate> {
    let price_end = toks.get(m.end.saturating_sub(1))?.end;
    let price_start = toks.get(m.start)?.start;
    // right after: "... per tonne on January 6th"
    if let Some(d) = dates
        .iter()
        .find(|d| d.start >= price_end && d.start <= price_end + 12)
    {
        return Some(d.date);
    }
    // before, with no other priced amount in between: "September 1 prices ... reaching"
    let prev_price_end = monies
        .iter()
        .filter(|o| o.unit.is_some() && o.end <= m.start)
        .filter_map(|o| toks.get(o.end.saturating_sub(1)).map(|t| t.end))
        .max()
        .unwrap_or(0);
    dates
        .iter()
        .rev()
        .find(|d| d.end <= price_start && d.start >= prev_price_end)
        .map(|d| d.date)
}
