//! Names in alert rules resolved as the pipeline resolves facts' names
//! (`extract::resolve_entities`): 高盛 is Goldman Sachs, 2899.HK is 02899.

use crate::extract::{
    Fact, FactKind, Forecast, IndexMove, Lexicon, StockMove, normalize_ticker, resolve_entities,
};

/// A watchlist: each entry as written, as the lexicon's company and as a ticker.
pub(super) fn watchlist(list: &[String], lexicon: &Lexicon) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in list.iter().flat_map(|s| resolved_stock(s, lexicon)) {
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

fn fact(kind: FactKind) -> Fact {
    Fact {
        kind,
        approx: false,
        range: None,
        sentence: String::new(),
    }
}

pub(super) fn resolved_institution(name: &str, lexicon: &Lexicon) -> String {
    let mut f = [fact(FactKind::Forecast(Forecast {
        commodity: String::new(),
        institution: name.trim().to_string(),
        value: 0.0,
        currency: String::new(),
        unit: String::new(),
        direction: crate::extract::Direction::Maintained,
        previous: None,
        period: None,
        market: None,
    }))];
    resolve_entities(&mut f, lexicon);
    match &f[0].kind {
        FactKind::Forecast(x) => x.institution.clone(),
        _ => name.to_string(),
    }
}

pub(super) fn resolved_index(name: &str, lexicon: &Lexicon) -> String {
    let mut f = [fact(FactKind::IndexMove(IndexMove {
        index: name.trim().to_string(),
        change_pct: 0.0,
        level: None,
        points: None,
    }))];
    resolve_entities(&mut f, lexicon);
    match &f[0].kind {
        FactKind::IndexMove(x) => x.index.clone(),
        _ => name.to_string(),
    }
}

/// A watchlist entry as written, as the lexicon's company, and as a ticker.
fn resolved_stock(entry: &str, lexicon: &Lexicon) -> Vec<String> {
    let e = entry.trim();
    let mut out = vec![e.to_string()];
    let as_name = StockMove {
        name: e.to_string(),
        change_pct: 0.0,
        ticker: None,
        price: None,
    };
    let as_ticker = StockMove {
        name: String::new(),
        change_pct: 0.0,
        ticker: Some(e.to_string()),
        price: None,
    };
    let mut f = [
        fact(FactKind::StockMove(as_name)),
        fact(FactKind::StockMove(as_ticker)),
    ];
    resolve_entities(&mut f, lexicon);
    for x in &f {
        if let FactKind::StockMove(m) = &x.kind {
            out.extend([m.name.clone()].into_iter().filter(|n| !n.is_empty()));
        }
    }
    if e.chars().any(|c| c.is_ascii_digit()) {
        out.push(normalize_ticker(e));
    }
    out
}
