-- orewatch schema: the archive server (issue 10): full-text search, unsubscribe,
-- subscriber time zones.

-- A subscriber's IANA time zone (NULL: the configured one) and when they
-- unsubscribed through the server's link (NULL: never; `subscribers add` clears it).
ALTER TABLE subscribers ADD COLUMN tz TEXT;
ALTER TABLE subscribers ADD COLUMN unsubscribed_at TEXT;

-- Full-text search with the trigram tokenizer: it finds words inside runs of
-- Han characters, which unicode61 keeps as one token. Three characters at
-- least; shorter terms are looked up with LIKE (store::search). External
-- content: the text lives once, in `articles` / `briefings`; triggers keep the
-- index in step with every insert, update and delete.
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, body, content='articles', content_rowid='id',
    tokenize='trigram case_sensitive 0'
);
CREATE TRIGGER articles_fts_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, body) VALUES (new.id, coalesce(new.title, ''), new.body);
END;
CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, body)
        VALUES ('delete', old.id, coalesce(old.title, ''), old.body);
END;
CREATE TRIGGER articles_fts_au AFTER UPDATE OF title, body ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, body)
        VALUES ('delete', old.id, coalesce(old.title, ''), old.body);
    INSERT INTO articles_fts (rowid, title, body) VALUES (new.id, coalesce(new.title, ''), new.body);
END;

CREATE VIRTUAL TABLE briefings_fts USING fts5(
    text, content='briefings', content_rowid='id',
    tokenize='trigram case_sensitive 0'
);
CREATE TRIGGER briefings_fts_ai AFTER INSERT ON briefings BEGIN
    INSERT INTO briefings_fts (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER briefings_fts_ad AFTER DELETE ON briefings BEGIN
    INSERT INTO briefings_fts (briefings_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER briefings_fts_au AFTER UPDATE OF text ON briefings BEGIN
    INSERT INTO briefings_fts (briefings_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO briefings_fts (rowid, text) VALUES (new.id, new.text);
END;

-- Backfill: index what is already stored.
INSERT INTO articles_fts (rowid, title, body) SELECT id, coalesce(title, ''), body FROM articles;
INSERT INTO briefings_fts (rowid, text) SELECT id, text FROM briefings;
