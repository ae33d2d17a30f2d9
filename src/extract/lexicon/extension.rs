//! The `[lexicon]` table of config.toml.

use std::collections::BTreeMap;

use serde::Deserialize;

/// The `[lexicon]` table of config.toml: additions to the built-in lexicons.
///
/// ```toml
/// [lexicon]
/// commodities = { scandium = ["scandium", "钪"] }    # canonical -> aliases
/// companies = { "Jiangxi Copper" = "nonferrous_metals" } # name -> sector id
/// company_aliases = { "Jiangxi Copper" = ["JCC"] }     # name -> other spellings
/// sector_keywords = { robotics = ["humanoid"] }        # sector id -> keywords
/// indices = { KOSPI = ["kospi"] }                      # full name -> aliases
/// institutions = ["Macquarie"]
/// units = { mtu = ["metric tonne unit"] }               # canonical -> aliases
/// ```
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LexiconExtension {
    /// Canonical commodity name (lower case) -> aliases as written.
    #[serde(default)]
    pub commodities: BTreeMap<String, Vec<String>>,
    /// Company name -> sector id (one of [`SECTOR_IDS`]).
    #[serde(default)]
    pub companies: BTreeMap<String, String>,
    /// Company name (built in or in `companies`) -> other spellings, tickers.
    #[serde(default)]
    pub company_aliases: BTreeMap<String, Vec<String>>,
    /// Sector id -> keywords naming the theme.
    #[serde(default)]
    pub sector_keywords: BTreeMap<String, Vec<String>>,
    /// Index full name -> aliases.
    #[serde(default)]
    pub indices: BTreeMap<String, Vec<String>>,
    /// Forecasting institutions, as they are written.
    #[serde(default)]
    pub institutions: Vec<String>,
    /// Canonical unit -> aliases written after "per", "a" or "/".
    #[serde(default)]
    pub units: BTreeMap<String, Vec<String>>,
}
