-- Quire schema v1 (PostgreSQL). H2 keeps its own scripts under db/migration (its op log is keyed
-- by one BIGINT and its text columns are H2's CLOBs); see decision 018.
--
-- Ids compare as bytes (COLLATE "C"), as in H2, so the list orders the same on both stores.
-- documents: one row per document; version/length/updated are those of its newest op, updated
-- in the transaction that inserts the op. The row is the lock every committer of a document
-- takes (SELECT ... FOR UPDATE), so commits of one document are serialised across nodes.
CREATE TABLE documents (
    id          VARCHAR(128) COLLATE "C" NOT NULL PRIMARY KEY,
    version     INTEGER      NOT NULL,
    doc_length  INTEGER      NOT NULL,
    created     TIMESTAMPTZ  NOT NULL,
    updated     TIMESTAMPTZ  NOT NULL
);
CREATE INDEX documents_by_updated ON documents (updated DESC, id);

-- ops: the op log. version = the version the op produced; the primary key (doc_id, version) is
-- what orders a document's ops: an op is committed at version v+1 only once. session_id/seq are
-- NULL for ops without a session (REST); the unique (doc_id, session_id, seq) key is the
-- exactly-once key, shared by every node. op_json is the applied op in its JSON wire form (which
-- escapes control characters, so TEXT holds it); base_version and submit_hash describe the op as
-- submitted, so a resend of a committed seq can be told from a reused seq.
CREATE TABLE ops (
    doc_id        VARCHAR(128) COLLATE "C" NOT NULL,
    version       INTEGER      NOT NULL CHECK (version >= 1),
    op_json       TEXT         NOT NULL,
    doc_length    INTEGER      NOT NULL,
    base_version  INTEGER      NOT NULL,
    submit_hash   BIGINT       NOT NULL,
    session_id    VARCHAR(96),
    seq           BIGINT,
    client_id     VARCHAR(64)  NOT NULL,
    author        VARCHAR(64)  NOT NULL,
    created       TIMESTAMPTZ  NOT NULL,
    CONSTRAINT ops_doc_version PRIMARY KEY (doc_id, version),
    CONSTRAINT ops_doc_session_seq UNIQUE (doc_id, session_id, seq)
);

-- snapshots: full text of a document at a version, as UTF-8 bytes (a document may hold U+0000,
-- which PostgreSQL's TEXT cannot).
CREATE TABLE snapshots (
    doc_id   VARCHAR(128) COLLATE "C" NOT NULL,
    version  INTEGER      NOT NULL,
    content  BYTEA        NOT NULL,
    created  TIMESTAMPTZ  NOT NULL,
    CONSTRAINT snapshots_pk PRIMARY KEY (doc_id, version)
);

-- nodes: the servers using this database. Each refreshes last_seen (the database's clock) every
-- few seconds and deletes its row when it stops; a node without a bus refuses to start while
-- another node's row is fresh (it would serve stale documents).
CREATE TABLE nodes (
    node_id    VARCHAR(64)  NOT NULL PRIMARY KEY,
    instance   VARCHAR(36)  NOT NULL,
    bus        VARCHAR(256) NOT NULL,
    started    TIMESTAMPTZ  NOT NULL,
    last_seen  TIMESTAMPTZ  NOT NULL
);
