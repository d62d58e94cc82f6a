-- Regulation text (issue 4): editable drafts, immutable published versions, and the search index.
-- SQLite twin of database/sqlserver/0004_regulation_text.sql.

-- ETags: a version's row version changes with every edit of its draft content (publishing sends it back),
-- a provision's with every edit of its own heading or text.
ALTER TABLE regulation_versions ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE provisions ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;

-- At most one draft per regulation: an amendment starts only when no other is under way.
CREATE UNIQUE INDEX ux_regulation_versions_draft ON regulation_versions (regulation_id) WHERE status = 'draft';
CREATE INDEX ix_regulation_versions_in_force ON regulation_versions (regulation_id, status, effective_from, number);

-- What the search finds. One row per searchable record: a provision now, a joint task later (kind 'task',
-- version_id NULL, its classification). The folded columns hold the text folded by TextFolding (NFD, no
-- combining marks, đ → d, lower case) as words separated by single spaces, with a space at each end;
-- they are written by the API on every change of the record (SQL cannot fold Vietnamese the same way).
CREATE TABLE search_documents (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('provision', 'task')),
    entity_id       INTEGER NOT NULL,
    regulation_id   INTEGER NOT NULL REFERENCES regulations (id),
    version_id      INTEGER NULL REFERENCES regulation_versions (id),
    classification  INTEGER NOT NULL DEFAULT 0 CHECK (classification BETWEEN 0 AND 3),
    folded_heading  TEXT NOT NULL,
    folded_body     TEXT NOT NULL,
    UNIQUE (kind, entity_id)
);
CREATE INDEX ix_search_documents_regulation ON search_documents (regulation_id, version_id);

-- Full-text index over the folded columns (external content: the text lives once, in search_documents),
-- kept in step by the triggers below. Ranked with bm25().
CREATE VIRTUAL TABLE search_fts USING fts5 (
    folded_heading, folded_body,
    content = 'search_documents', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 0'
);

CREATE TRIGGER search_documents_ai AFTER INSERT ON search_documents BEGIN
    INSERT INTO search_fts (rowid, folded_heading, folded_body) VALUES (new.id, new.folded_heading, new.folded_body);
END;

CREATE TRIGGER search_documents_ad AFTER DELETE ON search_documents BEGIN
    INSERT INTO search_fts (search_fts, rowid, folded_heading, folded_body) VALUES ('delete', old.id, old.folded_heading, old.folded_body);
END;

CREATE TRIGGER search_documents_au AFTER UPDATE ON search_documents BEGIN
    INSERT INTO search_fts (search_fts, rowid, folded_heading, folded_body) VALUES ('delete', old.id, old.folded_heading, old.folded_body);
    INSERT INTO search_fts (rowid, folded_heading, folded_body) VALUES (new.id, new.folded_heading, new.folded_body);
END;
