-- Joint tasks (SPEC §3): the work items that carry a regulation out, their citations of its text,
-- the units that lead them and take part, their history and progress reports.
-- Classification levels as for clearance: 0 unclassified, 1 confidential, 2 secret, 3 top-secret.
-- "overdue" is never stored: it is derived from due_date and status.

CREATE TABLE dbo.tasks (
    id                 INT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_tasks PRIMARY KEY,
    regulation_id      INT NOT NULL CONSTRAINT fk_tasks_regulation REFERENCES dbo.regulations (id),
    seq                INT NOT NULL,
    code               NVARCHAR(32) NOT NULL,
    title_vi           NVARCHAR(1000) NOT NULL,
    title_en           NVARCHAR(1000) NOT NULL,
    description_vi     NVARCHAR(MAX) NOT NULL CONSTRAINT df_tasks_description_vi DEFAULT (N''),
    description_en     NVARCHAR(MAX) NOT NULL CONSTRAINT df_tasks_description_en DEFAULT (N''),
    lead_unit_id       INT NOT NULL CONSTRAINT fk_tasks_lead_unit REFERENCES dbo.units (id),
    lead_agency_id     INT NOT NULL CONSTRAINT fk_tasks_lead_agency REFERENCES dbo.agencies (id),
    classification     INT NOT NULL CONSTRAINT df_tasks_classification DEFAULT (0) CONSTRAINT ck_tasks_classification CHECK (classification BETWEEN 0 AND 3),
    kind               NVARCHAR(16) NOT NULL CONSTRAINT ck_tasks_kind CHECK (kind IN (N'one_off', N'recurring', N'continuous')),
    recurrence         NVARCHAR(16) NULL CONSTRAINT ck_tasks_recurrence CHECK (recurrence IN (N'monthly', N'quarterly', N'semiannual', N'annual')),
    plan_year          INT NOT NULL,
    start_date         DATE NOT NULL,
    due_date           DATE NOT NULL,
    priority           NVARCHAR(16) NOT NULL CONSTRAINT ck_tasks_priority CHECK (priority IN (N'low', N'normal', N'high', N'urgent')),
    status             NVARCHAR(16) NOT NULL CONSTRAINT ck_tasks_status CHECK (status IN (N'draft', N'assigned', N'in_progress', N'completed', N'cancelled')),
    progress           INT NOT NULL CONSTRAINT df_tasks_progress DEFAULT (0) CONSTRAINT ck_tasks_progress CHECK (progress BETWEEN 0 AND 100),
    series_task_id     INT NULL CONSTRAINT fk_tasks_series REFERENCES dbo.tasks (id),
    continues_task_id  INT NULL CONSTRAINT fk_tasks_continues REFERENCES dbo.tasks (id),
    is_demo            BIT NOT NULL CONSTRAINT df_tasks_is_demo DEFAULT (0),
    row_version        INT NOT NULL CONSTRAINT df_tasks_row_version DEFAULT (1),
    created_at         DATETIMEOFFSET(3) NOT NULL,
    updated_at         DATETIMEOFFSET(3) NOT NULL,
    completed_at       DATETIMEOFFSET(3) NULL,
    CONSTRAINT uq_tasks_code UNIQUE (regulation_id, code),
    CONSTRAINT uq_tasks_seq UNIQUE (regulation_id, seq)
);
CREATE INDEX ix_tasks_regulation ON dbo.tasks (regulation_id, classification, id);
CREATE INDEX ix_tasks_due ON dbo.tasks (regulation_id, due_date, id);
CREATE INDEX ix_tasks_status ON dbo.tasks (regulation_id, status, due_date);
CREATE INDEX ix_tasks_lead ON dbo.tasks (lead_unit_id, id);
CREATE INDEX ix_tasks_lead_agency ON dbo.tasks (lead_agency_id, id);
CREATE INDEX ix_tasks_plan_year ON dbo.tasks (regulation_id, plan_year, id);
CREATE UNIQUE INDEX ux_tasks_occurrence ON dbo.tasks (series_task_id, due_date) WHERE series_task_id IS NOT NULL;
GO

