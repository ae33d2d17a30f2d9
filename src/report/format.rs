//! Number and label formatting for the briefing.

/// `13387.5` -> `13,387.50`; integers keep no decimals (`12750` -> `12,750`),
/// small prices keep up to three (`0.665`).
pub fn number(v: f64) -> String {
    if !v.is_finite() {
        return "-".into();
    }
    let decimals = if v.fract() == 0.0 {
        0
    } else if v.abs() < 10.0 {
        3
    } else {
        2
    };
    let s = format!("{:.*}", decimals, v.abs());
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let mut grouped = String::with_capacity(int.len() + int.len() / 3);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let frac = frac.trim_end_matches('0');
    let frac = if decimals == 2 && frac.len() == 1 {
        format!("{frac}0")
    } else {
        frac.to_string()
    };
    let sign = if v < 0.0 { "-" } else { "" };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{frac}")
    }
}

/// A signed number: `+1,200` / `-35.50`.
pub fn signed(v: f64) -> String {
    if v > 0.0 {
        format!("+{}", number(v))
    } else {
        number(v)
    }
}

/// A signed percentage: `+0.31%`, `-5.7%`.
pub fn pct(v: f64) -> String {
    let s = format!("{:.2}", v.abs());
    let s = s.trim_end_matches('0').trim_end_matches('.');
    match v.partial_cmp(&0.0) {
        Some(std::cmp::Ordering::Greater) => format!("+{s}%"),
        Some(std::cmp::Ordering::Less) => format!("-{s}%"),
        _ => "0%".into(),
    }
}

/// CSS class of a signed change.
pub fn dir(v: Option<f64>) -> &'static str {
    match v {
        Some(x) if x > 0.0 => "up",
        Some(x) if x < 0.0 => "down",
        _ => "flat",
    }
}

/// `copper` -> `Copper`, `iron ore` -> `Iron ore`.
pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// `nonferrous_metals` -> `Nonferrous metals`.
pub fn sector_label(id: &str) -> String {
    match id {
        "ai_computing" => "AI computing".into(),
        "autos_ev" => "Autos & EV".into(),
        "steel_iron" => "Steel & iron".into(),
        other => capitalise(&other.replace('_', " ")),
    }
}

/// `USD` + `t` -> `USD/t`.
pub fn unit(currency: &str, unit: &str) -> String {
    format!("{currency}/{unit}")
}

/// Only http(s) links from scraped pages go into a page or a mail.
pub fn safe_link(url: Option<&str>) -> Option<String> {
    let parsed = url::Url::parse(url?.trim()).ok()?;
    matches!(parsed.scheme(), "http" | "https").then(|| parsed.to_string())
}

/// The weekday before `d` (Monday's is Friday): the previous trading day,
/// holidays aside.
pub fn prev_trading_day(d: chrono::NaiveDate) -> chrono::NaiveDate {
    use chrono::{Datelike, Weekday};
    let back = match d.weekday() {
        Weekday::Mon => 3,
        Weekday::Sun => 2,
        _ => 1,
    };
    d - chrono::Days::new(back)
}

/// `6 Jan 2026`.
pub fn short_date(d: chrono::NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trading_days_skip_weekends() {
        let d = |s: &str| s.parse::<chrono::NaiveDate>().expect("date");
        assert_eq!(prev_trading_day(d("2026-01-12")), d("2026-01-09"));
        assert_eq!(prev_trading_day(d("2026-01-13")), d("2026-01-12"));
        assert_eq!(prev_trading_day(d("2026-01-11")), d("2026-01-09"));
        assert_eq!(short_date(d("2026-01-06")), "6 Jan 2026");
    }

    #[test]
    fn numbers_group_and_keep_meaningful_decimals() {
        assert_eq!(number(13387.5), "13,387.50");
        assert_eq!(number(12750.0), "12,750");
        assert_eq!(number(264000.0), "264,000");
        assert_eq!(number(0.665), "0.665");
        assert_eq!(number(-1234.25), "-1,234.25");
        assert_eq!(number(999.0), "999");
        assert_eq!(signed(1200.0), "+1,200");
        assert_eq!(pct(0.31), "+0.31%");
        assert_eq!(pct(-5.7), "-5.7%");
        assert_eq!(pct(0.0), "0%");
    }

    #[test]
    fn only_http_links_pass() {
        assert_eq!(
            safe_link(Some("https://a.example/x")).as_deref(),
            Some("https://a.example/x")
        );
        assert_eq!(safe_link(Some("javascript:alert(1)")), None);
        assert_eq!(safe_link(Some(" JavaScript:alert(1)")), None);
        assert_eq!(safe_link(Some("file:///etc/passwd")), None);
        assert_eq!(safe_link(None), None);
    }

    #[test]
    fn labels() {
        assert_eq!(sector_label("nonferrous_metals"), "Nonferrous metals");
        assert_eq!(sector_label("ai_computing"), "AI computing");
        assert_eq!(capitalise("iron ore"), "Iron ore");
    }
}
