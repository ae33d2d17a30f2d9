//! One sentence's amounts, read in order: a priced change goes to the price
//! beside it, a level in an opinion is dropped, a level after a forecast word
//! is a forecast (with the figure it revises), any other priced level a price.

use super::super::context::Ctx;
use super::super::dates::DateMention;
use super::super::model::{Direction, Fact, FactKind, Price};
use super::super::money::Money;
use super::super::text::{TokKind, Token};
use super::super::words::*;
use super::attrs::{
    self, as_of_date, market_for, product_near, product_zh, qualifier_after, qualifier_before,
};
use super::commodity::{commodity_near, quoted_against};
use super::compare::Relation;
use super::filters::{
    Comparative, change_after, comparative, is_change_phrase, is_charge, is_opinion, read_as_change,
};
use super::units::change_before;
use super::{FORECAST_SET, NOT_PRICE_SET};
use super::{clause_start, frame, last_index_of, opinion_zh, quote, record_zh, word_key};

/// What one amount of the sentence turned out to be about.
struct About {
    commodity: String,
    /// Token of the commodity's mention in the sentence, if named there.
    mention: Option<usize>,
    clause_start: usize,
    /// Text of a Chinese sentence before the amount ("" in English).
    zh_head: String,
}

/// The amounts of one sentence and what reading them carries from one to the next.
pub(super) struct Reading<'s, 't, 'a> {
    pub sentence: &'s str,
    pub toks: &'t [Token<'a>],
    pub monies: Vec<Money>,
    pub dates: Vec<DateMention>,
    pub english: bool,
    /// A change read before its level ("rose 23,000 yuan to ...").
    pending_change: Option<f64>,
    /// A forecast's previous figure read before the new one ("from $80 to $90").
    forecast_prev: Option<f64>,
    /// An amount already used as the previous figure of the forecast before it.
    skip: usize,
}

