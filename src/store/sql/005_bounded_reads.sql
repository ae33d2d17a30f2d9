-- orewatch schema (issue 11): reads bounded by index, so rendering a day's
-- briefing does not read every forecast ever stored, and cheaper page writes.

-- The article's day (its published date, else the UTC day of its first fetch),
-- as in price_obs.day: the board takes each forecast series up to a day.
ALTER TABLE forecast_history ADD COLUMN day TEXT NOT NULL DEFAULT '';
UPDATE forecast_history SET day = coalesce(
    (SELECT coalesce(a.published, substr(a.fetched_at, 1, 10))
     FROM facts f JOIN articles a ON a.id = f.article_id WHERE f.id = forecast_history.fact_id),
    substr(recorded_at, 1, 10));
CREATE INDEX forecast_history_board
    ON forecast_history(institution, commodity, period, currency, unit, day, id);

-- One row per forecast series: the board walks these instead of the history.
CREATE TABLE forecast_series (
    institution TEXT NOT NULL,
    commodity   TEXT NOT NULL,
    period      TEXT NOT NULL,
    currency    TEXT NOT NULL,
    unit        TEXT NOT NULL,
    PRIMARY KEY (institution, commodity, period, currency, unit)
) WITHOUT ROWID;
INSERT OR IGNORE INTO forecast_series
    SELECT DISTINCT institution, commodity, period, currency, unit FROM forecast_history;

-- The chart's and the latest price's reads of a series become index-only
-- scans in the order they want (fact_id is the rowid, in every index).
DROP INDEX price_obs_series_day;
CREATE INDEX price_obs_series_cover
    ON price_obs(series_id, day, seen, article_id, idx, value, dated);

-- An article's search entry is no longer written by triggers inside its
-- page's transaction: FTS5 flushes its pending index at every statement
-- savepoint and at every commit, which made indexing a page's text (one
-- segment per statement, merged again and again) the largest cost of storing
-- it. A new or changed article's id is queued here in its own transaction
-- and indexed with the others of its source at the end of the source's cycle
-- (Store::finish_source), or at once by Store::ingest. A queued id survives a
-- crash and is indexed by the next flush. Deletes keep their trigger, which
-- skips an article not indexed yet.
CREATE TABLE fts_pending (article_id INTEGER PRIMARY KEY);
DROP TRIGGER articles_fts_ai;
DROP TRIGGER articles_fts_au;
DROP TRIGGER articles_fts_ad;
CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, body)
        SELECT 'delete', old.id, coalesce(old.title, ''), old.body
        WHERE NOT EXISTS (SELECT 1 FROM fts_pending WHERE article_id = old.id);
    DELETE FROM fts_pending WHERE article_id = old.id;
END;
