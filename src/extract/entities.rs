//! Entity resolution: one entity per institution, company and index, across
//! languages and spellings.
//!
//! `orewatch extract` reports names as the text writes them (the contract):
//! 高盛 stays 高盛, "Zijin Mining Group Co Ltd" stays as written. The store,
//! the alert rules and the briefing need one series per entity, so before a
//! document is stored its facts go through [`resolve_entities`]: a name the
//! lexicon knows (as a name or an alias, `data/*.txt` and `[lexicon]`) becomes
//! the lexicon's name, and an HK or mainland ticker is written one way
//! (`02899`, `601899`). Unknown names are kept as written. Pure.

use super::dedup::NAME_NOISE;
use super::lexicon::{Lexicon, PhraseTable};
use super::model::{Fact, FactKind};
use super::text::{TokKind, Token, tokenize};

/// Company-form words beyond the ones duplicate detection already ignores
/// (`dedup::NAME_NOISE`): "Zijin Mining Group Co., Ltd.", 紫金矿业股份有限公司.
const MORE_NOISE: &[&str] = &[
    "holding", "sa", "ag", "nv", "a", "s", "股份", "有限", "公司", "集团",
];

/// Resolve the institutions, companies and indices of `facts` to their
/// lexicon entities (in place).
pub fn resolve_entities(facts: &mut [Fact], lexicon: &Lexicon) {
    for fact in facts {
        match &mut fact.kind {
            FactKind::Forecast(f) => {
                if let Some(name) = whole_match(&lexicon.institutions, &f.institution) {
                    f.institution = name.to_string();
                }
            }
            FactKind::StockMove(m) => {
                // a company the Chinese lexicon lists is known by its code too
                m.ticker = m
                    .ticker
                    .as_deref()
                    .or_else(|| super::zh::listed_ticker(&m.name))
                    .map(normalize_ticker);
                let by_name = whole_match(&lexicon.companies, &m.name);
                let by_ticker = || {
                    m.ticker
                        .as_deref()
                        .and_then(|t| whole_match(&lexicon.companies, t))
                };
                if let Some(name) = by_name.or_else(by_ticker) {
                    m.name = name.to_string();
                }
            }
            FactKind::IndexMove(m) => {
                if let Some(name) = whole_match(&lexicon.indices, &m.index) {
                    m.index = name.to_string();
                }
            }
            FactKind::Price(_) | FactKind::SectorMove(_) => {}
        }
    }
}

/// The lexicon entity that `name` names as a whole, noise words aside.
fn whole_match<'l>(table: &'l PhraseTable, name: &str) -> Option<&'l str> {
    let toks = tokenize(name);
    if let Some(v) = covering(table, &toks) {
        return Some(v);
    }
    let kept: Vec<Token> = toks.into_iter().filter(|t| !is_noise(t)).collect();
    covering(table, &kept)
}

fn covering<'l>(table: &'l PhraseTable, toks: &[Token]) -> Option<&'l str> {
    match table.match_at(toks, 0) {
        Some((n, v)) if n == toks.len() => Some(v),
        _ => None,
    }
}

fn is_noise(t: &Token) -> bool {
    match t.kind {
        TokKind::Word => NAME_NOISE.contains(&t.lw()) || MORE_NOISE.contains(&t.lw()),
        TokKind::Punct(_) => true,
        TokKind::Num(_) => false,
    }
}

/// One spelling per ticker: HK codes as five digits (`2899.HK`, `HK:2899`,
/// `2899 HK` -> `02899`), mainland codes as six digits (`601899.SH`,
/// `SH601899` -> `601899`); anything else as written, trimmed.
pub fn normalize_ticker(t: &str) -> String {
    let t = t.trim();
    let upper = t.to_ascii_uppercase();
    let digits: String = upper.chars().filter(char::is_ascii_digit).collect();
    let letters: String = upper.chars().filter(char::is_ascii_alphabetic).collect();
    let hk = matches!(letters.as_str(), "HK" | "HKEX" | "SEHK" | "");
    let mainland = matches!(letters.as_str(), "SH" | "SS" | "SZ" | "SHA" | "SHE" | "");
    match digits.len() {
        1..=5 if hk => format!("{:0>5}", digits.trim_start_matches('0').max_zero()),
        6 if mainland => digits,
        _ => t.to_string(),
    }
}

