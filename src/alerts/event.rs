//! What an alert says: the event, its one-line summary and its labelled figures.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::fmt_num;
use crate::extract::Direction;

/// Which way something went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Move {
    Up,
    Down,
}

impl Move {
    pub fn of(change: f64) -> Move {
        if change >= 0.0 { Move::Up } else { Move::Down }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Move::Up => "up",
            Move::Down => "down",
        }
    }
}

/// What happened, with the figures the mail needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum AlertEvent {
    LevelCrossed {
        commodity: String,
        level: f64,
        direction: Move,
        value: f64,
        previous: Option<f64>,
        currency: String,
        unit: String,
        market: Option<String>,
    },
    PriceMoved {
        commodity: String,
        change_pct: f64,
        value: f64,
        baseline: f64,
        /// What the baseline was: "the previous observation", ...
        against: String,
        currency: String,
        unit: String,
        market: Option<String>,
    },
    ForecastChanged {
        institution: String,
        commodity: String,
        period: Option<String>,
        value: f64,
        previous: Option<f64>,
        currency: String,
        unit: String,
        direction: Direction,
    },
    MarketMoved {
        /// `index` or `stock`.
        what: String,
        name: String,
        ticker: Option<String>,
        change_pct: f64,
        threshold_pct: f64,
    },
}

/// An alert to record (once, by `key`) and mail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlertDraft {
    /// Unique key of the alert: recording it twice is a no-op.
    pub key: String,
    /// Name of the rule that fired.
    pub rule_key: String,
    /// Position of the triggering fact in the article's facts.
    pub fact_index: usize,
    /// Day of the observation (price `as_of`, else the article's day).
    pub day: NaiveDate,
    pub sentence: String,
    pub event: AlertEvent,
}

fn pct(v: f64) -> String {
    format!("{v:+.1}%")
}

impl AlertDraft {
    /// One-line summary used as mail subject (without prefix), e.g.
    /// `copper crossed above 13,000 USD/t`.
    pub fn summary(&self) -> String {
        match &self.event {
            AlertEvent::LevelCrossed {
                commodity,
                level,
                direction,
                currency,
                unit,
                ..
            } => {
                let way = if *direction == Move::Up {
                    "above"
                } else {
                    "below"
                };
                format!(
                    "{commodity} crossed {way} {} {currency}/{unit}",
                    fmt_num(*level)
                )
            }
            AlertEvent::PriceMoved {
                commodity,
                change_pct,
                value,
                currency,
                unit,
                ..
            } => format!(
                "{commodity} moved {} to {} {currency}/{unit}",
                pct(*change_pct),
                fmt_num(*value)
            ),
            AlertEvent::ForecastChanged {
                institution,
                commodity,
                period,
                value,
                previous,
                currency,
                unit,
                direction,
            } => {
                let verb = match (previous, direction) {
                    (Some(p), _) if value > p => "raised",
                    (Some(p), _) if value < p => "cut",
                    (_, Direction::Raised) => "raised",
                    (_, Direction::Cut) => "cut",
                    _ => "changed",
                };
                let period = period
                    .as_deref()
                    .map(|p| format!("{p} "))
                    .unwrap_or_default();
                let from = previous
                    .map(|p| format!(" (from {})", fmt_num(p)))
                    .unwrap_or_default();
                format!(
                    "{institution} {verb} its {period}{commodity} forecast to {} {currency}/{unit}{from}",
                    fmt_num(*value)
                )
            }
            AlertEvent::MarketMoved {
                name, change_pct, ..
            } => format!("{name} moved {} in one session", pct(*change_pct)),
        }
    }

    /// The labelled figures of the mail, in order.
    pub fn lines(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        let money = |v: f64, c: &str, u: &str| format!("{} {c}/{u}", fmt_num(v));
        match &self.event {
            AlertEvent::LevelCrossed {
                commodity,
                level,
                value,
                previous,
                currency,
                unit,
                market,
                ..
            } => {
                out.push(("Commodity", commodity.clone()));
                out.push(("Price", money(*value, currency, unit)));
                if let Some(p) = previous {
                    out.push(("Previous", money(*p, currency, unit)));
                }
                out.push(("Level", money(*level, currency, unit)));
                if let Some(m) = market {
                    out.push(("Market", m.clone()));
                }
            }
            AlertEvent::PriceMoved {
                commodity,
                change_pct,
                value,
                baseline,
                against,
                currency,
                unit,
                market,
            } => {
                out.push(("Commodity", commodity.clone()));
                out.push(("Price", money(*value, currency, unit)));
                out.push(("Change", pct(*change_pct)));
                out.push((
                    "Against",
                    format!("{} ({against})", money(*baseline, currency, unit)),
                ));
                if let Some(m) = market {
                    out.push(("Market", m.clone()));
                }
            }
            AlertEvent::ForecastChanged {
                institution,
                commodity,
                period,
                value,
                previous,
                currency,
                unit,
                ..
            } => {
                out.push(("Institution", institution.clone()));
                out.push(("Commodity", commodity.clone()));
                if let Some(p) = period {
                    out.push(("Period", p.clone()));
                }
                out.push(("Forecast", money(*value, currency, unit)));
                if let Some(p) = previous {
                    out.push(("Previous", money(*p, currency, unit)));
                }
            }
            AlertEvent::MarketMoved { .. } => market_lines(&self.event, &mut out),
        }
        out.push(("Date", self.day.to_string()));
        out
    }
}

fn market_lines(e: &AlertEvent, out: &mut Vec<(&'static str, String)>) {
    let AlertEvent::MarketMoved {
        what,
        name,
        ticker,
        change_pct,
        threshold_pct,
    } = e
    else {
        return;
    };

    let label = if what == "index" { "Index" } else { "Stock" };
    out.push((label, name.clone()));
    if let Some(t) = ticker {
        out.push(("Ticker", t.clone()));
    }
    out.push(("Change", pct(*change_pct)));
    out.push(("Threshold", format!("+/-{threshold_pct}%")));
}
