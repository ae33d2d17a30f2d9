//! Members with their move in brackets: "losses from Kweichow Moutai (-1.7%),
//! Wuliangye Yibin (-3.8%)", "top gainers were Pilbara Minerals (2.93%), ...".

use super::super::context::{Ctx, Subject};
use super::super::model::{Fact, FactKind, IndexMove, StockMove};
use super::super::names::names_before;
use super::super::text::{TokKind, Token};
use super::pct_len;
use super::subject::is_company_name;

const UP_CUES: &[&str] = &[
    "gainers",
    "gains",
    "gain",
    "gained",
    "rose",
    "rising",
    "advanced",
    "advancers",
    "higher",
    "up",
    "winners",
    "climbers",
    "outperformers",
    "rallied",
    "jumped",
    "surged",
    "led",
];
const DOWN_CUES: &[&str] = &[
    "losers",
    "losses",
    "loss",
    "lost",
    "fell",
    "falling",
    "declined",
    "decliners",
    "declines",
    "lower",
    "down",
    "laggards",
    "dropped",
    "slid",
    "slumped",
    "tumbled",
    "underperformers",
    "weighed",
    "dragged",
];

/// The direction the sentence gives its bracketed members, read back from `k`.
fn cue_before(toks: &[Token], k: usize) -> Option<f64> {
    toks[..k].iter().rev().find_map(|t| {
        if UP_CUES.contains(&t.lw()) {
            Some(1.0)
        } else if DOWN_CUES.contains(&t.lw()) {
            Some(-1.0)
        } else {
            None
        }
    })
}

/// The bracketed figure at `k` ("(", optional sign, number, percent, ")"):
/// its signed value (sign 0 when unsigned) and the closing bracket.
fn bracket_at(toks: &[Token], k: usize) -> Option<(f64, f64, usize)> {
    if !toks[k].is_punct('(') {
        return None;
    }
    let mut n = k + 1;
    let sign = match toks.get(n)?.kind {
        TokKind::Punct('+') => 1.0,
        TokKind::Punct('-' | '−') => -1.0,
        _ => 0.0,
    };
    if sign != 0.0 {
        n += 1;
    }
    let value = toks.get(n)?.num()?;
    let p = pct_len(toks, n + 1)?;
    let close = n + 1 + p;
    toks.get(close)?
        .is_punct(')')
        .then_some((value, sign, close))
}

/// Find bracketed member moves in one sentence.
pub fn bracket_moves(sentence: &str, toks: &[Token], ctx: &mut Ctx, out: &mut Vec<Fact>) {
    let mut k = 1;
    while k < toks.len() {
        let Some((value, sign, close)) = bracket_at(toks, k) else {
            k += 1;
            continue;
        };
        let sign = if sign != 0.0 {
            Some(sign)
        } else {
            cue_before(toks, k)
        };
        let fact = |kind| Fact {
            kind,
            approx: false,
            range: None,
            sentence: sentence.to_string(),
        };
        if let Some(sign) = sign {
            if let Some((_, index)) = ctx.lx.indices.match_ending(toks, k) {
                out.push(fact(FactKind::IndexMove(IndexMove {
                    index: index.to_string(),
                    change_pct: sign * value,
                    level: None,
                    points: None,
                })));
            } else if let Some(m) = names_before(toks, k).0.pop()
                && is_company_name(&m.name, ctx)
            {
                ctx.last_company = Some(m.name.clone());
                ctx.last_subject = Some(Subject::Company(m.name.clone()));
                out.push(fact(FactKind::StockMove(StockMove {
                    name: m.name,
                    change_pct: sign * value,
                    ticker: m.ticker,
                    price: None,
                })));
            }
        }
        k = close + 1;
    }
}
