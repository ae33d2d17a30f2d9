-- orewatch schema, version 1. Timestamps are UTC text '%Y-%m-%dT%H:%M:%S.ffffffZ'
-- (fixed width, so text order is time order); days are 'YYYY-MM-DD'.

CREATE TABLE sources (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    url         TEXT NOT NULL
);

CREATE TABLE fetches (
    id            INTEGER PRIMARY KEY,
    source_id     INTEGER REFERENCES sources(id) ON DELETE SET NULL,
    url           TEXT NOT NULL,
    status        INTEGER,
    etag          TEXT,
    last_modified TEXT,
    bytes         INTEGER,
    error         TEXT,
    fetched_at    TEXT NOT NULL
);
CREATE INDEX fetches_url ON fetches(url, id);

CREATE TABLE articles (
    id            INTEGER PRIMARY KEY,
    source_id     INTEGER NOT NULL REFERENCES sources(id),
    url           TEXT NOT NULL UNIQUE,
    title         TEXT,
    published     TEXT,
    body          TEXT NOT NULL,
    sectors_json  TEXT NOT NULL,
    content_hash  TEXT NOT NULL,
    -- first seen: kept when the content changes, so an undated article keeps its day
    fetched_at    TEXT NOT NULL,
    -- fetch time of the stored version
    updated_at    TEXT NOT NULL
);
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_fetched ON articles(fetched_at);

CREATE TABLE facts (
    id          INTEGER PRIMARY KEY,
    article_id  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx         INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    commodity   TEXT,
    institution TEXT,
    name        TEXT,
    ticker      TEXT,
    value       REAL,
    change_pct  REAL,
    currency    TEXT,
    unit        TEXT,
    market      TEXT,
    product     TEXT,
    period      TEXT,
    direction   TEXT,
    as_of       TEXT,
    sentence    TEXT NOT NULL,
    json        TEXT NOT NULL,
    UNIQUE (article_id, idx)
);
CREATE INDEX facts_kind_commodity ON facts(kind, commodity);

CREATE TABLE forecast_history (
    id          INTEGER PRIMARY KEY,
    fact_id     INTEGER NOT NULL REFERENCES facts(id) ON DELETE CASCADE,
    institution TEXT NOT NULL,
    commodity   TEXT NOT NULL,
    period      TEXT NOT NULL,
    currency    TEXT NOT NULL,
    unit        TEXT NOT NULL,
    value       REAL NOT NULL,
    previous    REAL,
    direction   TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX forecast_history_key
    ON forecast_history(institution, commodity, period, currency, unit, id);
CREATE INDEX forecast_history_fact ON forecast_history(fact_id);

CREATE TABLE alert_rule_state (
    rule_key    TEXT PRIMARY KEY,
    side        TEXT NOT NULL CHECK (side IN ('above', 'below')),
    value       REAL NOT NULL,
    observed    TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE TABLE alerts (
    id          INTEGER PRIMARY KEY,
    key         TEXT NOT NULL UNIQUE,
    rule_key    TEXT NOT NULL,
    article_id  INTEGER REFERENCES articles(id) ON DELETE SET NULL,
    fact_idx    INTEGER NOT NULL,
    day         TEXT NOT NULL,
    summary     TEXT NOT NULL,
    json        TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

CREATE TABLE subscribers (
    id          INTEGER PRIMARY KEY,
    email       TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name        TEXT,
    briefing    INTEGER NOT NULL,
    alerts      INTEGER NOT NULL,
    created_at  TEXT NOT NULL
);

CREATE TABLE briefings (
    id          INTEGER PRIMARY KEY,
    day         TEXT NOT NULL UNIQUE,
    html        TEXT NOT NULL,
    text        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    -- when its mail was enqueued (once per day); NULL: not mailed yet
    mailed_at   TEXT
);

CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    message_id      TEXT NOT NULL UNIQUE,
    kind            TEXT NOT NULL CHECK (kind IN ('alert', 'briefing')),
    ref_key         TEXT NOT NULL,
    sender          TEXT NOT NULL,
    recipient       TEXT NOT NULL,
    subject         TEXT NOT NULL,
    raw             BLOB NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error      TEXT,
    created_at      TEXT NOT NULL,
    sent_at         TEXT
);
CREATE INDEX outbox_due ON outbox(status, next_attempt_at);

CREATE TABLE job_runs (
    id            INTEGER PRIMARY KEY,
    job           TEXT NOT NULL,
    scheduled_for TEXT NOT NULL,
    started_at    TEXT NOT NULL,
    UNIQUE (job, scheduled_for)
);

-- Facts about the database itself, e.g. when the configured subscribers were seeded.
CREATE TABLE meta (
    key         TEXT PRIMARY KEY,
    value       TEXT NOT NULL
);
