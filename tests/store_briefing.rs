//! Briefing data across two days, and recording briefings once per day.

#[path = "fixtures/store/support.rs"]
mod support;

use orewatch::extract::{Direction, FactKind, Price};
use orewatch::store::NewArticle;
use support::*;

fn ingest(store: &mut orewatch::store::Store, a: &NewArticle) {
    store.ingest(a, &set([]), &ctx()).unwrap();
}

#[test]
fn briefing_shows_latest_prices_changes_movers_and_forecasts() {
    let (mut store, src) = store_with_subscriber();
    let d1 = day(2026, 11, 19);
    let d2 = day(2026, 11, 20);
    ingest(
        &mut store,
        &article(
            src,
            "https://wire.test/d1a",
            Some(d1),
            vec![
                price("copper", 12_500.0, "USD", "t"),
                price("gold", 4_000.0, "USD", "oz"),
                forecast(
                    "Goldman Sachs",
                    "copper",
                    "2026-H1",
                    11_525.0,
                    None,
                    Direction::Initiated,
                ),
                stock("Old Mover", Some("00001"), 9.0),
            ],
            "h",
        ),
    );
    ingest(
        &mut store,
        &article(
            src,
            "https://wire.test/d2a",
            Some(d2),
            vec![
                price("copper", 12_750.0, "USD", "t"),
                forecast(
                    "Goldman Sachs",
                    "copper",
                    "2026-H1",
                    12_750.0,
                    None,
                    Direction::Raised,
                ),
                forecast(
                    "Citi",
                    "copper",
                    "2026",
                    13_000.0,
                    Some(12_000.0),
                    Direction::Raised,
                ),
                stock("Zijin Mining", Some("02899"), 4.0),
                stock("CMOC", Some("03993"), 2.0),
                stock("Jiangxi Copper", Some("00358"), -3.0),
                index("Hang Seng Index", 0.5, Some(25_000.0)),
            ],
            "h",
        ),
    );
    // A later article of the same day repeats some figures, updated.
    let mut later = article(
        src,
        "https://wire.test/d2b",
        Some(d2),
        vec![
            stock("Zijin Mining", Some("02899"), 5.5),
            stock("Chalco", None, -1.0),
            index("Hang Seng Index", 0.8, Some(25_100.0)),
        ],
        "h",
    );
    later.fetched_at = at(2026, 11, 20, 12);
    ingest(&mut store, &later);
    // Undated article fetched at 20:00 UTC on the 19th: in Hong Kong that is the 20th.
    let mut undated = article(
        src,
        "https://wire.test/undated",
        None,
        vec![price("nickel", 15_000.0, "USD", "t")],
        "h",
    );
    undated.fetched_at = at(2026, 11, 19, 20);
    ingest(&mut store, &undated);
    // A price from after the day is not shown.
    ingest(
        &mut store,
        &article(
            src,
            "https://wire.test/d3",
            Some(day(2026, 11, 21)),
            vec![price("copper", 99_999.0, "USD", "t")],
            "h",
        ),
    );

    let b = store.briefing_data(d2, chrono_tz::Asia::Hong_Kong).unwrap();
    assert_eq!(b.day, d2);
    let prices: Vec<_> = b
        .prices
        .iter()
        .map(|p| (p.commodity.as_str(), p.value, p.previous, p.observed))
        .collect();
    assert_eq!(
        prices,
        [
            ("copper", 12_750.0, Some(12_500.0), d2),
            ("gold", 4_000.0, None, d1),
            ("nickel", 15_000.0, None, d2),
        ]
    );
    let copper = &b.prices[0];
    assert_eq!(copper.change, Some(250.0));
    assert!((copper.change_pct.unwrap() - 2.0).abs() < 1e-9);
    assert_eq!(copper.article_url, "https://wire.test/d2a");

    let fc: Vec<_> = b
        .forecasts
        .iter()
        .map(|f| (f.institution.as_str(), f.value, f.previous))
        .collect();
    assert_eq!(
        fc,
        [
            ("Citi", 13_000.0, Some(12_000.0)),
            ("Goldman Sachs", 12_750.0, Some(11_525.0))
        ]
    );

    let gainers: Vec<_> = b
        .gainers
        .iter()
        .map(|s| (s.name.as_str(), s.change_pct))
        .collect();
    assert_eq!(gainers, [("Zijin Mining", 5.5), ("CMOC", 2.0)]);
    let losers: Vec<_> = b
        .losers
        .iter()
        .map(|s| (s.name.as_str(), s.change_pct))
        .collect();
    assert_eq!(losers, [("Jiangxi Copper", -3.0), ("Chalco", -1.0)]);
    assert_eq!(b.index_moves.len(), 1);
    assert_eq!(
        (b.index_moves[0].change_pct, b.index_moves[0].level),
        (0.8, Some(25_100.0))
    );

    let urls: Vec<_> = b
        .articles
        .iter()
        .map(|a| (a.url.as_str(), a.fact_count))
        .collect();
    assert_eq!(
        urls,
        [
            ("https://wire.test/undated", 1),
            ("https://wire.test/d2a", 7),
            ("https://wire.test/d2b", 3)
        ]
    );
    assert_eq!(b.articles[1].title, "Title of https://wire.test/d2a");
    assert_eq!(b.articles[1].source, "test-wire");

    // In UTC the undated article belongs to the 19th.
    let utc = store.briefing_data(d2, chrono_tz::UTC).unwrap();
    assert!(
        utc.prices
            .iter()
            .all(|p| p.commodity != "nickel" || p.observed == d1)
    );
    assert_eq!(utc.articles.len(), 2);
}