CREATE TABLE dbo.task_counterparts (
    task_id  INT NOT NULL CONSTRAINT fk_task_counterparts_task REFERENCES dbo.tasks (id),
    unit_id  INT NOT NULL CONSTRAINT fk_task_counterparts_unit REFERENCES dbo.units (id),
    CONSTRAINT pk_task_counterparts PRIMARY KEY (task_id, unit_id)
);
CREATE INDEX ix_task_counterparts_unit ON dbo.task_counterparts (unit_id, task_id);
GO

CREATE TABLE dbo.task_contacts (
    task_id   INT NOT NULL CONSTRAINT fk_task_contacts_task REFERENCES dbo.tasks (id),
    ordinal   INT NOT NULL,
    name      NVARCHAR(200) NOT NULL,
    unit_id   INT NULL CONSTRAINT fk_task_contacts_unit REFERENCES dbo.units (id),
    phone     NVARCHAR(50) NULL,
    email     NVARCHAR(200) NULL,
    CONSTRAINT pk_task_contacts PRIMARY KEY (task_id, ordinal)
);
GO

CREATE TABLE dbo.task_citations (
    task_id     INT NOT NULL CONSTRAINT fk_task_citations_task REFERENCES dbo.tasks (id),
    version_id  INT NOT NULL CONSTRAINT fk_task_citations_version REFERENCES dbo.regulation_versions (id),
    akn_id      NVARCHAR(200) NOT NULL,
    CONSTRAINT pk_task_citations PRIMARY KEY (task_id, version_id, akn_id)
);
CREATE INDEX ix_task_citations_provision ON dbo.task_citations (version_id, akn_id, task_id);
GO

CREATE TABLE dbo.progress_reports (
    id                 INT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_progress_reports PRIMARY KEY,
    task_id            INT NOT NULL CONSTRAINT fk_progress_reports_task REFERENCES dbo.tasks (id),
    reporting_unit_id  INT NOT NULL CONSTRAINT fk_progress_reports_unit REFERENCES dbo.units (id),
    report_date        DATE NOT NULL,
    percent_complete   INT NOT NULL CONSTRAINT ck_progress_reports_percent CHECK (percent_complete BETWEEN 0 AND 100),
    narrative          NVARCHAR(MAX) NOT NULL,
    attachment_name    NVARCHAR(400) NULL,
    attachment_bytes   BIGINT NULL,
    is_correction      BIT NOT NULL CONSTRAINT df_progress_reports_correction DEFAULT (0),
    created_by         NVARCHAR(200) NOT NULL,
    created_at         DATETIMEOFFSET(3) NOT NULL
);
CREATE INDEX ix_progress_reports_task ON dbo.progress_reports (task_id, report_date, id);
GO

CREATE TABLE dbo.task_history (
    id           INT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_task_history PRIMARY KEY,
    task_id      INT NOT NULL CONSTRAINT fk_task_history_task REFERENCES dbo.tasks (id),
    occurred_at  DATETIMEOFFSET(3) NOT NULL,
    actor_name   NVARCHAR(200) NOT NULL,
    kind         NVARCHAR(16) NOT NULL CONSTRAINT ck_task_history_kind CHECK (kind IN (N'created', N'edited', N'transition', N'report')),
    from_status  NVARCHAR(16) NULL,
    to_status    NVARCHAR(16) NULL,
    comment      NVARCHAR(MAX) NULL,
    changes_json NVARCHAR(MAX) NULL
);
CREATE INDEX ix_task_history_task ON dbo.task_history (task_id, id);
GO

CREATE TABLE dbo.idempotency_keys (
    caller_id      NVARCHAR(64) NOT NULL,
    idem_key       NVARCHAR(200) NOT NULL,
    request_hash   NVARCHAR(64) NOT NULL,
    status_code    INT NOT NULL,
    location       NVARCHAR(400) NULL,
    response_json  NVARCHAR(MAX) NOT NULL,
    created_at     DATETIMEOFFSET(3) NOT NULL,
    CONSTRAINT pk_idempotency_keys PRIMARY KEY (caller_id, idem_key)
);
GO
