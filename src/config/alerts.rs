//! `[[alerts.rule]]` and `[alerts.gate]`: the alert rules as written, checked
//! and resolved into [`AlertSet`] at load (docs/alerts.md documents each key).
//! The older `[[alerts.price]]` / `[alerts.forecast]` tables still work: they
//! become level and forecast rules.

use serde::Deserialize;

use super::values::{COMMODITIES, canonical_commodity, canonical_unit};
use super::{AlertsSection, Config};
use crate::alerts::{
    AlertRule, AlertSet, Baseline, FirstObservation, ForecastRule, GateConfig, LevelRule,
    MarketMoveRule, MarketTarget, PctMoveRule, PriceSeries, Recipients, RuleKind, Trigger,
};
use crate::extract::{
    Fact, FactKind, Forecast, IndexMove, Lexicon, StockMove, normalize_ticker, resolve_entities,
};

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
type Bad = (String, String);

/// Checks every rule and resolves names through the lexicon.
pub(super) fn resolve(config: &Config, lexicon: &Lexicon) -> Result<AlertSet, Bad> {
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

/// The rules of `[[alerts.price]]` and `[alerts.forecast]` (validated before).
fn legacy(a: &AlertsSection) -> Vec<AlertRule> {
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

/// Keys that the rule's kind does not read are errors, not silently ignored.
fn unused(e: &RuleEntry, kind: &RuleKind) -> Result<(), Bad> {
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
                watchlist: list
                    .iter()
                    .flat_map(|s| resolved_stock(s, lexicon))
                    .collect(),
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

fn fact(kind: FactKind) -> Fact {
    Fact {
        kind,
        approx: false,
        range: None,
        sentence: String::new(),
    }
}

fn resolved_institution(name: &str, lexicon: &Lexicon) -> String {
    let mut f = [fact(FactKind::Forecast(Forecast {
        commodity: String::new(),
        institution: name.trim().to_string(),
        value: 0.0,
        currency: String::new(),
        unit: String::new(),
        direction: crate::extract::Direction::Maintained,
        previous: None,
        period: None,
        market: None,
    }))];
    resolve_entities(&mut f, lexicon);
    match &f[0].kind {
        FactKind::Forecast(x) => x.institution.clone(),
        _ => name.to_string(),
    }
}

fn resolved_index(name: &str, lexicon: &Lexicon) -> String {
    let mut f = [fact(FactKind::IndexMove(IndexMove {
        index: name.trim().to_string(),
        change_pct: 0.0,
        level: None,
        points: None,
    }))];
    resolve_entities(&mut f, lexicon);
    match &f[0].kind {
        FactKind::IndexMove(x) => x.index.clone(),
        _ => name.to_string(),
    }
}

/// A watchlist entry as written, as the lexicon's company, and as a ticker.
fn resolved_stock(entry: &str, lexicon: &Lexicon) -> Vec<String> {
    let e = entry.trim();
    let mut out = vec![e.to_string()];
    let as_name = StockMove {
        name: e.to_string(),
        change_pct: 0.0,
        ticker: None,
        price: None,
    };
    let as_ticker = StockMove {
        name: String::new(),
        change_pct: 0.0,
        ticker: Some(e.to_string()),
        price: None,
    };
    let mut f = [
        fact(FactKind::StockMove(as_name)),
        fact(FactKind::StockMove(as_ticker)),
    ];
    resolve_entities(&mut f, lexicon);
    for x in &f {
        if let FactKind::StockMove(m) = &x.kind {
            out.extend([m.name.clone()].into_iter().filter(|n| !n.is_empty()));
        }
    }
    if e.chars().any(|c| c.is_ascii_digit()) {
        out.push(normalize_ticker(e));
    }
    out.sort();
    out.dedup();
    out
}
