//! The Chinese lexicons, compiled in from `zh/data/`: index names, futures
//! products, companies with tickers, institutions, sector words and commodity
//! words. Each is a leftmost-longest automaton over the names as written.

use std::collections::HashMap;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};

const INDICES: &str = include_str!("data/indices.txt");
const FUTURES: &str = include_str!("data/futures.txt");
const COMPANIES: &str = include_str!("data/companies.txt");
const INSTITUTIONS: &str = include_str!("data/institutions.txt");
const SECTORS: &str = include_str!("data/sectors.txt");
const COMMODITIES: &str = include_str!("data/commodities.txt");
const SHARED_COMMODITIES: &str = include_str!("../data/commodities.txt");

/// Names as written -> a value (canonical name, ticker, sector id).
pub struct Table {
    ac: AhoCorasick,
    values: Vec<String>,
    exact: HashMap<String, usize>,
}

impl Table {
    fn build(pairs: Vec<(String, String)>) -> Table {
        let mut keys = Vec::new();
        let mut values = Vec::new();
        let mut exact = HashMap::new();
        for (k, v) in pairs {
            if k.is_empty() || exact.contains_key(&k) {
                continue;
            }
            exact.insert(k.clone(), keys.len());
            keys.push(k);
            values.push(v);
        }
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&keys)
            .expect("the Chinese lexicon automaton builds");
        Table { ac, values, exact }
    }

    /// The value of `s` written exactly as a key.
    pub fn exact(&self, s: &str) -> Option<&str> {
        self.exact.get(s).map(|&i| self.values[i].as_str())
    }

    /// Every non-overlapping (start, end, value) in `s`, leftmost-longest.
    pub fn find_all<'a>(&'a self, s: &str) -> Vec<(usize, usize, &'a str)> {
        self.ac
            .find_iter(s)
            .map(|m| {
                (
                    m.start(),
                    m.end(),
                    self.values[m.pattern().as_usize()].as_str(),
                )
            })
            .collect()
    }

    /// The longest key `s` ends with: (start of the key in `s`, value).
    pub fn suffix(&self, s: &str) -> Option<(usize, &str)> {
        s.char_indices()
            .find_map(|(i, _)| self.exact(&s[i..]).map(|v| (i, v)))
    }
}

/// The Chinese lexicons.
pub struct ZhLexicon {
    pub indices: Table,
    pub futures: Table,
    /// Company name -> ticker (first listing written).
    pub companies: Table,
    pub institutions: Table,
    pub sectors: Table,
    pub commodities: Table,
}

fn lines(data: &str) -> impl Iterator<Item = &str> {
    data.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

fn keyed(data: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for l in lines(data) {
        let Some((k, v)) = l.split_once(": ") else {
            continue;
        };
        for a in v.split(", ").map(str::trim).filter(|a| !a.is_empty()) {
            out.push((a.to_string(), k.trim().to_string()));
        }
    }
    out
}

fn has_han(s: &str) -> bool {
    s.chars().any(super::is_han)
}

fn index_pairs() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (alias, canon) in keyed(INDICES) {
        if !alias.ends_with("指数") && !alias.ends_with('指') {
            out.push((format!("{alias}指数"), canon.clone()));
        }
        out.push((alias, canon));
    }
    out
}

fn build() -> ZhLexicon {
    let futures = lines(FUTURES)
        .map(|l| (l.to_string(), l.to_string()))
        .collect();
    let companies = lines(COMPANIES)
        .filter_map(|l| {
            let mut parts = l.split('|').map(str::trim);
            Some((parts.next()?.to_string(), parts.next()?.to_string()))
        })
        .collect();
    let institutions = lines(INSTITUTIONS)
        .map(|l| (l.to_string(), l.to_string()))
        .collect();
    let mut commodities = keyed(COMMODITIES);
    commodities.extend(
        keyed(SHARED_COMMODITIES)
            .into_iter()
            .filter(|(a, _)| has_han(a)),
    );
    ZhLexicon {
        indices: Table::build(index_pairs()),
        futures: Table::build(futures),
        companies: Table::build(companies),
        institutions: Table::build(institutions),
        sectors: Table::build(keyed(SECTORS)),
        commodities: Table::build(commodities),
    }
}

/// The compiled-in Chinese lexicons.
pub static ZH: LazyLock<ZhLexicon> = LazyLock::new(build);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_aliases_take_the_index_suffix() {
        assert_eq!(ZH.indices.exact("日经225指数"), Some("Nikkei 225"));
        assert_eq!(ZH.indices.exact("恒指"), Some("Hang Seng Index"));
        assert_eq!(ZH.indices.exact("恒生银行"), None);
    }

    #[test]
    fn suffix_finds_the_longest_name_at_the_end() {
        assert_eq!(ZH.companies.suffix("热门股紫金矿业"), Some((9, "02899")));
        assert_eq!(ZH.sectors.suffix("次新银行"), Some((6, "banks")));
        assert_eq!(ZH.sectors.suffix("医药商业"), Some((0, "none")));
    }

    #[test]
    fn every_sector_is_a_contract_sector() {
        for (word, v) in keyed(SECTORS) {
            assert_eq!(ZH.sectors.exact(&word), Some(v.as_str()));
            assert!(
                v == "none" || crate::extract::SECTOR_IDS.contains(&v.as_str()),
                "{v}"
            );
        }
    }
}
