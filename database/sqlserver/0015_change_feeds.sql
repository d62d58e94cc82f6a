-- Change feeds (issue 17): tasks, reviews, progress reports and evaluations list in the order of their changes with
-- `updatedSince`, keyset-paged on (change time, id). Each order gets an index that carries it, so a feed reads its own
-- range instead of sorting a table. The change times are the existing columns, set by every write: tasks.updated_at and
-- reviews.updated_at (an evaluation recorded now also sets its review's), progress_reports.created_at (reports are never
-- edited) and review_evaluations.evaluated_at (an evaluation is replaced, never edited in place).
-- SQL Server twin of database/sqlite/0015_change_feeds.sql.
CREATE INDEX ix_tasks_changed ON dbo.tasks (updated_at, id);
CREATE INDEX ix_tasks_regulation_changed ON dbo.tasks (regulation_id, updated_at, id);
CREATE INDEX ix_reviews_changed ON dbo.reviews (updated_at, id);
CREATE INDEX ix_progress_reports_written ON dbo.progress_reports (task_id, created_at, id);
CREATE INDEX ix_review_evaluations_recorded ON dbo.review_evaluations (review_id, evaluated_at, task_id);
GO
