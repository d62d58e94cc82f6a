-- Side channels (issue 14): a task's history entry carries the classification of the values it holds, so that after a
-- coordinator declassifies a task, callers cleared only for its new level see that an earlier change happened but not
-- the title, description, comment or narrative written while it was classified higher. An edit holds the values before
-- and after it: its entry takes the higher of the two levels.
ALTER TABLE dbo.task_history ADD classification INT NOT NULL
    CONSTRAINT df_task_history_classification DEFAULT (0)
    CONSTRAINT ck_task_history_classification CHECK (classification BETWEEN 0 AND 3);
GO

-- Entries written before: the task's level at the time, read back from the classification changes in its own history
-- (an edit that changed it: the higher of its two values; any other entry: the level the next such change started
-- from; none later: the task's level now).
UPDATE h
SET classification = COALESCE(
    CASE WHEN own.old_level IS NULL THEN NULL WHEN own.old_level > own.new_level THEN own.old_level ELSE own.new_level END,
    next_change.old_level,
    t.classification)
FROM dbo.task_history h
JOIN dbo.tasks t ON t.id = h.task_id
CROSS APPLY (
    SELECT CASE JSON_VALUE(h.changes_json, '$.classification[0]')
               WHEN N'unclassified' THEN 0 WHEN N'confidential' THEN 1 WHEN N'secret' THEN 2 WHEN N'top-secret' THEN 3 END AS old_level,
           CASE JSON_VALUE(h.changes_json, '$.classification[1]')
               WHEN N'unclassified' THEN 0 WHEN N'confidential' THEN 1 WHEN N'secret' THEN 2 WHEN N'top-secret' THEN 3 END AS new_level) own
OUTER APPLY (
    SELECT TOP (1)
           CASE JSON_VALUE(later.changes_json, '$.classification[0]')
               WHEN N'unclassified' THEN 0 WHEN N'confidential' THEN 1 WHEN N'secret' THEN 2 WHEN N'top-secret' THEN 3 END AS old_level
    FROM dbo.task_history later
    WHERE later.task_id = h.task_id AND later.id > h.id AND JSON_VALUE(later.changes_json, '$.classification[0]') IS NOT NULL
    ORDER BY later.id) next_change;
GO

-- The same for progress reports: a report written while the task was classified higher keeps that level, and callers
-- cleared below it see that it was made (date, unit, percent) but not its narrative or attachment name.
ALTER TABLE dbo.progress_reports ADD classification INT NOT NULL
    CONSTRAINT df_progress_reports_classification DEFAULT (0)
    CONSTRAINT ck_progress_reports_classification CHECK (classification BETWEEN 0 AND 3);
GO

UPDATE r
SET classification = COALESCE(next_change.old_level, t.classification)
FROM dbo.progress_reports r
JOIN dbo.tasks t ON t.id = r.task_id
OUTER APPLY (
    SELECT TOP (1)
           CASE JSON_VALUE(later.changes_json, '$.classification[0]')
               WHEN N'unclassified' THEN 0 WHEN N'confidential' THEN 1 WHEN N'secret' THEN 2 WHEN N'top-secret' THEN 3 END AS old_level
    FROM dbo.task_history later
    WHERE later.task_id = r.task_id AND later.occurred_at > r.created_at AND JSON_VALUE(later.changes_json, '$.classification[0]') IS NOT NULL
    ORDER BY later.id) next_change;
GO
