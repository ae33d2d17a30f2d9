//! Snapshots of the rendered briefing (archive page, mail HTML, mail text)
//! and of the archive index, from fixed data. Review changes with
//! `cargo insta review` (or INSTA_UPDATE=always) after a deliberate change.

use chrono::NaiveDate;
use orewatch::extract::{Direction, MoveDirection, Qualifier};
use orewatch::report::{ReportContext, render_briefing, render_index};
use orewatch::store::{
    Agreement, AlertRow, ArticleRow, BriefingData, ForecastRow, HealthRow, IndexRow, PriceRow,
    PriceSeries, Provenance, SectorRow, StockRow,
};

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, d).expect("date")
}

fn prov(url: &str, sentence: &str) -> Provenance {
    Provenance {
        article_url: url.into(),
        article_title: "Markets close".into(),
        sentence: sentence.into(),
    }
}

fn stock(name: &str, ticker: Option<&str>, change_pct: f64) -> StockRow {
    StockRow {
        name: name.into(),
        ticker: ticker.map(Into::into),
        change_pct,
        price: None,
        article_url: "https://news.example/hk-close".into(),
        provenance: prov(
            "https://news.example/hk-close",
            &format!("{name} moved {change_pct}% by the close."),
        ),
    }
}

fn forecast(inst: &str, value: f64, previous: Option<f64>, d: u32, dir: Direction) -> ForecastRow {
    ForecastRow {
        institution: inst.into(),
        commodity: "copper".into(),
        period: Some("2026-H1".into()),
        previous,
        value,
        currency: "USD".into(),
        unit: "t".into(),
        direction: dir,
        stated: day(d),
        article_url: "https://news.example/copper".into(),
        provenance: prov(
            "https://news.example/copper",
            &format!("{inst} put its first-half copper call at ${value} a tonne."),
        ),
    }
}

fn prices() -> Vec<PriceRow> {
    vec![
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
            // months before: the change says against which day
            previous_day: Some(NaiveDate::from_ymd_opt(2025, 10, 2).expect("date")),
            agreement: Agreement {
                sources: 3,
                range: Some((13120.0, 13387.5)),
            },
            article_url: "https://news.example/copper".into(),
            provenance: prov(
                "https://news.example/copper",
                "LME copper closed at a record $13,387.50 a tonne.",
            ),
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
            previous_day: None,
            agreement: Agreement {
                sources: 1,
                range: None,
            },
            article_url: "javascript:alert(1)".into(),
            provenance: prov(
                "javascript:alert(1)",
                "Concentrate <img src=x onerror=alert(1)> traded at 264,000 yuan.",
            ),
        },
    ]
}

fn data() -> BriefingData {
    BriefingData {
        day: day(12),
        prices: prices(),
        forecasts: vec![
            forecast(
                "Goldman Sachs",
                12750.0,
                Some(11525.0),
                12,
                Direction::Raised,
            ),
            forecast("UBS", 12000.0, None, 12, Direction::Maintained),
        ],
        index_moves: vec![IndexRow {
            index: "Hang Seng Index".into(),
            change_pct: 0.31,
            level: Some(26845.2),
            points: None,
            agreement: Agreement {
                sources: 2,
                range: Some((0.31, 0.52)),
            },
            article_url: "https://news.example/hk-close".into(),
            provenance: prov(
                "https://news.example/hk-close",
                "The Hang Seng Index rose 0.31% to 26,845.2.",
            ),
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
            provenance: prov(
                "https://news.example/rotation",
                "Rare earth shares led the rotation.",
            ),
        }],
        articles: vec![ArticleRow {
            title: "Copper <b>record</b> & Goldman's call".into(),
            url: "https://news.example/copper".into(),
            source: "Metals Desk".into(),
            published: Some(day(12)),
            fact_count: 4,
        }],
        quarantined: vec![],
        ..extras()
    }
}

