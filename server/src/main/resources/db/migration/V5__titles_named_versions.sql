-- Quire schema v5 (H2): document titles and named versions (issue 12, decision 027).
--
-- title: any text a person gives the document, shown instead of its id ('' = none). It is not in
-- the journal: a title is written straight to this table once the journal is applied up to it.
ALTER TABLE documents ADD COLUMN title VARCHAR(1000) DEFAULT '' NOT NULL;

-- named_versions: names people gave versions of a document ("Sent to Ada"), one per version.
-- Deleted with the document.
CREATE TABLE named_versions (
    doc_id   VARCHAR(128)             NOT NULL,
    version  INTEGER                  NOT NULL,
    name     VARCHAR(1000)            NOT NULL,
    created  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT named_versions_pk PRIMARY KEY (doc_id, version)
);
