-- Quire schema v2 (PostgreSQL): comments, stored beside the document (issue 17, decision 026).
-- The same table as H2's V5 (see there); TEXT for the body, TIMESTAMPTZ for times.
CREATE TABLE comments (
    doc_id        VARCHAR(128) COLLATE "C" NOT NULL,
    id            BIGINT       NOT NULL,
    thread_id     BIGINT       NOT NULL,
    owner         VARCHAR(64)  NOT NULL,
    author        VARCHAR(64)  NOT NULL,
    body          TEXT         NOT NULL,
    created       TIMESTAMPTZ  NOT NULL,
    edited        TIMESTAMPTZ,
    deleted       BOOLEAN      NOT NULL,
    resolved      BOOLEAN      NOT NULL,
    range_start   INTEGER,
    range_end     INTEGER,
    range_version INTEGER,
    CONSTRAINT comments_pk PRIMARY KEY (doc_id, id)
);
