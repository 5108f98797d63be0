-- Quire schema (PostgreSQL): suggestions, stored beside the document (issue 17, decision 034).
-- The same table as H2's V9__suggestions.sql (see there); TEXT for the body, TIMESTAMPTZ for times.
CREATE TABLE suggestions (
    doc_id        VARCHAR(128) COLLATE "C" NOT NULL,
    id            BIGINT       NOT NULL,
    owner         VARCHAR(64)  NOT NULL,
    author        VARCHAR(64)  NOT NULL,
    body          TEXT         NOT NULL,
    created       TIMESTAMPTZ  NOT NULL,
    edited        TIMESTAMPTZ,
    status        VARCHAR(16)  NOT NULL,
    decided       TIMESTAMPTZ,
    decided_by    VARCHAR(64),
    accepted_in   INTEGER,
    range_start   INTEGER      NOT NULL,
    range_end     INTEGER      NOT NULL,
    range_version INTEGER      NOT NULL,
    CONSTRAINT suggestions_pk PRIMARY KEY (doc_id, id)
);
