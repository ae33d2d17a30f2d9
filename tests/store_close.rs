//! The daily close per price series (migration 006, `price_close`) against the
//! whole-scan rule the chart used before: for each series and stored day, the
//! last observation in fetch order, figures held by the gate left out. Random
//! histories, with facts replaced, articles deleted, figures quarantined,
//! accepted and rejected, and a database migrated from schema 5.

#[path = "fixtures/store/support.rs"]
mod support;

use chrono::Duration;
use orewatch::alerts::{AlertSet, RuleKind};
use orewatch::extract::{Fact, FactKind};
use orewatch::store::Store;
use support::*;

/// A small deterministic generator (xorshift64*), so a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

type Close = Vec<(i64, String, f64)>;

/// The rule, by a scan of every observation (the chart's query before 006).
fn by_scan(store: &Store) -> Close {
    let mut st = store
        .connection()
        .prepare(
            "SELECT o.series_id, o.day, o.value FROM price_obs o
             WHERE o.fact_id NOT IN (SELECT fact_id FROM quarantine WHERE status <> 'accepted')
             ORDER BY o.series_id, o.day, o.seen, o.article_id, o.idx",
        )
        .unwrap();
    let rows = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap();
    let mut out: Close = Vec::new();
    for row in rows {
        let (s, d, v): (i64, String, f64) = row.unwrap();
        match out.last_mut() {
            Some(last) if last.0 == s && last.1 == d => last.2 = v,
            _ => out.push((s, d, v)),
        }
    }
    out
}

fn stored(store: &Store) -> Close {
    let mut st = store
        .connection()
        .prepare("SELECT series_id, day, value FROM price_close ORDER BY series_id, day")
        .unwrap();
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// The gate holds copper figures far from the last accepted one.
fn gate() -> AlertSet {
    let mut r = level_rule("cu", "copper", 13_000.0, None);
    if let RuleKind::Level(l) = &mut r.kind {
        l.band = 100.0;
    }
    set([r])
}

/// One to three price facts: copper (LME or SHFE, now and then a typo the
/// gate holds), aluminium, sometimes with a stated day.
fn facts(rng: &mut Rng) -> Vec<Fact> {
    (0..1 + rng.below(3))
        .map(|_| {
            let typo = rng.below(8) == 0;
            let mut f = match rng.below(3) {
                0 => price("aluminium", 2_500.0 + rng.below(100) as f64, "USD", "t"),
                _ if typo => price("copper", 1_300.0 + rng.below(10) as f64, "USD", "t"),
                _ => price("copper", 13_000.0 + rng.below(100) as f64, "USD", "t"),
            };
            if let FactKind::Price(p) = &mut f.kind {
                if rng.below(2) == 0 {
                    p.market = Some("SHFE".into());
                }
                if rng.below(6) == 0 {
                    p.as_of = Some(day(2026, 11, 1 + rng.below(10) as u32));
                }
            }
            f
        })
        .collect()
}

/// Random pages over ten days from two sources (some undated, some fetched
/// again with new content), some deleted, some held figures decided.
fn random_history(store: &mut Store, seed: u64) {
    let mut rng = Rng(seed);
    let rules = gate();
    let other = store.upsert_source("other", "https://other.test/").unwrap();
    for i in 0..160 {
        let url = format!("https://wire.test/{}", rng.below(120));
        let d = day(2026, 11, 1 + rng.below(10) as u32);
        let published = (rng.below(5) != 0).then_some(d);
        let source = 1 + (other - 1) * (rng.below(2) as i64);
        let mut a = article(source, &url, published, facts(&mut rng), &format!("v{i}"));
        a.fetched_at = at(2026, 11, 1, 0) + Duration::minutes(rng.below(14_400) as i64);
        store.ingest(&a, &rules, &ctx()).unwrap();
        if rng.below(20) == 0 {
            let nth = rng.below(100) as i64;
            store
                .connection()
                .execute(
                    "DELETE FROM articles WHERE id =
                     (SELECT id FROM articles ORDER BY id LIMIT 1 OFFSET ?1 % (SELECT COUNT(*) FROM articles))",
                    [nth],
                )
                .unwrap();
        }
        if rng.below(10) == 0
            && let Some(q) = store.quarantine(true).unwrap().first()
        {
            store.decide_quarantine(q.id, rng.below(2) == 0).unwrap();
        }
    }
}

#[test]
fn the_close_follows_every_write_as_the_whole_scan_says() {
    for seed in [1, 7, 42, 2026] {
        let (mut store, _) = store_with_subscriber();
        random_history(&mut store, seed);
        let close = by_scan(&store);
        assert!(close.len() > 20, "seed {seed}: only {} closes", close.len());
        let held = store.quarantine(false).unwrap().len();
        assert!(held > 0, "seed {seed}: the gate held nothing");
        assert_eq!(stored(&store), close, "seed {seed}");
    }
}

#[test]
fn the_chart_is_the_close_of_its_thirty_days() {
    let (mut store, _) = store_with_subscriber();
    random_history(&mut store, 5);
    let close = by_scan(&store);
    let data = store
        .briefing_data(day(2026, 11, 10), chrono_tz::UTC)
        .unwrap();
    assert!(!data.series.is_empty());
    let mut all: Vec<(String, f64)> = close.iter().map(|c| (c.1.clone(), c.2)).collect();
    let mut charted: Vec<(String, f64)> = data
        .series
        .iter()
        .flat_map(|s| s.points.iter().map(|(d, v)| (d.to_string(), *v)))
        .collect();
    // Every series is charted (the history is shorter than 30 days).
    all.sort_by(|a, b| a.partial_cmp(b).unwrap());
    charted.sort_by(|a, b| a.partial_cmp(b).unwrap());
    assert_eq!(charted, all);
}

#[test]
fn migration_6_fills_the_close_of_an_older_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("orewatch.sqlite");
    let expected = {
        let mut store = Store::open(&path).unwrap();
        store.upsert_source("wire", "https://wire.test/").unwrap();
        random_history(&mut store, 11);
        // Back to schema 5: no close table, no triggers, no briefing hash (007).
        store
            .connection()
            .execute_batch(&format!("{UNDO_006_007} PRAGMA user_version = 5;"))
            .unwrap();
        by_scan(&store)
    };
    let store = Store::open(&path).unwrap();
    assert!(!expected.is_empty());
    assert_eq!(stored(&store), expected);
}
