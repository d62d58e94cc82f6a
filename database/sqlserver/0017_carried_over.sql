-- The yearly cycle (issue 18). A review's conclusion closes each task it carries over with the status 'carried_over'
-- (the work goes on as its successor, whose continues_task_id names it), so every count sees a piece of work once.
-- Occurrences of a recurring task are unique per period across the whole carry-over chain of their series:
-- series_origin_id is the first series of that chain, and (series_origin_id, due_date) is unique.
ALTER TABLE dbo.tasks DROP CONSTRAINT ck_tasks_status;
ALTER TABLE dbo.tasks ADD CONSTRAINT ck_tasks_status
    CHECK (status IN (N'draft', N'assigned', N'in_progress', N'completed', N'cancelled', N'carried_over'));
ALTER TABLE dbo.tasks ADD series_origin_id INT NULL CONSTRAINT fk_tasks_series_origin REFERENCES dbo.tasks (id);
GO

CREATE INDEX ix_tasks_continues ON dbo.tasks (continues_task_id) WHERE continues_task_id IS NOT NULL;
GO

-- Tasks carried over before this migration stayed open beside their successor: they are closed as carried over.
UPDATE t
SET status = N'carried_over'
FROM dbo.tasks t
WHERE t.status IN (N'draft', N'assigned', N'in_progress')
  AND EXISTS (SELECT 1 FROM dbo.tasks s WHERE s.continues_task_id = t.id);
GO

-- The first series of each occurrence's chain. An occurrence generated twice for one period before this migration keeps
-- no origin (the first of them, by id, takes it), so the unique index can be built over the data as it is.
WITH chain (series_id, origin_id, continues_id) AS (
    SELECT s.id, s.id, s.continues_task_id FROM dbo.tasks s WHERE s.kind = N'recurring'
    UNION ALL
    SELECT c.series_id, p.id, p.continues_task_id FROM chain c JOIN dbo.tasks p ON p.id = c.continues_id
)
UPDATE t
SET series_origin_id = o.origin_id
FROM dbo.tasks t
JOIN chain o ON o.series_id = t.series_task_id AND o.continues_id IS NULL;
GO

UPDATE t
SET series_origin_id = NULL
FROM dbo.tasks t
WHERE t.series_origin_id IS NOT NULL
  AND EXISTS (SELECT 1 FROM dbo.tasks f
              WHERE f.series_origin_id = t.series_origin_id AND f.due_date = t.due_date AND f.id < t.id);
GO

CREATE UNIQUE INDEX ux_tasks_occurrence_period ON dbo.tasks (series_origin_id, due_date) WHERE series_origin_id IS NOT NULL;
GO
