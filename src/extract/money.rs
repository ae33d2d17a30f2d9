//! Money amounts in a token stream: "$13,387.50 per tonne", "US$2,650/oz",
//! "264,000 yuan/ton", "26.4万元/吨", "66.50 cents a lb", "409.40/90 dlrs an ounce".

use super::lexicon::Lexicon;
use super::text::{TokKind, Token};

/// An amount of money, possibly per unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Money {
    /// First and one-past-last token of the whole phrase.
    pub start: usize,
    pub end: usize,
    /// Index of the number token.
    pub num_idx: usize,
    pub value: f64,
    pub currency: String,
    pub unit: Option<String>,
    /// A bid/offer quote "409.40/90": (bid, offer).
    pub range: Option<[f64; 2]>,
    /// 0.01 when written in cents or pence, else 1.
    pub scale: f64,
    /// Written "dlrs"/"dollars" with no country: the dateline's dollar.
    pub plain_dollar: bool,
    /// A bare figure quoted against an earlier price of this commodity.
    pub carried: Option<String>,
}

const SCALE_WORDS: &[&str] = &[
    "million", "billion", "trillion", "mln", "bln", "bn", "mn", "m", "b", "k", "thousand",
];

/// The currency prefix ending at token `p` ("$", "US$", "HK$", "RMB"): its
/// start and code. "US$" must be glued to the number or to "$"; in "in a
/// $9,500 range" the article is no "A$" (a one-letter prefix word must be glued).
fn prefix_before<'l>(toks: &[Token], p: usize, lx: &'l Lexicon) -> Option<(usize, &'l str)> {
    let (s, code) = lx.currency_prefix.match_ending(toks, p)?;
    let spaced = (s + 1..p).any(|k| toks[k].space_before) && toks[s].text.len() < 2;
    if !spaced {
        return Some((s, code));
    }
    lx.currency_prefix
        .match_at(toks, p - 1)
        .filter(|(n, _)| *n == 1)
        .map(|(_, code)| (p - 1, code))
}

