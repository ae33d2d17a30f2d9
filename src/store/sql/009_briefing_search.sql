-- orewatch schema (issue 11): a briefing's search entries are its own text, the
-- part before its list of articles and its quoted sources. Those two sections
-- (85 % of a full day's 150 KB) repeat the articles' titles, sentences and
-- addresses, which articles_fts already indexes: a search finds the article
-- itself. Indexing the rest costs a sixth of indexing it all.
-- The cut is at the first line reading ARTICLES or SOURCES OF THE FIGURES
-- (templates/briefing.txt); without either, the whole text. The view is the
-- FTS table's external content, so snippets are cut from the same text.
DROP TRIGGER IF EXISTS briefings_fts_ai;
DROP TRIGGER IF EXISTS briefings_fts_ad;
DROP TRIGGER IF EXISTS briefings_fts_au;
DROP TABLE IF EXISTS briefings_fts;
DROP VIEW IF EXISTS briefings_search;

CREATE VIEW briefings_search (id, day, text) AS
    SELECT id, day, substr(text, 1, coalesce(nullif(instr(text, char(10) || 'ARTICLES' || char(10)), 0), nullif(instr(text, char(10) || 'SOURCES OF THE FIGURES' || char(10)), 0), length(text))) FROM briefings;

CREATE VIRTUAL TABLE briefings_fts USING fts5(
    text, content='briefings_search', content_rowid='id',
    tokenize='trigram case_sensitive 0'
);
CREATE TRIGGER briefings_fts_ai AFTER INSERT ON briefings BEGIN
    INSERT INTO briefings_fts (rowid, text) VALUES (new.id, substr(new.text, 1, coalesce(nullif(instr(new.text, char(10) || 'ARTICLES' || char(10)), 0), nullif(instr(new.text, char(10) || 'SOURCES OF THE FIGURES' || char(10)), 0), length(new.text))));
END;
CREATE TRIGGER briefings_fts_ad AFTER DELETE ON briefings BEGIN
    INSERT INTO briefings_fts (briefings_fts, rowid, text) VALUES ('delete', old.id, substr(old.text, 1, coalesce(nullif(instr(old.text, char(10) || 'ARTICLES' || char(10)), 0), nullif(instr(old.text, char(10) || 'SOURCES OF THE FIGURES' || char(10)), 0), length(old.text))));
END;
-- A new rendering whose indexed part is the same (only its articles or its HTML
-- changed) leaves the entries as they are.
CREATE TRIGGER briefings_fts_au AFTER UPDATE OF text ON briefings
    WHEN substr(old.text, 1, coalesce(nullif(instr(old.text, char(10) || 'ARTICLES' || char(10)), 0), nullif(instr(old.text, char(10) || 'SOURCES OF THE FIGURES' || char(10)), 0), length(old.text))) IS NOT substr(new.text, 1, coalesce(nullif(instr(new.text, char(10) || 'ARTICLES' || char(10)), 0), nullif(instr(new.text, char(10) || 'SOURCES OF THE FIGURES' || char(10)), 0), length(new.text)))
BEGIN
    INSERT INTO briefings_fts (briefings_fts, rowid, text) VALUES ('delete', old.id, substr(old.text, 1, coalesce(nullif(instr(old.text, char(10) || 'ARTICLES' || char(10)), 0), nullif(instr(old.text, char(10) || 'SOURCES OF THE FIGURES' || char(10)), 0), length(old.text))));
    INSERT INTO briefings_fts (rowid, text) VALUES (new.id, substr(new.text, 1, coalesce(nullif(instr(new.text, char(10) || 'ARTICLES' || char(10)), 0), nullif(instr(new.text, char(10) || 'SOURCES OF THE FIGURES' || char(10)), 0), length(new.text))));
END;

-- Backfill: index what is already stored, from the view.
INSERT INTO briefings_fts (briefings_fts) VALUES ('rebuild');
