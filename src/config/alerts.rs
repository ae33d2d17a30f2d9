//! `[[alerts.rule]]` and `[alerts.gate]`: the alert rules as written, checked
//! and resolved into [`AlertSet`] at load (docs/alerts.md documents each key).
//! The older `[[alerts.price]]` / `[alerts.forecast]` tables still work: they
//! become level and forecast rules.

use serde::Deserialize;

use super::alert_checks::{legacy, unused};
use super::alert_names::{resolved_index, resolved_institution, watchlist};
use super::values::{COMMODITIES, canonical_commodity, canonical_unit};
use super::{Config, LazyLexicon};
use crate::alerts::{
    AlertRule, AlertSet, Baseline, FirstObservation, ForecastRule, GateConfig, LevelRule,
    MarketMoveRule, MarketTarget, PctMoveRule, PriceSeries, Recipients, RuleKind, Trigger,
};
use crate::extract::Lexicon;

/// One `[[alerts.rule]]` table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleEntry {
    pub name: String,
    /// `level`, `pct_move`, `forecast` or `market_move`.
    pub kind: String,
    pub commodity: Option<String>,
    pub currency: Option<String>,
    pub unit: Option<String>,
    pub market: Option<String>,
    pub product: Option<String>,
    pub level: Option<f64>,
    pub band: Option<f64>,
    pub direction: Option<Trigger>,
    pub pct: Option<f64>,
    /// `previous`, `last_alert` or `close` (with `days`).
    pub baseline: Option<String>,
    pub days: Option<u32>,
    #[serde(default)]
    pub institutions: Vec<String>,
    #[serde(default)]
    pub commodities: Vec<String>,
    pub indices: Option<Vec<String>>,
    pub stocks: Option<Vec<String>>,
    #[serde(default)]
    pub cooldown_minutes: u32,
    #[serde(default)]
    pub first_observation: FirstObservation,
    /// Named subscribers (addresses); default: every alert subscriber.
    #[serde(default)]
    pub subscribers: Vec<String>,
    /// Subscriber topics; default: every alert subscriber.
    #[serde(default)]
    pub topics: Vec<String>,
}

/// `[alerts.gate]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct GateSection {
    pub enabled: bool,
    pub max_jump_pct: f64,
    pub contradiction_pct: f64,
}

impl Default for GateSection {
    fn default() -> Self {
        let g = GateConfig::default();
        GateSection {
            enabled: g.enabled,
            max_jump_pct: g.max_jump_pct,
            contradiction_pct: g.contradiction_pct,
        }
    }
}

/// A problem: the key and what is wrong.
pub(super) type Bad = (String, String);

/// Checks every rule and resolves names through the lexicon.
/// The lexicon is built only if a rule needs it.
pub(super) fn resolve(config: &Config, lexicon: &LazyLexicon) -> Result<AlertSet, Bad> {
    let a = &config.alerts;
    let extra: Vec<String> = config.lexicon.commodities.keys().cloned().collect();
    let g = &a.gate;
    for (k, v) in [
        ("max_jump_pct", g.max_jump_pct),
        ("contradiction_pct", g.contradiction_pct),
    ] {
        if !v.is_finite() || v <= 0.0 {
            return Err((
                format!("alerts.gate.{k}"),
                format!("{v} must be a positive percentage, e.g. 30"),
            ));
        }
    }
    let mut rules = legacy(a);
    for (i, e) in a.rule.iter().enumerate() {
        let rule =
            entry(e, &extra, lexicon).map_err(|(k, p)| (format!("alerts.rule[{i}].{k}"), p))?;
        if rules.iter().any(|r: &AlertRule| r.name == rule.name) {
            return Err((
                format!("alerts.rule[{i}].name"),
                format!(
                    "`{}` is used by another rule; give each rule its own name",
                    rule.name
                ),
            ));
        }
        rules.push(rule);
    }
    Ok(AlertSet {
        rules,
        gate: GateConfig {
            enabled: g.enabled,
            max_jump_pct: g.max_jump_pct,
            contradiction_pct: g.contradiction_pct,
        },
    })
}

fn entry(e: &RuleEntry, extra: &[String], lexicon: &Lexicon) -> Result<AlertRule, Bad> {
    let name = e.name.trim();
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_alphanumeric() || "-_.:".contains(c))
    {
        return Err((
            "name".into(),
            format!(
                "`{}` is not a rule name; use letters, digits, '-', '_', '.' or ':', e.g. \"copper-13000\"",
                e.name
            ),
        ));
    }
    let recipients = match (e.subscribers.is_empty(), e.topics.is_empty()) {
        (true, true) => Recipients::All,
        (false, true) => {
            for s in &e.subscribers {
                crate::notify::address::check_email(s).map_err(|r| {
                    (
                        "subscribers".to_string(),
                        format!("`{s}` is not an e-mail address: {r}"),
                    )
                })?;
            }
            Recipients::Subscribers {
                emails: e.subscribers.clone(),
            }
        }
        (true, false) => Recipients::Topics {
            topics: e.topics.iter().map(|t| t.trim().to_lowercase()).collect(),
        },
        (false, false) => {
            return Err((
                "topics".into(),
                "give either subscribers or topics, not both".into(),
            ));
        }
    };
    let kind = match e.kind.as_str() {
        "level" => level(e, extra)?,
        "pct_move" => pct_move(e, extra)?,
        "forecast" => forecast(e, extra, lexicon)?,
        "market_move" => market_move(e, lexicon)?,
        other => {
            return Err((
                "kind".into(),
                format!(
                    "`{other}` is not a rule kind; use \"level\", \"pct_move\", \"forecast\" or \"market_move\""
                ),
            ));
        }
    };
    unused(e, &kind)?;
    Ok(AlertRule {
        name: name.to_string(),
        recipients,
        cooldown_minutes: e.cooldown_minutes,
        first: e.first_observation,
        kind,
    })
}

