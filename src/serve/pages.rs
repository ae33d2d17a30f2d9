//! Structured pages: a commodity's price history (HTML, CSV, JSON), forecasts
//! by institution and commodity, a stock's moves.

use askama::Template;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::view::{self, Format, csv_cell, host, link, number, opt_number, rendered, segment};
use super::{PageError, ServeState};
use crate::store::{ForecastEntry, PricePoint, StockMoveEntry};

/// Rows a page shows at most.
const MAX_ROWS: usize = 2000;

struct PriceView {
    day: String,
    value: String,
    unit: String,
    market: String,
    product: String,
    link: Option<String>,
    host: String,
}

#[derive(Template)]
#[template(path = "serve_commodity.html")]
struct CommodityPage {
    title: String,
    name: String,
    rows: Vec<PriceView>,
    csv_href: String,
    json_href: String,
    /// Inline SVG of the newest series' history, when it has two days or more.
    chart: Option<String>,
}

/// `/commodity/{name}`, `{name}.csv`, `{name}.json`.
pub(super) async fn commodity(
    State(st): State<ServeState>,
    Path(name): Path<String>,
) -> Result<Response, PageError> {
    let (base, format) = view::split_format(&name);
    let Some(c) = view::commodity(&st.cfg.lexicon, base).filter(|c| c.chars().count() <= 100)
    else {
        return Err(PageError::NotFound("no commodity named".into()));
    };
    let known = st.cfg.lexicon.commodities.values.contains(&c);
    let key = c.clone();
    let rows = st.db(move |s| s.price_history(&key, MAX_ROWS)).await?;
    if rows.is_empty() && !known {
        return Err(PageError::NotFound(format!(
            "orewatch knows no commodity named {base:?}; try copper, gold, aluminium, iron ore..."
        )));
    }
    match format {
        Format::Json => {
            Ok(Json(serde_json::json!({ "commodity": c, "observations": rows })).into_response())
        }
        Format::Csv => Ok(csv_response(&c, &rows)),
        Format::Html => {
            let href = format!("/commodity/{}", segment(&c));
            rendered(&CommodityPage {
                chart: history_chart(&c, &rows),
                title: c.clone(),
                name: c,
                rows: rows.iter().map(price_view).collect(),
                csv_href: format!("{href}.csv"),
                json_href: format!("{href}.json"),
            })
        }
    }
}

/// The chart of the commodity's longest series (same currency, unit and market; on a tie
/// the one observed last): each day's latest figure, oldest first. None below two days
/// or on a drawing error (the table still shows every figure).
fn history_chart(name: &str, rows: &[PricePoint]) -> Option<String> {
    let key = |q: &PricePoint| (q.currency.clone(), q.unit.clone(), q.market.clone());
    // rows are newest first: the first seen of a series and day is that day's latest
    let mut series: Vec<(&PricePoint, Vec<(chrono::NaiveDate, f64)>)> = Vec::new();
    for p in rows {
        let at = match series.iter().position(|(head, _)| key(head) == key(p)) {
            Some(at) => at,
            None => {
                series.push((p, Vec::new()));
                series.len() - 1
            }
        };
        let points = &mut series[at].1;
        if points.last().is_none_or(|(d, _)| *d != p.day) {
            points.push((p.day, p.value));
        }
    }
    // max_by_key keeps the last of equals: reversed, that is the one observed last
    let (head, mut points) = series.into_iter().rev().max_by_key(|(_, pts)| pts.len())?;
    if points.len() < 2 {
        return None;
    }
    points.reverse();
    let unit = format!("{}/{}", head.currency, head.unit);
    let market = head
        .market
        .as_deref()
        .map_or(String::new(), |m| format!(" {m}"));
    let series = crate::store::PriceSeries {
        commodity: name.to_string(),
        label: head.market.clone().unwrap_or_else(|| name.to_string()),
        unit: unit.clone(),
        points,
    };
    crate::report::chart::svg(&series, &format!("{name}{market} ({unit})")).ok()
}

