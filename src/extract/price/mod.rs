//! Commodity prices and analysts' price forecasts.

mod attrs;
mod forecast;
mod table;

pub use table::note_table_header;

use attrs::{as_of_date, market_for, product_near, product_zh, qualifier_after, qualifier_before};

use super::context::Ctx;
use super::dates::date_mentions;
use super::model::{Fact, FactKind, Price};
use super::money::{Money, money_at};
use super::text::{TokKind, Token};
use super::words::*;
use super::wordset::WordSet;

static FORECAST_SET: WordSet = WordSet::new(FORECAST_WORDS);
static NOT_PRICE_SET: WordSet = WordSet::new(NOT_PRICE_WORDS);

/// Find price and forecast facts in one tokenized sentence.
pub fn prices_and_forecasts(sentence: &str, toks: &[Token], ctx: &mut Ctx, out: &mut Vec<Fact>) {
    let mut monies = collect_money(toks, ctx);
    default_units(toks, &mut monies, ctx);
    table::table_rows(sentence, toks, &monies, ctx, out);
    if monies.iter().all(|m| m.unit.is_none()) {
        return;
    }
    inherit_units(toks, &mut monies, ctx);
    let dates = if may_hold_date(toks) {
        date_mentions(sentence, ctx.today)
    } else {
        Vec::new()
    };
    let mut pending_change: Option<f64> = None;
    let mut forecast_prev: Option<f64> = None;
    let mut skip = usize::MAX;
    for (k, m) in monies.iter().enumerate() {
        if k == skip {
            continue;
        }
        let Some(unit) = m.unit.clone() else {
            // an amount with no unit right after a move verb is a change ("rose 23,000 yuan")
            pending_change = change_before(toks, m, ctx).map(|s| s * m.value);
            continue;
        };
        // "up 150 yuan/mt": a priced change, not a price
        if is_change_phrase(toks, m, ctx) {
            let sign = if toks[m.start - 1].is("down")
                || ctx.lx.verb_sign(word_key(&toks[m.start - 1])) == Some(-1)
            {
                -1.0
            } else {
                1.0
            };
            let change = sign * m.value;
            match out.last_mut() {
                Some(Fact {
                    kind: FactKind::Price(p),
                    sentence: s,
                    ..
                }) if s == sentence && p.change.is_none() && p.unit == unit => {
                    p.change = Some(change);
                }
                _ => pending_change = Some(change),
            }
            continue;
        }
        let clause_start = clause_start(toks, m.start);
        let zh_head = if sentence.is_ascii() {
            ""
        } else {
            &sentence[..toks[m.start].start]
        };
        let zh_forecast = ZH_FORECAST.iter().any(|w| zh_head.contains(w));
        let forecast_word = last_index_of(toks, m.start.saturating_sub(16), m.start, &FORECAST_SET)
            .or(zh_forecast.then_some(m.start.saturating_sub(1)));
        let near = clause_start.max(m.start.saturating_sub(6));
        let company_data = toks[near.min(m.start)..m.start].iter().any(|t| {
            NOT_PRICE_SET.contains(t.lw())
                && !(forecast_word.is_some() && t.lower.starts_with("target"))
        });
        let zh_opinion = forecast_word.is_none() && opinion_zh(sentence, toks, m.start);
        if is_opinion(toks, m, forecast_word.is_some()) || company_data || zh_opinion {
            pending_change = None;
            forecast_prev = None;
            continue;
        }
        let Some((commodity, mention)) = commodity_near(toks, m, ctx) else {
            continue;
        };
        if let Some(fw) = forecast_word {
            let next = monies.get(k + 1);
            let is_from =
                m.start > 0 && (toks[m.start - 1].is("from") || toks[m.start - 1].text == "从");
            if is_from && next.is_some_and(|n| n.currency == m.currency) {
                forecast_prev = Some(m.value);
                continue;
            }
            // "... to $4,500/oz, up from $4,000/oz": the previous figure of the last forecast
            if is_from
                && let Some(Fact {
                    kind: FactKind::Forecast(f),
                    sentence: s,
                    ..
                }) = out.last_mut()
                && s == sentence
                && f.previous.is_none()
                && f.currency == m.currency
            {
                f.previous = Some(m.value);
                continue;
            }
            // "to $4,900 an ounce from $4,300"
            let prev_after = next
                .filter(|n| {
                    toks.get(m.end).is_some_and(|t| t.is("from"))
                        && n.start == m.end + 1
                        && n.currency == m.currency
                })
                .map(|n| n.value);
            if prev_after.is_some() {
                skip = k + 1;
            }
            let previous = forecast_prev.take().or(prev_after);
            if let Some(f) = forecast::forecast_fact(
                sentence,
                toks,
                m,
                fw,
                clause_start,
                commodity,
                previous,
                ctx,
            ) {
                out.push(f);
            }
            continue;
        }
        forecast_prev = None;
        let change = pending_change.take().or_else(|| change_after(toks, m, ctx));
        out.push(Fact {
            kind: FactKind::Price(Price {
                commodity,
                value: m.value,
                currency: m.currency.clone(),
                unit,
                qualifier: qualifier_before(toks, m.start)
                    .or_else(|| qualifier_after(toks, m.end))
                    .or_else(|| record_zh(sentence, toks, m.end)),
                as_of: as_of_date(toks, m, &dates, &monies, ctx.today),
                market: market_for(sentence, toks, m.start, m.end),
                product: product_zh(sentence, toks, m.start).or_else(|| {
                    product_near(
                        toks,
                        mention.map_or(clause_start, |p| p.saturating_sub(2)),
                        m.start,
                    )
                }),
                change,
            }),
            approx: m.start > 0 && PRICE_HEDGES.contains(&toks[m.start - 1].lw()),
            range: m.range,
            sentence: sentence.to_string(),
        });
    }
}

