//! Subjects of Chinese moves: the text before a figure names an index, a
//! stock (with or without its code), a group of stocks, or something that
//! is not a fact's subject (a period, an intraday extreme, a futures
//! contract, a market statistic).

use std::sync::LazyLock;

use regex::Regex;

use super::affix::{Affixes, Occurs};
use super::lex::ZH;
use super::words::{
    FUTURES_PREFIXES, GROUP_MARKERS, INTRADAY, LINKS, NOT_IN_NAME, OPENERS, PERIODS,
};

/// What the text before a figure names.
#[derive(Debug, Clone, PartialEq)]
pub enum Subject {
    Index(String),
    Stock {
        name: String,
        ticker: Option<String>,
    },
    /// A group of stocks: the sector id, when the group maps to one.
    Sector(Option<String>),
    /// Something whose figures are not facts.
    Other,
}

static TICKER_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\(\s*(\d{4,6})(?:\.(?:HK|hk|SH|SZ|sh|sz))?\s*\)|\(\s*([A-Z]{1,5})\.(?:US|O|N)\s*\)",
    )
    .expect("the ticker pattern is valid")
});

/// `s` without the link words and openers around it.
pub fn strip_links(mut s: &str) -> &str {
    static HEADS: LazyLock<Affixes> = LazyLock::new(|| Affixes::new(&[LINKS, OPENERS]));
    static TAILS: LazyLock<Affixes> = LazyLock::new(|| Affixes::new(&[LINKS]));
    loop {
        let before = s;
        s = TAILS.strip_suffixes(HEADS.strip_prefixes(s));
        s = s.trim_matches(|c: char| !(super::is_han(c) || c.is_ascii_alphanumeric() || c == '('));
        if s == before {
            return s;
        }
    }
}

/// The text links the figure to the subject before ("，收盘报…", "，跌幅…").
pub fn is_link(pre: &str) -> bool {
    strip_links(pre).is_empty()
}