#[test]
fn price_change_falls_back_to_the_change_stated_in_the_text() {
    let (mut store, src) = store_with_subscriber();
    let mut f = price("zinc", 3_100.0, "USD", "t");
    if let FactKind::Price(Price { change, .. }) = &mut f.kind {
        *change = Some(-50.0);
    }
    ingest(
        &mut store,
        &article(
            src,
            "https://wire.test/z",
            Some(day(2026, 11, 20)),
            vec![f],
            "h",
        ),
    );
    // A price older than the lookback is not "latest" any more.
    let tin = price("tin", 30_000.0, "USD", "t");
    ingest(
        &mut store,
        &article(
            src,
            "https://wire.test/old-tin",
            Some(day(2024, 6, 1)),
            vec![tin],
            "h",
        ),
    );
    let b = store
        .briefing_data(day(2026, 11, 20), chrono_tz::UTC)
        .unwrap();
    assert_eq!(b.prices.len(), 1, "{:?}", b.prices);
    assert_eq!(b.prices[0].previous, Some(3_150.0));
    assert_eq!(b.prices[0].change, Some(-50.0));
}

#[test]
fn briefing_is_saved_and_mailed_once_per_day() {
    let (mut store, _src) = store_with_subscriber();
    let d = day(2026, 11, 20);
    assert!(
        store
            .save_briefing(d, "<p>brief</p>", "brief", true, &ctx())
            .unwrap()
    );
    assert!(
        !store
            .save_briefing(d, "<p>other</p>", "other", true, &ctx())
            .unwrap()
    );
    assert!(
        !store
            .save_briefing(day(2026, 11, 19), "<p>b</p>", "b", false, &ctx())
            .unwrap(),
        "saved without sending: nothing enqueued"
    );
    assert_eq!(store.briefing_days().unwrap(), [d, day(2026, 11, 19)]);
    assert_eq!(
        store.briefing_html(d).unwrap().as_deref(),
        Some("<p>other</p>"),
        "a later rendering of the day replaces the stored one"
    );
    let rows = store.outbox().unwrap();
    assert_eq!(
        rows.len(),
        1,
        "one mail: the 19th was saved without sending"
    );
    assert_eq!(rows[0].subject, "[orewatch] Daily briefing 2026-11-20");
    assert_eq!(rows[0].kind, "briefing");
    assert_eq!(rows[0].ref_key, "briefing:2026-11-20");
    // A day first saved without sending is mailed when sending is asked later.
    assert!(
        store
            .save_briefing(day(2026, 11, 19), "<p>b2</p>", "b2", true, &ctx())
            .unwrap()
    );
    assert_eq!(store.outbox().unwrap().len(), 2);
}

/// A gold price fact quoted on `market` (or on none).
fn gold(value: f64, market: Option<&str>) -> orewatch::extract::Fact {
    let mut f = price("gold", value, "USD", "oz");
    if let FactKind::Price(p) = &mut f.kind {
        p.market = market.map(Into::into);
    }
    f
}

#[test]
fn prices_on_different_markets_are_different_series() {
    let (mut store, src) = store_with_subscriber();
    let (d1, d2) = (day(2026, 11, 19), day(2026, 11, 20));
    ingest(
        &mut store,
        &article(
            src,
            "https://wire.test/g1",
            Some(d1),
            vec![
                gold(4_050.0, Some("COMEX")),
                gold(4_020.0, Some("LBMA")),
                gold(4_000.0, None),
            ],
            "h",
        ),
    );
    // Next day: the futures and the unattributed quote move; LBMA is not quoted again.
    ingest(
        &mut store,
        &article(
            src,
            "https://wire.test/g2",
            Some(d2),
            vec![gold(4_110.0, Some("comex")), gold(4_030.0, None)],
            "h",
        ),
    );
    let b = store.briefing_data(d2, chrono_tz::UTC).unwrap();
    let got: Vec<_> = b
        .prices
        .iter()
        .map(|p| (p.market.as_deref(), p.value, p.previous, p.observed))
        .collect();
    assert_eq!(
        got,
        vec![
            (None, 4_030.0, Some(4_000.0), d2),
            (Some("comex"), 4_110.0, Some(4_050.0), d2),
            (Some("LBMA"), 4_020.0, None, d1),
        ],
        "{:?}",
        b.prices
    );
}
