-- Quire schema (PostgreSQL): the last id handed out for each document's comments and
-- suggestions (decision 050). Nodes sharing the database reserve a new record's id here in one
-- statement (INSERT … ON CONFLICT DO UPDATE … RETURNING), so two nodes never give two records of
-- one document the same id; the (doc_id, id) keys of comments and suggestions stay the guard.
-- A document without a row here starts past its highest stored id (rows from before this
-- script, an import); deleting a document deletes its rows.
CREATE TABLE range_ids (
    doc_id  VARCHAR(128) COLLATE "C" NOT NULL,
    kind    VARCHAR(16)  NOT NULL,
    last_id BIGINT       NOT NULL,
    CONSTRAINT range_ids_pk PRIMARY KEY (doc_id, kind)
);
