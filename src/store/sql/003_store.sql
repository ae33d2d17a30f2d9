-- orewatch schema: a store that does not slow down with age (issue 11).

-- Conditional-request validators, one row per URL: written only in the
-- transaction that stores the article fetched with them (Store::ingest_fetched).
CREATE TABLE validators (
    url           TEXT PRIMARY KEY,
    etag          TEXT,
    last_modified TEXT,
    updated_at    TEXT NOT NULL
) WITHOUT ROWID;
-- Validators only ever came from article fetches stored with their article:
-- a listing's record keeps none, so it is skipped here.
INSERT INTO validators (url, etag, last_modified, updated_at)
    SELECT url, etag, last_modified, fetched_at FROM fetches
    WHERE id IN (SELECT MAX(id) FROM fetches WHERE status = 200 GROUP BY url)
      AND (etag IS NOT NULL OR last_modified IS NOT NULL);

-- The fetch log is pruned by age (store.keep_fetch_log_days); nothing looks it up by URL any more.
DROP INDEX fetches_url;
CREATE INDEX fetches_time ON fetches(fetched_at);

-- The briefing's day filter: `published = day OR (published IS NULL AND fetched_at
-- in the day)`; both branches are ranges of this index (the old one on `published`
-- alone made the second a scan of every undated article).
DROP INDEX articles_published;
CREATE INDEX articles_day ON articles(published, fetched_at);

-- Price series (commodity, currency, unit, product, market; normalised) and one
-- observation row per stored price fact that is an observation (finite, not a bound),
-- so the briefing reads the latest observations of each series through an index.
CREATE TABLE price_series (
    id   INTEGER PRIMARY KEY,
    key  TEXT NOT NULL UNIQUE
);
CREATE TABLE price_obs (
    fact_id   INTEGER PRIMARY KEY REFERENCES facts(id) ON DELETE CASCADE,
    series_id INTEGER NOT NULL REFERENCES price_series(id),
    -- as_of, else the article's published day: exact. Else the UTC day of the
    -- article's first fetch: the briefing's time zone may move it by one day.
    day       TEXT NOT NULL,
    dated     INTEGER NOT NULL,
    value     REAL NOT NULL,
    -- fetch order of same-day observations: the article's first fetch, its id, the fact's idx
    seen      TEXT NOT NULL,
    article_id INTEGER NOT NULL,
    idx       INTEGER NOT NULL
);
CREATE INDEX price_obs_series_day ON price_obs(series_id, day);
-- Filled from the facts already stored by Store::open (in Rust: keys are
-- normalised with Unicode case rules), then this row is deleted.
INSERT INTO meta (key, value) VALUES ('price_obs_backfill', 'pending');

-- Health of each source across cycles; a failing source backs off.
CREATE TABLE source_health (
    source_id            INTEGER PRIMARY KEY REFERENCES sources(id) ON DELETE CASCADE,
    last_attempt         TEXT,
    last_success         TEXT,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    last_error           TEXT,
    -- a backing-off source is skipped by cycles before this time
    next_attempt_at      TEXT,
    -- the last successful cycle's pages: fetched in full, answered 304, drifted
    pages                INTEGER NOT NULL DEFAULT 0,
    not_modified         INTEGER NOT NULL DEFAULT 0,
    drift                INTEGER NOT NULL DEFAULT 0
);
