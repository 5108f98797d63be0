-- Quire schema v2 (PostgreSQL): document titles and named versions (issue 12, decision 027).
--
-- title: any text a person gives the document, shown instead of its id ('' = none).
ALTER TABLE documents ADD COLUMN title VARCHAR(1000) NOT NULL DEFAULT '';

-- named_versions: names people gave versions of a document ("Sent to Ada"), one per version.
-- Deleted with the document.
CREATE TABLE named_versions (
    doc_id   VARCHAR(128) COLLATE "C" NOT NULL,
    version  INTEGER      NOT NULL,
    name     VARCHAR(1000) NOT NULL,
    created  TIMESTAMPTZ  NOT NULL,
    CONSTRAINT named_versions_pk PRIMARY KEY (doc_id, version)
);
