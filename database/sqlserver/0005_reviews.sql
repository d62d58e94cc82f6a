-- Reviews (SPEC §3): annual reviews hosted in turn, the preliminary review after N years, extraordinary ones;
-- the evaluation of each task of the period; the plan each concluded review adopted; recognitions.

CREATE TABLE dbo.reviews (
    id                  INT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_reviews PRIMARY KEY,
    regulation_id       INT NOT NULL CONSTRAINT fk_reviews_regulation REFERENCES dbo.regulations (id),
    kind                NVARCHAR(16) NOT NULL CONSTRAINT ck_reviews_kind CHECK (kind IN (N'annual', N'preliminary', N'extraordinary')),
    period_year         INT NOT NULL,
    host_agency_id      INT NOT NULL CONSTRAINT fk_reviews_host REFERENCES dbo.agencies (id),
    status              NVARCHAR(16) NOT NULL CONSTRAINT ck_reviews_status CHECK (status IN (N'planned', N'scheduled', N'held', N'concluded', N'postponed', N'cancelled')),
    planned_month       INT NULL CONSTRAINT ck_reviews_month CHECK (planned_month BETWEEN 1 AND 12),
    scheduled_on        DATE NULL,
    venue               NVARCHAR(400) NULL,
    chairs              NVARCHAR(1000) NULL,
    attendees           NVARCHAR(MAX) NULL,
    minutes             NVARCHAR(MAX) NULL,
    status_reason       NVARCHAR(1000) NULL,
    baseline_review_id  INT NULL CONSTRAINT fk_reviews_baseline REFERENCES dbo.reviews (id),
    adopted_plan_year   INT NULL,
    concluded_at        DATETIMEOFFSET(3) NULL,
    is_generated        BIT NOT NULL CONSTRAINT df_reviews_generated DEFAULT (0),
    row_version         INT NOT NULL CONSTRAINT df_reviews_row_version DEFAULT (1),
    created_at          DATETIMEOFFSET(3) NOT NULL,
    updated_at          DATETIMEOFFSET(3) NOT NULL
);
CREATE UNIQUE INDEX ux_reviews_scheduled ON dbo.reviews (regulation_id, kind, period_year) WHERE kind <> N'extraordinary';
CREATE INDEX ix_reviews_date ON dbo.reviews (scheduled_on, id);
GO

CREATE TABLE dbo.review_evaluations (
    review_id     INT NOT NULL CONSTRAINT fk_review_evaluations_review REFERENCES dbo.reviews (id),
    task_id       INT NOT NULL CONSTRAINT fk_review_evaluations_task REFERENCES dbo.tasks (id),
    result        NVARCHAR(20) NOT NULL CONSTRAINT ck_review_evaluations_result CHECK (result IN (N'achieved', N'partly_achieved', N'not_achieved', N'not_applicable')),
    comment       NVARCHAR(MAX) NULL,
    evaluated_by  NVARCHAR(200) NOT NULL,
    evaluated_at  DATETIMEOFFSET(3) NOT NULL,
    CONSTRAINT pk_review_evaluations PRIMARY KEY (review_id, task_id)
);
CREATE INDEX ix_review_evaluations_task ON dbo.review_evaluations (task_id, review_id);
GO

CREATE TABLE dbo.review_plan_items (
    review_id       INT NOT NULL CONSTRAINT fk_review_plan_items_review REFERENCES dbo.reviews (id),
    task_id         INT NOT NULL CONSTRAINT fk_review_plan_items_task REFERENCES dbo.tasks (id),
    origin          NVARCHAR(16) NOT NULL CONSTRAINT ck_review_plan_items_origin CHECK (origin IN (N'carried_over', N'new', N'occurrence')),
    source_task_id  INT NULL CONSTRAINT fk_review_plan_items_source REFERENCES dbo.tasks (id),
    CONSTRAINT pk_review_plan_items PRIMARY KEY (review_id, task_id)
);
GO

CREATE TABLE dbo.recognitions (
    id                   INT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_recognitions PRIMARY KEY,
    award_vi             NVARCHAR(400) NOT NULL,
    award_en             NVARCHAR(400) NOT NULL,
    awarding_agency_id   INT NOT NULL CONSTRAINT fk_recognitions_agency REFERENCES dbo.agencies (id),
    recipient_person_id  INT NULL CONSTRAINT fk_recognitions_person REFERENCES dbo.persons (id),
    recipient_unit_id    INT NULL CONSTRAINT fk_recognitions_unit REFERENCES dbo.units (id),
    awarded_on           DATE NOT NULL,
    occasion_vi          NVARCHAR(1000) NOT NULL,
    occasion_en          NVARCHAR(1000) NOT NULL,
    regulation_id        INT NULL CONSTRAINT fk_recognitions_regulation REFERENCES dbo.regulations (id),
    is_demo              BIT NOT NULL CONSTRAINT df_recognitions_is_demo DEFAULT (0),
    created_at           DATETIMEOFFSET(3) NOT NULL,
    CONSTRAINT ck_recognitions_recipient CHECK ((recipient_person_id IS NULL AND recipient_unit_id IS NOT NULL) OR (recipient_person_id IS NOT NULL AND recipient_unit_id IS NULL))
);
CREATE INDEX ix_recognitions_awarded ON dbo.recognitions (awarded_on, id);
GO

CREATE TABLE dbo.feed_tokens (
    user_id     INT NOT NULL CONSTRAINT pk_feed_tokens PRIMARY KEY CONSTRAINT fk_feed_tokens_user REFERENCES dbo.users (id),
    token_hash  NVARCHAR(64) NOT NULL CONSTRAINT uq_feed_tokens_hash UNIQUE,
    created_at  DATETIMEOFFSET(3) NOT NULL
);
GO
