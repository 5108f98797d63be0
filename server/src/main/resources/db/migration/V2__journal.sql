-- The write-ahead journal (<dataDir>/journal/) holds every write before these tables do; a write
-- is acknowledged once journaled, and the tables are filled from the journal in large
-- transactions. applied_lsn is the last journal record these tables hold: on start, the records
-- after it are applied, then the journal is emptied.
CREATE TABLE journal_state (
    id          INTEGER NOT NULL PRIMARY KEY,
    applied_lsn BIGINT  NOT NULL
);
INSERT INTO journal_state (id, applied_lsn) VALUES (1, 0);