fn price_view(p: &PricePoint) -> PriceView {
    PriceView {
        day: p.day.to_string(),
        value: number(p.value),
        unit: format!("{}/{}", p.currency, p.unit),
        market: p.market.clone().unwrap_or_default(),
        product: p.product.clone().unwrap_or_default(),
        link: link(&p.article_url),
        host: host(&p.article_url),
    }
}

fn csv_response(name: &str, rows: &[PricePoint]) -> Response {
    let mut out = String::from("day,value,currency,unit,market,product,article_url\r\n");
    for p in rows {
        let cells = [
            p.day.to_string(),
            p.value.to_string(),
            p.currency.clone(),
            p.unit.clone(),
            p.market.clone().unwrap_or_default(),
            p.product.clone().unwrap_or_default(),
            p.article_url.clone(),
        ];
        let line: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    let file: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file}.csv\""),
            ),
        ],
        out,
    )
        .into_response()
}

#[derive(Debug, Deserialize, Default)]
pub(super) struct ForecastQuery {
    #[serde(default)]
    institution: String,
    #[serde(default)]
    commodity: String,
}

struct ForecastView {
    day: String,
    institution: String,
    commodity: String,
    commodity_href: String,
    period: String,
    value: String,
    previous: String,
    direction: String,
    sentence: String,
    link: Option<String>,
    host: String,
}

#[derive(Template)]
#[template(path = "serve_forecasts.html")]
struct ForecastsPage {
    title: String,
    institution: String,
    commodity: String,
    matched: String,
    json_href: String,
    rows: Vec<ForecastView>,
}

/// The forecasts a query names, with the canonical names it resolved to.
async fn find_forecasts(
    st: &ServeState,
    q: &ForecastQuery,
) -> Result<(Vec<String>, Vec<String>, Vec<ForecastEntry>), PageError> {
    if q.institution.chars().count() > 100 || q.commodity.chars().count() > 100 {
        return Err(PageError::BadRequest(
            "institution and commodity are at most 100 characters".into(),
        ));
    }
    let lx = &st.cfg.lexicon;
    let inst = view::resolve(
        &lx.institutions.phrases,
        &lx.institutions.values,
        &q.institution,
    );
    let comm: Vec<String> = view::commodity(lx, &q.commodity).into_iter().collect();
    let (i, c) = (inst.clone(), comm.clone());
    let rows = st.db(move |s| s.forecasts_by(&i, &c, MAX_ROWS)).await?;
    Ok((inst, comm, rows))
}

/// `/forecasts?institution=goldman&commodity=copper`: every matching forecast.
pub(super) async fn forecasts(
    State(st): State<ServeState>,
    Query(q): Query<ForecastQuery>,
) -> Result<Response, PageError> {
    let (inst, comm, rows) = find_forecasts(&st, &q).await?;
    let said = |list: &[String], what: &str| {
        if list.is_empty() {
            format!("any {what}")
        } else {
            list.join(" or ")
        }
    };
    let qs = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("institution", &q.institution)
        .append_pair("commodity", &q.commodity)
        .finish();
    rendered(&ForecastsPage {
        title: "Forecasts".into(),
        matched: format!(
            "{} forecast(s) by {} for {}, newest first",
            rows.len(),
            said(&inst, "institution"),
            said(&comm, "commodity")
        ),
        json_href: format!("/forecasts.json?{qs}"),
        institution: q.institution,
        commodity: q.commodity,
        rows: rows.iter().map(forecast_view).collect(),
    })
}

/// `/forecasts.json?...`: the same as JSON.
pub(super) async fn forecasts_json(
    State(st): State<ServeState>,
    Query(q): Query<ForecastQuery>,
) -> Result<Response, PageError> {
    let (inst, comm, rows) = find_forecasts(&st, &q).await?;
    Ok(Json(serde_json::json!({
        "institutions": inst, "commodities": comm, "forecasts": rows
    }))
    .into_response())
}