/// Read the money phrase whose number is token `i`, if any.
pub fn money_at(toks: &[Token], i: usize, lx: &Lexicon) -> Option<Money> {
    let value = toks.get(i)?.num()?;
    let mut start = i;
    let mut currency: Option<String> = None;
    // prefix currency ("$", "US$", "HK$", "RMB", "¥"), allowing a sign
    let mut p = i;
    if p > 0 && (toks[p - 1].is_punct('+') || toks[p - 1].is_punct('-')) {
        p -= 1;
    }
    if let Some((s, code)) = prefix_before(toks, p, lx) {
        currency = Some(code.to_string());
        start = s;
    }
    let mut j = i + 1;
    let mut value = value;
    let mut range = None;
    // bid/offer "409.40/90" or "409.40/409.90"
    if let (Some(slash), Some(next)) = (toks.get(j), toks.get(j + 1))
        && slash.is_punct('/')
        && !slash.space_before
        && !next.space_before
        && let Some(hi) = next.num()
    {
        let hi = offer_value(toks[i].text, next.text, hi);
        if hi >= value && hi < value * 1.2 {
            range = Some([value, hi]);
            value = midpoint(value, hi);
            j += 2;
        }
    } else if let (Some(dash), Some(next)) = (toks.get(j), toks.get(j + 1))
        && (dash.is_punct('-') || dash.is_punct('–'))
        && let Some(hi) = next.num()
        && hi > value
        && hi <= value * 1.5
    {
        // a quoted range: "78,500-78,800 yuan/mt", "$2,650-2,670/oz"
        range = Some([value, hi]);
        value = midpoint(value, hi);
        j += 2;
    }
    if let Some(t) = toks.get(j)
        && t.kind == TokKind::Word
        && SCALE_WORDS.contains(&t.lw())
    {
        return None; // amounts like "$1 billion" are not prices
    }
    if toks[i].text.ends_with('亿') {
        return None;
    }
    let mut cents = false;
    let mut plain_dollar = false;
    if let Some((n, code)) = lx.currency_suffix.match_at(toks, j) {
        if currency.is_none() {
            currency = Some(code.to_string());
            plain_dollar = n == 1 && matches!(toks[j].lw(), "dlrs" | "dlr" | "dollars" | "dollar");
        }
        j += n;
    } else if let Some((n, code)) = cents_at(toks, j, lx) {
        // "66.50 cents", "426.50 pence", "34 Canadian cts"
        cents = true;
        currency = Some(code.to_string());
        j += n;
    }
    let currency = currency?;
    if toks
        .get(j)
        .is_some_and(|t| t.kind == TokKind::Word && SCALE_WORDS.contains(&t.lw()))
    {
        return None;
    }
    let mut unit = None;
    if let Some((u, e)) = unit_at(toks, j, lx) {
        unit = Some(u);
        j = e;
    } else if toks.get(j).is_some_and(|t| t.is_punct('(')) {
        // "78,500 yuan ($10,800) a ton": the unit follows a parenthetical
        if let Some(close) = (j + 1..(j + 8).min(toks.len())).find(|&k| toks[k].is_punct(')'))
            && let Some((u, _)) = unit_at(toks, close + 1, lx)
        {
            unit = Some(u);
        }
    } else if toks.get(j).is_some_and(|t| t.is_punct(')')) {
        // the amount inside that parenthetical
        if let Some((u, _)) = unit_at(toks, j + 1, lx) {
            unit = Some(u);
        }
    } else if let Some((u, _)) = unit_before(toks, start, lx) {
        // "每吨13,000美元"
        unit = Some(u);
    }
    let (mut value, mut range) = (value, range);
    if cents {
        value = scaled(value, 0.01);
        range = range.map(|[a, b]| [scaled(a, 0.01), scaled(b, 0.01)]);
    }
    Some(Money {
        start,
        end: j,
        num_idx: i,
        value,
        currency,
        unit,
        range,
        scale: if cents { 0.01 } else { 1.0 },
        plain_dollar,
        carried: None,
    })
}

/// A figure written in the unit of an amount whose `scale` is 0.01 (cents,
/// pence) or 1, in the whole unit, without float noise (352.40 pence is 3.524,
/// not 3.5239999999999996): rounded to eight decimals.
pub fn scaled(v: f64, scale: f64) -> f64 {
    if scale == 1.0 {
        v
    } else {
        (v * scale * 1e8).round() / 1e8
    }
}

/// A hundredth-unit word at `j`, after an optional country adjective:
/// "cents", "pence", "U.S. cents", "Canadian cts". Returns (tokens, currency).
fn cents_at<'a>(toks: &[Token], j: usize, lx: &'a Lexicon) -> Option<(usize, &'a str)> {
    let adjective = toks.get(j).and_then(|t| match t.lw() {
        "us" | "u.s" => Some("USD"),
        "canadian" => Some("CAD"),
        "australian" => Some("AUD"),
        "hk" | "h.k" => Some("HKD"),
        _ => None,
    });
    let mut k = j + usize::from(adjective.is_some());
    // "U.S." is "U.S" and "."
    if adjective.is_some()
        && toks
            .get(k)
            .is_some_and(|t| t.is_punct('.') && !t.space_before)
    {
        k += 1;
    }
    let t = toks.get(k)?;
    let code = lx.cents.get(t.lw())?;
    if t.lower == "c" && t.space_before {
        return None;
    }
    Some((k + 1 - j, adjective.unwrap_or(code)))
}

