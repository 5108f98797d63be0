-- Quire schema v1 (H2). A PostgreSQL store keeps its own scripts.
-- documents: one row per document; version/length/updated follow the last committed op.
CREATE TABLE documents (
    id          VARCHAR(128)             NOT NULL PRIMARY KEY,
    version     INTEGER                  NOT NULL,
    doc_length  INTEGER                  NOT NULL,
    created     TIMESTAMP WITH TIME ZONE NOT NULL,
    updated     TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX documents_by_updated ON documents (updated DESC, id);

-- ops: the op log. version = the version the op produced. session_id/seq are NULL for ops
-- submitted without a session (REST); unique keys allow any number of NULLs.
-- op_json is the applied op (op_json_large instead when longer than 1,000,000 characters);
-- doc_length is the document's length after it. base_version and submit_hash describe the op as
-- submitted, so a resend of a committed seq can be told from a reused seq.
-- The documents row may lag the newest ops by a fraction of a second under load; the ops are
-- the truth (the store repairs lagging rows when it opens the database).
CREATE TABLE ops (
    doc_id        VARCHAR(128)             NOT NULL,
    version       INTEGER                  NOT NULL,
    op_json       VARCHAR(1000000),
    op_json_large CHARACTER LARGE OBJECT,
    doc_length    INTEGER                  NOT NULL,
    base_version  INTEGER                  NOT NULL,
    submit_hash   BIGINT                   NOT NULL,
    session_id    VARCHAR(64),
    seq           BIGINT,
    client_id     VARCHAR(64)              NOT NULL,
    author        VARCHAR(64)              NOT NULL,
    created       TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT ops_pk PRIMARY KEY (doc_id, version),
    CONSTRAINT ops_session_seq UNIQUE (doc_id, session_id, seq)
);

-- snapshots: full text of a document at a version (every N ops and on unload).
CREATE TABLE snapshots (
    doc_id   VARCHAR(128)             NOT NULL,
    version  INTEGER                  NOT NULL,
    content  CHARACTER LARGE OBJECT   NOT NULL,
    created  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT snapshots_pk PRIMARY KEY (doc_id, version)
);
