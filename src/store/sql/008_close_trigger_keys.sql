-- orewatch schema (issue 11): the quarantine's close triggers find the close
-- row to drop by its key. Migration 006 matched it with a row value,
-- `(series_id, day) IN (SELECT ...)`: SQLite then builds a temporary table for
-- the subquery and walks every close of the series, about 65k instructions
-- at each quarantined figure (most of a page's store work when the gate holds
-- a few). A figure's observation is one row (price_obs.fact_id is its key),
-- so two scalar subqueries name the same row; none found drops nothing, as
-- before. The recomputation that follows is unchanged.
DROP TRIGGER IF EXISTS price_close_q_ai;
DROP TRIGGER IF EXISTS price_close_q_ad;
DROP TRIGGER IF EXISTS price_close_q_au;

CREATE TRIGGER price_close_q_ai AFTER INSERT ON quarantine BEGIN
    DELETE FROM price_close
        WHERE series_id = (SELECT series_id FROM price_obs WHERE fact_id = new.fact_id)
          AND day = (SELECT day FROM price_obs WHERE fact_id = new.fact_id);
    INSERT INTO price_close (series_id, day, value)
        SELECT o.series_id, o.day, o.value FROM price_obs p
        JOIN price_obs o ON o.series_id = p.series_id AND o.day = p.day
        WHERE p.fact_id = new.fact_id
          AND NOT EXISTS (SELECT 1 FROM quarantine q
              WHERE q.fact_id = o.fact_id AND q.status <> 'accepted')
        ORDER BY o.seen DESC, o.article_id DESC, o.idx DESC LIMIT 1;
END;
CREATE TRIGGER price_close_q_ad AFTER DELETE ON quarantine BEGIN
    DELETE FROM price_close
        WHERE series_id = (SELECT series_id FROM price_obs WHERE fact_id = old.fact_id)
          AND day = (SELECT day FROM price_obs WHERE fact_id = old.fact_id);
    INSERT INTO price_close (series_id, day, value)
        SELECT o.series_id, o.day, o.value FROM price_obs p
        JOIN price_obs o ON o.series_id = p.series_id AND o.day = p.day
        WHERE p.fact_id = old.fact_id
          AND NOT EXISTS (SELECT 1 FROM quarantine q
              WHERE q.fact_id = o.fact_id AND q.status <> 'accepted')
        ORDER BY o.seen DESC, o.article_id DESC, o.idx DESC LIMIT 1;
END;
CREATE TRIGGER price_close_q_au AFTER UPDATE OF status, fact_id ON quarantine BEGIN
    DELETE FROM price_close
        WHERE series_id = (SELECT series_id FROM price_obs WHERE fact_id = old.fact_id)
          AND day = (SELECT day FROM price_obs WHERE fact_id = old.fact_id);
    DELETE FROM price_close
        WHERE series_id = (SELECT series_id FROM price_obs WHERE fact_id = new.fact_id)
          AND day = (SELECT day FROM price_obs WHERE fact_id = new.fact_id);
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
