//! What is not a company: places, company data, commodity codes.

use super::super::context::Ctx;
use super::super::text::tokenize;
use super::super::words::NOT_COMPANY;

pub const PLACES: &[&str] = &[
    "hong kong",
    "shanghai",
    "shenzhen",
    "china",
    "london",
    "new york",
    "u.s",
    "us",
    "asia",
    "europe",
    "singapore",
    "tokyo",
    "sydney",
    "toronto",
    "a",
    "h",
    "kong",
];

pub const COMPANY_DATA: &[&str] = &[
    "revenue",
    "revenues",
    "profit",
    "profits",
    "sales",
    "output",
    "production",
    "earnings",
    "income",
    "ebitda",
    "capex",
    "margin",
    "margins",
    "exports",
    "imports",
    "demand",
    "volume",
    "volumes",
    "turnover",
    "dividend",
    "dividends",
    "orders",
    "deliveries",
    "shipments",
];

pub fn is_company_name(name: &str, ctx: &Ctx) -> bool {
    let lower = name.to_lowercase();
    if NOT_COMPANY.contains(&lower.as_str())
        || PLACES.contains(&lower.as_str())
        || lower.ends_with("exchange")
        || lower.ends_with(" index")
    {
        return false;
    }
    let toks = tokenize(name);
    let whole = |n: usize| n == toks.len();
    // "Copper CMCU3", "CLG22": a commodity's market code
    let first_commodity = ctx.lx.commodities.match_at(&toks, 0).map_or(0, |(n, _)| n);
    if first_commodity < toks.len()
        && toks[first_commodity..]
            .iter()
            .all(|t| is_market_code(t.text))
    {
        return false;
    }
    !(ctx
        .lx
        .commodities
        .match_at(&toks, 0)
        .is_some_and(|(n, _)| whole(n))
        || ctx
            .lx
            .indices
            .match_at(&toks, 0)
            .is_some_and(|(n, _)| whole(n))
        || ctx
            .lx
            .sector_keywords
            .match_at(&toks, 0)
            .is_some_and(|(n, _)| whole(n)))
}

/// "CMCU3", "CLG22", "LCOc1": letters then a contract digit, a market's code.
fn is_market_code(w: &str) -> bool {
    let letters = w.bytes().take_while(u8::is_ascii_uppercase).count();
    let rest = w[letters..].trim_start_matches(|c: char| c.is_ascii_lowercase());
    letters >= 2 && rest.len() <= 2 && !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit())
}