/// Alerts, source health, the board's history and a chart series.
fn extras() -> BriefingData {
    BriefingData {
        day: day(12),
        prices: vec![],
        forecasts: vec![],
        index_moves: vec![],
        gainers: vec![],
        losers: vec![],
        sector_moves: vec![],
        articles: vec![],
        quarantined: vec![],
        alerts: vec![AlertRow {
            day: day(12),
            summary: "copper above 13,000 USD/t: 13,387.50 <script>alert(1)</script>".into(),
            rule: "copper-13k".into(),
            article_url: Some("https://news.example/copper".into()),
        }],
        health: vec![HealthRow {
            name: "Metals Desk".into(),
            state: "failing".into(),
            detail: "2 failed cycle(s) in a row: HTTP 503".into(),
        }],
        board: vec![
            forecast("Goldman Sachs", 11525.0, None, 2, Direction::Initiated),
            forecast("UBS", 12000.0, None, 5, Direction::Initiated),
            forecast(
                "Goldman Sachs",
                12750.0,
                Some(11525.0),
                12,
                Direction::Raised,
            ),
        ],
        board_since: Some(day(9)),
        series: vec![PriceSeries {
            commodity: "copper".into(),
            label: "copper LME".into(),
            unit: "USD/t".into(),
            points: vec![(day(2), 12800.0), (day(5), 12950.0), (day(6), 13387.5)],
        }],
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

/// The page without its SVG chart (plotters' output is checked by its own tests).
fn strip_svg(html: &str) -> String {
    match (html.find("<svg"), html.find("</svg>")) {
        (Some(a), Some(b)) => format!("{}<svg/>{}", &html[..a], &html[b + 6..]),
        _ => html.to_string(),
    }
}

/// Step 1 fixes, the sections, the charts, provenance and the mail's inlined CSS.
fn assert_sections(r: &orewatch::report::Rendered) {
    // step 1: every fact shown is counted; the old comparison says its day;
    // disagreeing sources are said so
    assert!(
        r.html.contains("1 article, 9 facts shown"),
        "{}",
        &r.text[..200]
    );
    assert!(r.text.contains("vs 2 Oct 2025"), "{}", r.text);
    assert!(
        r.text
            .contains("3 sources, they differ (13,120 to 13,387.50)"),
        "{}",
        r.text
    );
    assert!(
        r.text.contains("2 sources, they differ (+0.31% to +0.52%)"),
        "{}",
        r.text
    );
    // sections: headline, board with the consensus move, alerts, health, charts, notes
    assert!(
        r.text.contains("* China Gold International +11%"),
        "{}",
        r.text
    );
    assert!(
        r.text
            .contains("Copper 2026-H1 consensus 11,762.50 -> 12,375 USD/t"),
        "{}",
        r.text
    );
    assert!(
        r.html.contains("<section id=\"alerts\">") && r.html.contains("<section id=\"health\">")
    );
    assert!(
        !r.html.contains("<section id=\"quarantine\">"),
        "empty sections are left out"
    );
    assert!(r.html.contains("<svg") && r.email_html.contains("src=\"cid:chart-1@orewatch\""));
    assert_eq!(r.images.len(), 1);
    assert!(r.html.contains("href=\"#note-1\"") && r.html.contains("id=\"note-1\""));
    assert!(
        r.email_html
            .contains("title=\"LME copper closed at a record $13,387.50 a tonne.\"")
    );
    // the mail's CSS is inlined, at-rules kept; the preheader leads
    assert!(r.email_html.contains("style=\""), "inlined");
    assert!(r.email_html.contains("prefers-color-scheme: dark"));
    assert!(
        r.email_html.len() < 102 * 1024,
        "{} bytes",
        r.email_html.len()
    );
    assert!(
        r.html.contains("href=\"../../2026/01/09.html\""),
        "archive pages link relatively"
    );
    assert!(
        r.email_html
            .contains("href=\"https://briefs.example/archive/2026/01/09.html\""),
        "mail links the public archive"
    );
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
    assert!(!r.html.contains("<script>") && !r.email_html.contains("<script>"));
    for page in [&r.html, &r.email_html] {
        // scraped text stays text: no element of it in the parsed document
        let doc = scraper::Html::parse_document(page);
        let bad = scraper::Selector::parse("script, [onerror], img[src=x]").expect("selector");
        assert_eq!(
            doc.select(&bad).count(),
            0,
            "scraped markup became elements"
        );
    }
    assert_sections(&r);
    insta::with_settings!({ snapshot_path => "fixtures/report/snapshots", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!("briefing_email_html", r.email_html);
        insta::assert_snapshot!("briefing_archive_html_nosvg", strip_svg(&r.html));
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