/// Where the text starts placing the figure intraday or over a longer
/// period ("盘中一度", "本周", "8月", "周"), if it does.
pub fn aside_start(pre: &str) -> Option<usize> {
    static ASIDES: LazyLock<Occurs> = LazyLock::new(|| Occurs::new(&[INTRADAY, PERIODS]));
    let word = ASIDES.first(pre);
    let tail = if pre.ends_with('周') {
        Some(pre.len() - '周'.len_utf8())
    } else if pre.ends_with(['月', '日']) {
        pre.find(|c: char| c.is_ascii_digit())
    } else {
        None
    };
    match (word, tail) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Split a list of names at 、/和/及/与 (outside parentheses).
/// A word conjunction inside a name ("盛和资源", a listed company; "盛" alone
/// is no member) does not split.
pub fn split_list(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    let mut names: Option<Vec<(usize, usize, &str)>> = None;
    for (i, c) in s.char_indices() {
        let in_name = |names: &mut Option<Vec<_>>| {
            s[start..i].chars().count() < 2
                || names
                    .get_or_insert_with(|| ZH.companies.find_all(s))
                    .iter()
                    .any(|&(a, b, _)| a < i && i < b)
        };
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => depth -= 1,
            '和' | '及' | '与' if depth == 0 && in_name(&mut names) => {}
            '、' | '和' | '及' | '与' if depth == 0 => {
                // "以及": drop the 以 too
                let end = if s[..i].ends_with('以') {
                    i - '以'.len_utf8()
                } else {
                    i
                };
                out.push(&s[start..end]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    out.push(&s[start..]);
    out.retain(|p| !p.trim().is_empty());
    out
}

/// The index named at the end of `s` (a place before and adverbs after allowed).
pub fn index_in(s: &str) -> Option<&'static str> {
    let (_, end, canon) = *ZH.indices.find_all(s).last()?;
    let rest = &s[end..];
    (rest.chars().count() <= 6 && !rest.chars().any(|c| c.is_ascii_digit())).then_some(canon)
}

/// The index a clause opens on ("创业板指高开后震荡走低"), a place allowed before.
pub fn index_first(s: &str) -> Option<&'static str> {
    let (start, _, canon) = *ZH.indices.find_all(s).first()?;
    (s[..start].chars().count() <= 2).then_some(canon)
}

fn ticker_of(part: &str) -> (String, Option<String>) {
    if !part.contains(['(', '（']) {
        return (part.trim().to_string(), None);
    }
    let mut ticker = None;
    for caps in TICKER_RE.captures_iter(part) {
        if let Some(code) = caps.get(1).or(caps.get(2)) {
            let c = code.as_str();
            ticker = Some(if c.len() <= 5 && c.bytes().all(|b| b.is_ascii_digit()) {
                format!("{c:0>5}")
            } else {
                c.to_string()
            });
        }
    }
    let name = TICKER_RE.replace_all(part, "");
    let name = name.split(['(', '（']).next().unwrap_or_default();
    (name.trim().to_string(), ticker)
}

/// The sector a group word names; `marked` when a group marker followed it.
pub fn sector_of(word: &str, marked: bool) -> Option<String> {
    let w = word.trim_end_matches('等');
    let found = match ZH.sectors.exact(w) {
        Some(s) => Some(s),
        None if marked => ZH.sectors.suffix(w).map(|(_, s)| s),
        None => None,
    };
    found.filter(|s| *s != "none").map(str::to_string)
}

/// A word naming a group of stocks, in a contract sector or not ("券商").
pub fn is_group_word(word: &str) -> bool {
    ZH.sectors.exact(word.trim_end_matches('等')).is_some()
}

/// A group marker at the end: the word before it.
pub fn strip_marker(s: &str) -> Option<&str> {
    GROUP_MARKERS.iter().find_map(|m| {
        let base = s.strip_suffix(m)?;
        // "股份" and names ending in 股 ("湘电股份") are not groups
        let not_group = *m == "股" && (base.ends_with('多') || base.ends_with('控'));
        (!base.is_empty() && !not_group).then_some(base)
    })
}

fn futures_prefix(p: &str) -> bool {
    let p = p.trim_end_matches('期');
    p.is_ascii() || FUTURES_PREFIXES.contains(&p)
}

fn is_futures(name: &str) -> bool {
    // "LME期铜", "伦镍": a product name after an exchange or a place
    let product = |t: &super::lex::Table| {
        t.suffix(name)
            .is_some_and(|(i, _)| futures_prefix(&name[..i]))
    };
    product(&ZH.futures)
        || product(&ZH.commodities)
        || ["期货", "合约", "主力", "现货", "价格"]
            .iter()
            .any(|w| name.contains(w))
}

static NOT_NAMES: LazyLock<Occurs> = LazyLock::new(|| Occurs::new(&[NOT_IN_NAME]));

/// A stock name as written: short, no function words, not a futures product.
fn stock_name(name: &str) -> bool {
    let n = name.chars().count();
    if !(2..=10).contains(&n)
        || NOT_NAMES.any(name)
        || ["较", "相比", "比上", "比前", "比昨"]
            .iter()
            .any(|w| name.starts_with(w))
    {
        return false;
    }
    if name.chars().any(|c| c.is_ascii_digit()) || is_futures(name) {
        return false;
    }
    name.chars()
        .all(|c| super::is_han(c) || c.is_ascii_alphanumeric() || c == ' ' || c == '-')
}

/// Resolve one list member. `groups_only`: the sentence lists sectors ("板块方面").
fn resolve_one(part: &str, groups_only: bool, futures_context: bool) -> Subject {
    let (raw, ticker) = ticker_of(part);
    let name = strip_links(&raw);
    if let Some(canon) = index_in(name) {
        return Subject::Index(canon.to_string());
    }
    if let Some((i, _)) = ZH.companies.suffix(name) {
        return Subject::Stock {
            name: name[i..].to_string(),
            ticker,
        };
    }
    // "阿里巴巴绩后": a known company first
    if let Some(&(0, end, _)) = ZH.companies.find_all(name).first() {
        return Subject::Stock {
            name: name[..end].to_string(),
            ticker,
        };
    }
    if let Some(base) = strip_marker(name) {
        return Subject::Sector(sector_of(strip_links(base), true));
    }
    if groups_only {
        return Subject::Sector(sector_of(name, false));
    }
    // "次新股华勤电子", "人气股X": a group word before the name
    let name = match name.find('股') {
        Some(p) if !name[p..].starts_with("股份") && p + '股'.len_utf8() < name.len() => {
            &name[p + '股'.len_utf8()..]
        }
        _ => name,
    };
    if (futures_context && ticker.is_none()) || !stock_name(name) {
        return Subject::Other;
    }
    Subject::Stock {
        name: name.to_string(),
        ticker,
    }
}

/// The subjects named by `pre` (the text before a figure).
pub fn resolve(pre: &str, groups_only: bool, futures_context: bool) -> Vec<Subject> {
    let parts = split_list(pre);
    let mut out: Vec<Subject> = parts
        .iter()
        .map(|p| resolve_one(p, groups_only, futures_context))
        .collect();
    // "能源、原材料板块": the marker on the last member marks them all
    if let Some(Subject::Sector(_)) = out.last() {
        for (i, p) in parts.iter().enumerate() {
            if matches!(out[i], Subject::Stock { .. } | Subject::Other) {
                out[i] = Subject::Sector(sector_of(strip_links(p), false));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_of_a_list_with_codes() {
        let s = resolve("华润燃气(01193.HK)及中国燃气(00384.HK)分别", false, false);
        assert_eq!(s.len(), 2);
        assert_eq!(
            s[1],
            Subject::Stock {
                name: "中国燃气".into(),
                ticker: Some("00384".into())
            }
        );
    }

    #[test]
    fn indices_futures_and_groups_are_not_stocks() {
        assert_eq!(
            resolve("香港恒生指数收盘", false, false),
            vec![Subject::Index("Hang Seng Index".into())]
        );
        assert_eq!(
            resolve("科创50", false, false),
            vec![Subject::Index("STAR 50 Index".into())]
        );
        assert_eq!(resolve("沪锡", false, false), vec![Subject::Other]);
        assert_eq!(resolve("较前一交易日", false, false), vec![Subject::Other]);
        assert_eq!(
            resolve("有色金属板块", false, false),
            vec![Subject::Sector(Some("nonferrous_metals".into()))]
        );
        assert!(aside_start("8月").is_some() && aside_start("盘中一度").is_some());
        assert!(is_link("，收盘") && is_link("较上一交易日"));
    }
}
