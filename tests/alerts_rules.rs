//! Pure alert evaluation: every rule kind, edge-triggering, hysteresis,
//! cooldown, direction and the first-observation policy.

#[path = "fixtures/store/support.rs"]
mod support;

use chrono::{DateTime, Duration, Utc};
use orewatch::alerts::{
    AlertEvent, AlertRule, Baseline, FirstObservation, MarketMoveRule, MarketTarget, Move, Obs,
    PctMoveRule, PriorState, RuleKind, Trigger, evaluate, state,
};
use orewatch::extract::Fact;
use support::*;

fn band_rule(direction: Trigger, band: f64, cooldown: u32) -> AlertRule {
    let mut r = level_rule("cu", "copper", 13_000.0, None);
    r.cooldown_minutes = cooldown;
    if let RuleKind::Level(l) = &mut r.kind {
        l.direction = direction;
        l.band = band;
    }
    r
}

/// Feeds one fact per "article" (a day and 10 minutes apart), carrying the
/// state as the store does; returns what each alert said.
fn run(rule: &AlertRule, facts: &[Fact], step_minutes: i64) -> Vec<String> {
    let mut prior = PriorState::default();
    let start: DateTime<Utc> = at(2026, 11, 1, 8);
    let mut out = Vec::new();
    for (i, f) in facts.iter().enumerate() {
        let obs = Obs {
            index: 0,
            fact: f,
            day: day(2026, 11, 1) + Duration::days(i as i64),
            at: start + Duration::minutes(step_minutes * i as i64),
        };
        let ev = evaluate(std::slice::from_ref(rule), &prior, &[obs]);
        for a in &ev.alerts {
            out.push(match &a.event {
                AlertEvent::LevelCrossed {
                    direction, value, ..
                } => format!("{}@{value}", direction.as_str()),
                AlertEvent::PriceMoved {
                    change_pct, value, ..
                } => format!("{change_pct:+.1}@{value}"),
                AlertEvent::MarketMoved { name, .. } => name.clone(),
                AlertEvent::ForecastChanged { value, .. } => format!("{value}"),
            });
        }
        prior.rules.extend(ev.rules);
    }
    out
}

fn copper(values: &[f64]) -> Vec<Fact> {
    values
        .iter()
        .map(|v| price("copper", *v, "USD", "t"))
        .collect()
}

const SCENARIO: [f64; 5] = [12_900.0, 13_100.0, 13_050.0, 12_800.0, 13_200.0];

#[test]
fn scenario_with_band_alerts_each_real_crossing_once() {
    let r = band_rule(Trigger::Both, 100.0, 0);
    assert_eq!(
        run(&r, &copper(&SCENARIO), 10),
        ["up@13100", "down@12800", "up@13200"]
    );
}

#[test]
fn hovering_at_the_level_alerts_once_with_a_band() {
    let hover = copper(&[13_050.0, 12_990.0, 13_010.0, 12_995.0, 13_020.0]);
    assert_eq!(
        run(&band_rule(Trigger::Both, 100.0, 0), &hover, 10),
        ["down@12990"]
    );
    // Without a band every crossing counts.
    assert_eq!(
        run(&band_rule(Trigger::Both, 0.0, 0), &hover, 10),
        ["down@12990", "up@13010", "down@12995", "up@13020"]
    );
}

#[test]
fn direction_variants() {
    let facts = copper(&SCENARIO);
    assert_eq!(
        run(&band_rule(Trigger::Up, 100.0, 0), &facts, 10),
        ["up@13100", "up@13200"]
    );
    assert_eq!(
        run(&band_rule(Trigger::Down, 100.0, 0), &facts, 10),
        ["down@12800"]
    );
    // A rise that does not go back below level - band does not re-arm.
    let shallow = copper(&[12_900.0, 13_100.0, 12_950.0, 13_150.0]);
    assert_eq!(
        run(&band_rule(Trigger::Up, 100.0, 0), &shallow, 10),
        ["up@13100"]
    );
}

#[test]
fn cooldown_holds_a_crossing_until_it_ends() {
    // Ten minutes apart, 30 minutes of cooldown: the fall at +20 min is held
    // and alerted at +40 min, the first observation after the cooldown that is
    // still below the level.
    let facts = copper(&[12_900.0, 13_100.0, 12_800.0, 12_850.0, 12_700.0]);
    assert_eq!(
        run(&band_rule(Trigger::Both, 0.0, 30), &facts, 10),
        ["up@13100", "down@12700"]
    );
    // A held crossing the price undoes inside the cooldown is not sent late.
    let undone = copper(&[12_900.0, 13_100.0, 12_800.0, 13_050.0, 13_100.0]);
    assert_eq!(
        run(&band_rule(Trigger::Both, 0.0, 30), &undone, 10),
        ["up@13100"]
    );
    // Without the cooldown both go out.
    assert_eq!(
        run(&band_rule(Trigger::Both, 0.0, 0), &facts, 10),
        ["up@13100", "down@12800"]
    );
}

#[test]
fn first_observation_policy_and_stale_figures() {
    let first = copper(&[13_100.0, 13_200.0]);
    assert!(run(&band_rule(Trigger::Both, 0.0, 0), &first, 10).is_empty());
    let mut alerting = band_rule(Trigger::Both, 0.0, 0);
    alerting.first = FirstObservation::Alert;
    assert_eq!(run(&alerting, &first, 10), ["up@13100"]);
    let mut down_only = band_rule(Trigger::Down, 0.0, 0);
    down_only.first = FirstObservation::Alert;
    assert!(run(&down_only, &first, 10).is_empty());

    // A figure dated before the rule's last observation moves nothing.
    let r = band_rule(Trigger::Both, 0.0, 0);
    let mut old = price("copper", 13_500.0, "USD", "t");
    if let orewatch::extract::FactKind::Price(p) = &mut old.kind {
        p.as_of = Some(day(2026, 10, 1));
    }
    let facts = vec![price("copper", 12_900.0, "USD", "t"), old];
    assert!(run(&r, &facts, 10).is_empty());
}