impl<'s, 't, 'a> Reading<'s, 't, 'a> {
    pub fn new(
        sentence: &'s str,
        toks: &'t [Token<'a>],
        monies: Vec<Money>,
        dates: Vec<DateMention>,
    ) -> Self {
        Reading {
            sentence,
            toks,
            monies,
            dates,
            english: sentence.is_ascii(),
            pending_change: None,
            forecast_prev: None,
            skip: usize::MAX,
        }
    }

    /// Read every amount of the sentence into `out`.
    pub fn read_all(&mut self, ctx: &mut Ctx, out: &mut Vec<Fact>) {
        let first = out.len();
        for k in 0..self.monies.len() {
            self.read(k, ctx, out);
        }
        super::respective::assign_periods(self.sentence, self.toks, &mut out[first..], ctx.today);
    }

    fn read(&mut self, k: usize, ctx: &mut Ctx, out: &mut Vec<Fact>) {
        let (toks, m) = (self.toks, &self.monies[k]);
        // "76,200 yuan ($10,610) a ton": the conversion is no second price
        let converted = k > 0
            && m.start > 0
            && toks[m.start - 1].is_punct('(')
            && self.monies[k - 1].end + 1 == m.start;
        if k == self.skip || converted {
            return;
        }
        match comparative(toks, m) {
            Some(Comparative::Difference) => return,
            Some(Comparative::Change {
                value,
                before_price,
            }) => {
                self.comparative_change(value, before_price, out);
                return;
            }
            None => {}
        }
        let Some(unit) = m.unit.clone() else {
            // an amount with no unit right after a move verb is a change ("rose 23,000 yuan")
            self.pending_change = change_before(toks, m, ctx)
                .map(|s| s * m.value)
                .filter(|&c| !read_as_change(out, self.sentence, c));
            return;
        };
        // "up 150 yuan/mt": a priced change, not a price
        if is_change_phrase(toks, m, ctx) {
            self.priced_change(k, &unit, ctx, out);
            return;
        }
        let Some((about, forecast_word)) = self.about(k, ctx, out) else {
            return;
        };
        match forecast_word {
            Some(fw) => self.forecast(k, fw, about, ctx, out),
            None => {
                self.forecast_prev = None;
                self.price(k, unit, about, ctx, out);
            }
        }
    }

    /// A change read by its comparative: of the sentence's last price when
    /// it stands after one, else of the next price.
    fn comparative_change(&mut self, value: f64, before_price: bool, out: &mut [Fact]) {
        match out.last_mut() {
            Some(Fact {
                kind: FactKind::Price(p),
                sentence: s,
                ..
            }) if !before_price && s == self.sentence && p.change.is_none() => {
                p.change = Some(value)
            }
            _ => self.pending_change = Some(value),
        }
    }

    /// "up 150 yuan/mt": the change of the price before it, or of the next one.
    fn priced_change(&mut self, k: usize, unit: &str, ctx: &Ctx, out: &mut [Fact]) {
        let (toks, m) = (self.toks, &self.monies[k]);
        let before = &toks[m.start - 1];
        let down = before.is("down") || ctx.lx.verb_sign(word_key(before)) == Some(-1);
        let change = if down { -m.value } else { m.value };
        if read_as_change(out, self.sentence, change) {
            return;
        }
        match out.last_mut() {
            Some(Fact {
                kind: FactKind::Price(p),
                sentence: s,
                ..
            }) if s == self.sentence && p.change.is_none() && p.unit == unit => {
                p.change = Some(change);
            }
            _ => self.pending_change = Some(change),
        }
    }

    /// The commodity and frame of a priced level, with the forecast word that makes it a
    /// forecast; None for a level in a hedge, an opinion or company data (which also ends
    /// what the sentence carried), or of no commodity.
    fn about(&mut self, k: usize, ctx: &Ctx, out: &[Fact]) -> Option<(About, Option<usize>)> {
        let (toks, m, sentence) = (self.toks, &self.monies[k], self.sentence);
        let clause_start = clause_start(toks, m.start);
        let zh_head = if self.english {
            ""
        } else {
            &sentence[..toks[m.start].start]
        };
        let zh_forecast = ZH_FORECAST.iter().any(|w| zh_head.contains(w))
            || super::liao_cue(zh_head)
            || !self.english && super::zh_forecast_after(sentence, toks, m.end);
        let en_frame = if self.english {
            frame::frame(toks, m, clause_start, frame::this_year(ctx.today))
        } else {
            None
        };
        if en_frame == Some(frame::Frame::Hedged) || super::hedged_zh(zh_head) {
            self.pending_change = None;
            self.forecast_prev = None;
            return None;
        }
        let forecast_word = last_index_of(toks, m.start.saturating_sub(16), m.start, &FORECAST_SET)
            .or_else(|| frame::possessive_call(toks, m.start.saturating_sub(16), m.start))
            .or(zh_forecast.then_some(m.start.saturating_sub(1)))
            .or(match en_frame {
                Some(frame::Frame::Forecast(k)) => Some(k),
                _ => None,
            })
            .or_else(|| super::units::forecast_noun_after(toks, m, ctx).map(|(j, _)| j));
        let near = clause_start.max(m.start.saturating_sub(6));
        let company_data = toks[near.min(m.start)..m.start].iter().any(|t| {
            NOT_PRICE_SET.contains(t.lw())
                && !(forecast_word.is_some() && t.lower.starts_with("target"))
        });
        let zh_opinion = forecast_word.is_none() && opinion_zh(sentence, toks, m.start);
        if is_opinion(toks, m, forecast_word.is_some())
            || company_data
            || zh_opinion
            || is_charge(toks, m, zh_head, ctx)
        {
            self.pending_change = None;
            self.forecast_prev = None;
            return None;
        }
        let (commodity, mention) = self.commodity_of(m, ctx, out)?;
        let about = About {
            commodity,
            mention,
            clause_start,
            zh_head: zh_head.to_string(),
        };
        Some((about, forecast_word))
    }

    /// The commodity of a level: carried over, named near it, the metal of the
    /// sentence's price it is quoted against ("at 451.25 dlrs an ounce, against
    /// 453.70 on Friday"), or the dealer report's metal.
    fn commodity_of(&self, m: &Money, ctx: &Ctx, out: &[Fact]) -> Option<(String, Option<usize>)> {
        let toks = self.toks;
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
        found
            .or_else(|| quoted_against(out, self.sentence, m))
            .or_else(|| {
                // a dealer report goes on quoting the metal it is about, in its range
                ctx.quotes
                    .first()
                    .filter(|q| {
                        self.english
                            && q.paragraph + 2 >= ctx.paragraph
                            && (0.4..=2.5).contains(&(m.value / q.value))
                    })
                    .map(|q| (q.commodity.clone(), None))
            })
    }

    /// A level after a forecast word: a forecast, or the previous figure of one.
    fn forecast(&mut self, k: usize, fw: usize, about: About, ctx: &mut Ctx, out: &mut Vec<Fact>) {
        if self.previous_figure(k, &about.zh_head, out) {
            return;
        }
        let (toks, m) = (self.toks, &self.monies[k]);
        // "to $4,900 an ounce from $4,300"
        let prev_after = self
            .monies
            .get(k + 1)
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
            self.skip = k + 1;
        }
        let previous = self.forecast_prev.take().or(prev_after);
        let fact = super::forecast::forecast_fact(
            self.sentence,
            toks,
            m,
            fw,
            about.clause_start,
            about.commodity,
            previous,
            ctx,
        );
        if let Some(f) = fact {
            if let FactKind::Forecast(fc) = &f.kind {
                ctx.last_institution = Some(fc.institution.clone());
            }
            out.push(f);
        }
    }

    /// "previously predicted $2,400 ... now $2,700", "from $80 to $90", "..., up from
    /// $4,000/oz": the amount is the previous figure of a forecast, not one of its own.
    fn previous_figure(&mut self, k: usize, zh_head: &str, out: &mut [Fact]) -> bool {
        let (toks, m) = (self.toks, &self.monies[k]);
        let next_same = self
            .monies
            .get(k + 1)
            .is_some_and(|n| n.currency == m.currency);
        // "... from 17.4 dlrs this year": a forecast of its own, not a previous figure
        let own_period = toks[m.end.min(toks.len())..(m.end + 2).min(toks.len())]
            .iter()
            .any(|t| t.is("this") || t.is("next"));
        let relation = if self.english {
            super::compare::relation(toks, m)
        } else {
            super::compare::relation_zh(zh_head)
        };
        if relation == Relation::Comparison {
            return true;
        }
        let marked_after = relation == Relation::EarlierAfter;
        let earlier = relation == Relation::EarlierBefore;
        let zh_prev = super::zh_previous(zh_head);
        let is_from = !own_period
            && m.start > 0
            && (toks[m.start - 1].is("from") || super::zh_from(zh_head) || zh_prev);
        if (earlier || is_from && !zh_prev) && next_same && !marked_after {
            self.forecast_prev = Some(m.value);
            return true;
        }
        // "... to $4,500/oz, up from $4,000/oz", "$10,100/t (previously $9,600)": the
        // previous figure of the last forecast
        if (is_from || earlier || marked_after)
            && let Some(Fact {
                kind: FactKind::Forecast(f),
                sentence: s,
                ..
            }) = out.last_mut()
            && s == self.sentence
            && f.previous.is_none()
            && f.currency == m.currency
        {
            f.previous = Some(m.value);
            // "(previously $9,600)": the figures tell the way
            if f.direction == Direction::Initiated && f.value != m.value {
                f.direction = if f.value > m.value {
                    Direction::Raised
                } else {
                    Direction::Cut
                };
            }
            return true;
        }
        // "此前预计金价为3000美元，现上调至3200美元", "将其对…10,500美元/吨的预测下调至
        // 9,800美元/吨": the figure before the new one
        let revised = !self.english
            && self
                .monies
                .get(k + 1)
                .is_some_and(|n| super::zh_revised_after(self.sentence, toks, m, n));
        if (zh_prev || revised) && next_same {
            self.forecast_prev = Some(m.value);
            return true;
        }
        false
    }

    /// A priced level of a commodity: a price fact.
    fn price(&mut self, k: usize, unit: String, about: About, ctx: &mut Ctx, out: &mut Vec<Fact>) {
        let (toks, m, sentence) = (self.toks, &self.monies[k], self.sentence);
        let change = self
            .pending_change
            .take()
            .or_else(|| change_after(toks, m, ctx));
        if self.english {
            quote::note_quote(ctx, &about.commodity, m, &unit);
        }
        let currency = match ctx.local_dollar {
            Some(local) if m.plain_dollar && !attrs::is_precious(&about.commodity) => {
                local.to_string()
            }
            _ => m.currency.clone(),
        };
        let product = product_zh(sentence, toks, m.start).or_else(|| {
            let from = about
                .mention
                .map_or(about.clause_start, |p| p.saturating_sub(2));
            product_near(toks, from, m.start)
        });
        out.push(Fact {
            kind: FactKind::Price(Price {
                commodity: about.commodity,
                value: m.value,
                currency,
                unit,
                qualifier: qualifier_before(toks, m.start)
                    .or_else(|| qualifier_after(toks, m.end))
                    .or_else(|| record_zh(sentence, toks, m.end)),
                as_of: as_of_date(toks, m, &self.dates, &self.monies, ctx.today),
                market: market_for(sentence, toks, m.start, m.end),
                product,
                change,
            }),
            approx: m.start > 0 && PRICE_HEDGES.contains(&toks[m.start - 1].lw()),
            range: m.range,
            sentence: sentence.to_string(),
        });
    }
}
