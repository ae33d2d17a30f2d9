//! The archive server, end to end: real pages fetched by the real pipeline,
//! the real server on 127.0.0.1, queried with reqwest.

mod serve_support;

use orewatch::serve::CSP;
use serve_support::{fixture, get, get_json};

#[tokio::test(flavor = "multi_thread")]
async fn every_route_answers_with_the_security_policy() {
    // the fixture's briefing day: today in its configured zone
    let day = chrono::Utc::now()
        .with_timezone(&chrono_tz::Asia::Hong_Kong)
        .date_naive();
    let routes = [
        ("/", 200),
        ("/index.html", 200),
        (&*format!("/{}.html", day.format("%Y/%m/%d")), 200),
        ("/healthz", 200),
        ("/commodity/copper", 200),
        ("/commodity/copper.csv", 200),
        ("/commodity/copper.json", 200),
        ("/commodity/unobtainium", 404),
        ("/forecasts", 200),
        ("/forecasts?institution=goldman&commodity=copper", 200),
        ("/forecasts.json?institution=goldman", 200),
        ("/stocks/Zijin%20Mining", 200),
        ("/stocks/Zijin%20Mining.json", 200),
        ("/search", 200),
        ("/search?q=copper", 200),
        ("/search.json?q=copper", 200),
        ("/unsubscribe", 400),
        ("/_orewatch/serve.css", 200),
        ("/no-such-page.html", 404),
        ("/../orewatch.sqlite", 404),
        ("/%2e%2e/orewatch.sqlite", 404),
    ];
    for (path, want) in routes {
        let (status, csp, body) = get(path).await;
        assert_eq!(status, want, "{path}: {body}");
        assert_eq!(csp.as_deref(), Some(CSP), "{path}: CSP header");
    }
    assert!(
        CSP.contains("default-src 'self'") && !CSP.contains("script-src 'self' 'unsafe-inline'")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_commodity_page_and_its_csv_and_json_agree() {
    let json = get_json("/commodity/copper.json").await;
    assert_eq!(json["commodity"], "copper");
    let obs = json["observations"].as_array().expect("observations");
    assert!(obs.len() >= 3, "{json}");
    let values: Vec<f64> = obs.iter().map(|o| o["value"].as_f64().unwrap()).collect();
    assert!(
        values.contains(&13120.0),
        "LME copper of the Chinese wrap: {values:?}"
    );
    // newest first
    let days: Vec<&str> = obs.iter().map(|o| o["day"].as_str().unwrap()).collect();
    assert!(days.windows(2).all(|w| w[0] >= w[1]), "{days:?}");

    let (status, _, csv) = get("/commodity/copper.csv").await;
    assert_eq!(status, 200);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("day,value,currency,unit,market,product,article_url")
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), obs.len());
    for (row, o) in rows.iter().zip(obs) {
        assert_eq!(row[0], o["day"].as_str().unwrap());
        assert_eq!(row[1].parse::<f64>().unwrap(), o["value"].as_f64().unwrap());
        assert_eq!(row[2], o["currency"].as_str().unwrap());
    }

    // the alias the extractor knows names the same page
    let zh = get_json("/commodity/%E9%93%9C.json").await;
    assert_eq!(zh["observations"], json["observations"]);
    let (_, _, html) = get("/commodity/copper").await;
    assert!(
        html.contains("<section id=\"history\">") && html.contains("13,120"),
        "{html}"
    );
    // a chart when one series (currency, unit, market) spans two days or more
    let mut days: std::collections::BTreeMap<String, std::collections::BTreeSet<&str>> =
        Default::default();
    for o in obs {
        let key = format!("{} {} {}", o["currency"], o["unit"], o["market"]);
        days.entry(key)
            .or_default()
            .insert(o["day"].as_str().unwrap());
    }
    let longest = days.values().map(|d| d.len()).max().unwrap_or(0);
    let charted = html.contains("<figure id=\"chart\"");
    assert_eq!(charted, longest >= 2, "{days:?}");
    if charted {
        assert!(html.contains("<svg"), "the chart is inline SVG");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn forecasts_by_institution_resolve_aliases() {
    let by_word = get_json("/forecasts.json?institution=goldman&commodity=copper").await;
    assert_eq!(
        by_word["institutions"],
        serde_json::json!(["Goldman Sachs"])
    );
    let list = by_word["forecasts"].as_array().expect("forecasts");
    assert!(!list.is_empty(), "{by_word}");
    for f in list {
        assert_eq!(f["institution"], "Goldman Sachs");
        assert_eq!(f["commodity"], "copper");
    }
    assert!(list.iter().any(|f| f["value"] == 12750.0), "{by_word}");
    // the Chinese alias and any case find the same forecasts
    let zh = get_json("/forecasts.json?institution=%E9%AB%98%E7%9B%9B&commodity=COPPER").await;
    assert_eq!(zh["forecasts"], by_word["forecasts"]);
    // another commodity: none of these
    let gold = get_json("/forecasts.json?institution=goldman&commodity=gold").await;
    assert!(
        gold["forecasts"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["commodity"] == "gold")
    );
    let (_, _, html) = get("/forecasts?institution=goldman&commodity=copper").await;
    assert!(
        html.contains("Goldman Sachs") && html.contains("12,750"),
        "{html}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_stock_page_lists_its_moves() {
    let json = get_json("/stocks/Zijin%20Mining.json").await;
    let moves = json["moves"].as_array().expect("moves");
    assert!(!moves.is_empty(), "{json}");
    for m in moves {
        assert_eq!(m["name"], "Zijin Mining");
        assert!(m["change_pct"].as_f64().unwrap() > 0.0);
    }
    // the Chinese name resolves to the same stock
    let zh = get_json("/stocks/%E7%B4%AB%E9%87%91%E7%9F%BF%E4%B8%9A.json").await;
    assert_eq!(zh["moves"], json["moves"]);
    let none = get_json("/stocks/No%20Such%20Co.json").await;
    assert_eq!(none["moves"], serde_json::json!([]));
}

#[tokio::test(flavor = "multi_thread")]
async fn healthz_reports_fetch_briefing_outbox_and_sources() {
    let h = get_json("/healthz").await;
    assert_eq!(h["status"], "ok", "{h}");
    assert_eq!(h["problems"], serde_json::json!([]));
    let fetched: chrono::DateTime<chrono::Utc> = h["last_fetch"]
        .as_str()
        .expect("last_fetch")
        .parse()
        .unwrap();
    assert!(chrono::Utc::now() - fetched < chrono::Duration::minutes(10));
    assert!(h["last_briefing"]["day"].is_string(), "{h}");
    assert!(h["outbox_backlog"].is_u64(), "{h}");
    assert_eq!(h["failing_sources"], serde_json::json!([]));
}

#[tokio::test(flavor = "multi_thread")]
async fn healthz_is_503_before_anything_ran() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("config.toml");
    std::fs::write(&cfg, "data_dir = \"data\"\n").unwrap();
    let resolved = orewatch::config::Config::load(&cfg).unwrap();
    let state = orewatch::serve::ServeState::open(std::sync::Arc::new(resolved)).unwrap();
    let listener = orewatch::serve::bind("127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let addr = listener.local_addr().unwrap();
    let cancel = tokio_util::sync::CancellationToken::new();
    let server = tokio::spawn(orewatch::serve::serve(listener, state, cancel.clone()));
    let r = serve_support::client()
        .get(format!("http://{addr}/healthz"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 503);
    let h: serde_json::Value = serde_json::from_str(&r.text().await.unwrap()).unwrap();
    assert_eq!(h["status"], "stale");
    let problems = h["problems"].as_array().unwrap();
    assert!(
        problems
            .iter()
            .any(|p| p.as_str().unwrap().contains("fetched")),
        "{h}"
    );
    assert!(h["last_fetch"].is_null() && h["outbox_backlog"] == 0, "{h}");
    // graceful shutdown: cancelled, the server returns
    cancel.cancel();
    tokio::time::timeout(std::time::Duration::from_secs(5), server)
        .await
        .expect("server stopped")
        .unwrap()
        .unwrap();
    let _ = fixture();
}