/// `trim_start_matches('0')` of "0000" is empty: keep one zero.
trait MaxZero {
    fn max_zero(&self) -> &str;
}

impl MaxZero for str {
    fn max_zero(&self) -> &str {
        if self.is_empty() { "0" } else { self }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::model::{Direction, Forecast, StockMove};

    fn forecast(inst: &str) -> Fact {
        Fact {
            kind: FactKind::Forecast(Forecast {
                commodity: "copper".into(),
                institution: inst.into(),
                value: 12750.0,
                currency: "USD".into(),
                unit: "t".into(),
                direction: Direction::Raised,
                previous: Some(11525.0),
                period: Some("2026".into()),
                market: None,
            }),
            approx: false,
            range: None,
            sentence: String::new(),
        }
    }

    fn stock(name: &str, ticker: Option<&str>) -> Fact {
        Fact {
            kind: FactKind::StockMove(StockMove {
                name: name.into(),
                change_pct: 3.1,
                ticker: ticker.map(str::to_string),
                price: None,
            }),
            approx: false,
            range: None,
            sentence: String::new(),
        }
    }

    fn institution(f: &Fact) -> &str {
        match &f.kind {
            FactKind::Forecast(f) => &f.institution,
            _ => unreachable!(),
        }
    }

    fn stock_of(f: &Fact) -> (&str, Option<&str>) {
        match &f.kind {
            FactKind::StockMove(m) => (&m.name, m.ticker.as_deref()),
            _ => unreachable!(),
        }
    }

    #[test]
    fn an_institution_in_chinese_and_english_is_one_entity() {
        let lx = Lexicon::builtin();
        let mut facts = vec![
            forecast("高盛"),
            forecast("Goldman Sachs"),
            forecast("The Goldman Sachs Group Inc."),
        ];
        resolve_entities(&mut facts, &lx);
        for f in &facts {
            assert_eq!(institution(f), "Goldman Sachs");
        }
    }

    #[test]
    fn an_unknown_institution_is_kept_as_written() {
        let lx = Lexicon::builtin();
        let mut facts = vec![forecast("Acme Research Partners")];
        resolve_entities(&mut facts, &lx);
        assert_eq!(institution(&facts[0]), "Acme Research Partners");
    }

    #[test]
    fn a_company_by_chinese_name_english_name_or_ticker_is_one_entity() {
        let lx = Lexicon::builtin();
        let mut facts = vec![
            stock("紫金矿业", Some("02899")),
            stock("Zijin Mining Group Co Ltd", None),
            stock("ZIJIN MINING", Some("2899.HK")),
            stock("紫金", Some("601899.SH")),
        ];
        resolve_entities(&mut facts, &lx);
        let got: Vec<_> = facts.iter().map(stock_of).collect();
        assert_eq!(
            got,
            vec![
                ("Zijin Mining", Some("02899")),
                ("Zijin Mining", None),
                ("Zijin Mining", Some("02899")),
                ("Zijin Mining", Some("601899")),
            ]
        );
    }

    #[test]
    fn a_company_only_the_chinese_lexicon_lists_is_known_by_its_code() {
        let lx = Lexicon::builtin();
        let mut facts = vec![
            // the name is in zh/data/companies.txt only; its code is an alias
            stock("江西铜业股份", None),
            // neither the name nor the code is in the main table
            stock("云南铜业", None),
            stock("云南铜业", Some("000878.SZ")),
            stock("Some Unlisted Co", None),
        ];
        resolve_entities(&mut facts, &lx);
        let got: Vec<_> = facts.iter().map(stock_of).collect();
        assert_eq!(
            got,
            vec![
                ("Jiangxi Copper", Some("00358")),
                ("云南铜业", Some("000878")),
                ("云南铜业", Some("000878")),
                ("Some Unlisted Co", None),
            ]
        );
    }

    #[test]
    fn tickers_are_written_one_way() {
        assert_eq!(normalize_ticker("2899.HK"), "02899");
        assert_eq!(normalize_ticker("HK:700"), "00700");
        assert_eq!(normalize_ticker("00700"), "00700");
        assert_eq!(normalize_ticker("SH601899"), "601899");
        assert_eq!(normalize_ticker("300750.SZ"), "300750");
        assert_eq!(normalize_ticker("FCX"), "FCX");
        assert_eq!(normalize_ticker("BHP.AX"), "BHP.AX");
    }
}