/// "创历史新高" shortly after the price.
fn record_zh(sentence: &str, toks: &[Token], end: usize) -> Option<super::model::Qualifier> {
    let from = toks.get(end.saturating_sub(1))?.end;
    let tail: String = sentence[from..].chars().take(12).collect();
    ["历史新高", "纪录新高", "历史高位", "创新高"]
        .iter()
        .any(|w| tail.contains(w))
        .then_some(super::model::Qualifier::RecordHigh)
}

/// A Chinese level in a condition or an outlook: "若...，金价有望挑战5,500美元".
fn opinion_zh(sentence: &str, toks: &[Token], start: usize) -> bool {
    let Some(t) = toks.get(start) else {
        return false;
    };
    let head = &sentence[..t.start];
    if head.is_ascii() {
        return false;
    }
    let clause = head.rsplit(['。', '；']).next().unwrap_or(head);
    [
        "若", "如果", "有望", "或将", "可能", "挑战", "看至", "看到", "目标", "支撑", "阻力",
    ]
    .iter()
    .any(|w| clause.contains(w))
}

/// A cheap check before the date pattern: a month name, "last", 月/日, or
/// digits joined by "-", "/" or ".".
fn may_hold_date(toks: &[Token]) -> bool {
    const MONTHS: &[&str] = &[
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    toks.iter().enumerate().any(|(k, t)| {
        let w = t.lw();
        (w.is_char_boundary(3) && w.len() >= 3 && MONTHS.contains(&&w[..3]))
            || w == "last"
            || t.text == "月"
            || (t.num().is_some()
                && toks.get(k + 1).is_some_and(|s| {
                    matches!(s.kind, TokKind::Punct('-' | '/' | '.')) && !s.space_before
                })
                && toks.get(k + 2).is_some_and(|n| n.num().is_some()))
    })
}

/// The word to look up: lower-cased for words, as written for CJK characters.
fn word_key<'a>(t: &'a Token) -> &'a str {
    if t.lower.is_empty() { t.text } else { t.lw() }
}

fn collect_money(toks: &[Token], ctx: &Ctx) -> Vec<Money> {
    let mut monies: Vec<Money> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
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
fn usual_unit(commodity: &str, currency: &str, value: f64) -> Option<&'static str> {
    match (commodity, currency) {
        ("gold", "USD") if value >= 500.0 => Some("oz"),
        ("silver", "USD") if (5.0..=500.0).contains(&value) => Some("oz"),
        ("platinum" | "palladium", "USD") if value >= 200.0 => Some("oz"),
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
        ("oil", "USD") if value < 300.0 => Some("bbl"),
        ("iron ore", "USD") if (30.0..300.0).contains(&value) => Some("t"),
        _ => None,
    }
}

