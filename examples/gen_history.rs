//! Builds a database holding `DAYS` days of `SOURCES` sources x `PER_DAY`
//! articles a day (prices, forecasts, index, stock and sector moves), through
//! `Store::ingest` as the daemon stores them, for the `report` benchmark
//! (scripts/bench_report.sh). Every figure is synthetic.
//!
//! cargo run --release --example gen_history -- PATH [DAYS] [SOURCES] [PER_DAY] [END_DAY]

use chrono::{Days, NaiveDate, TimeZone, Utc};
use orewatch::extract::{
    Direction, Document, Fact, FactKind, Forecast, IndexMove, MoveDirection, Price, SectorMove,
    StockMove,
};
use orewatch::notify::MailContext;
use orewatch::store::{NewArticle, Store};

const METALS: [&str; 20] = [
    "copper",
    "aluminium",
    "zinc",
    "nickel",
    "lead",
    "tin",
    "gold",
    "silver",
    "platinum",
    "palladium",
    "iron ore",
    "lithium",
    "cobalt",
    "steel rebar",
    "coking coal",
    "manganese",
    "rare earths",
    "uranium",
    "molybdenum",
    "tungsten",
];
const MARKETS: [&str; 4] = ["LME", "SHFE", "COMEX", "spot"];
const BANKS: [&str; 6] = ["Goldman Sachs", "Citi", "UBS", "Macquarie", "BMO", "HSBC"];
const STOCKS: [&str; 8] = [
    "Rio Tinto",
    "BHP",
    "Glencore",
    "Anglo American",
    "Zijin Mining",
    "Freeport",
    "Vale",
    "Jiangxi Copper",
];

fn arg(n: usize, default: u64) -> u64 {
    std::env::args()
        .nth(n)
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

fn fact(kind: FactKind, sentence: String) -> Fact {
    Fact {
        kind,
        approx: false,
        range: None,
        sentence,
    }
}

/// The facts of article `k` of source `s` on day `d` (deterministic).
fn facts(d: u64, s: u64, k: u64) -> Vec<Fact> {
    let seed = d * 7919 + s * 104_729 + k * 31;
    let metal = METALS[(seed % 20) as usize];
    let market = MARKETS[(seed / 20 % 4) as usize];
    let wave = ((d as f64) / 9.0).sin() * 300.0;
    let value = 1000.0 + (seed % 20) as f64 * 450.0 + wave + (k as f64);
    let mut out = vec![
        fact(
            FactKind::Price(Price {
                commodity: metal.into(),
                value,
                currency: "USD".into(),
                unit: "t".into(),
                qualifier: None,
                as_of: None,
                market: Some(market.into()),
                product: None,
                change: Some(12.5),
            }),
            format!("{metal} traded at ${value:.0} a tonne on the {market}."),
        ),
        fact(
            FactKind::StockMove(StockMove {
                name: STOCKS[(seed % 8) as usize].into(),
                change_pct: ((seed % 13) as f64 - 6.0) / 2.0,
                ticker: None,
                price: Some(20.0 + (seed % 50) as f64),
            }),
            "Shares moved in line with the metal.".into(),
        ),
    ];
    if k.is_multiple_of(3) {
        out.push(fact(
            FactKind::IndexMove(IndexMove {
                index: "Hang Seng Index".into(),
                change_pct: ((seed % 9) as f64 - 4.0) / 3.0,
                level: Some(18_000.0 + wave),
                points: None,
            }),
            "The index closed the day higher.".into(),
        ));
    }
    if k.is_multiple_of(5) {
        out.push(fact(
            FactKind::Forecast(Forecast {
                commodity: metal.into(),
                institution: BANKS[(seed % 6) as usize].into(),
                value: value * 1.1,
                currency: "USD".into(),
                unit: "t".into(),
                direction: Direction::Raised,
                previous: None,
                period: Some("2027".into()),
                market: None,
            }),
            "The bank raised its forecast for next year.".into(),
        ));
    }
    if k % 4 == 1 {
        out.push(fact(
            FactKind::SectorMove(SectorMove {
                sector: "mining".into(),
                direction: MoveDirection::Up,
                change_pct: Some(1.2),
            }),
            "Miners led the gains.".into(),
        ));
    }
    out
}

fn main() -> anyhow::Result<()> {
    let path = std::env::args().nth(1).ok_or_else(|| {
        anyhow::anyhow!("usage: gen_history PATH [DAYS] [SOURCES] [PER_DAY] [END_DAY]")
    })?;
    let (days, sources, per_day) = (arg(2, 365), arg(3, 100), arg(4, 10));
    let end = std::env::args()
        .nth(5)
        .and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
        .unwrap_or(NaiveDate::from_ymd_opt(2026, 11, 30).expect("date"));
    let mut store = Store::open(std::path::Path::new(&path))?;
    // Bulk load: durability is not needed for a generated database.
    store.connection().execute_batch("PRAGMA synchronous=OFF")?;
    let ids = (0..sources)
        .map(|s| {
            store.upsert_source(
                &format!("source-{s:03}"),
                &format!("https://s{s}.example/news"),
            )
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mail = MailContext {
        from: "orewatch <orewatch@example.test>".parse()?,
        subject_prefix: "[orewatch]".into(),
        archive_url: None,
        unsubscribe: None,
    };
    let filler =
        "Metal markets were mixed as traders weighed supply news against demand data. ".repeat(12);
    let start = end - Days::new(days - 1);
    for d in 0..days {
        let day = start + Days::new(d);
        for (s, id) in ids.iter().enumerate() {
            for k in 0..per_day {
                let s = s as u64;
                // Every fifth article has no date: it is dated by its fetch time.
                let published = (k % 5 != 4).then_some(day);
                let at = Utc.from_utc_datetime(
                    &day.and_hms_opt(2 + (k % 20) as u32, (s % 60) as u32, 0)
                        .expect("time"),
                );
                let doc = Document {
                    url: None,
                    title: Some(format!("Metals report {day} #{s}-{k}")),
                    published,
                    body: format!("{filler} Report {s}-{k} of {day}."),
                    sectors: vec!["mining".into()],
                    facts: facts(d, s, k),
                };
                let a = NewArticle {
                    source_id: *id,
                    url: format!("https://s{s}.example/news/{day}/{k}"),
                    content_hash: format!("{day}-{s}-{k}"),
                    doc,
                    fetched_at: at,
                };
                store.ingest(&a, &orewatch::alerts::AlertSet::default(), &mail)?;
            }
        }
        if d % 30 == 0 {
            eprintln!("{day}: {} articles", (d + 1) * sources * per_day);
        }
    }
    Ok(())
}
