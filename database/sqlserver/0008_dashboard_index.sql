-- The dashboard (issue 8): one covering index in the order the dashboard groups by (regulation, lead agency, lead unit,
-- status), with what it filters and sums (classification, due date, progress). Its counts and the progress by unit are
-- one pass over this index, in order, with no sort and no table read. (0007 is SQLite's search generation: SQL Server
-- searches without FTS5, so it has no ranking to keep.)
CREATE INDEX ix_tasks_dashboard ON dbo.tasks (regulation_id, lead_agency_id, lead_unit_id, status, classification) INCLUDE (due_date, progress);
GO
