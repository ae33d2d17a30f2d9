//! Chinese market wraps: "恒生指数收涨0.31%", "紫金矿业涨超5%", "长飞光纤跌近6%".
//! (Chinese prices go through the shared token grammar: "26.4万元/吨".)

use std::sync::LazyLock;

use regex::Regex;

use super::context::Ctx;
use super::model::{Fact, FactKind, IndexMove, MoveDirection, SectorMove, StockMove};
use super::text::tokenize;

static MOVE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(收涨|收跌|高开|低开|上涨|下跌|大涨|大跌|涨|跌)(超过|超|近|约|逾)?\s*(\d+(?:\.\d+)?)\s*%",
    )
    .expect("the Chinese move pattern is valid")
});

const PREFIX_NOISE: &[&str] = &[
    "个股方面",
    "其中",
    "此外",
    "另外",
    "以及",
    "而",
    "截至收盘",
    "收盘",
    "今日",
    "盘面上",
    "午后",
    "早盘",
    "全天",
    "和",
    "及",
    "与",
];
const SUFFIX_NOISE: &[&str] = &[
    "股价", "盘中", "一度", "今日", "午后", "早盘", "全天", "收盘", "均", "分别", "纷纷", "亦",
    "也", "则",
];
const PERIOD: &[&str] = &[
    "年内", "本周", "今年", "以来", "本月", "年初", "周内", "累计", "同比", "环比",
];

fn trim_name(mut s: &str) -> &str {
    loop {
        let before = s;
        for p in PREFIX_NOISE {
            s = s.strip_prefix(p).unwrap_or(s);
        }
        for p in SUFFIX_NOISE {
            s = s.strip_suffix(p).unwrap_or(s);
        }
        if s == before {
            return s.trim();
        }
    }
}

/// Find moves in a sentence holding Chinese text.
pub fn chinese_moves(sentence: &str, ctx: &mut Ctx, out: &mut Vec<Fact>) {
    for found in MOVE_RE.find_iter(sentence) {
        let Some(caps) = MOVE_RE.captures_at(sentence, found.start()) else {
            continue;
        };
        let (Some(whole), Some(verb), Some(num)) = (caps.get(0), caps.get(1), caps.get(3)) else {
            continue;
        };
        let Some(value) = num
            .as_str()
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite() && *v < 1e6)
        else {
            continue;
        };
        let sign = if verb.as_str().contains('跌') || verb.as_str() == "低开" {
            -1.0
        } else {
            1.0
        };
        let approx = caps.get(2).is_some();
        let after: String = sentence[whole.end()..].chars().take(4).collect();
        if PERIOD.iter().any(|p| after.contains(p)) {
            continue;
        }
        // the names before the verb, back to punctuation; "、" separates a list
        let head = &sentence[..whole.start()];
        let clause_start = head
            .char_indices()
            .rev()
            .find(|(_, c)| {
                matches!(
                    c,
                    '，' | ','
                        | '。'
                        | '；'
                        | ';'
                        | '：'
                        | ':'
                        | '（'
                        | '('
                        | '）'
                        | ')'
                        | ' '
                        | '！'
                        | '？'
                )
            })
            .map_or(0, |(i, c)| i + c.len_utf8());
        let clause = &head[clause_start..];
        if PERIOD.iter().any(|p| clause.contains(p)) {
            continue;
        }
        let direction = if sign < 0.0 {
            MoveDirection::Down
        } else {
            MoveDirection::Up
        };
        let names: Vec<&str> = clause
            .split(['、', '和', '及'])
            .map(trim_name)
            .filter(|n| n.chars().count() >= 2)
            .collect();
        for name in names {
            let toks = tokenize(name);
            let fact = |kind| Fact {
                kind,
                approx,
                range: None,
                sentence: sentence.to_string(),
            };
            if let Some((_, index)) = ctx.lx.indices.match_ending(&toks, toks.len()) {
                out.push(fact(FactKind::IndexMove(IndexMove {
                    index: index.to_string(),
                    change_pct: sign * value,
                    level: level_after(&sentence[whole.end()..]),
                    points: None,
                })));
            } else if let Some(base) = name
                .strip_suffix("板块")
                .or_else(|| name.strip_suffix("股"))
            {
                let t = tokenize(base);
                let sector = (0..t.len()).find_map(|k| {
                    ctx.lx
                        .sector_keywords
                        .match_at(&t, k)
                        .map(|(_, s)| s.to_string())
                });
                if let Some(sector) = sector {
                    out.push(fact(FactKind::SectorMove(SectorMove {
                        sector,
                        direction,
                        change_pct: Some(sign * value),
                    })));
                }
            } else if !is_commodity_phrase(name, &toks, ctx) {
                ctx.last_company = Some(name.to_string());
                out.push(fact(FactKind::StockMove(StockMove {
                    name: name.to_string(),
                    change_pct: sign * value,
                    ticker: None,
                    price: None,
                })));
            }
        }
    }
}

