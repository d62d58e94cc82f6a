-- Side channels (issue 14): a review's evaluation carries the classification of the values it holds (its comment), set
-- from its task's classification when written, so that after a coordinator declassifies the task, callers cleared only
-- for its new level see the result but not a comment written while it was classified higher. The default is the
-- highest level: a writer that forgets the column withholds the comment rather than showing it.
-- SQLite twin of database/sqlserver/0014_evaluation_classification.sql.
ALTER TABLE review_evaluations ADD COLUMN classification INTEGER NOT NULL DEFAULT 3 CHECK (classification BETWEEN 0 AND 3);

-- Evaluations written before: the task's level at the time, read back from its history (the level the next
-- classification change after the evaluation started from; none later: the task's level now).
UPDATE review_evaluations
SET classification = COALESCE(
    (SELECT CASE json_extract(later.changes_json, '$.classification[0]')
                WHEN 'confidential' THEN 1 WHEN 'secret' THEN 2 WHEN 'top-secret' THEN 3 ELSE 0 END
     FROM task_history later
     WHERE later.task_id = review_evaluations.task_id AND later.occurred_at > review_evaluations.evaluated_at
       AND json_extract(later.changes_json, '$.classification') IS NOT NULL
     ORDER BY later.id
     LIMIT 1),
    (SELECT t.classification FROM tasks t WHERE t.id = review_evaluations.task_id));
