//! The older `[[alerts.price]]` / `[alerts.forecast]` tables as rules, and
//! the check that a rule sets no key its kind does not read.

use serde::Deserialize;

use super::AlertsSection;
use super::alerts::{Bad, RuleEntry};
use crate::alerts::{
    AlertRule, FirstObservation, ForecastRule, LevelRule, PriceSeries, Recipients, RuleKind,
    Trigger,
};

/// The rules of `[[alerts.price]]` and `[alerts.forecast]` (validated before).
pub(super) fn legacy(a: &AlertsSection) -> Vec<AlertRule> {
    let rule = |name: String, kind| AlertRule {
        name,
        recipients: Recipients::All,
        cooldown_minutes: 0,
        first: FirstObservation::Record,
        kind,
    };
    let mut out: Vec<AlertRule> = a
        .price
        .iter()
        .map(|r| {
            let series = PriceSeries {
                commodity: r.commodity.trim().to_lowercase(),
                currency: r.currency.clone(),
                unit: r.unit.clone(),
                market: r.market.clone(),
                product: None,
            };
            let name = format!(
                "price:{}:{}:{}:{}",
                series.commodity, r.level, r.currency, r.unit
            );
            rule(
                name,
                RuleKind::Level(LevelRule {
                    series,
                    level: r.level,
                    direction: Trigger::Both,
                    band: 0.0,
                }),
            )
        })
        .collect();
    let forecast_on = a.forecast.as_ref().map_or(a.rule.is_empty(), |f| f.enabled);
    if forecast_on {
        let commodities = a
            .forecast
            .as_ref()
            .map(|f| f.commodities.clone())
            .unwrap_or_default();
        let name = if commodities.is_empty() {
            "forecast:*".to_string()
        } else {
            format!("forecast:{}", commodities.join(","))
        };
        out.push(rule(
            name,
            RuleKind::Forecast(ForecastRule {
                institutions: Vec::new(),
                commodities,
            }),
        ));
    }
    out
}

/// Keys that the rule's kind does not read are errors, not silently ignored.
pub(super) fn unused(e: &RuleEntry, kind: &RuleKind) -> Result<(), Bad> {
    let price = matches!(kind, RuleKind::Level(_) | RuleKind::PctMove(_));
    let checks: [(&str, bool, bool); 12] = [
        ("commodity", e.commodity.is_some(), price),
        ("currency", e.currency.is_some(), price),
        ("unit", e.unit.is_some(), price),
        ("market", e.market.is_some(), price),
        ("product", e.product.is_some(), price),
        (
            "level",
            e.level.is_some(),
            matches!(kind, RuleKind::Level(_)),
        ),
        ("band", e.band.is_some(), matches!(kind, RuleKind::Level(_))),
        (
            "baseline",
            e.baseline.is_some(),
            matches!(kind, RuleKind::PctMove(_)),
        ),
        (
            "days",
            e.days.is_some(),
            matches!(kind, RuleKind::PctMove(_)),
        ),
        (
            "pct",
            e.pct.is_some(),
            matches!(kind, RuleKind::PctMove(_) | RuleKind::MarketMove(_)),
        ),
        (
            "institutions",
            !e.institutions.is_empty() || !e.commodities.is_empty(),
            matches!(kind, RuleKind::Forecast(_)),
        ),
        (
            "indices",
            e.indices.is_some() || e.stocks.is_some(),
            matches!(kind, RuleKind::MarketMove(_)),
        ),
    ];
    match checks.iter().find(|(_, set, used)| *set && !used) {
        Some((k, _, _)) => Err((
            (*k).into(),
            format!("not used by a rule of kind \"{}\"; remove it", kind.name()),
        )),
        None => Ok(()),
    }
}

/// One `[[alerts.price]]` table: a level rule, both ways, no band.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriceRuleEntry {
    pub commodity: String,
    pub level: f64,
    #[serde(default = "default_currency")]
    pub currency: String,
    #[serde(default = "default_unit")]
    pub unit: String,
    #[serde(default)]
    pub market: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ForecastRuleEntry {
    pub enabled: bool,
    /// Only these commodities; empty means every commodity.
    pub commodities: Vec<String>,
}

impl Default for ForecastRuleEntry {
    fn default() -> Self {
        ForecastRuleEntry {
            enabled: true,
            commodities: Vec::new(),
        }
    }
}

fn default_currency() -> String {
    "USD".into()
}
fn default_unit() -> String {
    "t".into()
}
