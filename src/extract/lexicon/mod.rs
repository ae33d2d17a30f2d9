//! Compiled-in lexicons (files under `data/`) and user extensions.

mod extension;
mod phrases;

use std::collections::HashMap;
use std::sync::OnceLock;

pub use extension::LexiconExtension;
pub use phrases::{FastSet, PhraseTable};

use super::ExtractError;
use super::scan::{KeywordScan, QuickScan};
use super::sector_frames::move_first_words;

/// The contract's sector ids, in contract order.
pub const SECTOR_IDS: &[&str] = &[
    "nonferrous_metals",
    "precious_metals",
    "rare_earths",
    "battery_materials",
    "steel_iron",
    "energy",
    "ai_computing",
    "semiconductors",
    "internet",
    "optical_communications",
    "innovative_drugs",
    "robotics",
    "property",
    "banks",
    "consumer",
    "autos_ev",
];

/// One known company.
#[derive(Debug, Clone)]
pub(crate) struct Company {
    pub(crate) name: String,
    pub(crate) sector: String,
}

/// The lexicons the extractor reads with: commodities, units, currencies,
/// indices, institutions, companies and sector keywords.
#[derive(Debug, Clone)]
pub struct Lexicon {
    pub(crate) commodities: PhraseTable,
    pub(crate) units: PhraseTable,
    pub(crate) currency_prefix: PhraseTable,
    pub(crate) currency_suffix: PhraseTable,
    /// Hundredth-unit words ("cents", "pence") -> their currency.
    pub(crate) cents: phrases::FastMap<String, &'static str>,
    pub(crate) indices: PhraseTable,
    /// Cities naming their market's main index ("Paris", "Tokyo stocks").
    pub(crate) market_cities: PhraseTable,
    /// Countries and adjectives naming a market with a market noun ("Japanese shares").
    pub(crate) market_countries: PhraseTable,
    pub(crate) institutions: PhraseTable,
    pub(crate) companies: PhraseTable,
    pub(crate) company_info: HashMap<String, Company>,
    pub(crate) sector_keywords: PhraseTable,
    pub(crate) up_verbs: FastSet<String>,
    pub(crate) down_verbs: FastSet<String>,
    pub(crate) neutral_verbs: FastSet<String>,
    pub(crate) hedges: PhraseTable,
    /// Built on first use: `check-config`, `report` and `serve` never scan text,
    /// and the automaton is the largest part of the lexicon (about 12 MB).
    quick: OnceLock<QuickScan>,
    sector_scan: OnceLock<KeywordScan>,
}

const COMMODITIES: &str = include_str!("../data/commodities.txt");
const UNITS: &str = include_str!("../data/units.txt");
const CURRENCIES: &str = include_str!("../data/currencies.txt");
const INDICES: &str = include_str!("../data/indices.txt");
const MARKETS: &str = include_str!("../data/markets.txt");
const INSTITUTIONS: &str = include_str!("../data/institutions.txt");
const COMPANIES: &str = include_str!("../data/companies.txt");
const SECTORS: &str = include_str!("../data/sectors.txt");
const VERBS: &str = include_str!("../data/verbs.txt");
const HEDGES: &str = include_str!("../data/hedges.txt");

