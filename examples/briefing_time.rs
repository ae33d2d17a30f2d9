//! Times `Store::briefing_data` (the briefing's database queries) for some days
//! of a database, e.g. one built by `gen_history` (scripts/bench_report.sh).
//!
//! cargo run --release --example briefing_time -- PATH DAY...

use std::time::Instant;

use orewatch::store::Store;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .ok_or_else(|| anyhow::anyhow!("usage: briefing_time PATH DAY..."))?;
    let store = Store::open(std::path::Path::new(&path))?;
    let tz = chrono_tz::Asia::Hong_Kong;
    for day in args {
        let day = chrono::NaiveDate::parse_from_str(&day, "%Y-%m-%d")?;
        let start = Instant::now();
        let data = store.briefing_data(day, tz)?;
        println!(
            "{day}: {:.1} ms, {} prices, {} articles, {} forecasts",
            start.elapsed().as_secs_f64() * 1000.0,
            data.prices.len(),
            data.articles.len(),
            data.forecasts.len()
        );
    }
    Ok(())
}