fn forecast_view(f: &ForecastEntry) -> ForecastView {
    ForecastView {
        day: f.day.map(|d| d.to_string()).unwrap_or_default(),
        institution: f.institution.clone(),
        commodity_href: format!("/commodity/{}", segment(&f.commodity)),
        commodity: f.commodity.clone(),
        period: f.period.clone().unwrap_or_default(),
        value: format!("{} {}/{}", number(f.value), f.currency, f.unit),
        previous: opt_number(f.previous),
        direction: format!("{:?}", f.direction).to_lowercase(),
        sentence: f.sentence.clone(),
        link: link(&f.article_url),
        host: host(&f.article_url),
    }
}

struct MoveView {
    day: String,
    name: String,
    ticker: String,
    change: String,
    class: &'static str,
    price: String,
    sentence: String,
    link: Option<String>,
    host: String,
}

#[derive(Template)]
#[template(path = "serve_stocks.html")]
struct StocksPage {
    title: String,
    name: String,
    json_href: String,
    rows: Vec<MoveView>,
}

/// `/stocks/{name}` (a name, alias or ticker) and `{name}.json`.
pub(super) async fn stocks(
    State(st): State<ServeState>,
    Path(name): Path<String>,
) -> Result<Response, PageError> {
    let (base, format) = view::split_format(&name);
    if base.trim().is_empty() || base.chars().count() > 100 {
        return Err(PageError::BadRequest(
            "name a stock (at most 100 characters), e.g. /stocks/Zijin Mining".into(),
        ));
    }
    let lx = &st.cfg.lexicon;
    let mut names = view::resolve(&lx.companies.phrases, &lx.companies.values, base);
    if !names.iter().any(|n| n.eq_ignore_ascii_case(base)) {
        names.push(base.to_string());
    }
    let rows = st.db(move |s| s.stock_moves(&names, MAX_ROWS)).await?;
    let shown = rows.first().map_or(base.to_string(), |m| m.name.clone());
    match format {
        Format::Json => {
            Ok(Json(serde_json::json!({ "stock": shown, "moves": rows })).into_response())
        }
        Format::Csv => Err(PageError::NotFound(
            "stock moves are offered as a page and as .json".into(),
        )),
        Format::Html => rendered(&StocksPage {
            title: shown.clone(),
            json_href: format!("/stocks/{}.json", segment(base)),
            name: shown,
            rows: rows.iter().map(move_view).collect(),
        }),
    }
}

fn move_view(m: &StockMoveEntry) -> MoveView {
    MoveView {
        day: m.day.map(|d| d.to_string()).unwrap_or_default(),
        name: m.name.clone(),
        ticker: m.ticker.clone().unwrap_or_default(),
        change: format!("{:+.2}%", m.change_pct),
        class: if m.change_pct < 0.0 { "down" } else { "up" },
        price: opt_number(m.price),
        sentence: m.sentence.clone(),
        link: link(&m.article_url),
        host: host(&m.article_url),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(day: &str, value: f64, market: Option<&str>) -> PricePoint {
        PricePoint {
            day: day.parse().unwrap(),
            value,
            currency: "USD".into(),
            unit: "t".into(),
            market: market.map(str::to_string),
            product: None,
            article_url: "https://example.com/a".into(),
        }
    }

    #[test]
    fn the_chart_follows_the_newest_series_over_two_days_or_more() {
        let rows = vec![
            point("2026-03-04", 9_900.0, Some("LME")),
            point("2026-03-04", 9_850.0, Some("LME")),
            point("2026-03-03", 9_800.0, Some("LME")),
            point("2026-03-02", 71_000.0, Some("SHFE")),
        ];
        let svg = history_chart("copper", &rows).expect("two LME days");
        assert!(
            svg.starts_with("<svg") && svg.contains("copper LME (USD/t)"),
            "{svg}"
        );
        // one day of each series: no chart
        assert_eq!(history_chart("copper", &rows[..2]), None);
        assert_eq!(history_chart("copper", &[]), None);
        // the newest figure is of a one-day series: the longer one is charted
        let mut with_cathode = vec![point("2026-03-05", 104_500.0, None)];
        with_cathode.extend(rows);
        let svg = history_chart("copper", &with_cathode).expect("the LME series");
        assert!(svg.contains("copper LME (USD/t)"), "{svg}");
    }
}
