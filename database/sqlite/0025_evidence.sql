-- Issue 19 (6): evidence files on progress reports and on a review's minutes. The bytes are kept in a folder
-- (Evidence:Root), named by storage_key; the row holds what the file is (name, media type, size, SHA-256), what it is
-- evidence of (a report, or a review's minutes: exactly one), its regulation (for the agency scope) and its
-- classification (inherited: the report's, 0 for a review's minutes). Rows are never updated.
-- The old progress_reports.attachment_name / attachment_bytes stay as they are: metadata of a file that was never
-- stored, kept for compatibility of /api/v1 (README, "Evidence files").
-- SQLite twin of database/sqlserver/0025_evidence.sql.

CREATE TABLE evidence (
    id                INTEGER PRIMARY KEY,
    report_id         INTEGER NULL REFERENCES progress_reports (id),
    review_id         INTEGER NULL REFERENCES reviews (id),
    task_id           INTEGER NULL REFERENCES tasks (id),
    regulation_id     INTEGER NOT NULL REFERENCES regulations (id),
    classification    INTEGER NOT NULL CHECK (classification BETWEEN 0 AND 3),
    file_name         TEXT NOT NULL,
    media_type        TEXT NOT NULL,
    size_bytes        INTEGER NOT NULL CHECK (size_bytes >= 0),
    sha256            TEXT NOT NULL,
    storage_key       TEXT NOT NULL UNIQUE,
    uploaded_at       TEXT NOT NULL,
    uploaded_by       TEXT NOT NULL,
    uploaded_by_kind  TEXT NOT NULL,
    CHECK ((report_id IS NULL) <> (review_id IS NULL)),
    CHECK (report_id IS NULL OR task_id IS NOT NULL)
);
CREATE INDEX ix_evidence_report ON evidence (report_id, id);
CREATE INDEX ix_evidence_review ON evidence (review_id, id);
