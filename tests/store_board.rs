//! The forecast board's input read per series through the index (migration
//! 005): each series' latest forecast stated up to the day and the latest
//! earlier one with another value, whatever the length of the history.

use chrono::{NaiveDate, TimeZone, Utc};
use orewatch::alerts::AlertSet;
use orewatch::extract::{Direction, Document, Fact, FactKind, Forecast};
use orewatch::notify::MailContext;
use orewatch::report::board;
use orewatch::store::{NewArticle, Store};

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
}

fn forecast(institution: &str, value: f64) -> Fact {
    Fact {
        kind: FactKind::Forecast(Forecast {
            commodity: "copper".into(),
            institution: institution.into(),
            value,
            currency: "USD".into(),
            unit: "t".into(),
            direction: Direction::Initiated,
            previous: None,
            period: Some("2027".into()),
            market: None,
        }),
        approx: false,
        range: None,
        sentence: format!("{institution} sees copper at ${value} a tonne in 2027."),
    }
}

/// One article per (day, institution, value), published that day.
fn store_with(history: &[(u32, &str, f64)]) -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let src = store.upsert_source("wire", "https://wire.test/").unwrap();
    let mail = MailContext {
        from: "orewatch <o@example.test>".parse().unwrap(),
        subject_prefix: "[t]".into(),
        archive_url: None,
        unsubscribe: None,
    };
    for (i, (d, inst, v)) in history.iter().enumerate() {
        let url = format!("https://wire.test/{i}");
        let a = NewArticle {
            source_id: src,
            url: url.clone(),
            content_hash: url.clone(),
            doc: Document {
                url: None,
                title: Some(format!("{inst} on copper")),
                published: Some(day(*d)),
                body: "Copper forecasts.".into(),
                sectors: vec![],
                facts: vec![forecast(inst, *v)],
            },
            fetched_at: Utc.with_ymd_and_hms(2026, 11, *d, 2, 0, 0).unwrap(),
        };
        store.ingest(&a, &AlertSet::default(), &mail).unwrap();
    }
    store
}

fn rows(store: &Store, d: u32) -> Vec<(String, f64, NaiveDate)> {
    let data = store
        .briefing_data(day(d), chrono_tz::Asia::Hong_Kong)
        .unwrap();
    data.board
        .iter()
        .map(|f| (f.institution.clone(), f.value, f.stated))
        .collect()
}

#[test]
fn each_series_gives_its_latest_forecast_and_the_one_before_with_another_value() {
    let store = store_with(&[
        (1, "Goldman Sachs", 9000.0),
        (2, "Goldman Sachs", 9000.0),
        (2, "Citi", 8800.0),
        (3, "Goldman Sachs", 9500.0),
        (5, "Goldman Sachs", 9500.0),
        (8, "Goldman Sachs", 10000.0),
    ]);
    let mut got = rows(&store, 6);
    got.sort_by(|a, b| a.0.cmp(&b.0).then(a.2.cmp(&b.2)));
    assert_eq!(
        got,
        [
            ("Citi".to_string(), 8800.0, day(2)),
            ("Goldman Sachs".to_string(), 9000.0, day(2)),
            ("Goldman Sachs".to_string(), 9500.0, day(5)),
        ],
        "day 8's forecast is after the day; 9,000 of day 2 is the value before"
    );
    // The board built from them says the same as from the whole history.
    let data = store
        .briefing_data(day(6), chrono_tz::Asia::Hong_Kong)
        .unwrap();
    let b = board::build(&data.board);
    let gs = b.rows[0]
        .entries
        .iter()
        .find(|e| e.institution == "Goldman Sachs")
        .unwrap();
    assert_eq!(
        (gs.value, gs.previous, gs.previous_stated),
        (9500.0, Some(9000.0), Some(day(2)))
    );
    // Later, the newest forecast counts.
    let later = rows(&store, 9);
    assert!(later.contains(&("Goldman Sachs".to_string(), 10000.0, day(8))));
    assert!(later.contains(&("Goldman Sachs".to_string(), 9500.0, day(5))));
    assert_eq!(later.len(), 3);
}

#[test]
fn a_series_stated_only_after_the_day_is_not_on_the_board() {
    let store = store_with(&[(7, "UBS", 9900.0)]);
    assert!(rows(&store, 6).is_empty());
    assert_eq!(rows(&store, 7), [("UBS".to_string(), 9900.0, day(7))]);
}
