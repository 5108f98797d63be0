-- Quire schema (H2): suggestions, stored beside the document (issue 17, decision 034).
--
-- One row per suggestion: the proposed replacement (body) of the range [range_start, range_end)
-- of the document at version range_version, moved to any later version through the op log like
-- a comment thread's anchor. status is open, accepted or rejected; decided and decided_by are set
-- on a decided one, accepted_in is the version the acceptance's op produced (NULL when nothing
-- had to change). owner is whom edit is allowed to: a hash of the user or session.
CREATE TABLE suggestions (
    doc_id        VARCHAR(128)             NOT NULL,
    id            BIGINT                   NOT NULL,
    owner         VARCHAR(64)              NOT NULL,
    author        VARCHAR(64)              NOT NULL,
    body          CHARACTER LARGE OBJECT   NOT NULL,
    created       TIMESTAMP WITH TIME ZONE NOT NULL,
    edited        TIMESTAMP WITH TIME ZONE,
    status        VARCHAR(16)              NOT NULL,
    decided       TIMESTAMP WITH TIME ZONE,
    decided_by    VARCHAR(64),
    accepted_in   INTEGER,
    range_start   INTEGER                  NOT NULL,
    range_end     INTEGER                  NOT NULL,
    range_version INTEGER                  NOT NULL,
    CONSTRAINT suggestions_pk PRIMARY KEY (doc_id, id)
);