#[test]
fn other_series_do_not_move_a_rule() {
    let r = band_rule(Trigger::Both, 0.0, 0);
    let facts = vec![
        price("copper", 12_900.0, "USD", "t"),
        price("copper", 98_000.0, "CNY", "t"),
        price("copper", 5.9, "USD", "lb"),
        price("aluminum", 13_100.0, "USD", "t"),
    ];
    assert!(run(&r, &facts, 10).is_empty());
}

#[test]
fn status_reads_armed_fired_and_cooling() {
    let r = band_rule(Trigger::Up, 100.0, 60);
    let f = copper(&[12_900.0, 13_100.0]);
    let t0 = at(2026, 11, 1, 8);
    let mut prior = PriorState::default();
    for (i, fact) in f.iter().enumerate() {
        let o = Obs {
            index: 0,
            fact,
            day: day(2026, 11, 1),
            at: t0 + Duration::minutes(i as i64),
        };
        let ev = evaluate(std::slice::from_ref(&r), &prior, &[o]);
        prior.rules.extend(ev.rules);
    }
    let st = prior.rules.get("cu");
    assert_eq!(
        state::status(&r, st, t0 + Duration::minutes(5)).as_str(),
        "cooling"
    );
    assert_eq!(
        state::status(&r, st, t0 + Duration::hours(3)).as_str(),
        "fired"
    );
    assert_eq!(state::status(&r, None, t0).as_str(), "armed");
    // first seen above the level: recorded without an alert, not "fired"
    let once = evaluate(
        std::slice::from_ref(&r),
        &PriorState::default(),
        &[Obs {
            index: 0,
            fact: &f[1],
            day: day(2026, 11, 1),
            at: t0,
        }],
    );
    assert!(once.alerts.is_empty());
    assert_eq!(
        state::status(&r, once.rules.get("cu"), t0 + Duration::hours(3)).as_str(),
        "past level"
    );
}

fn pct_rule(baseline: Baseline, pct: f64) -> AlertRule {
    let mut r = level_rule("cu-pct", "copper", 1.0, None);
    let RuleKind::Level(l) = r.kind else {
        unreachable!()
    };
    r.kind = RuleKind::PctMove(PctMoveRule {
        series: l.series,
        pct,
        baseline,
        direction: Trigger::Both,
    });
    r
}

#[test]
fn pct_move_against_each_baseline() {
    let facts = copper(&[10_000.0, 10_400.0, 11_000.0, 11_000.0, 10_300.0]);
    assert_eq!(
        run(&pct_rule(Baseline::Previous, 5.0), &facts, 10),
        ["+5.8@11000", "-6.4@10300"]
    );
    // A slow drift: 3% steps alert once per 5% from the last alert.
    let drift = copper(&[10_000.0, 10_300.0, 10_600.0, 10_900.0, 11_200.0]);
    assert!(run(&pct_rule(Baseline::Previous, 5.0), &drift, 10).is_empty());
    assert_eq!(
        run(&pct_rule(Baseline::LastAlert, 5.0), &drift, 10),
        ["+6.0@10600", "+5.7@11200"]
    );
    // Against the close two days before (one fact per day).
    assert_eq!(
        run(&pct_rule(Baseline::Close { days: 2 }, 5.0), &drift, 10),
        ["+6.0@10600", "+5.8@10900", "+5.7@11200"]
    );
}

fn market_rule(target: MarketTarget) -> AlertRule {
    let mut r = level_rule("mkt", "copper", 1.0, None);
    r.kind = RuleKind::MarketMove(MarketMoveRule {
        target,
        pct: 3.0,
        direction: Trigger::Both,
    });
    r
}

#[test]
fn market_moves_alert_once_per_entity_and_session() {
    let r = market_rule(MarketTarget::Indices {
        names: vec!["Hang Seng Index".into()],
    });
    let obs_day = day(2026, 11, 20);
    let facts = [
        index("Hang Seng Index", -3.4, None),
        index("Hang Seng Index", -3.6, None),
        index("Hang Seng TECH Index", -5.0, None),
        index("Hang Seng Index", 1.0, None),
    ];
    let obs: Vec<Obs> = facts
        .iter()
        .enumerate()
        .map(|(i, f)| Obs {
            index: i,
            fact: f,
            day: obs_day,
            at: at(2026, 11, 20, 9),
        })
        .collect();
    let ev = evaluate(std::slice::from_ref(&r), &PriorState::default(), &obs);
    assert_eq!(ev.alerts.len(), 1, "{:?}", ev.alerts);
    assert_eq!(
        ev.alerts[0].summary(),
        "Hang Seng Index moved -3.4% in one session"
    );
    // The next session alerts again.
    let next = Obs {
        day: day(2026, 11, 21),
        ..obs[1]
    };
    let again = evaluate(
        std::slice::from_ref(&r),
        &PriorState {
            rules: ev.rules,
            ..Default::default()
        },
        &[next],
    );
    assert_eq!(again.alerts.len(), 1);

    let stocks = market_rule(MarketTarget::Stocks {
        watchlist: vec!["02899".into()],
    });
    let facts = [
        stock("Zijin Mining", Some("02899"), 6.0),
        stock("CMOC", Some("03993"), 9.0),
        stock("Zijin Mining", Some("02899"), 2.0),
    ];
    let names = run(&stocks, &facts, 10);
    assert_eq!(names, ["Zijin Mining"]);
    let _ = Move::Up;
}
