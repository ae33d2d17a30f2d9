//! Amounts that are no price level of their own: levels in opinions and
//! conditions, priced changes, and the change written right after a price.

use super::super::context::Ctx;
use super::super::model::{Fact, FactKind};
use super::super::money::{Money, money_at};
use super::super::text::{TokKind, Token};
use super::super::words::*;
use super::{table, word_key};

/// "805.50 stg, down 2.50 stg a tonne": the amount was already read as the
/// change of the price before it, so it is no change for the next one.
pub(super) fn read_as_change(out: &[Fact], sentence: &str, change: f64) -> bool {
    matches!(out.last(), Some(Fact { kind: FactKind::Price(p), sentence: s, .. })
        if s == sentence && p.change == Some(change))
}

/// Words that make the verb after them a possibility or an aim, not a fact.
const MODALS: &[&str] = &[
    "could", "may", "might", "will", "would", "to", "likely", "can",
];

/// Move verbs that take a threshold ("rise above", "fall below", "stay over").
const THRESHOLD_MOVES: &[&str] = &[
    "rise", "climb", "jump", "surge", "rally", "go", "move", "trade", "fall", "drop", "slip",
    "slide", "sink", "dip", "stay", "remain", "hold", "break",
];

/// A level named in an opinion or condition: "$13,000 is not the endpoint",
/// "prices above $13,000 are difficult to sustain", "could reach $15,000".
pub(super) fn is_opinion(toks: &[Token], m: &Money, forecast: bool) -> bool {
    let mut j = m.end;
    while j < m.end + 3
        && toks.get(j).is_some_and(|t| {
            // "the $20 level will be reached only if ...": the level is the subject
            [
                "for",
                "this",
                "round",
                "of",
                "level",
                "mark",
                "area",
                "threshold",
            ]
            .contains(&t.lw())
                || t.lower.ends_with("ly")
        })
    {
        j += 1;
    }
    let after_copula = toks.get(j).is_some_and(|t| COPULA.contains(&t.lw()))
        && toks
            .get(j + 1)
            .is_some_and(|t| OPINION_AFTER.contains(&t.lw()) || t.lower.ends_with("able"));
    let before = m.start.checked_sub(1).map(|b| &toks[b]);
    let conditional = before.is_some_and(|t| {
        ["above", "below", "beyond", "past", "toward", "towards"].contains(&t.lw())
    }) && toks.get(m.end).is_some_and(|t| COPULA.contains(&t.lw()));
    let goal = !forecast
        && m.start >= 2
        && [
            "reach", "hit", "test", "break", "breach", "touch", "exceed", "top", "surpass", "see",
        ]
        .contains(&toks[m.start - 1].lw())
        && toks[m.start.saturating_sub(4)..m.start - 1]
            .iter()
            .any(|t| MODALS.contains(&t.lw()));
    // "bets on nickel to climb above $30,000", "could fall below $2,000": a level wagered
    // or hoped for past a threshold, not a price
    let past_threshold = !forecast
        && m.start >= 3
        && ["above", "below", "beyond", "past", "over", "under"].contains(&toks[m.start - 1].lw())
        && THRESHOLD_MOVES.contains(&toks[m.start - 2].lw())
        && toks[m.start.saturating_sub(5)..m.start - 2]
            .iter()
            .any(|t| MODALS.contains(&t.lw()));
    // "a 1.50 dlrs a barrel rise in oil prices": a change, not a level
    let change_noun = toks.get(m.end).is_some_and(|t| {
        [
            "rise", "increase", "fall", "drop", "gain", "decline", "cut", "hike", "jump",
        ]
        .contains(&t.lw())
    });
    if change_noun {
        return true;
    }
    // "the 2,150 stg area has so far offered chart support"
    let technical = toks[m.end.min(toks.len())..(m.end + 8).min(toks.len())]
        .iter()
        .take_while(|t| !t.is_punct(',') && !t.is_punct(';'))
        .any(|t| t.is("support") || t.is("resistance"));
    after_copula || conditional || goal || past_threshold || technical
}

/// A priced amount right after "up"/"down"/a move verb, followed by "from",
/// "on", "," or the end: "up 150 yuan/mt from the previous day".
pub(super) fn is_change_phrase(toks: &[Token], m: &Money, ctx: &Ctx) -> bool {
    let Some(prev) = m.start.checked_sub(1).map(|p| &toks[p]) else {
        return false;
    };
    let verb = prev.is("up")
        || prev.is("down")
        || ctx.lx.verb_sign(word_key(prev)).is_some_and(|s| s != 0);
    let next_ok = toks.get(m.end).is_none_or(|t| {
        t.is("from")
            || t.is("to")
            || t.is("on")
            || t.is("day-on-day")
            || t.is("week-on-week")
            || t.is("compared")
            || t.is_punct(',')
            || t.is_punct('，')
            || t.is_punct('。')
            || t.is_punct('.')
            || t.is_punct(';')
            || t.is_punct('；')
            || t.is_punct(')')
    });
    verb && next_ok
}

