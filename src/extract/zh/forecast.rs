//! The Chinese forecast frame: in a segment (up to "；" or "。") holding a
//! forecast word (预计, 预测, 预期, 上调, 下调, 维持, 目标...), each money
//! amount with a unit is a forecast of the last commodity named before it,
//! by the last institution named before it (in the segment, the sentence,
//! or the paragraph), for the last period named before it. An amount after
//! "此前" or in "从X…至Y" is the previous figure of its neighbour.

use std::sync::LazyLock;

use regex::Regex;

use super::affix::Occurs;
use super::clause::as_written;
use super::lex::ZH;
use crate::extract::context::Ctx;
use crate::extract::model::{Direction, Fact, FactKind, Forecast};
use crate::extract::period::{listed_periods_zh, period_zh as period_of};

static MONEY_RE: LazyLock<Regex> = LazyLock::new(|| {
    let unit = "盎司|标吨|公吨|吨|桶|磅|千克|公斤|克";
    let cur = "美元|美分|元|人民币|港元|欧元|英镑|澳元";
    Regex::new(&format!(
        // the low end of a range may repeat the currency and unit ("78500元/吨-78700元/吨")
        r"(?:每(?P<pu>{unit}))?(?P<a>\d+(?:\.\d+)?)(?:(?P<am>万)?(?:(?:{cur})(?:/(?:{unit}))?)?(?:-|—|–|~|～|－|至|到)(?P<b>\d+(?:\.\d+)?))?(?P<m>万|亿)?(?P<c>{cur})(?:/(?P<su>{unit}))?"
    ))
    .expect("the Chinese money pattern is valid")
});

const CUES: &[&str] = &[
    "预计", "预测", "预期", "展望", "目标", "上调", "下调", "调高", "调低", "上修", "下修", "维持",
    "重申",
];
const VIEWS: &[&str] = &[
    "可能",
    "或将",
    "或许",
    "有望",
    "低于",
    "高于",
    "不低于",
    "不高于",
    "目标价为",
    // a case beside the base one, a condition
    "可达",
    "或达",
    "乐观",
    "悲观",
    "情形下",
    "情景下",
    "极端",
    "如果",
    "一旦",
];

#[derive(Debug, Clone, Copy)]
pub(super) struct Amount {
    pub start: usize,
    pub end: usize,
    pub value: f64,
    pub range: Option<[f64; 2]>,
    pub currency: &'static str,
    pub unit: Option<&'static str>,
}

fn unit_of(u: &str) -> &'static str {
    match u {
        "盎司" => "oz",
        "吨" | "标吨" | "公吨" => "t",
        "桶" => "bbl",
        "磅" => "lb",
        "千克" | "公斤" => "kg",
        _ => "g",
    }
}

pub(super) fn amounts(seg: &str) -> Vec<Amount> {
    let mut out = Vec::new();
    // every currency word holds one of these characters; most clauses hold none
    if !seg.contains(['元', '分', '币', '镑']) || !seg.bytes().any(|b| b.is_ascii_digit()) {
        return out;
    }
    for c in MONEY_RE.captures_iter(seg) {
        let (Some(whole), Some(a), Some(cur)) = (c.get(0), c.name("a"), c.name("c")) else {
            continue;
        };
        // "7.5万-8万元/吨": the low end's 万 is written too
        let mult = match c.name("m").or(c.name("am")).map(|m| m.as_str()) {
            Some("万") => 1e4,
            Some(_) => 1e8,
            None => 1.0,
        };
        let (currency, cents) = match cur.as_str() {
            "美元" => ("USD", 1.0),
            "美分" => ("USD", 0.01),
            "港元" => ("HKD", 1.0),
            "欧元" => ("EUR", 1.0),
            "英镑" => ("GBP", 1.0),
            "澳元" => ("AUD", 1.0),
            _ => ("CNY", 1.0),
        };
        let num = |m: regex::Match| m.as_str().parse::<f64>().ok().map(|v| v * mult * cents);
        let Some(lo) = num(a) else { continue };
        let hi = c.name("b").and_then(num);
        let unit = c.name("pu").or(c.name("su")).map(|u| unit_of(u.as_str()));
        out.push(Amount {
            start: whole.start(),
            end: whole.end(),
            value: hi.map_or(lo, |h| crate::extract::money::midpoint(lo, h)),
            range: hi.map(|h| [lo, h]),
            currency,
            unit,
        });
    }
    out
}

