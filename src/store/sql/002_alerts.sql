-- orewatch schema, version 2: alert rules by name (state as JSON), the
-- plausibility gate (per-series state, quarantined observations) and
-- subscriber topics.

-- Rule state was keyed by a rule's fields; rules now have names.
DROP TABLE alert_rule_state;

CREATE TABLE alert_state (
    rule        TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,
    json        TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

-- What the gate accepted so far for one price series (commodity|market|product).
CREATE TABLE gate_series (
    series      TEXT PRIMARY KEY,
    json        TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE TABLE quarantine (
    id          INTEGER PRIMARY KEY,
    fact_id     INTEGER NOT NULL UNIQUE REFERENCES facts(id) ON DELETE CASCADE,
    article_id  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    source_id   INTEGER,
    series      TEXT NOT NULL,
    day         TEXT NOT NULL,
    reason      TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'accepted', 'rejected')),
    created_at  TEXT NOT NULL,
    decided_at  TEXT
);
CREATE INDEX quarantine_status ON quarantine(status, id);

CREATE TABLE subscriber_topics (
    subscriber_id INTEGER NOT NULL REFERENCES subscribers(id) ON DELETE CASCADE,
    topic         TEXT NOT NULL COLLATE NOCASE,
    PRIMARY KEY (subscriber_id, topic)
);
