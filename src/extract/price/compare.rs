//! A figure set beside a forecast: the earlier forecast it revises ("versus
//! $2,900 previously", "compared with $9,400 expected earlier") or a
//! comparison that is nobody's forecast ("down from $3,400 this year", "up
//! from $16,000 in 2026", "versus $9,500 now", "较今年的3400美元",
//! "高于市场一致预期的9800美元").

use super::super::money::Money;
use super::super::text::{TokKind, Token};

/// What a figure after a forecast word is to the forecast beside it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Relation {
    /// The holder's earlier figure, marked after it ("$2,900 previously").
    EarlierAfter,
    /// The holder's earlier figure, marked before it ("its previous forecast of").
    EarlierBefore,
    /// A price or figure to compare with: no fact.
    Comparison,
    /// Neither: read as before.
    Other,
}

const EARLIER: &[&str] = &["previously", "earlier"];

/// Words between a comparison's lead and its figure ("down from an average of").
const GAP: &[&str] = &[
    "an", "a", "the", "its", "their", "average", "of", "current", "spot", "about", "around",
    "roughly", "levels", "level", "price", "prices",
];

/// The relation of figure `m` (English) to the forecast before it.
pub(super) fn relation(toks: &[Token], m: &Money) -> Relation {
    let after = &toks[m.end.min(toks.len())..(m.end + 4).min(toks.len())];
    let after = &after[..after
        .iter()
        .position(|t| matches!(t.kind, TokKind::Punct(',' | ';' | '.')))
        .unwrap_or(after.len())];
    if after.iter().any(|t| EARLIER.contains(&t.lw())) {
        return Relation::EarlierAfter;
    }
    let before = &toks[m.start.saturating_sub(5)..m.start];
    if before
        .iter()
        .any(|t| ["previous", "prior", "earlier", "previously", "old"].contains(&t.lw()))
    {
        return Relation::EarlierBefore;
    }
    let mut j = m.start;
    while j > 0 && m.start - j < 4 && GAP.contains(&toks[j - 1].lw()) {
        j -= 1;
    }
    let Some(lead) = j.checked_sub(1).map(|p| &toks[p]) else {
        return Relation::Other;
    };
    let prev = j.checked_sub(2).map(|p| &toks[p]);
    let versus = ["versus", "vs", "vs.", "against"].contains(&lead.lw())
        || (lead.is("with") || lead.is("to"))
            && prev.is_some_and(|p| p.is("compared") || p.is("compares"));
    let up_down = lead.is("from") && prev.is_some_and(|p| p.is("up") || p.is("down"));
    if versus || up_down && own_period(after) {
        Relation::Comparison
    } else {
        Relation::Other
    }
}

/// "this year", "in 2026", "last year", "now", "currently": the figure is of a
/// time of its own, not the forecast's earlier version.
fn own_period(after: &[Token]) -> bool {
    after.iter().enumerate().any(|(i, t)| {
        let year = |t: &Token| t.num().is_some() && t.text.len() == 4;
        [
            "now",
            "currently",
            "today",
            "presently",
            "so",
            "ytd",
            "year-to-date",
        ]
        .contains(&t.lw())
            || (t.is("this") || t.is("last")) && after.get(i + 1).is_some_and(|n| n.is("year"))
            || (t.is("in") || t.is("for")) && after.get(i + 1).is_some_and(year)
            || year(t)
    })
}

/// The relation of a Chinese figure to the forecast before it, from the clause
/// before it (`head`).
pub(super) fn relation_zh(head: &str) -> Relation {
    let clause = head.rsplit(['，', ',', '；']).next().unwrap_or(head);
    if super::zh_previous(head) {
        return Relation::Other;
    }
    // the market's figure, or a threshold
    if [
        "一致预期",
        "市场预期",
        "市场共识",
        "普遍预期",
        "高于",
        "低于",
    ]
    .iter()
    .any(|w| clause.contains(w))
    {
        return Relation::Comparison;
    }
    // "较今年的3400美元", not "较今年上涨10%至3500美元" (the forecast itself)
    let cmp = ["较", "相比", "相较", "对比"]
        .iter()
        .filter_map(|w| clause.rfind(w).map(|p| p + w.len()))
        .max();
    match cmp {
        Some(p) if !["至", "到", "为"].iter().any(|w| clause[p..].contains(w)) => {
            Relation::Comparison
        }
        _ => Relation::Other,
    }
}
