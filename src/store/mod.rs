//! Store: SQLite persistence of sources, fetches, articles, facts, alerts and mail.