/// Data lines: non-empty, not comments.
fn lines(data: &str) -> impl Iterator<Item = &str> {
    data.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// `key: a, b, c` lines.
fn keyed(data: &str) -> impl Iterator<Item = (&str, Vec<&str>)> {
    lines(data).filter_map(|l| {
        let (k, v) = l.split_once(": ")?;
        Some((k.trim(), split_list(v)))
    })
}

fn split_list(v: &str) -> Vec<&str> {
    v.split(", ")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

impl Lexicon {
    /// The built-in lexicons, parsed from the compiled-in data files.
    pub fn builtin() -> Lexicon {
        let mut lx = Lexicon {
            commodities: PhraseTable::default(),
            units: PhraseTable::default(),
            currency_prefix: PhraseTable::default(),
            currency_suffix: PhraseTable::default(),
            cents: phrases::FastMap::default(),
            indices: PhraseTable::default(),
            market_cities: PhraseTable::default(),
            market_countries: PhraseTable::default(),
            institutions: PhraseTable::default(),
            companies: PhraseTable::default(),
            company_info: HashMap::new(),
            sector_keywords: PhraseTable::default(),
            up_verbs: FastSet::default(),
            down_verbs: FastSet::default(),
            neutral_verbs: FastSet::default(),
            hedges: PhraseTable::default(),
            quick: OnceLock::new(),
            sector_scan: OnceLock::new(),
        };
        for (k, aliases) in keyed(COMMODITIES) {
            lx.add_aliases_commodity(k, &aliases);
        }
        for (k, aliases) in keyed(UNITS) {
            for a in aliases {
                lx.units.insert(a, k);
            }
        }
        for (k, aliases) in keyed(CURRENCIES) {
            let (code, role) = k.split_once(' ').unwrap_or((k, "suffix"));
            for a in aliases {
                match role {
                    "prefix" => lx.currency_prefix.insert(a, code),
                    "cents" => {
                        lx.cents.insert(a.to_string(), code);
                    }
                    _ => lx.currency_suffix.insert(a, code),
                }
            }
        }
        for (k, aliases) in keyed(INDICES) {
            lx.indices.insert(k, k);
            for a in aliases {
                lx.indices.insert(a, k);
            }
        }
        for l in lines(MARKETS) {
            // "Nikkei 225: tokyo | japan, japanese"
            let Some((index, places)) = l.split_once(':') else {
                continue;
            };
            let (cities, countries) = places.split_once('|').unwrap_or((places, ""));
            for c in split_list(cities.trim()) {
                lx.market_cities.insert(c, index.trim());
            }
            for c in split_list(countries.trim()) {
                lx.market_countries.insert(c, index.trim());
            }
        }
        for l in lines(INSTITUTIONS) {
            // "Goldman Sachs: 高盛, GS" gives aliases
            let (name, aliases) = l
                .split_once(": ")
                .map_or((l, Vec::new()), |(n, a)| (n, split_list(a)));
            lx.institutions.insert(name, name);
            for a in aliases {
                lx.institutions.insert(a, name);
            }
        }
        for l in lines(COMPANIES) {
            let mut parts = l.split('|').map(str::trim);
            let (Some(name), Some(sector)) = (parts.next(), parts.next()) else {
                continue;
            };
            let aliases = parts.next().map(split_list).unwrap_or_default();
            lx.add_company(name, sector, &aliases);
        }
        for (k, kws) in keyed(SECTORS) {
            for kw in kws {
                lx.sector_keywords.insert(kw, k);
            }
        }
        for (k, vs) in keyed(VERBS) {
            let set = match k {
                "up" => &mut lx.up_verbs,
                "down" => &mut lx.down_verbs,
                _ => &mut lx.neutral_verbs,
            };
            set.extend(vs.into_iter().map(str::to_string));
        }
        for l in lines(HEDGES) {
            for h in split_list(l) {
                lx.hedges.insert(h, h);
            }
        }
        lx.finish();
        lx
    }

    /// Sort the phrase tables after insertions and drop the scanners built
    /// from the old tables (they are built again on first use).
    fn finish(&mut self) {
        for t in [
            &mut self.commodities,
            &mut self.units,
            &mut self.currency_prefix,
            &mut self.currency_suffix,
            &mut self.indices,
            &mut self.market_cities,
            &mut self.market_countries,
            &mut self.institutions,
            &mut self.companies,
            &mut self.sector_keywords,
            &mut self.hedges,
        ] {
            t.finish();
        }
        self.quick = OnceLock::new();
        self.sector_scan = OnceLock::new();
    }

    /// The one-pass scanner of a sentence's lexicon words.
    pub(crate) fn quick(&self) -> &QuickScan {
        self.quick.get_or_init(|| {
            QuickScan::build(
                &self.commodities,
                &self.companies,
                &self.institutions,
                &self.indices,
                &move_first_words(),
            )
        })
    }

    /// The scanner of sector keywords.
    pub(crate) fn sector_scan(&self) -> &KeywordScan {
        self.sector_scan
            .get_or_init(|| KeywordScan::build(&self.sector_keywords))
    }

    /// The built-in lexicons plus the user's additions; an entry naming an
    /// unknown sector or an empty alias is an error naming the key.
    pub fn extended(ext: &LexiconExtension) -> Result<Lexicon, ExtractError> {
        let mut lx = Lexicon::builtin();
        for (k, aliases) in &ext.commodities {
            check_aliases("commodities", k, aliases)?;
            let refs: Vec<&str> = aliases.iter().map(String::as_str).collect();
            lx.add_aliases_commodity(&k.to_lowercase(), &refs);
        }
        for (name, sector) in &ext.companies {
            check_sector("companies", name, sector)?;
            let aliases: Vec<&str> = ext
                .company_aliases
                .get(name)
                .map(|v| v.iter().map(String::as_str).collect())
                .unwrap_or_default();
            lx.add_company(name, sector, &aliases);
        }
        for (name, aliases) in &ext.company_aliases {
            check_aliases("company_aliases", name, aliases)?;
            let Some(info) = lx.company_info.get(&name.to_lowercase()).cloned() else {
                return Err(ExtractError::UnknownCompany { name: name.clone() });
            };
            let refs: Vec<&str> = aliases.iter().map(String::as_str).collect();
            lx.add_company(&info.name, &info.sector, &refs);
        }
        for (sector, kws) in &ext.sector_keywords {
            check_sector("sector_keywords", sector, sector)?;
            check_aliases("sector_keywords", sector, kws)?;
            for kw in kws {
                lx.sector_keywords.insert(&kw.to_lowercase(), sector);
            }
        }
        for (name, aliases) in &ext.indices {
            check_aliases("indices", name, aliases)?;
            lx.indices.insert(name, name);
            for a in aliases {
                lx.indices.insert(a, name);
            }
        }
        for inst in &ext.institutions {
            if inst.trim().is_empty() {
                return Err(ExtractError::EmptyEntry {
                    table: "institutions",
                    key: String::new(),
                });
            }
            lx.institutions.insert(inst.trim(), inst.trim());
        }
        for (unit, aliases) in &ext.units {
            check_aliases("units", unit, aliases)?;
            lx.units.insert(unit, unit);
            for a in aliases {
                lx.units.insert(a, unit);
            }
        }
        lx.finish();
        Ok(lx)
    }

    fn add_aliases_commodity(&mut self, canonical: &str, aliases: &[&str]) {
        self.commodities.insert(canonical, canonical);
        for a in aliases {
            self.commodities.insert(a, canonical);
        }
    }

    fn add_company(&mut self, name: &str, sector: &str, aliases: &[&str]) {
        let info = Company {
            name: name.to_string(),
            sector: sector.to_string(),
        };
        self.companies.insert(name, name);
        self.company_info.insert(name.to_lowercase(), info.clone());
        for a in aliases {
            self.companies.insert(a, name);
            self.company_info.insert(a.to_lowercase(), info.clone());
        }
    }

    /// The sector of a known company name or alias.
    pub fn company_sector(&self, name: &str) -> Option<&str> {
        self.company_info
            .get(&name.to_lowercase())
            .map(|c| c.sector.as_str())
    }

    /// +1 for an up verb, -1 for a down verb, 0 for a neutral one.
    pub(crate) fn verb_sign(&self, w: &str) -> Option<i8> {
        if self.up_verbs.contains(w) {
            Some(1)
        } else if self.down_verbs.contains(w) {
            Some(-1)
        } else if self.neutral_verbs.contains(w) {
            Some(0)
        } else {
            None
        }
    }
}

fn check_aliases(table: &'static str, key: &str, aliases: &[String]) -> Result<(), ExtractError> {
    if key.trim().is_empty() || aliases.iter().any(|a| a.trim().is_empty()) {
        return Err(ExtractError::EmptyEntry {
            table,
            key: key.to_string(),
        });
    }
    Ok(())
}

fn check_sector(table: &'static str, key: &str, sector: &str) -> Result<(), ExtractError> {
    if SECTOR_IDS.contains(&sector) {
        Ok(())
    } else {
        Err(ExtractError::UnknownSector {
            table,
            key: key.to_string(),
            sector: sector.to_string(),
        })
    }
}
