//! The output contract of `orewatch extract` (see README, "Facts"): one
//! [`Document`] per page, carrying typed [`Fact`]s. These types are what the
//! store persists and the briefing renders, so they are shared by every stage.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One analysed page: what `orewatch extract` prints and the daemon stores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub url: Option<String>,
    pub title: Option<String>,
    pub published: Option<NaiveDate>,
    pub body: String,
    pub sectors: Vec<String>,
    pub facts: Vec<Fact>,
}

/// One fact: its kind-specific fields plus the hedges and the sentence it came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fact {
    #[serde(flatten)]
    pub kind: FactKind,
    /// The text hedges the figure ("nearly", "over", "about", "~").
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub approx: bool,
    /// The text gives a range ("4–6%", "409.40/90"); the value is its midpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<[f64; 2]>,
    /// The sentence the fact came from, as plain text.
    pub sentence: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FactKind {
    Price(Price),
    Forecast(Forecast),
    IndexMove(IndexMove),
    StockMove(StockMove),
    SectorMove(SectorMove),
}

impl FactKind {
    /// The contract's name of this kind (`price`, `forecast`, ...).
    pub fn name(&self) -> &'static str {
        match self {
            FactKind::Price(_) => "price",
            FactKind::Forecast(_) => "forecast",
            FactKind::IndexMove(_) => "index_move",
            FactKind::StockMove(_) => "stock_move",
            FactKind::SectorMove(_) => "sector_move",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    RecordHigh,
    RecordLow,
    Under,
    Over,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Price {
    /// Canonical lower-case English name: `copper`, `iron ore`, `rare earths`.
    pub commodity: String,
    pub value: f64,
    /// ISO 4217 (`USD`, `CNY`, `HKD`, ...).
    pub currency: String,
    /// `t`, `lb`, `oz`, `kg`, `g`, `bbl`, or the unit as written in lower case.
    pub unit: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualifier: Option<Qualifier>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub market: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product: Option<String>,
    /// Signed absolute change in the same currency and unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<f64>,
}

impl Price {
    /// An "under" / "over" figure bounds the price rather than observing it.
    pub fn is_bound(&self) -> bool {
        matches!(self.qualifier, Some(Qualifier::Under | Qualifier::Over))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Raised,
    Cut,
    Maintained,
    Initiated,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Forecast {
    pub commodity: String,
    pub institution: String,
    pub value: f64,
    pub currency: String,
    pub unit: String,
    pub direction: Direction,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<f64>,
    /// `2026`, `2026-H1`, `2026-Q4`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub market: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndexMove {
    /// Full English name: `Hang Seng Index`, `Hang Seng TECH Index`, ...
    pub index: String,
    /// Signed percent change over one session.
    pub change_pct: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StockMove {
    pub name: String,
    pub change_pct: f64,
    /// Hong Kong codes as five digits (`03993`), otherwise as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticker: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MoveDirection {
    Up,
    Down,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectorMove {
    /// One of the contract's sector ids (`nonferrous_metals`, `internet`, ...).
    pub sector: String,
    pub direction: MoveDirection,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change_pct: Option<f64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fact_serializes_flat_with_kind_tag() {
        let f = Fact {
            kind: FactKind::StockMove(StockMove {
                name: "Chifeng Gold".into(),
                change_pct: 6.0,
                ticker: None,
                price: None,
            }),
            approx: true,
            range: None,
            sentence: "Chifeng Gold rallied nearly 6%.".into(),
        };
        let json = serde_json::to_string(&f).unwrap();
        assert_eq!(
            json,
            r#"{"kind":"stock_move","name":"Chifeng Gold","change_pct":6.0,"approx":true,"sentence":"Chifeng Gold rallied nearly 6%."}"#
        );
        let back: Fact = serde_json::from_str(&json).unwrap();
        assert_eq!(back, f);
    }
}