/// The amounts of `all` (read from `text`) inside `seg`, a slice of `text`,
/// with offsets in `seg`: no pattern crosses a segment's `；` or `。`, so
/// reading the sentence once gives each segment's amounts.
pub(super) fn amounts_in(all: &[Amount], text: &str, seg: &str) -> Vec<Amount> {
    let from = seg.as_ptr() as usize - text.as_ptr() as usize;
    let to = from + seg.len();
    all.iter()
        .filter(|a| a.start >= from && a.end <= to)
        .map(|a| Amount {
            start: a.start - from,
            end: a.end - from,
            ..*a
        })
        .collect()
}

fn institution_in(text: &str) -> Option<String> {
    let known = ZH
        .institutions
        .find_all(text)
        .last()
        .map(|m| (m.0, m.2.to_string()));
    // a Latin name of two or more capitalised words ("Nexa Resources")
    static LATIN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"[A-Z][A-Za-z&]+(?: [A-Z][A-Za-z&]+)+")
            .expect("the Latin name pattern is valid")
    });
    let latin = LATIN
        .find_iter(text)
        .last()
        .map(|m| (m.start(), m.as_str().to_string()));
    match (known, latin) {
        (Some(k), Some(l)) => Some(if l.0 > k.0 { l.1 } else { k.1 }),
        (k, l) => k.or(l).map(|x| x.1),
    }
}

fn direction(seg: &str, value: f64, previous: Option<f64>) -> Direction {
    if ["上调", "调高", "上修", "提高"]
        .iter()
        .any(|w| seg.contains(w))
    {
        return Direction::Raised;
    }
    if ["下调", "调低", "下修", "降至"]
        .iter()
        .any(|w| seg.contains(w))
    {
        return Direction::Cut;
    }
    if ["维持", "重申"].iter().any(|w| seg.contains(w)) {
        return Direction::Maintained;
    }
    match previous {
        Some(p) if value > p => Direction::Raised,
        Some(p) if value < p => Direction::Cut,
        Some(_) => Direction::Maintained,
        None => Direction::Initiated,
    }
}

/// "10500和11000美元/吨": a bare figure listed before an amount is an amount of
/// the same currency and unit (the list's multiplier too).
fn with_listed(seg: &str, found: Vec<Amount>) -> Vec<Amount> {
    static BARE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(\d+(?:\.\d+)?)(万|亿)?(?:和|与|、|及)$")
            .expect("the listed figure pattern is valid")
    });
    let mut out = Vec::with_capacity(found.len());
    for a in found {
        let written = &seg[a.start..a.end];
        let scale = if written.contains('亿') {
            1e8
        } else if written.contains('万') {
            1e4
        } else if written.contains("美分") {
            0.01
        } else {
            1.0
        };
        let mut listed = Vec::new();
        let mut start = a.start;
        let floor = out.last().map_or(0, |p: &Amount| p.end);
        while let Some(c) = BARE.captures(&seg[floor..start]) {
            let (Some(whole), Some(n)) = (c.get(0), c.get(1)) else {
                break;
            };
            let own = match c.get(2).map(|m| m.as_str()) {
                Some("万") => 1e4,
                Some(_) => 1e8,
                None => scale,
            };
            let Ok(v) = n.as_str().parse::<f64>() else {
                break;
            };
            listed.push(Amount {
                start: floor + whole.start(),
                end: floor + c.get(2).map_or(n.end(), |m| m.end()),
                value: v * own,
                range: None,
                currency: a.currency,
                unit: a.unit,
            });
            start = floor + whole.start();
        }
        out.extend(listed.into_iter().rev());
        out.push(a);
    }
    out
}

pub(super) fn default_unit(commodity: &str) -> &'static str {
    match commodity {
        "oil" => "bbl",
        "gold" | "silver" | "platinum" | "palladium" => "oz",
        _ => "t",
    }
}

