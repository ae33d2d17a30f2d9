//! Chinese quotes the shared token grammar leaves out: a commodity named in
//! the sentence, then a quote word and an amount with its unit ("布油10月合约
//! 涨2.8%，报81.89美元/桶", "COMEX期铜…收盘报2.6115美元/磅"). A dollar amount
//! without a unit is read only for oil (per barrel) and precious metals (per
//! ounce), the units those markets quote in. Premiums, spreads, supports,
//! inventories, output, targets and forecasts are not prices.

use std::sync::LazyLock;

use super::affix::Occurs;
use super::forecast::{Amount, amounts_in, default_unit};
use super::lex::ZH;
use crate::extract::model::{Fact, FactKind, Price};

/// Words right before an amount that make it a quote.
const QUOTE_WORDS: &[&str] = &["收盘报", "收报", "报收于", "报收", "收于", "收在", "报"];

static NOT_PRICE_WORDS: LazyLock<Occurs> = LazyLock::new(|| Occurs::new(&[NOT_PRICES]));

/// A segment holding one of these is not about a price level.
const NOT_PRICES: &[&str] = &[
    "升水", "贴水", "基差", "价差", "比值", "支撑", "阻力", "库存", "产量", "目标", "预计", "预测",
    "预期", "成交", "市值", "营收", "利润", "净利", "均价", "年内", "累计", "同比", "环比", "或将",
    "可能", "有望",
];

/// Prices of one compacted Chinese sentence not already in `have`.
pub fn prices(text: &str, all: &[Amount], sentence: &str, have: &[Fact], out: &mut Vec<Fact>) {
    for seg in text.split(['；', ';', '。']) {
        for a in amounts_in(all, text, seg) {
            let head = &seg[..a.start];
            // the amount's clause: "均价报78650元/吨，升水120元/吨" has a price and a premium
            let from = head
                .char_indices()
                .rev()
                .find(|(_, c)| matches!(c, '，' | ','))
                .map_or(0, |(i, c)| i + c.len_utf8());
            let to = seg[a.end..]
                .find(['，', ','])
                .map_or(seg.len(), |i| a.end + i);
            if NOT_PRICE_WORDS.any(&seg[from..to]) {
                continue;
            }
            if !QUOTE_WORDS.iter().any(|w| head.ends_with(w)) {
                continue;
            }
            let Some((_, _, commodity)) = ZH.commodities.find_all(head).last().copied() else {
                continue;
            };
            let unit = match a.unit {
                Some(u) => u,
                None if a.currency == "USD" && matches!(commodity, "oil" | "gold" | "silver") => {
                    default_unit(commodity)
                }
                None => continue,
            };
            let dup = have.iter().chain(out.iter()).any(|g| match &g.kind {
                FactKind::Price(x) => x.commodity == commodity && (x.value - a.value).abs() < 1e-6,
                FactKind::Forecast(x) => (x.value - a.value).abs() < 1e-6,
                _ => false,
            });
            if dup {
                continue;
            }
            out.push(Fact {
                kind: FactKind::Price(Price {
                    commodity: commodity.to_string(),
                    value: a.value,
                    currency: a.currency.to_string(),
                    unit: unit.to_string(),
                    qualifier: None,
                    as_of: None,
                    market: None,
                    product: None,
                    change: None,
                }),
                approx: false,
                range: a.range,
                sentence: sentence.to_string(),
            });
        }
    }
}

/// "78500元/吨-78700元/吨", "78500—78700元/吨", "预计…将在7万至8万元/吨区间": the
/// token grammar read both ends, or the high end alone, as prices (or
/// forecasts); they are one fact, the range's midpoint.
fn join_range(facts: &mut Vec<Fact>, from: usize, mid: f64, [lo, hi]: [f64; 2]) {
    let price_at = |v: f64, facts: &[Fact]| {
        (from..facts.len()).find(|&i| match &facts[i].kind {
            FactKind::Price(p) => (p.value - v).abs() < 1e-6,
            FactKind::Forecast(f) => (f.value - v).abs() < 1e-6 && f.previous.is_none(),
            _ => false,
        })
    };
    let commodity = |f: &Fact| match &f.kind {
        FactKind::Price(p) => Some(p.commodity.clone()),
        FactKind::Forecast(f) => Some(f.commodity.clone()),
        _ => None,
    };
    let Some(mut h) = price_at(hi, facts) else {
        return;
    };
    if let Some(l) = price_at(lo, facts)
        && l != h
        && commodity(&facts[l]) == commodity(&facts[h])
    {
        facts.remove(l);
        if l < h {
            h -= 1;
        }
    }
    match &mut facts[h].kind {
        FactKind::Price(p) => {
            p.value = mid;
            p.change = None;
        }
        FactKind::Forecast(f) => f.value = mid,
        _ => {}
    }
    facts[h].range = Some([lo, hi]);
}

/// Premium and spread words: the amount after one is not a price.
const SPREADS: &[&str] = &["升贴水", "升水", "贴水", "基差", "价差"];

/// Check the token grammar's prices of a Chinese sentence (`facts[from..]`)
/// against the amounts as written: a premium ("升水120元/吨") is dropped, and
/// the unit written with the amount ("4.52美元/磅") wins.
pub fn review(text: &str, found: &[Amount], facts: &mut Vec<Fact>, from: usize) {
    for a in found {
        if let Some(r) = a.range {
            join_range(facts, from, a.value, r);
        }
    }
    let mut i = from;
    while i < facts.len() {
        let mut drop = false;
        if let FactKind::Price(p) = &mut facts[i].kind
            && let Some(a) = found.iter().find(|a| (a.value - p.value).abs() < 1e-6)
        {
            let head = text[..a.start].trim_end_matches(['为', '在', '报']);
            drop = SPREADS.iter().any(|w| head.ends_with(w));
            if let Some(u) = a.unit
                && a.currency == p.currency
            {
                p.unit = u.to_string();
            }
        }
        if drop {
            facts.remove(i);
        } else {
            i += 1;
        }
    }
}