/// "..., up $12" or "(+85.00)" right after a price.
pub(super) fn change_after(toks: &[Token], m: &Money, ctx: &Ctx) -> Option<f64> {
    let mut j = m.end;
    if toks
        .get(j)
        .is_some_and(|t| t.is_punct(',') || t.is_punct('('))
    {
        j += 1;
    }
    let sign = match toks.get(j)?.lw() {
        "up" => 1.0,
        "down" => -1.0,
        _ => return table::signed_number(toks, m.end),
    };
    // the number is at j + 1 ("up 12 dlrs") or after a currency sign ("up $12")
    let amount =
        (j + 1..=j + 2).find_map(|n| money_at(toks, n, ctx.lx).filter(|a| a.start == j + 1))?;
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

/// An amount before a comparative.
pub(super) enum Comparative {
    /// "settled 5.2 cents higher at 5.685 dlrs", "closed at 410.60 dlrs, 2.10
    /// dlrs firmer": a signed change, of the price it stands before ("at",
    /// "to") or else of the price before it.
    Change { value: f64, before_price: bool },
    /// "15 dlrs higher than ...": a difference, no price.
    Difference,
}

/// The amount `m` read as a change or a difference by the comparative after it.
pub(super) fn comparative(toks: &[Token], m: &Money) -> Option<Comparative> {
    let sign = match toks.get(m.end)?.lw() {
        "higher" | "firmer" | "stronger" => 1.0,
        "lower" | "weaker" | "easier" | "softer" => -1.0,
        _ => return None,
    };
    let value = (sign * m.value * 1e6).round() / 1e6;
    match toks.get(m.end + 1) {
        Some(t) if t.is("than") => Some(Comparative::Difference),
        Some(t) if t.is("at") || t.is("to") => Some(Comparative::Change {
            value,
            before_price: true,
        }),
        Some(t) if t.is("on") || matches!(t.kind, TokKind::Punct(',' | '.' | ';' | ')')) => {
            Some(Comparative::Change {
                value,
                before_price: false,
            })
        }
        None => Some(Comparative::Change {
            value,
            before_price: false,
        }),
        _ => None,
    }
}

/// Nouns of a charge or a spread, which the contract does not count as prices:
/// premiums and discounts, backwardations, treatment and refining charges.
#[rustfmt::skip]
const CHARGE_WORDS: &[&str] = &[
    "premium", "premiums", "discount", "discounts", "backwardation", "contango",
    "surcharge", "surcharges", "charge", "charges", "tc", "tcs", "rc", "rcs",
    "differential", "differentials",
];

/// The same in Chinese (substrings of the clause before the amount).
const CHARGE_ZH: &[&str] = &["溢价", "升水", "贴水", "加工费", "精炼费", "基差"];

/// Words before a commodity that open a new subject ("..., while copper rose"),
/// and the words that may stand between them ("while the benchmark copper").
const SUBJECT_OPENERS: &[&str] = &["while", "and", "but", "as", "whereas", "with"];
const SUBJECT_LEAD: &[&str] = &["the", "spot", "benchmark", "lme", "comex", "shfe"];

/// The amount is a charge or a spread: "the Yangshan copper premium ... fell
/// to $35", "treatment charges for copper concentrate slipped to $8.50",
/// "at a discount of $12", "洋山铜溢价跌至35美元/吨". Looks back from the
/// amount; a commodity opening a new subject in between ("the premium
/// widened while copper rose to $9,800") makes it that commodity's price.
pub(super) fn is_charge(toks: &[Token], m: &Money, zh_head: &str, ctx: &Ctx) -> bool {
    if !zh_head.is_empty() {
        let clause = zh_head
            .rsplit(['，', '；', '。', ',', ';'])
            .next()
            .unwrap_or("");
        return CHARGE_ZH.iter().any(|w| clause.contains(w));
    }
    for j in (0..m.start).rev() {
        if CHARGE_WORDS.contains(&toks[j].lw()) {
            return true;
        }
        if ctx.lx.commodities.match_at(toks, j).is_some() {
            let mut k = j;
            while k > 0 && SUBJECT_LEAD.contains(&toks[k - 1].lw()) {
                k -= 1;
            }
            let opens = k.checked_sub(1).is_none_or(|p| {
                matches!(toks[p].kind, TokKind::Punct(',' | ';'))
                    || SUBJECT_OPENERS.contains(&toks[p].lw())
            });
            if opens {
                return false;
            }
        }
    }
    false
}
