-- The content hash of each stored briefing (SHA-256 of its HTML and text, the
-- "generated" time left out): a rendering with the same content rewrites
-- nothing, so the search index of its text is not rebuilt (src/store/briefing_save.rs).
-- NULL for a briefing stored before: its next rendering writes it.
ALTER TABLE briefings ADD COLUMN content_hash BLOB;
