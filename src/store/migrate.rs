//! `PRAGMA user_version` migrator. Migration N (1-based) is `MIGRATIONS[N-1]`;
//! each runs in its own IMMEDIATE transaction together with the version bump.

use rusqlite::TransactionBehavior;

use super::{Store, StoreError};

/// Migration SQL, compiled in. Append only: never edit a released one.
const MIGRATIONS: &[&str] = &[
    include_str!("sql/001_init.sql"),
    include_str!("sql/002_alerts.sql"),
    include_str!("sql/003_store.sql"),
    include_str!("sql/004_serve.sql"),
    include_str!("sql/005_bounded_reads.sql"),
    include_str!("sql/006_price_close.sql"),
    include_str!("sql/007_briefing_hash.sql"),
    include_str!("sql/008_close_trigger_keys.sql"),
    include_str!("sql/009_briefing_search.sql"),
    include_str!("sql/010_fewer_write_pages.sql"),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

pub(super) fn migrate(store: &mut Store) -> Result<(), StoreError> {
    let path = store.path.clone();
    let found = store.schema_version()?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            path,
            found,
            supported: SCHEMA_VERSION,
        });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let version = i as u32 + 1;
        let err = |source| StoreError::Migrate {
            path: path.clone(),
            version,
            source,
        };
        let tx = store
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(err)?;
        // Re-check under the write lock: another process may have migrated meanwhile.
        let now: u32 = tx
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(err)?;
        if now >= version {
            continue;
        }
        tx.execute_batch(sql).map_err(err)?;
        tx.pragma_update(None, "user_version", version)
            .map_err(err)?;
        tx.commit().map_err(err)?;
    }
    Ok(())
}
