//! Pure alert rule evaluation, rule keys and rule configuration.

#[path = "fixtures/store/support.rs"]
mod support;

use orewatch::alerts::{
    AlertEvent, AlertRule, ForecastChangeRule, PriceCrossRule, PriorState, RuleState, Side,
    evaluate, fmt_num,
};
use orewatch::extract::{Direction, FactKind};
use support::*;

fn rule(level: f64, market: Option<&str>) -> AlertRule {
    AlertRule::PriceCross(PriceCrossRule {
        commodity: "Copper".into(),
        level,
        currency: Some("usd".into()),
        unit: None,
        market: market.map(Into::into),
    })
}

#[test]
fn first_observation_sets_state_and_level_counts_as_above() {
    let rules = [rule(13_000.0, None)];
    let ev = evaluate(
        &rules,
        &PriorState::default(),
        &[price("copper", 13_000.0, "USD", "t")],
        day(2026, 11, 20),
    );
    assert!(ev.alerts.is_empty());
    let st = ev.rules[&rules[0].key()];
    assert_eq!(
        (st.side, st.value, st.observed),
        (Side::Above, 13_000.0, day(2026, 11, 20))
    );
}

#[test]
fn one_article_can_cross_up_and_down_and_state_follows() {
    let rules = [rule(13_000.0, None)];
    let mut prior = PriorState::default();
    prior.rules.insert(
        rules[0].key(),
        RuleState {
            side: Side::Below,
            value: 12_900.0,
            observed: day(2026, 11, 19),
        },
    );
    let facts = [
        price("copper", 13_100.0, "USD", "t"),
        price("copper", 12_800.0, "USD", "t"),
    ];
    let ev = evaluate(&rules, &prior, &facts, day(2026, 11, 20));
    let sides: Vec<_> = ev
        .alerts
        .iter()
        .map(|a| match &a.event {
            AlertEvent::PriceCrossed {
                side,
                previous,
                value,
                ..
            } => (*side, *previous, *value, a.fact_index),
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    assert_eq!(
        sides,
        [
            (Side::Above, 12_900.0, 13_100.0, 0),
            (Side::Below, 13_100.0, 12_800.0, 1)
        ]
    );
    assert_ne!(ev.alerts[0].key, ev.alerts[1].key);
    assert_eq!(ev.rules[&rules[0].key()].side, Side::Below);
    assert_eq!(ev.alerts[0].summary(), "copper crossed above 13,000 USD/t");
}

#[test]
fn market_filter_needs_a_matching_market() {
    let rules = [rule(13_000.0, Some("comex"))];
    let ev = evaluate(
        &rules,
        &PriorState::default(),
        &[price("copper", 13_100.0, "USD", "t")],
        day(2026, 11, 20),
    );
    assert!(ev.rules.is_empty(), "LME price does not feed a COMEX rule");
    let rules = [rule(13_000.0, Some("lme"))];
    let ev = evaluate(
        &rules,
        &PriorState::default(),
        &[price("copper", 13_100.0, "USD", "t")],
        day(2026, 11, 20),
    );
    assert_eq!(ev.rules.len(), 1);
}

#[test]
fn forecast_without_history_fires_only_when_raised_or_cut() {
    let rules = [AlertRule::ForecastChange(ForecastChangeRule {
        commodity: None,
    })];
    let d = day(2026, 11, 20);
    let p = PriorState::default();
    let ms = forecast(
        "Morgan Stanley",
        "aluminium",
        "2026",
        2_900.0,
        None,
        Direction::Maintained,
    );
    assert!(evaluate(&rules, &p, &[ms], d).alerts.is_empty());
    let init = forecast(
        "Morgan Stanley",
        "aluminium",
        "2026",
        2_900.0,
        None,
        Direction::Initiated,
    );
    assert!(evaluate(&rules, &p, &[init], d).alerts.is_empty());
    let cut = forecast(
        "Morgan Stanley",
        "aluminium",
        "2026",
        2_700.0,
        Some(2_900.0),
        Direction::Cut,
    );
    let ev = evaluate(&rules, &p, std::slice::from_ref(&cut), d);
    assert_eq!(ev.alerts.len(), 1);
    assert_eq!(
        ev.alerts[0].summary(),
        "Morgan Stanley cut its 2026 aluminium forecast to 2,700 USD/t (from 2,900)"
    );
    // The same cut twice in one article is one alert.
    assert_eq!(evaluate(&rules, &p, &[cut.clone(), cut], d).alerts.len(), 1);
}

#[test]
fn forecast_with_history_fires_on_a_different_value_only() {
    let rules = [AlertRule::ForecastChange(ForecastChangeRule {
        commodity: Some("gold".into()),
    })];
    let f = forecast(
        "JPMorgan",
        "gold",
        "2026-Q4",
        5_000.0,
        None,
        Direction::Raised,
    );
    let FactKind::Forecast(inner) = &f.kind else {
        unreachable!()
    };
    let mut prior = PriorState::default();
    prior
        .forecasts
        .insert(orewatch::alerts::ForecastKey::of(inner), 5_000.0);
    assert!(
        evaluate(&rules, &prior, std::slice::from_ref(&f), day(2026, 11, 20))
            .alerts
            .is_empty(),
        "already known"
    );
    prior
        .forecasts
        .insert(orewatch::alerts::ForecastKey::of(inner), 4_500.0);
    let ev = evaluate(&rules, &prior, &[f], day(2026, 11, 20));
    assert_eq!(ev.alerts.len(), 1);
    assert_eq!(
        ev.alerts[0].summary(),
        "JPMorgan raised its 2026-Q4 gold forecast to 5,000 USD/t (from 4,500)"
    );
}

#[test]
fn rules_deserialize_from_config_and_keys_are_stable() {
    #[derive(serde::Deserialize)]
    struct Cfg {
        alert: Vec<AlertRule>,
    }
    let cfg: Cfg = toml::from_str(
        r#"
        [[alert]]
        kind = "price_cross"
        commodity = "copper"
        level = 13000
        currency = "USD"
        unit = "t"

        [[alert]]
        kind = "forecast_change"
        "#,
    )
    .unwrap();
    assert_eq!(cfg.alert[0].key(), "price_cross:copper:13000:USD:t:*");
    assert_eq!(
        cfg.alert[1],
        AlertRule::ForecastChange(ForecastChangeRule { commodity: None })
    );
    assert_eq!(cfg.alert[1].key(), "forecast_change:*");
}

#[test]
fn numbers_are_grouped_with_meaningful_decimals() {
    assert_eq!(fmt_num(13_000.0), "13,000");
    assert_eq!(fmt_num(1_234_567.891), "1,234,567.89");
    assert_eq!(fmt_num(4.5), "4.5");
    assert_eq!(fmt_num(-2_150.25), "-2,150.25");
    assert_eq!(fmt_num(0.665), "0.665", "small prices keep three decimals");
    assert_eq!(fmt_num(999.999), "1,000");
}

#[test]
fn a_bound_is_not_an_observation_and_crosses_nothing() {
    let rules = [rule(13_000.0, None)];
    let mut prior = PriorState::default();
    prior.rules.insert(
        rules[0].key(),
        RuleState {
            side: Side::Above,
            value: 13_100.0,
            observed: day(2026, 11, 19),
        },
    );
    let mut under = price("copper", 11_000.0, "USD", "t");
    if let FactKind::Price(p) = &mut under.kind {
        p.qualifier = Some(orewatch::extract::Qualifier::Under);
    }
    let ev = evaluate(&rules, &prior, &[under], day(2026, 11, 20));
    assert!(
        ev.alerts.is_empty(),
        "\"under $11,000\" did not cross 13,000"
    );
}
