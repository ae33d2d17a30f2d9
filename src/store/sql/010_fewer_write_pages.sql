-- orewatch schema (issue 11): fewer B-tree pages written by each page's
-- transaction. Every index an insert touches is one more page in the WAL at
-- commit (measured on the cycle bench: 41 pages a commit before this).
--
-- facts(kind, commodity) put each fact of an article on the leaf of its kind
-- and commodity, so one article's facts dirtied about five leaves. Every query
-- on facts by kind compares lower(commodity), which no index serves: the
-- index only ever narrowed by kind. (kind, article_id) narrows the same way and
-- keeps an article's facts of one kind side by side, at the end of the index.
DROP INDEX IF EXISTS facts_kind_commodity;
CREATE INDEX IF NOT EXISTS facts_kind ON facts(kind, article_id);

-- No query reads articles by fetched_at alone: the day filter uses
-- articles_day (published, fetched_at).
DROP INDEX IF EXISTS articles_fetched;
