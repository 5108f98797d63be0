-- Quire schema v4 (PostgreSQL): chat messages, stored beside the document (issue 17, decision 032).
-- The same table as H2's V7 (see there); TIMESTAMPTZ for times.
CREATE TABLE chat (
    doc_id  VARCHAR(128) COLLATE "C" NOT NULL,
    id      BIGINT        NOT NULL,
    author  VARCHAR(64)   NOT NULL,
    color   VARCHAR(16)   NOT NULL,
    body    VARCHAR(2000) NOT NULL,
    created TIMESTAMPTZ   NOT NULL,
    CONSTRAINT chat_pk PRIMARY KEY (doc_id, id)
);