/// "，报26,458点" right after an index move.
fn level_after(rest: &str) -> Option<f64> {
    let rest = rest.trim_start_matches([',', '，', ' ']);
    let rest = rest
        .strip_prefix("报")
        .or_else(|| rest.strip_prefix("收报"))?;
    let digits: String = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ',' || *c == '.')
        .filter(|c| *c != ',')
        .collect();
    let tail = &rest[rest
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || *c == ',' || *c == '.'))
        .map_or(rest.len(), |(i, _)| i)..];
    if !tail.starts_with('点') {
        return None;
    }
    digits.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// "铜价", "沪铜期货", "黄金": a commodity, not a company.
fn is_commodity_phrase(name: &str, toks: &[super::text::Token], ctx: &Ctx) -> bool {
    // a known company ("山东黄金") is a company even if it ends like a metal
    if ctx
        .lx
        .companies
        .match_at(toks, 0)
        .is_some_and(|(n, _)| n == toks.len())
    {
        return false;
    }
    if ["价", "期货", "现货", "合约", "价格"]
        .iter()
        .any(|w| name.contains(w))
    {
        return true;
    }
    // "黄金", "伦铜", "现货白银": the name ends with a commodity
    ctx.lx.commodities.match_ending(toks, toks.len()).is_some()
}

const GROUP_MARKERS: &[&str] = &["板块", "概念股", "股"];
const GROUP_ADVERBS: &[&str] = &[
    "集体", "全线", "午后", "盘中", "早盘", "尾盘", "普遍", "纷纷", "持续", "继续", "再度", "逆市",
    "逆势", "大幅", "全面", "亦", "也",
];
const SECTOR_UP: &[&str] = &[
    "涨幅居前",
    "领涨",
    "走强",
    "走高",
    "大涨",
    "拉升",
    "活跃",
    "强势",
    "上涨",
    "飘红",
    "爆发",
    "反弹",
];
const SECTOR_DOWN: &[&str] = &[
    "跌幅居前",
    "领跌",
    "走弱",
    "走低",
    "下挫",
    "回调",
    "大跌",
    "下跌",
    "重挫",
    "低迷",
    "疲弱",
    "承压",
];

/// "有色金属板块表现活跃" -> ("有色金属", up): the Han run before a group
/// marker, then an optional adverb and "表现", then a move verb.
fn sector_phrases(sentence: &str) -> Vec<(&str, bool)> {
    let mut out = Vec::new();
    for marker in GROUP_MARKERS {
        for (p, _) in sentence.match_indices(marker) {
            // "概念股" also contains "股": take each marker position once
            if *marker == "股" && sentence[..p].ends_with("概念") {
                continue;
            }
            let mut rest = &sentence[p + marker.len()..];
            if let Some(a) = GROUP_ADVERBS.iter().find(|a| rest.starts_with(**a)) {
                rest = &rest[a.len()..];
            }
            rest = rest.strip_prefix("表现").unwrap_or(rest);
            let up = SECTOR_UP.iter().any(|v| rest.starts_with(v));
            let down = SECTOR_DOWN.iter().any(|v| rest.starts_with(v));
            if !(up || down) {
                continue;
            }
            let head = &sentence[..p];
            let start = head
                .char_indices()
                .rev()
                .take_while(|(_, c)| is_han(*c))
                .take(8)
                .last()
                .map_or(p, |(i, _)| i);
            if p - start >= 2 * '中'.len_utf8() {
                out.push((&sentence[start..p], up));
            }
        }
    }
    out
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}')
}

/// Worded sector moves: "有色金属板块领涨", "内房股集体走强".
pub fn chinese_sector_moves(sentence: &str, ctx: &Ctx, out: &mut Vec<Fact>) {
    for (name, up) in sector_phrases(sentence) {
        let toks = tokenize(trim_name(name));
        let Some(sector) = (0..toks.len()).find_map(|k| {
            ctx.lx
                .sector_keywords
                .match_at(&toks, k)
                .map(|(_, s)| s.to_string())
        }) else {
            continue;
        };
        out.push(Fact {
            kind: FactKind::SectorMove(SectorMove {
                sector,
                direction: if up {
                    MoveDirection::Up
                } else {
                    MoveDirection::Down
                },
                change_pct: None,
            }),
            approx: false,
            range: None,
            sentence: sentence.to_string(),
        });
    }
}
