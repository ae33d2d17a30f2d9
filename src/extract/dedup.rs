//! Report each fact once.

use super::model::{Fact, FactKind};

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0)
}

/// Two facts state the same thing (ignoring the sentence and optional extras).
pub fn same_fact(a: &Fact, b: &Fact) -> bool {
    match (&a.kind, &b.kind) {
        (FactKind::Price(x), FactKind::Price(y)) => {
            x.commodity == y.commodity
                && x.currency == y.currency
                && x.unit == y.unit
                && close(x.value, y.value)
        }
        (FactKind::Forecast(x), FactKind::Forecast(y)) => {
            x.commodity == y.commodity
                && x.institution == y.institution
                && close(x.value, y.value)
                && x.period == y.period
        }
        (FactKind::IndexMove(x), FactKind::IndexMove(y)) => {
            x.index == y.index && close(x.change_pct, y.change_pct)
        }
        (FactKind::StockMove(x), FactKind::StockMove(y)) => {
            x.name.eq_ignore_ascii_case(&y.name)
                && close(x.change_pct, y.change_pct)
                && a.range == b.range
        }
        (FactKind::SectorMove(x), FactKind::SectorMove(y)) => {
            x.sector == y.sector && x.direction == y.direction
        }
        _ => false,
    }
}

/// Same kind and same subject (commodity, index, company, sector), whatever the figure.
pub fn same_subject(a: &Fact, b: &Fact) -> bool {
    match (&a.kind, &b.kind) {
        (FactKind::Price(x), FactKind::Price(y)) => x.commodity == y.commodity,
        (FactKind::Forecast(x), FactKind::Forecast(y)) => {
            x.commodity == y.commodity && x.institution == y.institution
        }
        (FactKind::IndexMove(x), FactKind::IndexMove(y)) => x.index == y.index,
        (FactKind::StockMove(x), FactKind::StockMove(y)) => {
            // a headline rounds the body's figure and shortens the name
            shares_word(&x.name, &y.name)
                || (x.change_pct.signum() == y.change_pct.signum()
                    && (x.change_pct - y.change_pct).abs() <= 1.0)
        }
        (FactKind::SectorMove(x), FactKind::SectorMove(y)) => {
            x.sector == y.sector && x.direction == y.direction
        }
        _ => false,
    }
}

/// Words of a company name that do not tell companies apart.
pub(super) const NAME_NOISE: &[&str] = &[
    "co",
    "ltd",
    "inc",
    "corp",
    "corporation",
    "company",
    "group",
    "holdings",
    "limited",
    "plc",
    "the",
    "shares",
    "stock",
    "w",
    "sw",
    "h",
];

const GENERIC: &[&str] = &[
    "mining",
    "miner",
    "gold",
    "copper",
    "china",
    "chinese",
    "hong",
    "kong",
    "international",
    "resources",
    "technology",
    "energy",
    "bank",
    "group",
    "holdings",
    "lithium",
    "metals",
];

/// The names share a distinctive word: "Copper Miner Zijin" and "Zijin Mining".
fn shares_word(a: &str, b: &str) -> bool {
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .filter(|w| !NAME_NOISE.contains(&w.as_str()) && !GENERIC.contains(&w.as_str()))
            .collect()
    };
    let wb = words(b);
    same_name(a, b) || words(a).iter().any(|w| wb.contains(w))
}

/// Names match when the words of one (company-form words aside) are all in
/// the other: "Zijin" and "Zijin Mining Group Co.".
fn same_name(a: &str, b: &str) -> bool {
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .filter(|w| !NAME_NOISE.contains(&w.as_str()))
            .collect()
    };
    let (wa, wb) = (words(a), words(b));
    if wa.is_empty() || wb.is_empty() {
        return a == b;
    }
    wa.iter().all(|w| wb.contains(w)) || wb.iter().all(|w| wa.contains(w))
}

/// Drop repeats; a summary range is dropped when the same company has an exact
/// figure inside it; a worded sector move yields to one with a figure.
pub fn dedup(facts: Vec<Fact>) -> Vec<Fact> {
    let mut out: Vec<Fact> = Vec::with_capacity(facts.len());
    for f in facts {
        if let Some(prev) = out.iter_mut().find(|g| same_fact(g, &f)) {
            if let (FactKind::SectorMove(p), FactKind::SectorMove(n)) = (&mut prev.kind, &f.kind)
                && p.change_pct.is_none()
            {
                p.change_pct = n.change_pct;
            }
            if let (FactKind::Price(p), FactKind::Price(n)) = (&mut prev.kind, &f.kind) {
                p.as_of = p.as_of.or(n.as_of);
                p.market = p.market.take().or_else(|| n.market.clone());
                p.product = p.product.take().or_else(|| n.product.clone());
                p.change = p.change.or(n.change);
                p.qualifier = p.qualifier.or(n.qualifier);
            }
            continue;
        }
        out.push(f);
    }
    let exact: Vec<(String, f64)> = out
        .iter()
        .filter(|f| f.range.is_none())
        .filter_map(|f| match &f.kind {
            FactKind::StockMove(m) => Some((m.name.to_lowercase(), m.change_pct)),
            _ => None,
        })
        .collect();
    out.retain(|f| match (&f.kind, f.range) {
        (FactKind::StockMove(m), Some([lo, hi])) => {
            let name = m.name.to_lowercase();
            !exact
                .iter()
                .any(|(n, v)| *n == name && *v >= lo - 1.0 && *v <= hi + 1.0)
        }
        _ => true,
    });
    drop_extremes(&mut out);
    out
}

/// "jumped as much as 6.8% before closing 4.1% higher": the hedged extreme
/// yields to the exact move of the same index or stock in its sentence.
fn drop_extremes(out: &mut Vec<Fact>) {
    let moved = |f: &Fact| matches!(f.kind, FactKind::IndexMove(_) | FactKind::StockMove(_));
    let exact: Vec<usize> = (0..out.len())
        .filter(|&i| moved(&out[i]) && !out[i].approx)
        .collect();
    let keep: Vec<bool> = (0..out.len())
        .map(|i| {
            let f = &out[i];
            !(moved(f)
                && f.approx
                && exact
                    .iter()
                    .any(|&j| out[j].sentence == f.sentence && same_mover(&out[j], f)))
        })
        .collect();
    let mut k = keep.into_iter();
    out.retain(|_| k.next().unwrap_or(true));
}

/// The same index, or a stock by the same name.
fn same_mover(a: &Fact, b: &Fact) -> bool {
    match (&a.kind, &b.kind) {
        (FactKind::IndexMove(x), FactKind::IndexMove(y)) => x.index == y.index,
        (FactKind::StockMove(x), FactKind::StockMove(y)) => x.name.eq_ignore_ascii_case(&y.name),
        _ => false,
    }
}
