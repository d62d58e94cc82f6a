-- Regulation text (issue 4): editable drafts, immutable published versions, and the search index.
-- Production schema (SQL Server 2019+). Twin of database/sqlite/0004_regulation_text.sql.

-- ETags: a version's row version changes with every edit of its draft content (publishing sends it back),
-- a provision's with every edit of its own heading or text.
ALTER TABLE dbo.regulation_versions ADD row_version INT NOT NULL CONSTRAINT df_regulation_versions_row_version DEFAULT (1);
ALTER TABLE dbo.provisions ADD row_version INT NOT NULL CONSTRAINT df_provisions_row_version DEFAULT (1);
GO

-- At most one draft per regulation: an amendment starts only when no other is under way.
CREATE UNIQUE INDEX ux_regulation_versions_draft ON dbo.regulation_versions (regulation_id) WHERE status = N'draft';
CREATE INDEX ix_regulation_versions_in_force ON dbo.regulation_versions (regulation_id, status, effective_from, number);
GO

-- What the search finds. One row per searchable record: a provision now, a joint task later (kind 'task',
-- version_id NULL, its classification). The folded columns hold the text folded by TextFolding (NFD, no
-- combining marks, đ → d, lower case) as words separated by single spaces, with a space at each end;
-- they are written by the API on every change of the record. The search matches whole words with
-- LIKE N'% word %' on them; the accent- and case-insensitive collation makes an unfolded word match too.
CREATE TABLE dbo.search_documents (
    id              INT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_search_documents PRIMARY KEY,
    kind            NVARCHAR(16) NOT NULL CONSTRAINT ck_search_documents_kind CHECK (kind IN (N'provision', N'task')),
    entity_id       INT NOT NULL,
    regulation_id   INT NOT NULL CONSTRAINT fk_search_documents_regulation REFERENCES dbo.regulations (id),
    version_id      INT NULL CONSTRAINT fk_search_documents_version REFERENCES dbo.regulation_versions (id),
    classification  INT NOT NULL CONSTRAINT df_search_documents_classification DEFAULT (0)
                    CONSTRAINT ck_search_documents_classification CHECK (classification BETWEEN 0 AND 3),
    folded_heading  NVARCHAR(4000) COLLATE Latin1_General_100_CI_AI NOT NULL,
    folded_body     NVARCHAR(MAX) COLLATE Latin1_General_100_CI_AI NOT NULL,
    CONSTRAINT uq_search_documents_entity UNIQUE (kind, entity_id)
);
CREATE INDEX ix_search_documents_regulation ON dbo.search_documents (regulation_id, version_id);
GO
