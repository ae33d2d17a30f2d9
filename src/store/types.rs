//! Records going into and coming out of the store.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::extract::{Direction, Document, MoveDirection, Qualifier};

/// Conditional-request validators of the last successful (200) fetch of a
/// URL: the fetcher's own type, handed back to it as stored.
pub use crate::fetch::Validators;

/// One fetch attempt, successful or not.
#[derive(Debug, Clone, PartialEq)]
pub struct FetchRecord {
    pub source_id: Option<i64>,
    pub url: String,
    /// HTTP status; `None` when no response came (DNS, connect, timeout).
    pub status: Option<u16>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// Body bytes read.
    pub bytes: Option<u64>,
    pub error: Option<String>,
    pub fetched_at: DateTime<Utc>,
}

/// One analysed article to store.
#[derive(Debug, Clone, PartialEq)]
pub struct NewArticle {
    pub source_id: i64,
    /// Canonical URL: the article's identity.
    pub url: String,
    pub doc: Document,
    /// Hash of the analysed content; same URL + same hash = unchanged.
    pub content_hash: String,
    pub fetched_at: DateTime<Utc>,
}

/// What `ingest` did with an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IngestStatus {
    New,
    /// Known URL, new content: facts replaced.
    Updated,
    /// Known URL and content hash: nothing written.
    Unchanged,
}

/// Result of `ingest`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IngestOutcome {
    pub article_id: i64,
    pub status: IngestStatus,
    pub facts_added: usize,
    /// Alerts newly recorded (each enqueued to every alert subscriber).
    pub alerts: usize,
}

/// A subscriber to add.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSubscriber {
    pub email: String,
    pub name: Option<String>,
    /// Receives the daily briefing.
    pub briefing: bool,
    /// Receives alerts.
    pub alerts: bool,
}

/// A stored subscriber.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Subscriber {
    pub id: i64,
    pub email: String,
    pub name: Option<String>,
    pub briefing: bool,
    pub alerts: bool,
    pub created_at: DateTime<Utc>,
    /// IANA time zone (`None`: the configured one).
    pub tz: Option<String>,
    /// Topics (commodities, sectors), lower case, sorted.
    pub topics: Vec<String>,
    /// When they unsubscribed through the mail's link (briefing and alerts are off since).
    pub unsubscribed_at: Option<DateTime<Utc>>,
}

/// Row counts for `orewatch status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Counts {
    pub articles: u64,
    pub facts: u64,
    pub alerts: u64,
    /// Outbox rows waiting (pending, or claimed by a sender that has not finished).
    pub outbox_pending: u64,
    pub outbox_sent: u64,
    pub outbox_failed: u64,
}

/// Everything the daily briefing shows for one day.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct BriefingData {
    pub day: NaiveDate,
    pub prices: Vec<PriceRow>,
    pub forecasts: Vec<ForecastRow>,
    pub index_moves: Vec<IndexRow>,
    pub gainers: Vec<StockRow>,
    pub losers: Vec<StockRow>,
    pub sector_moves: Vec<SectorRow>,
    pub articles: Vec<ArticleRow>,
    /// Price figures of the day held by the plausibility gate (pending).
    pub quarantined: Vec<QuarantinedRow>,
    /// Alerts recorded since the previous briefing (up to this day).
    pub alerts: Vec<AlertRow>,
    /// Sources that are failing, stale or whose pages no longer match.
    pub health: Vec<HealthRow>,
    /// Per forecast series, its latest forecast up to the day and the latest
    /// earlier one with another value, oldest first (the forecast board's input).
    pub board: Vec<ForecastRow>,
    /// The archive day before this one, for "consensus moved since".
    pub board_since: Option<NaiveDate>,
    /// Up to 30 days of daily prices per series shown, for the charts.
    pub series: Vec<PriceSeries>,
}

impl BriefingData {
    /// Every fact the briefing shows (prices, forecasts and moves).
    pub fn facts_shown(&self) -> usize {
        self.prices.len()
            + self.forecasts.len()
            + self.index_moves.len()
            + self.gainers.len()
            + self.losers.len()
            + self.sector_moves.len()
    }
}

/// Where a figure comes from: the article and the sentence stating it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Provenance {
    pub article_url: String,
    pub article_title: String,
    pub sentence: String,
}

/// How many sources gave a figure for the same thing on the same day and,
/// when they disagree, the lowest and highest figure.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Agreement {
    pub sources: usize,
    pub range: Option<(f64, f64)>,
}

/// An alert recorded by the store.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlertRow {
    pub day: NaiveDate,
    pub summary: String,
    pub rule: String,
    pub article_url: Option<String>,
}

/// A source in trouble, for the briefing's source health section.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HealthRow {
    pub name: String,
    /// `failing`, `stale` or `drift`.
    pub state: String,
    pub detail: String,
}

/// Daily prices of one series (the day's last observation each day).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PriceSeries {
    pub commodity: String,
    pub label: String,
    pub unit: String,
    pub points: Vec<(NaiveDate, f64)>,
}

/// A price figure held by the plausibility gate, for the briefing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuarantinedRow {
    pub id: i64,
    pub commodity: String,
    pub value: f64,
    pub currency: String,
    pub unit: String,
    pub reason: String,
    pub article_url: String,
}

/// Latest price of one (commodity, currency, unit, product, market) up to the day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PriceRow {
    pub commodity: String,
    pub value: f64,
    pub currency: String,
    pub unit: String,
    pub market: Option<String>,
    pub product: Option<String>,
    pub qualifier: Option<Qualifier>,
    pub observed: NaiveDate,
    /// Latest observation of the same key on an earlier day, else value minus the stated change.
    pub previous: Option<f64>,
    pub change: Option<f64>,
    pub change_pct: Option<f64>,
    /// Day of the observation `previous` came from (`None`: the change stated in the text).
    pub previous_day: Option<NaiveDate>,
    pub agreement: Agreement,
    pub article_url: String,
    pub provenance: Provenance,
}

/// A forecast stated in one of the day's articles.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ForecastRow {
    pub institution: String,
    pub commodity: String,
    pub period: Option<String>,
    /// From the text, else the forecast history before this one.
    pub previous: Option<f64>,
    pub value: f64,
    pub currency: String,
    pub unit: String,
    pub direction: Direction,
    /// The day it was stated (its article's day).
    pub stated: NaiveDate,
    pub article_url: String,
    pub provenance: Provenance,
}

/// An index move of the day (one per index).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndexRow {
    pub index: String,
    pub change_pct: f64,
    pub level: Option<f64>,
    pub points: Option<f64>,
    pub agreement: Agreement,
    pub article_url: String,
    pub provenance: Provenance,
}

/// A stock move of the day (one per ticker, else per name).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StockRow {
    pub name: String,
    pub ticker: Option<String>,
    pub change_pct: f64,
    pub price: Option<f64>,
    pub article_url: String,
    pub provenance: Provenance,
}

/// A sector move of the day (one per sector).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SectorRow {
    pub sector: String,
    pub direction: MoveDirection,
    pub change_pct: Option<f64>,
    pub article_url: String,
    pub provenance: Provenance,
}

/// One of the day's articles.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArticleRow {
    /// The title, else the URL.
    pub title: String,
    pub url: String,
    pub source: String,
    pub published: Option<NaiveDate>,
    pub fact_count: usize,
}