/// Forecasts of one compacted Chinese sentence; `have` are the facts already
/// read from it (a figure another grammar read is not read twice).
pub fn forecasts(
    text: &str,
    all: &[Amount],
    written: &str,
    sentence: &str,
    ctx: &mut Ctx,
    have: &[Fact],
    out: &mut Vec<Fact>,
) {
    static CUE_WORDS: LazyLock<Occurs> = LazyLock::new(|| Occurs::new(&[CUES]));
    static VIEW_WORDS: LazyLock<Occurs> = LazyLock::new(|| Occurs::new(&[VIEWS]));
    let sentence_inst = institution_in(text);
    if let Some(inst) = &sentence_inst {
        ctx.zh.institution = Some((ctx.paragraph, inst.clone()));
    }
    for seg in text.split(['；', ';', '。']) {
        if !CUE_WORDS.any(seg) && !crate::extract::price::liao_cue(seg) {
            continue;
        }
        let found = with_listed(seg, amounts_in(all, text, seg));
        let respective = respective_periods(seg, &found, chrono::Datelike::year(&ctx.today));
        let mut last_unit = None;
        let mut made: Vec<(Forecast, Option<[f64; 2]>, bool)> = Vec::new();
        let mut pending_previous = None;
        let mut prev_end = 0;
        for a in &found {
            let between = &seg[prev_end..a.start];
            prev_end = a.end;
            let unit = a.unit.or(last_unit);
            last_unit = unit;
            let head = &seg[..a.start];
            if between.ends_with('从') {
                pending_previous = Some(a.value);
                continue;
            }
            if between.contains("此前") || between.contains("之前") {
                if let Some((f, _, _)) = made.last_mut().filter(|(f, _, _)| f.previous.is_none()) {
                    f.previous = Some(a.value);
                    f.direction = direction(seg, f.value, f.previous);
                }
                continue;
            }
            if VIEW_WORDS.any(between) || crate::extract::price::zh_comparison(head) {
                continue;
            }
            let Some(mut f) = forecast_at(head, a, unit, ctx, sentence_inst.as_deref()) else {
                continue;
            };
            // "将2026年和2027年的…预测分别上调至X和Y": periods in order
            if let Some(p) = respective.get(made.len()) {
                f.period = Some(p.clone());
            }
            f.previous = pending_previous.take();
            f.direction = direction(seg, f.value, f.previous);
            let approx = crate::extract::price::approx_zh(head, &seg[a.end..]);
            made.push((f, a.range, approx));
        }
        for (mut f, range, approx) in made {
            f.institution = as_written(text, written, &f.institution);
            let dup = have.iter().chain(out.iter()).any(|g| match &g.kind {
                // the figure, or the previous figure, of a forecast read already
                FactKind::Forecast(x) => {
                    x.commodity == f.commodity
                        && [Some(x.value), x.previous]
                            .iter()
                            .flatten()
                            .any(|v| (v - f.value).abs() < 1e-6)
                }
                FactKind::Price(x) => {
                    x.commodity == f.commodity && (x.value - f.value).abs() < 1e-6
                }
                _ => false,
            });
            if !dup {
                out.push(Fact {
                    range,
                    approx,
                    sentence: sentence.to_string(),
                    kind: FactKind::Forecast(f),
                });
            }
        }
    }
}

/// The forecast an amount states, from what the segment names before it.
fn forecast_at(
    head: &str,
    a: &Amount,
    unit: Option<&'static str>,
    ctx: &Ctx,
    sentence_inst: Option<&str>,
) -> Option<Forecast> {
    let (_, _, commodity) = ZH.commodities.find_all(head).last().copied()?;
    let institution = institution_in(head)
        .or_else(|| sentence_inst.map(str::to_string))
        .or_else(|| {
            ctx.zh
                .institution
                .clone()
                .filter(|(p, _)| *p == ctx.paragraph)
                .map(|x| x.1)
        })?;
    let year = chrono::Datelike::year(&ctx.today);
    Some(Forecast {
        commodity: commodity.to_string(),
        institution,
        value: a.value,
        currency: a.currency.to_string(),
        unit: unit.unwrap_or_else(|| default_unit(commodity)).to_string(),
        direction: Direction::Initiated,
        previous: None,
        period: period_of(head, year),
        market: None,
    })
}

/// With "分别", the periods named before the first amount, when there is one
/// per amount.
fn respective_periods(seg: &str, found: &[Amount], year: i32) -> Vec<String> {
    let Some(first) = found.first() else {
        return Vec::new();
    };
    if !seg.contains("分别") {
        return Vec::new();
    }
    listed_periods_zh(&seg[..first.start], year)
        .filter(|p| p.len() == found.len())
        .unwrap_or_default()
}
