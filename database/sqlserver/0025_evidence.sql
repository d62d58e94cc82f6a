-- Issue 19 (6): evidence files on progress reports and on a review's minutes. The bytes are kept in a folder
-- (Evidence:Root), named by storage_key; the row holds what the file is (name, media type, size, SHA-256), what it is
-- evidence of (a report, or a review's minutes: exactly one), its regulation (for the agency scope) and its
-- classification (inherited: the report's, 0 for a review's minutes). Rows are never updated.
-- The old progress_reports.attachment_name / attachment_bytes stay as they are: metadata of a file that was never
-- stored, kept for compatibility of /api/v1 (README, "Evidence files").
-- Twin of database/sqlite/0025_evidence.sql.

CREATE TABLE dbo.evidence (
    id                INT IDENTITY(1,1) NOT NULL CONSTRAINT pk_evidence PRIMARY KEY,
    report_id         INT NULL CONSTRAINT fk_evidence_report REFERENCES dbo.progress_reports (id),
    review_id         INT NULL CONSTRAINT fk_evidence_review REFERENCES dbo.reviews (id),
    task_id           INT NULL CONSTRAINT fk_evidence_task REFERENCES dbo.tasks (id),
    regulation_id     INT NOT NULL CONSTRAINT fk_evidence_regulation REFERENCES dbo.regulations (id),
    classification    INT NOT NULL CONSTRAINT ck_evidence_classification CHECK (classification BETWEEN 0 AND 3),
    file_name         NVARCHAR(255) NOT NULL,
    media_type        NVARCHAR(100) NOT NULL,
    size_bytes        BIGINT NOT NULL CONSTRAINT ck_evidence_size CHECK (size_bytes >= 0),
    sha256            CHAR(64) COLLATE Latin1_General_100_BIN2 NOT NULL,
    storage_key       CHAR(32) COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT ux_evidence_storage_key UNIQUE,
    uploaded_at       DATETIMEOFFSET(3) NOT NULL,
    uploaded_by       NVARCHAR(200) NOT NULL,
    uploaded_by_kind  NVARCHAR(16) NOT NULL,
    CONSTRAINT ck_evidence_parent CHECK ((report_id IS NULL AND review_id IS NOT NULL) OR (report_id IS NOT NULL AND review_id IS NULL)),
    CONSTRAINT ck_evidence_report_task CHECK (report_id IS NULL OR task_id IS NOT NULL)
);
GO

CREATE INDEX ix_evidence_report ON dbo.evidence (report_id, id);
GO

CREATE INDEX ix_evidence_review ON dbo.evidence (review_id, id);
GO