/// A unit phrase at `j`: "per tonne", "a metric ton", "/oz", "an ounce".
fn unit_at(toks: &[Token], j: usize, lx: &Lexicon) -> Option<(String, usize)> {
    // "258.653 stg, an ounce": a unit set off by a comma
    let j = if toks.get(j).is_some_and(|t| t.is_punct(','))
        && toks
            .get(j + 1)
            .is_some_and(|t| t.is("a") || t.is("an") || t.is("per"))
    {
        j + 1
    } else {
        j
    };
    let t = toks.get(j)?;
    let connector = t.is("per")
        || t.is("a")
        || t.is("an")
        || t.is_punct('/')
        || t.is("every")
        || t.text == "每";
    if !connector {
        return None;
    }
    let mut k = j + 1;
    if toks
        .get(k)
        .is_some_and(|t| t.is("metric") || t.is("troy") || t.is("dry"))
        && lx.units.match_at(toks, k).is_none()
    {
        k += 1;
    }
    lx.units
        .match_at(toks, k)
        .map(|(n, u)| (u.to_string(), k + n))
}

/// "每吨" / "每盎司" right before the amount.
fn unit_before(toks: &[Token], start: usize, lx: &Lexicon) -> Option<(String, usize)> {
    let from = start.saturating_sub(4);
    (from..start).find_map(|k| {
        if toks[k].text != "每" {
            return None;
        }
        lx.units
            .match_at(toks, k + 1)
            .filter(|(n, _)| k + 1 + n == start)
            .map(|(_, u)| (u.to_string(), k))
    })
}

/// The offer of a bid/offer quote written short: "409.40/90" -> 409.90.
pub(crate) fn offer_value(bid: &str, offer: &str, offer_num: f64) -> f64 {
    let bid_clean: String = bid.chars().filter(|c| *c != ',').collect();
    // written in full: "422.50/423", "421.90/422.40"
    if let Ok(b) = bid_clean.parse::<f64>()
        && offer_num >= b
        && offer_num < b * 1.2
    {
        return offer_num;
    }
    let offer_clean: String = offer.chars().filter(|c| *c != ',').collect();
    // only plain figures can share digits ("7.6万/90" cannot)
    let plain = |s: &str| s.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    if !plain(&bid_clean) || !plain(&offer_clean) || offer_clean.len() >= bid_clean.len() {
        return offer_num;
    }
    let keep = bid_clean.len() - offer_clean.len();
    let joined = format!("{}{}", &bid_clean[..keep], offer_clean);
    joined.parse().unwrap_or(offer_num)
}

/// The midpoint, without the float noise of halving ("31.299999999999997").
pub fn midpoint(lo: f64, hi: f64) -> f64 {
    ((lo + hi) / 2.0 * 1e6).round() / 1e6
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::text::tokenize;

    fn first(s: &str) -> Option<Money> {
        let lx = Lexicon::builtin();
        let toks = tokenize(s);
        (0..toks.len()).find_map(|i| money_at(&toks, i, &lx))
    }

    #[test]
    fn reads_common_forms() {
        let m = first("at $13,387.50 per tonne").unwrap();
        assert_eq!(
            (m.value, m.currency.as_str(), m.unit.as_deref()),
            (13387.5, "USD", Some("t"))
        );
        let m = first("US$2,650/oz").unwrap();
        assert_eq!(
            (m.value, m.currency.as_str(), m.unit.as_deref()),
            (2650.0, "USD", Some("oz"))
        );
        let m = first("26.4万元/吨").unwrap();
        assert_eq!(
            (m.value, m.currency.as_str(), m.unit.as_deref()),
            (264000.0, "CNY", Some("t"))
        );
        let m = first("66.50 cents a lb").unwrap();
        assert!((m.value - 0.665).abs() < 1e-9);
        assert_eq!(m.unit.as_deref(), Some("lb"));
        let m = first("409.40/90 dlrs an ounce").unwrap();
        assert_eq!(m.range, Some([409.40, 409.90]));
        let m = first("1,250 stg a tonne").unwrap();
        assert_eq!((m.currency.as_str(), m.unit.as_deref()), ("GBP", Some("t")));
        assert!(first("$1 billion financing").is_none());
        // found by the fuzzer: a 万 figure before a short offer must not be sliced
        assert!(first("7.6万/90 yuan a tonne").is_some_and(|m| m.range.is_none()));
        assert!(first("484,000 tonnes").is_none());
    }
}
