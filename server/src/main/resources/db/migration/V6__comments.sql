-- Quire schema v5 (H2): comments, stored beside the document (issue 17, decision 026).
--
-- One row per comment; a thread is its first comment (thread_id = id) and its replies (thread_id
-- = the first comment's id). Only a thread's first comment has an anchor: the range
-- [range_start, range_end) of the document at version range_version, moved to any later version
-- through the op log. A deleted comment keeps its row with empty text (deleted = TRUE), so its
-- replies stay in place. owner is whom edit and delete are allowed to: a hash of the user (or,
-- with authentication off, of the session), never the user id itself.
CREATE TABLE comments (
    doc_id        VARCHAR(128)             NOT NULL,
    id            BIGINT                   NOT NULL,
    thread_id     BIGINT                   NOT NULL,
    owner         VARCHAR(64)              NOT NULL,
    author        VARCHAR(64)              NOT NULL,
    body          CHARACTER LARGE OBJECT   NOT NULL,
    created       TIMESTAMP WITH TIME ZONE NOT NULL,
    edited        TIMESTAMP WITH TIME ZONE,
    deleted       BOOLEAN                  NOT NULL,
    resolved      BOOLEAN                  NOT NULL,
    range_start   INTEGER,
    range_end     INTEGER,
    range_version INTEGER,
    CONSTRAINT comments_pk PRIMARY KEY (doc_id, id)
);
