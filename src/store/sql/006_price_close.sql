-- orewatch schema (issue 11): a daily close per price series, so a chart
-- reads one row per day instead of every observation of its 30 days.

-- The close of a series on a stored day (price_obs.day): the day's last
-- observation in fetch order (seen, article_id, idx), leaving out figures
-- held by the plausibility gate (quarantine status other than 'accepted').
-- This is the rule the chart applied to price_obs before (series.rs).
CREATE TABLE price_close (
    series_id INTEGER NOT NULL,
    day       TEXT NOT NULL,
    value     REAL NOT NULL,
    PRIMARY KEY (series_id, day)
) WITHOUT ROWID;

INSERT INTO price_close (series_id, day, value)
    SELECT series_id, day, value FROM (
        SELECT series_id, day, value, row_number() OVER (
            PARTITION BY series_id, day ORDER BY seen DESC, article_id DESC, idx DESC) AS n
        FROM price_obs
        WHERE fact_id NOT IN (SELECT fact_id FROM quarantine WHERE status <> 'accepted'))
    WHERE n = 1;

-- Kept right by triggers, whatever writes: a page's observations (in its
-- transaction), facts replaced or articles deleted (cascades fire them too),
-- a figure quarantined, accepted, rejected. Each recomputes the close of the
-- (series, day) it touches from price_obs: a few rows of one index, each
-- checked against the quarantine by its fact (NOT EXISTS through the unique
-- index, not NOT IN, which would read the whole quarantine at every firing).
CREATE TRIGGER price_close_obs_ai AFTER INSERT ON price_obs BEGIN
    DELETE FROM price_close WHERE series_id = new.series_id AND day = new.day;
    INSERT INTO price_close (series_id, day, value)
        SELECT o.series_id, o.day, o.value FROM price_obs o
        WHERE o.series_id = new.series_id AND o.day = new.day
          AND NOT EXISTS (SELECT 1 FROM quarantine q
              WHERE q.fact_id = o.fact_id AND q.status <> 'accepted')
        ORDER BY o.seen DESC, o.article_id DESC, o.idx DESC LIMIT 1;
END;
CREATE TRIGGER price_close_obs_ad AFTER DELETE ON price_obs BEGIN
    DELETE FROM price_close WHERE series_id = old.series_id AND day = old.day;
    INSERT INTO price_close (series_id, day, value)
        SELECT o.series_id, o.day, o.value FROM price_obs o
        WHERE o.series_id = old.series_id AND o.day = old.day
          AND NOT EXISTS (SELECT 1 FROM quarantine q
              WHERE q.fact_id = o.fact_id AND q.status <> 'accepted')
        ORDER BY o.seen DESC, o.article_id DESC, o.idx DESC LIMIT 1;
END;
CREATE TRIGGER price_close_obs_au AFTER UPDATE ON price_obs BEGIN
    DELETE FROM price_close WHERE (series_id = old.series_id AND day = old.day)
        OR (series_id = new.series_id AND day = new.day);
    INSERT OR REPLACE INTO price_close (series_id, day, value)
        SELECT o.series_id, o.day, o.value FROM price_obs o
        WHERE o.series_id = old.series_id AND o.day = old.day
          AND NOT EXISTS (SELECT 1 FROM quarantine q
              WHERE q.fact_id = o.fact_id AND q.status <> 'accepted')
        ORDER BY o.seen DESC, o.article_id DESC, o.idx DESC LIMIT 1;
    INSERT OR REPLACE INTO price_close (series_id, day, value)
        SELECT o.series_id, o.day, o.value FROM price_obs o
        WHERE o.series_id = new.series_id AND o.day = new.day
          AND NOT EXISTS (SELECT 1 FROM quarantine q
              WHERE q.fact_id = o.fact_id AND q.status <> 'accepted')
        ORDER BY o.seen DESC, o.article_id DESC, o.idx DESC LIMIT 1;
END;

-- The quarantine's triggers recompute the day of the observation of the fact
-- concerned (none yet when the gate holds a figure before it is recorded: the
-- observation's own trigger then leaves it out).
CREATE TRIGGER price_close_q_ai AFTER INSERT ON quarantine BEGIN
    DELETE FROM price_close WHERE (series_id, day) IN
        (SELECT series_id, day FROM price_obs WHERE fact_id = new.fact_id);
    INSERT INTO price_close (series_id, day, value)
        SELECT o.series_id, o.day, o.value FROM price_obs p
        JOIN price_obs o ON o.series_id = p.series_id AND o.day = p.day
        WHERE p.fact_id = new.fact_id
          AND NOT EXISTS (SELECT 1 FROM quarantine q
              WHERE q.fact_id = o.fact_id AND q.status <> 'accepted')
        ORDER BY o.seen DESC, o.article_id DESC, o.idx DESC LIMIT 1;
END;
CREATE TRIGGER price_close_q_ad AFTER DELETE ON quarantine BEGIN
    DELETE FROM price_close WHERE (series_id, day) IN
        (SELECT series_id, day FROM price_obs WHERE fact_id = old.fact_id);
    INSERT INTO price_close (series_id, day, value)
        SELECT o.series_id, o.day, o.value FROM price_obs p
        JOIN price_obs o ON o.series_id = p.series_id AND o.day = p.day
        WHERE p.fact_id = old.fact_id
          AND NOT EXISTS (SELECT 1 FROM quarantine q
              WHERE q.fact_id = o.fact_id AND q.status <> 'accepted')
        ORDER BY o.seen DESC, o.article_id DESC, o.idx DESC LIMIT 1;
END;
CREATE TRIGGER price_close_q_au AFTER UPDATE OF status, fact_id ON quarantine BEGIN
    DELETE FROM price_close WHERE (series_id, day) IN
        (SELECT series_id, day FROM price_obs WHERE fact_id IN (old.fact_id, new.fact_id));
    INSERT OR REPLACE INTO price_close (series_id, day, value)
        SELECT o.series_id, o.day, o.value FROM price_obs p
        JOIN price_obs o ON o.series_id = p.series_id AND o.day = p.day
        WHERE p.fact_id = old.fact_id
          AND NOT EXISTS (SELECT 1 FROM quarantine q
              WHERE q.fact_id = o.fact_id AND q.status <> 'accepted')
        ORDER BY o.seen DESC, o.article_id DESC, o.idx DESC LIMIT 1;
    INSERT OR REPLACE INTO price_close (series_id, day, value)
        SELECT o.series_id, o.day, o.value FROM price_obs p
        JOIN price_obs o ON o.series_id = p.series_id AND o.day = p.day
        WHERE p.fact_id = new.fact_id
          AND NOT EXISTS (SELECT 1 FROM quarantine q
              WHERE q.fact_id = o.fact_id AND q.status <> 'accepted')
        ORDER BY o.seen DESC, o.article_id DESC, o.idx DESC LIMIT 1;
END;
