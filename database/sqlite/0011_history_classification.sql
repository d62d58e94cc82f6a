-- Side channels (issue 14): a task's history entry carries the classification of the values it holds, so that after a
-- coordinator declassifies a task, callers cleared only for its new level see that an earlier change happened but not
-- the title, description, comment or narrative written while it was classified higher. An edit holds the values before
-- and after it: its entry takes the higher of the two levels.
-- SQLite twin of database/sqlserver/0011_history_classification.sql.
ALTER TABLE task_history ADD COLUMN classification INTEGER NOT NULL DEFAULT 0 CHECK (classification BETWEEN 0 AND 3);

-- Entries written before: the task's level at the time, read back from the classification changes in its own history
-- (an edit that changed it: the higher of its two values; any other entry: the level the next such change started
-- from; none later: the task's level now).
UPDATE task_history
SET classification = COALESCE(
    (SELECT max(CASE json_extract(task_history.changes_json, '$.classification[0]')
                    WHEN 'confidential' THEN 1 WHEN 'secret' THEN 2 WHEN 'top-secret' THEN 3 ELSE 0 END,
                CASE json_extract(task_history.changes_json, '$.classification[1]')
                    WHEN 'confidential' THEN 1 WHEN 'secret' THEN 2 WHEN 'top-secret' THEN 3 ELSE 0 END)
     WHERE json_extract(task_history.changes_json, '$.classification') IS NOT NULL),
    (SELECT CASE json_extract(later.changes_json, '$.classification[0]')
                WHEN 'confidential' THEN 1 WHEN 'secret' THEN 2 WHEN 'top-secret' THEN 3 ELSE 0 END
     FROM task_history later
     WHERE later.task_id = task_history.task_id AND later.id > task_history.id
       AND json_extract(later.changes_json, '$.classification') IS NOT NULL
     ORDER BY later.id
     LIMIT 1),
    (SELECT t.classification FROM tasks t WHERE t.id = task_history.task_id));

-- The same for progress reports: a report written while the task was classified higher keeps that level, and callers
-- cleared below it see that it was made (date, unit, percent) but not its narrative or attachment name.
ALTER TABLE progress_reports ADD COLUMN classification INTEGER NOT NULL DEFAULT 0 CHECK (classification BETWEEN 0 AND 3);

UPDATE progress_reports
SET classification = COALESCE(
    (SELECT CASE json_extract(later.changes_json, '$.classification[0]')
                WHEN 'confidential' THEN 1 WHEN 'secret' THEN 2 WHEN 'top-secret' THEN 3 ELSE 0 END
     FROM task_history later
     WHERE later.task_id = progress_reports.task_id AND later.occurred_at > progress_reports.created_at
       AND json_extract(later.changes_json, '$.classification') IS NOT NULL
     ORDER BY later.id
     LIMIT 1),
    (SELECT t.classification FROM tasks t WHERE t.id = progress_reports.task_id));
