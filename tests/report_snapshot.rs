//! Snapshots of the rendered briefing (archive page, mail HTML, mail text)
//! and of the archive index, from fixed data. Review changes with
//! `cargo insta review` (or INSTA_UPDATE=always) after a deliberate change.

use chrono::NaiveDate;
use orewatch::extract::{Direction, MoveDirection, Qualifier};
use orewatch::report::{ReportContext, render_briefing, render_index};
use orewatch::store::{
    ArticleRow, BriefingData, ForecastRow, IndexRow, PriceRow, SectorRow, StockRow,
};

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, d).expect("date")
}

fn stock(name: &str, ticker: Option<&str>, change_pct: f64) -> StockRow {
    StockRow {
        name: name.into(),
        ticker: ticker.map(Into::into),
        change_pct,
        price: None,
        article_url: "https://news.example/hk-close".into(),
    }
}

fn data() -> BriefingData {
    BriefingData {
        day: day(12),
        prices: vec![
            PriceRow {
                commodity: "copper".into(),
                value: 13387.5,
                currency: "USD".into(),
                unit: "t".into(),
                market: Some("LME".into()),
                product: None,
                qualifier: Some(Qualifier::RecordHigh),
                observed: day(6),
                previous: Some(12950.0),
                change: Some(437.5),
                change_pct: Some(437.5 / 12950.0 * 100.0),
                article_url: "https://news.example/copper".into(),
            },
            PriceRow {
                commodity: "tungsten".into(),
                value: 264000.0,
                currency: "CNY".into(),
                unit: "t".into(),
                market: None,
                product: Some("concentrate".into()),
                qualifier: None,
                observed: day(12),
                previous: None,
                change: None,
                change_pct: None,
                article_url: "javascript:alert(1)".into(),
            },
        ],
        forecasts: vec![ForecastRow {
            institution: "Goldman Sachs".into(),
            commodity: "copper".into(),
            period: Some("2026-H1".into()),
            previous: Some(11525.0),
            value: 12750.0,
            currency: "USD".into(),
            unit: "t".into(),
            direction: Direction::Raised,
            article_url: "https://news.example/copper".into(),
        }],
        index_moves: vec![IndexRow {
            index: "Hang Seng Index".into(),
            change_pct: 0.31,
            level: Some(26845.2),
            points: None,
            article_url: "https://news.example/hk-close".into(),
        }],
        gainers: vec![
            stock("China Gold International", None, 11.0),
            stock("Zijin Mining", Some("02899"), 9.0),
        ],
        losers: vec![stock("Yangtze Optical Fibre & Cable", None, -6.0)],
        sector_moves: vec![SectorRow {
            sector: "rare_earths".into(),
            direction: MoveDirection::Up,
            change_pct: None,
            article_url: "https://news.example/rotation".into(),
        }],
        articles: vec![ArticleRow {
            title: "Copper <b>record</b> & Goldman's call".into(),
            url: "https://news.example/copper".into(),
            source: "Metals Desk".into(),
            published: Some(day(12)),
            fact_count: 4,
        }],
        quarantined: vec![],
    }
}

fn ctx() -> ReportContext {
    ReportContext {
        timezone: "Asia/Hong_Kong".into(),
        generated_at: "2026-01-12 07:30 HKT".into(),
        previous_day: Some(day(9)),
        next_day: None,
        archive_url: Some("https://briefs.example/archive".into()),
    }
}

#[test]
fn briefing_snapshots() {
    let r = render_briefing(&data(), &ctx()).expect("render");
    // Escaping and link safety, whatever the snapshot says.
    assert!(
        r.html
            .contains("Copper &#60;b&#62;record&#60;/b&#62; &#38; Goldman&#39;s call"),
        "titles are escaped"
    );
    assert!(!r.html.contains("javascript:"));
    assert!(
        r.html.contains("href=\"../../2026/01/09.html\""),
        "archive pages link relatively"
    );
    assert!(
        r.email_html
            .contains("href=\"https://briefs.example/archive/2026/01/09.html\""),
        "mail links the public archive"
    );
    insta::with_settings!({ snapshot_path => "fixtures/report/snapshots", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!("briefing_archive_html", r.html);
        insta::assert_snapshot!("briefing_email_html", r.email_html);
        insta::assert_snapshot!("briefing_text", r.text);
    });
}

#[test]
fn archive_index_snapshot() {
    let html = render_index(
        &[
            day(9),
            day(12),
            NaiveDate::from_ymd_opt(2025, 12, 31).expect("date"),
        ],
        "Asia/Hong_Kong",
    )
    .expect("render");
    let jan = html.find("January 2026").expect("month heading");
    let dec = html.find("December 2025").expect("month heading");
    assert!(jan < dec, "newest first");
    insta::with_settings!({ snapshot_path => "fixtures/report/snapshots", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!("archive_index", html);
    });
}
