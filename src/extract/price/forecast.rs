//! Forecast facts: institution, direction, period.

use super::super::context::Ctx;
use super::super::model::{Direction, Fact, FactKind, Forecast};
use super::super::money::Money;
use super::super::period::period_before;
use super::super::text::Token;
use super::super::words::{CUT, INITIATE, KEEP, RAISE};
use super::attrs::market_in;

/// A forecast read around the amount `m`; None without a named institution.
#[allow(clippy::too_many_arguments)]
pub fn forecast_fact(
    sentence: &str,
    toks: &[Token],
    m: &Money,
    fw: usize,
    clause_start: usize,
    commodity: String,
    previous: Option<f64>,
    ctx: &Ctx,
) -> Option<Fact> {
    let institution = institution_before(toks, m.start, ctx)?;
    let window_start = m.start.saturating_sub(16);
    let period = period_before(
        toks,
        window_start.max(clause_start.min(fw)),
        m.end,
        ctx.today,
    );
    Some(Fact {
        kind: FactKind::Forecast(Forecast {
            commodity,
            institution,
            value: m.value,
            currency: m.currency.clone(),
            unit: m.unit.clone()?,
            direction: direction_before(toks, m),
            previous,
            period,
            market: market_in(toks, 0, m.start),
        }),
        approx: false,
        range: m.range,
        sentence: sentence.to_string(),
    })
}

const ORG_HEADS: &[&str] = &[
    "securities",
    "research",
    "bank",
    "capital",
    "futures",
    "analytics",
    "consulting",
    "economics",
    "partners",
    "investment",
    "investments",
    "group",
];

/// The institution named before `at`: the lexicon first, then a capitalised
/// "X Securities"/"X Research" phrase, then "it"/"the bank" for the last one named.
pub fn institution_before(toks: &[Token], at: usize, ctx: &Ctx) -> Option<String> {
    let mut best = (0..at)
        .rev()
        .find_map(|s| ctx.lx.institutions.match_at(toks, s))
        .map(|(_, v)| v.to_string());
    if best.is_none() {
        for s in 0..at {
            let t = &toks[s];
            if ORG_HEADS.contains(&t.lw()) && t.is_capitalized() {
                let mut b = s;
                while b > 0
                    && toks[b - 1].is_capitalized()
                    && !["the", "analysts", "at"].contains(&toks[b - 1].lw())
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
    let pronoun = toks[..at].iter().any(|t| {
        [
            "it",
            "its",
            "bank",
            "firm",
            "broker",
            "brokerage",
            "analysts",
        ]
        .contains(&t.lw())
    });
    best.or_else(|| {
        if pronoun {
            ctx.last_institution.map(str::to_string)
        } else {
            None
        }
    })
}

fn direction_before(toks: &[Token], m: &Money) -> Direction {
    let after = &toks[m.end.min(toks.len())..(m.end + 3).min(toks.len())];
    if after.iter().any(|t| t.is("unchanged")) {
        return Direction::Maintained;
    }
    let mut found = None;
    for (k, t) in toks[..m.start].iter().enumerate().rev() {
        let w = if t.lower.is_empty() { t.text } else { t.lw() };
        let revised = k > 0 && toks[k - 1].lw().starts_with("revis");
        let d = if revised && ["up", "upward", "upwards", "higher"].contains(&w) {
            Direction::Raised
        } else if revised && ["down", "downward", "downwards", "lower"].contains(&w) {
            Direction::Cut
        } else if RAISE.contains(&w) {
            Direction::Raised
        } else if CUT.contains(&w) {
            Direction::Cut
        } else if KEEP.contains(&w) {
            Direction::Maintained
        } else if INITIATE.contains(&w) {
            found.get_or_insert(Direction::Initiated);
            continue;
        } else {
            continue;
        };
        return d;
    }
    found.unwrap_or(Direction::Initiated)
}