/// "Spot gold rose 0.5% to $4,012.30": a level after "to"/"at" with the
/// commodity named just before it gets the commodity's usual unit.
fn default_units(toks: &[Token], monies: &mut [Money], ctx: &Ctx) {
    for m in monies.iter_mut() {
        if m.unit.is_some() || m.start == 0 || change_before(toks, m, ctx).is_some() {
            continue;
        }
        let prev = toks[m.start - 1].lw();
        if ![
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
        ]
        .contains(&prev)
        {
            continue;
        }
        let from = m.start.saturating_sub(12);
        let commodity = (from..m.start)
            .rev()
            .take_while(|&k| !matches!(toks[k].kind, TokKind::Punct(';' | ',' | ':')))
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
            .map(|(_, c)| c);
        if let Some(u) = commodity.and_then(|c| usual_unit(c, &m.currency, m.value)) {
            m.unit = Some(u.to_string());
        }
    }
}

/// An amount without a unit takes the unit of a comparable priced amount
/// in the sentence: "$13,210.50 a tonne, after touching $13,355", "from $X to $Y a tonne".
fn inherit_units(toks: &[Token], monies: &mut [Money], ctx: &Ctx) {
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

fn last_index_of(toks: &[Token], from: usize, to: usize, words: &WordSet) -> Option<usize> {
    (from..to)
        .rev()
        .find(|&j| words.contains(toks[j].lw()) || words.contains(toks[j].text))
}

/// Start of the clause holding token `at`: after the last ";", ":" or "—".
fn clause_start(toks: &[Token], at: usize) -> usize {
    (0..at)
        .rev()
        .find(|&j| matches!(toks[j].kind, TokKind::Punct(';' | ':' | '—' | '；' | '：')))
        .map_or(0, |j| j + 1)
}

/// A level named in an opinion or condition: "$13,000 is not the endpoint",
/// "prices above $13,000 are difficult to sustain", "could reach $15,000".
fn is_opinion(toks: &[Token], m: &Money, forecast: bool) -> bool {
    let mut j = m.end;
    while j < m.end + 3
        && toks.get(j).is_some_and(|t| {
            ["for", "this", "round", "of"].contains(&t.lw()) || t.lower.ends_with("ly")
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
            .any(|t| {
                [
                    "could", "may", "might", "will", "would", "to", "likely", "can",
                ]
                .contains(&t.lw())
            });
    after_copula || conditional || goal
}

/// The commodity a price is about: nearest mention before it in the sentence,
/// else just after it, else the last one named before.
fn commodity_near(toks: &[Token], m: &Money, ctx: &Ctx) -> Option<(String, Option<usize>)> {
    for s in (0..m.start).rev() {
        if let Some((_, c)) = ctx.lx.commodities.match_at(toks, s) {
            return Some((c.to_string(), Some(s)));
        }
    }
    let end = (m.end + 6).min(toks.len());
    for s in m.end..end {
        if let Some((_, c)) = ctx.lx.commodities.match_at(toks, s) {
            return Some((c.to_string(), None));
        }
    }
    // a price sentence without a commodity: the one named earlier in the paragraph
    let about_prices = toks.iter().any(|t| {
        let w = if t.lower.is_empty() { t.text } else { t.lw() };
        matches!(
            w,
            "price"
                | "prices"
                | "价"
                | "quoted"
                | "traded"
                | "trading"
                | "averaged"
                | "contract"
                | "contracts"
                | "futures"
                | "spot"
                | "benchmark"
                | "assessed"
                | "settled"
                | "metal"
        ) || PRODUCTS.contains(&w)
            || MARKETS.iter().any(|(k, _)| w == *k)
    });
    ctx.last_commodity
        .as_ref()
        .filter(|(p, _)| about_prices && *p + 1 >= ctx.paragraph)
        .map(|(_, c)| (c.to_string(), None))
}

/// A priced amount right after "up"/"down"/a move verb, followed by "from",
/// "on", "," or the end: "up 150 yuan/mt from the previous day".
fn is_change_phrase(toks: &[Token], m: &Money, ctx: &Ctx) -> bool {
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
            || t.is_punct(')')
    });
    verb && next_ok
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
fn change_after(toks: &[Token], m: &Money, ctx: &Ctx) -> Option<f64> {
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
    let amount = money_at(toks, j + 1, ctx.lx)?;
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
