//! Single values of the configuration: cron expressions, commodity and
//! unit names as the extractor writes them, TLS modes, hosts.

use croner::Cron;
use croner::parser::{CronParser, Seconds};

use crate::notify::TlsMode;

/// The contract's commodity names.
pub(super) const COMMODITIES: &[&str] = &[
    "copper",
    "aluminum",
    "gold",
    "silver",
    "platinum",
    "palladium",
    "nickel",
    "zinc",
    "lead",
    "tin",
    "cobalt",
    "lithium",
    "tungsten",
    "molybdenum",
    "iron ore",
    "steel",
    "rare earths",
    "uranium",
    "oil",
    "coal",
];

/// A commodity as the extractor names it (`Copper` -> `copper`,
/// `aluminium` -> `aluminum`), or None when orewatch does not know it.
pub(super) fn canonical_commodity(name: &str, extra: &[String]) -> Option<String> {
    let n = name.trim().to_lowercase();
    let n = match n.as_str() {
        "aluminium" => "aluminum".to_string(),
        "rare earth" => "rare earths".to_string(),
        "crude" | "crude oil" => "oil".to_string(),
        _ => n,
    };
    (COMMODITIES.contains(&n.as_str()) || extra.iter().any(|e| e.to_lowercase() == n)).then_some(n)
}

/// A unit as the extractor writes it (`tonne` -> `t`, `ounce` -> `oz`).
pub(super) fn canonical_unit(unit: &str) -> Option<String> {
    let u = unit.trim().to_lowercase();
    let c = match u.as_str() {
        "t" | "tonne" | "tonnes" | "ton" | "tons" | "mt" | "metric ton" => "t",
        "oz" | "ounce" | "ounces" | "troy ounce" => "oz",
        "lb" | "lbs" | "pound" | "pounds" => "lb",
        "kg" | "kilogram" => "kg",
        "g" | "gram" => "g",
        "bbl" | "barrel" | "barrels" => "bbl",
        "" => return None,
        other => other,
    };
    Some(c.to_string())
}

/// Parse a 6-field cron expression (seconds first), as the scheduler reads it.
pub fn parse_cron(expr: &str) -> Result<Cron, String> {
    if expr.split_whitespace().count() < 6 {
        return Err("it has fewer than 6 fields".into());
    }
    CronParser::builder()
        .seconds(Seconds::Required)
        .dom_and_dow(true)
        .build()
        .parse(expr)
        .map_err(|e| e.to_string())
}

pub(super) fn tls_mode(s: &str) -> Option<TlsMode> {
    match s {
        "starttls" => Some(TlsMode::Starttls),
        "tls" => Some(TlsMode::Tls),
        "none" => Some(TlsMode::None),
        _ => None,
    }
}

pub(super) fn is_local_host(host: &str) -> bool {
    matches!(host, "localhost" | "::1") || host.starts_with("127.")
}
