-- Quire schema (PostgreSQL): who inserted each span of a snapshot's text (issue 17, decision
-- 033), in the form of dev.quire.server.storage.AuthorshipText. NULL for snapshots from before:
-- their text is by an unknown author.
ALTER TABLE snapshots ADD COLUMN authorship BYTEA;
