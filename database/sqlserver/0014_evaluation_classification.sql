-- Side channels (issue 14): a review's evaluation carries the classification of the values it holds (its comment), set
-- from its task's classification when written, so that after a coordinator declassifies the task, callers cleared only
-- for its new level see the result but not a comment written while it was classified higher. The default is the
-- highest level: a writer that forgets the column withholds the comment rather than showing it.
ALTER TABLE dbo.review_evaluations ADD classification INT NOT NULL
    CONSTRAINT df_review_evaluations_classification DEFAULT (3)
    CONSTRAINT ck_review_evaluations_classification CHECK (classification BETWEEN 0 AND 3);
GO

-- Evaluations written before: the task's level at the time, read back from its history (the level the next
-- classification change after the evaluation started from; none later: the task's level now).
UPDATE e
SET classification = COALESCE(next_change.old_level, t.classification)
FROM dbo.review_evaluations e
JOIN dbo.tasks t ON t.id = e.task_id
OUTER APPLY (
    SELECT TOP (1)
           CASE JSON_VALUE(later.changes_json, '$.classification[0]')
               WHEN N'unclassified' THEN 0 WHEN N'confidential' THEN 1 WHEN N'secret' THEN 2 WHEN N'top-secret' THEN 3 END AS old_level
    FROM dbo.task_history later
    WHERE later.task_id = e.task_id AND later.occurred_at > e.evaluated_at AND JSON_VALUE(later.changes_json, '$.classification[0]') IS NOT NULL
    ORDER BY later.id) next_change;
GO