fn series(e: &RuleEntry, extra: &[String]) -> Result<PriceSeries, Bad> {
    let c = e.commodity.as_deref().ok_or((
        "commodity".to_string(),
        "missing: name the commodity, e.g. \"copper\"".to_string(),
    ))?;
    let commodity = canonical_commodity(c, extra).ok_or_else(|| ("commodity".to_string(), format!("`{c}` is not a commodity orewatch extracts; use one of: {} (or add it under [lexicon.commodities])", COMMODITIES.join(", "))))?;
    let u = e.unit.as_deref().unwrap_or("t");
    let unit = canonical_unit(u).ok_or_else(|| {
        (
            "unit".to_string(),
            format!("`{u}` is not a unit; use t, lb, oz, kg, g or bbl"),
        )
    })?;
    let currency = e.currency.as_deref().unwrap_or("USD").trim().to_uppercase();
    if currency.len() != 3 || !currency.chars().all(|c| c.is_ascii_alphabetic()) {
        return Err((
            "currency".into(),
            format!("`{currency}` is not an ISO 4217 code; use USD, CNY, HKD, GBP, EUR..."),
        ));
    }
    Ok(PriceSeries {
        commodity,
        currency,
        unit,
        market: e.market.clone(),
        product: e.product.clone(),
    })
}

fn positive(v: Option<f64>, key: &str, example: &str) -> Result<f64, Bad> {
    match v {
        Some(v) if v.is_finite() && v > 0.0 => Ok(v),
        Some(v) => Err((
            key.into(),
            format!("{v} must be a positive number, e.g. {example}"),
        )),
        None => Err((
            key.into(),
            format!("missing: set it, e.g. {key} = {example}"),
        )),
    }
}

fn level(e: &RuleEntry, extra: &[String]) -> Result<RuleKind, Bad> {
    let series = series(e, extra)?;
    let level = positive(e.level, "level", "13000")?;
    let band = e.band.unwrap_or(0.0);
    if !band.is_finite() || band < 0.0 || band >= level {
        return Err((
            "band".into(),
            format!("{band} must be at least 0 and below the level ({level})"),
        ));
    }
    Ok(RuleKind::Level(LevelRule {
        series,
        level,
        direction: e.direction.unwrap_or_default(),
        band,
    }))
}

fn pct_move(e: &RuleEntry, extra: &[String]) -> Result<RuleKind, Bad> {
    let series = series(e, extra)?;
    let pct = positive(e.pct, "pct", "5")?;
    let baseline = match (e.baseline.as_deref().unwrap_or("previous"), e.days) {
        ("previous", None) => Baseline::Previous,
        ("last_alert", None) => Baseline::LastAlert,
        ("close", Some(days)) if (1..=366).contains(&days) => Baseline::Close { days },
        ("close", _) => {
            return Err((
                "days".into(),
                "baseline \"close\" needs days = N, from 1 to 366".into(),
            ));
        }
        ("previous" | "last_alert", Some(_)) => {
            return Err(("days".into(), "only baseline \"close\" takes days".into()));
        }
        (other, _) => {
            return Err((
                "baseline".into(),
                format!(
                    "`{other}` is not a baseline; use \"previous\", \"last_alert\" or \"close\" (with days = N)"
                ),
            ));
        }
    };
    Ok(RuleKind::PctMove(PctMoveRule {
        series,
        pct,
        baseline,
        direction: e.direction.unwrap_or_default(),
    }))
}

fn forecast(e: &RuleEntry, extra: &[String], lexicon: &Lexicon) -> Result<RuleKind, Bad> {
    let mut commodities = Vec::new();
    for c in &e.commodities {
        commodities.push(canonical_commodity(c, extra).ok_or_else(|| {
            (
                "commodities".to_string(),
                format!(
                    "`{c}` is not a commodity orewatch extracts; use one of: {}",
                    COMMODITIES.join(", ")
                ),
            )
        })?);
    }
    let institutions = e
        .institutions
        .iter()
        .map(|i| resolved_institution(i, lexicon))
        .collect();
    Ok(RuleKind::Forecast(ForecastRule {
        institutions,
        commodities,
    }))
}

fn market_move(e: &RuleEntry, lexicon: &Lexicon) -> Result<RuleKind, Bad> {
    let pct = positive(e.pct, "pct", "3")?;
    let target =
        match (&e.indices, &e.stocks) {
            (Some(names), None) => MarketTarget::Indices {
                names: names.iter().map(|n| resolved_index(n, lexicon)).collect(),
            },
            (None, Some(list)) if !list.is_empty() => MarketTarget::Stocks {
                watchlist: watchlist(list, lexicon),
            },
            (None, Some(_)) => return Err((
                "stocks".into(),
                "the watchlist is empty; list names or tickers, e.g. [\"Zijin Mining\", \"02899\"]"
                    .into(),
            )),
            (None, None) => {
                return Err((
                    "indices".into(),
                    "missing: give indices = [...] (empty: every index) or stocks = [...]".into(),
                ));
            }
            (Some(_), Some(_)) => {
                return Err((
                    "stocks".into(),
                    "give either indices or stocks; write two rules for both".into(),
                ));
            }
        };
    Ok(RuleKind::MarketMove(MarketMoveRule {
        target,
        pct,
        direction: e.direction.unwrap_or_default(),
    }))
}
