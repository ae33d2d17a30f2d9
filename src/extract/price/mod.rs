//! Commodity prices and analysts' price forecasts.

mod attrs;
mod commodity;
mod forecast;
mod frame;
mod quote;
mod speaker;
mod table;
mod units;

pub use attrs::dateline_dollar;
pub use table::note_table_header;

use attrs::{as_of_date, market_for, product_near, product_zh, qualifier_after, qualifier_before};
use commodity::commodity_near;
use units::{change_before, collect_money, default_units, inherit_units};

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
    let english = sentence.is_ascii();
    if english {
        speaker::note_orgs(toks, ctx);
        quote::join_ranges(toks, &mut monies, ctx);
    }
    default_units(toks, &mut monies, ctx);
    table::table_rows(sentence, toks, &monies, ctx, out);
    if monies.iter().all(|m| m.unit.is_none()) && (!english || ctx.quotes.is_empty()) {
        return;
    }
    inherit_units(toks, &mut monies, ctx);
    if english {
        quote::carry_units(toks, &mut monies, ctx);
        quote::bare_quotes(toks, &mut monies, ctx);
    }
    let dates = if may_hold_date(toks) {
        date_mentions(sentence, ctx.today)
    } else {
        Vec::new()
    };
    let mut pending_change: Option<f64> = None;
    let mut forecast_prev: Option<f64> = None;
    let mut skip = usize::MAX;
    for (k, m) in monies.iter().enumerate() {
        // "76,200 yuan ($10,610) a ton": the conversion is no second price
        let converted = k > 0
            && m.start > 0
            && toks[m.start - 1].is_punct('(')
            && monies[k - 1].end + 1 == m.start;
        if k == skip || converted {
            continue;
        }
        let Some(unit) = m.unit.clone() else {
            // an amount with no unit right after a move verb is a change ("rose 23,000 yuan")
            pending_change = change_before(toks, m, ctx)
                .map(|s| s * m.value)
                .filter(|&c| !read_as_change(out, sentence, c));
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
            if read_as_change(out, sentence, change) {
                continue;
            }
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
        let en_frame = if english {
            frame::frame(toks, m, clause_start, frame::this_year(ctx.today))
        } else {
            None
        };
        if en_frame == Some(frame::Frame::Hedged) {
            pending_change = None;
            forecast_prev = None;
            continue;
        }
        let forecast_word = last_index_of(toks, m.start.saturating_sub(16), m.start, &FORECAST_SET)
            .or(zh_forecast.then_some(m.start.saturating_sub(1)))
            .or(match en_frame {
                Some(frame::Frame::Forecast(k)) => Some(k),
                _ => None,
            });
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
        let named_before = || {
            (0..m.start).rev().find_map(|s| {
                ctx.lx
                    .commodities
                    .match_at(toks, s)
                    .map(|(_, c)| (c.to_string(), Some(s)))
            })
        };
        let found = match &m.carried {
            Some(c) => named_before().or_else(|| Some((c.clone(), None))),
            None => commodity_near(toks, m, ctx),
        };
        let Some((commodity, mention)) = found.or_else(|| {
            // a dealer report goes on quoting the metal it is about
            ctx.quotes
                .first()
                .filter(|q| {
                    english
                        && q.paragraph + 2 >= ctx.paragraph
                        && (0.4..=2.5).contains(&(m.value / q.value))
                })
                .map(|q| (q.commodity.clone(), None))
        }) else {
            continue;
        };
        if let Some(fw) = forecast_word {
            let next = monies.get(k + 1);
            // "... from 17.4 dlrs this year": a forecast of its own, not a previous figure
            let own_period = toks[m.end.min(toks.len())..(m.end + 2).min(toks.len())]
                .iter()
                .any(|t| t.is("this") || t.is("next"));
            // "previously predicted $2,400 ... now expects $2,700"
            let earlier = toks[m.start.saturating_sub(5)..m.start]
                .iter()
                .any(|t| t.is("previously") || t.is("earlier"));
            if earlier && next.is_some_and(|n| n.currency == m.currency) {
                forecast_prev = Some(m.value);
                continue;
            }
            let zh_prev = zh_previous(zh_head);
            let is_from = !own_period
                && m.start > 0
                && (toks[m.start - 1].is("from") || toks[m.start - 1].text == "从" || zh_prev);
            if is_from && !zh_prev && next.is_some_and(|n| n.currency == m.currency) {
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
                        && n.currency == m.currency
                        // "from $80", "from its previous view of $80"
                        && n.start <= m.end + 6
                        && toks
                            .get(m.end + 1..n.start)
                            .is_some_and(|g| g.iter().all(|t| t.kind == TokKind::Word))
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
                if let FactKind::Forecast(fc) = &f.kind {
                    ctx.last_institution = Some(fc.institution.clone());
                }
                out.push(f);
            }
            continue;
        }
        forecast_prev = None;
        let change = pending_change.take().or_else(|| change_after(toks, m, ctx));
        if english {
            quote::note_quote(ctx, &commodity, m, &unit);
        }
        let currency = match ctx.local_dollar {
            Some(local) if m.plain_dollar && !attrs::is_precious(&commodity) => local.to_string(),
            _ => m.currency.clone(),
        };
        out.push(Fact {
            kind: FactKind::Price(Price {
                commodity,
                value: m.value,
                currency,
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

/// "805.50 stg, down 2.50 stg a tonne": the amount was already read as the
/// change of the price before it, so it is no change for the next one.
fn read_as_change(out: &[Fact], sentence: &str, change: f64) -> bool {
    matches!(out.last(), Some(Fact { kind: FactKind::Price(p), sentence: s, .. })
        if s == sentence && p.change == Some(change))
}

/// "(此前预计84美元/桶)": the previous figure of the forecast before it.
fn zh_previous(head: &str) -> bool {
    let h = head.trim_end_matches(['(', '（', ' ']);
    ["此前预计", "此前预测", "此前为", "此前", "前值"]
        .iter()
        .any(|w| h.ends_with(w))
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
    // "the 870 stg area appears to have provided a minor chart support base"
    let technical = toks[m.end.min(toks.len())..(m.end + 8).min(toks.len())]
        .iter()
        .take_while(|t| !t.is_punct(',') && !t.is_punct(';'))
        .any(|t| t.is("support") || t.is("resistance"));
    after_copula || conditional || goal || technical
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
