-- Quire schema v7 (H2): chat messages, stored beside the document (issue 17, decision 032).
--
-- One row per message; id counts 1, 2, 3, ... per document (the store gives the next one), so
-- "the messages before id N" is a range of the primary key. author and color are the sender's
-- name and colour from presence when it was sent; body is plain text, never markup.
CREATE TABLE chat (
    doc_id  VARCHAR(128)             NOT NULL,
    id      BIGINT                   NOT NULL,
    author  VARCHAR(64)              NOT NULL,
    color   VARCHAR(16)              NOT NULL,
    body    CHARACTER VARYING(2000)  NOT NULL,
    created TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT chat_pk PRIMARY KEY (doc_id, id)
);
