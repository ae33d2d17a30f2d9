//! Commodity prices and analysts' price forecasts.

mod attrs;
mod commodity;
mod compare;
mod filters;
mod forecast;
mod frame;
mod quote;
mod ranges;
mod read;
mod respective;
mod speaker;
mod table;
mod units;

pub use attrs::dateline_dollar;
pub use table::note_table_header;

use units::{collect_money, default_units, inherit_units};

use super::context::Ctx;
use super::dates::date_mentions;
use super::model::Fact;
use super::money::Money;
use super::text::{TokKind, Token};
use super::words::*;
use super::wordset::WordSet;
use super::zh::affix::Occurs;

static FORECAST_SET: WordSet = WordSet::new(FORECAST_WORDS);
static NOT_PRICE_SET: WordSet = WordSet::new(NOT_PRICE_WORDS);

/// Find price and forecast facts in one tokenized sentence.
pub fn prices_and_forecasts(sentence: &str, toks: &[Token], ctx: &mut Ctx, out: &mut Vec<Fact>) {
    let mut monies = collect_money(toks, ctx);
    let english = sentence.is_ascii();
    if english {
        speaker::note_orgs(toks, ctx);
        ranges::join_ranges(toks, &mut monies, ctx);
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
    read::Reading::new(sentence, toks, monies, dates).read_all(ctx, out);
}

/// "(此前预计84美元/桶)": the previous figure of the forecast before it.
/// "，此前预测为16500美元": any clause naming the earlier figure.
fn zh_previous(head: &str) -> bool {
    let h = head.trim_end_matches(['(', '（', ' ']);
    let clause = h.rsplit(['，', ',', '(', '（', '；']).next().unwrap_or(h);
    ["此前", "之前", "前值", "原预测", "原先", "原来", "原为"]
        .iter()
        .any(|w| clause.contains(w))
}

/// "从每吨9500美元上调至10500美元", "由3000美元": the figure a change starts from.
fn zh_from(head: &str) -> bool {
    let h = head.trim_end_matches(' ');
    let h = ["每吨", "每盎司", "每桶", "每磅", "每公斤"]
        .iter()
        .find_map(|u| h.strip_suffix(u))
        .unwrap_or(h);
    h.ends_with('从') || h.ends_with('由')
}

/// "乐观情形下可达3500美元", "若…": a Chinese level in a case other than the
/// base one, or in a condition (the comma clause before the amount).
fn hedged_zh(head: &str) -> bool {
    static HEDGES: std::sync::LazyLock<Occurs> =
        std::sync::LazyLock::new(|| Occurs::new(&[HEDGES_ZH]));
    let clause = head.rsplit(['，', ',', '；', '。']).next().unwrap_or(head);
    HEDGES.any(clause)
}

/// Words that make a Chinese figure a scenario, not a forecast.
const HEDGES_ZH: &[&str] = &[
    "可达",
    "或达",
    "情形下",
    "情景下",
    "乐观情况",
    "悲观情况",
    "极端情况",
    "若",
    "如果",
    "一旦",
    "上行风险",
];

/// A Chinese figure hedged: "约3200美元", "接近3500美元", "逾3000美元" (the text
/// before it) or "2600美元/吨左右" (after it).
pub(crate) fn approx_zh(head: &str, tail: &str) -> bool {
    let h = head.trim_end_matches(' ');
    let h = ["每吨", "每盎司", "每桶", "每磅", "每公斤"]
        .iter()
        .find_map(|u| h.strip_suffix(u))
        .unwrap_or(h);
    let h = h
        .strip_suffix('为')
        .or_else(|| h.strip_suffix('在'))
        .unwrap_or(h);
    ["约", "近", "逾", "超", "超过", "大概"]
        .iter()
        .any(|w| h.ends_with(w))
        || ["左右", "上下", "附近"].iter().any(|w| tail.starts_with(w))
}

/// A Chinese figure set beside a forecast to compare with ("较今年的3400美元",
/// "高于市场一致预期的9800美元"), from the text before it: no forecast.
pub(crate) fn zh_comparison(head: &str) -> bool {
    compare::relation_zh(head) == compare::Relation::Comparison
}

/// "花旗料金价将升至…", "高盛料明年铜价…": 料 as the verb "expects", not the noun
/// of 材料, 原料, 燃料 (what follows it is a future or a price).
pub(crate) fn liao_cue(head: &str) -> bool {
    const NOUN: &str = "材原燃饲资塑涂肥物布面香调照预意史废辅用配不";
    const NEXT: &str = "将明今年后未短中下上金铜银铝锌镍锡锂钴油价国0123456789";
    head.match_indices('料').any(|(p, _)| {
        let before = head[..p].chars().next_back();
        let after = head[p + '料'.len_utf8()..].chars().next();
        before.is_some_and(|c| !NOUN.contains(c)) && after.is_some_and(|c| NEXT.contains(c))
    })
}

/// "维持其对2025年黄金均价2,400美元/盎司的预测": the figure is named a
/// forecast after it.
pub(crate) fn zh_forecast_after(sentence: &str, toks: &[Token], end: usize) -> bool {
    let Some(t) = toks.get(end.saturating_sub(1)) else {
        return false;
    };
    let tail = sentence[t.end..].trim_start_matches(['/', '每', '吨', '盎', '司', '桶', '磅']);
    ["的预测", "的预期", "的预估", "的预计", "的目标"]
        .iter()
        .any(|w| tail.starts_with(w))
}

/// "…10,500美元/吨的预测下调至9,800美元": the forecast named after amount `m`
/// is revised to the amount `next`.
fn zh_revised_after(sentence: &str, toks: &[Token], m: &Money, next: &Money) -> bool {
    if !zh_forecast_after(sentence, toks, m.end) {
        return false;
    }
    let between = &sentence[toks[m.end - 1].end..toks[next.start].start];
    ["调至", "调到", "修至", "调高至", "调低至"]
        .iter()
        .any(|w| between.contains(w))
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
