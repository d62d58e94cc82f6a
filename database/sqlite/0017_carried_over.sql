-- The yearly cycle (issue 18). A review's conclusion closes each task it carries over with the status 'carried_over'
-- (the work goes on as its successor, whose continues_task_id names it), so every count sees a piece of work once.
-- Occurrences of a recurring task are unique per period across the whole carry-over chain of their series:
-- series_origin_id is the first series of that chain, and (series_origin_id, due_date) is unique.
--
-- SQLite cannot alter a CHECK constraint: the table is rebuilt. Foreign keys are on for this connection, so they are
-- deferred to the commit, by which time every row the other tables refer to is back under the same id.
PRAGMA defer_foreign_keys = ON;

CREATE TABLE tasks_before_0017 AS SELECT * FROM tasks;
DROP TABLE tasks;

CREATE TABLE tasks (
    id                 INTEGER PRIMARY KEY,
    regulation_id      INTEGER NOT NULL REFERENCES regulations (id),
    seq                INTEGER NOT NULL,
    code               TEXT NOT NULL,
    title_vi           TEXT NOT NULL,
    title_en           TEXT NOT NULL,
    description_vi     TEXT NOT NULL DEFAULT '',
    description_en     TEXT NOT NULL DEFAULT '',
    lead_unit_id       INTEGER NOT NULL REFERENCES units (id),
    lead_agency_id     INTEGER NOT NULL REFERENCES agencies (id),
    classification     INTEGER NOT NULL DEFAULT 0 CHECK (classification BETWEEN 0 AND 3),
    kind               TEXT NOT NULL CHECK (kind IN ('one_off', 'recurring', 'continuous')),
    recurrence         TEXT NULL CHECK (recurrence IN ('monthly', 'quarterly', 'semiannual', 'annual')),
    plan_year          INTEGER NOT NULL,
    start_date         TEXT NOT NULL,
    due_date           TEXT NOT NULL,
    priority           TEXT NOT NULL CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
    status             TEXT NOT NULL CHECK (status IN ('draft', 'assigned', 'in_progress', 'completed', 'cancelled', 'carried_over')),
    progress           INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    series_task_id     INTEGER NULL REFERENCES tasks (id),
    continues_task_id  INTEGER NULL REFERENCES tasks (id),
    is_demo            INTEGER NOT NULL DEFAULT 0,
    row_version        INTEGER NOT NULL DEFAULT 1,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    completed_at       TEXT NULL,
    series_origin_id   INTEGER NULL REFERENCES tasks (id),
    UNIQUE (regulation_id, code),
    UNIQUE (regulation_id, seq)
);

INSERT INTO tasks (id, regulation_id, seq, code, title_vi, title_en, description_vi, description_en, lead_unit_id, lead_agency_id,
    classification, kind, recurrence, plan_year, start_date, due_date, priority, status, progress, series_task_id, continues_task_id,
    is_demo, row_version, created_at, updated_at, completed_at)
SELECT id, regulation_id, seq, code, title_vi, title_en, description_vi, description_en, lead_unit_id, lead_agency_id,
    classification, kind, recurrence, plan_year, start_date, due_date, priority, status, progress, series_task_id, continues_task_id,
    is_demo, row_version, created_at, updated_at, completed_at
FROM tasks_before_0017;
DROP TABLE tasks_before_0017;

CREATE INDEX ix_tasks_regulation ON tasks (regulation_id, classification, id);
CREATE INDEX ix_tasks_due ON tasks (regulation_id, due_date, id);
CREATE INDEX ix_tasks_status ON tasks (regulation_id, status, due_date);
CREATE INDEX ix_tasks_lead ON tasks (lead_unit_id, due_date, id);
CREATE INDEX ix_tasks_lead_agency ON tasks (lead_agency_id, due_date, id);
CREATE INDEX ix_tasks_plan_year ON tasks (regulation_id, plan_year, due_date, id);
CREATE INDEX ix_tasks_dashboard ON tasks (regulation_id, lead_agency_id, lead_unit_id, status, classification, due_date, progress);
CREATE UNIQUE INDEX ux_tasks_occurrence ON tasks (series_task_id, due_date) WHERE series_task_id IS NOT NULL;
CREATE INDEX ix_tasks_continues ON tasks (continues_task_id) WHERE continues_task_id IS NOT NULL;

-- Tasks carried over before this migration stayed open beside their successor: they are closed as carried over.
UPDATE tasks
SET status = 'carried_over'
WHERE status IN ('draft', 'assigned', 'in_progress')
  AND EXISTS (SELECT 1 FROM tasks s WHERE s.continues_task_id = tasks.id);

-- The first series of each occurrence's chain. An occurrence generated twice for one period before this migration keeps
-- no origin (the first of them, by id, takes it), so the unique index can be built over the data as it is.
WITH RECURSIVE chain (series_id, origin_id, continues_id) AS (
    SELECT s.id, s.id, s.continues_task_id FROM tasks s WHERE s.kind = 'recurring'
    UNION ALL
    SELECT c.series_id, p.id, p.continues_task_id FROM chain c JOIN tasks p ON p.id = c.continues_id
),
origins AS (SELECT series_id, origin_id FROM chain WHERE continues_id IS NULL)
UPDATE tasks
SET series_origin_id = (SELECT o.origin_id FROM origins o WHERE o.series_id = tasks.series_task_id)
WHERE series_task_id IS NOT NULL;

UPDATE tasks
SET series_origin_id = NULL
WHERE series_origin_id IS NOT NULL
  AND EXISTS (SELECT 1 FROM tasks first
              WHERE first.series_origin_id = tasks.series_origin_id AND first.due_date = tasks.due_date AND first.id < tasks.id);

CREATE UNIQUE INDEX ux_tasks_occurrence_period ON tasks (series_origin_id, due_date) WHERE series_origin_id IS NOT NULL;
