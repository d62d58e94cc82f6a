-- Joint tasks (SPEC §3): the work items that carry a regulation out, their citations of its text,
-- the units that lead them and take part, their history and progress reports.
-- Classification levels as for clearance: 0 unclassified, 1 confidential, 2 secret, 3 top-secret.
-- "overdue" is never stored: it is derived from due_date and status.

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
    status             TEXT NOT NULL CHECK (status IN ('draft', 'assigned', 'in_progress', 'completed', 'cancelled')),
    progress           INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    series_task_id     INTEGER NULL REFERENCES tasks (id),
    continues_task_id  INTEGER NULL REFERENCES tasks (id),
    is_demo            INTEGER NOT NULL DEFAULT 0,
    row_version        INTEGER NOT NULL DEFAULT 1,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    completed_at       TEXT NULL,
    UNIQUE (regulation_id, code),
    UNIQUE (regulation_id, seq)
);
-- Keyset paging and the list's filters.
CREATE INDEX ix_tasks_regulation ON tasks (regulation_id, classification, id);
CREATE INDEX ix_tasks_due ON tasks (regulation_id, due_date, id);
CREATE INDEX ix_tasks_status ON tasks (regulation_id, status, due_date);
CREATE INDEX ix_tasks_lead ON tasks (lead_unit_id, id);
CREATE INDEX ix_tasks_lead_agency ON tasks (lead_agency_id, id);
CREATE INDEX ix_tasks_plan_year ON tasks (regulation_id, plan_year, id);
-- One occurrence of a recurring task per due date.
CREATE UNIQUE INDEX ux_tasks_occurrence ON tasks (series_task_id, due_date) WHERE series_task_id IS NOT NULL;

CREATE TABLE task_counterparts (
    task_id  INTEGER NOT NULL REFERENCES tasks (id),
    unit_id  INTEGER NOT NULL REFERENCES units (id),
    PRIMARY KEY (task_id, unit_id)
);
CREATE INDEX ix_task_counterparts_unit ON task_counterparts (unit_id, task_id);

CREATE TABLE task_contacts (
    task_id   INTEGER NOT NULL REFERENCES tasks (id),
    ordinal   INTEGER NOT NULL,
    name      TEXT NOT NULL,
    unit_id   INTEGER NULL REFERENCES units (id),
    phone     TEXT NULL,
    email     TEXT NULL,
    PRIMARY KEY (task_id, ordinal)
);

-- A task cites provisions (articles, clauses, points) of one version of its regulation's text.
CREATE TABLE task_citations (
    task_id     INTEGER NOT NULL REFERENCES tasks (id),
    version_id  INTEGER NOT NULL REFERENCES regulation_versions (id),
    akn_id      TEXT NOT NULL,
    PRIMARY KEY (task_id, version_id, akn_id)
);
CREATE INDEX ix_task_citations_provision ON task_citations (version_id, akn_id, task_id);

CREATE TABLE progress_reports (
    id                 INTEGER PRIMARY KEY,
    task_id            INTEGER NOT NULL REFERENCES tasks (id),
    reporting_unit_id  INTEGER NOT NULL REFERENCES units (id),
    report_date        TEXT NOT NULL,
    percent_complete   INTEGER NOT NULL CHECK (percent_complete BETWEEN 0 AND 100),
    narrative          TEXT NOT NULL,
    attachment_name    TEXT NULL,
    attachment_bytes   INTEGER NULL,
    is_correction      INTEGER NOT NULL DEFAULT 0,
    created_by         TEXT NOT NULL,
    created_at         TEXT NOT NULL
);
CREATE INDEX ix_progress_reports_task ON progress_reports (task_id, report_date, id);

-- What happened to a task: creation, edits, transitions, reports.
CREATE TABLE task_history (
    id           INTEGER PRIMARY KEY,
    task_id      INTEGER NOT NULL REFERENCES tasks (id),
    occurred_at  TEXT NOT NULL,
    actor_name   TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('created', 'edited', 'transition', 'report')),
    from_status  TEXT NULL,
    to_status    TEXT NULL,
    comment      TEXT NULL,
    changes_json TEXT NULL
);
CREATE INDEX ix_task_history_task ON task_history (task_id, id);

-- Idempotent creates: the same key and body from the same caller answer the first result again.
CREATE TABLE idempotency_keys (
    caller_id      TEXT NOT NULL,
    idem_key       TEXT NOT NULL,
    request_hash   TEXT NOT NULL,
    status_code    INTEGER NOT NULL,
    location       TEXT NULL,
    response_json  TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    PRIMARY KEY (caller_id, idem_key)
);
