-- Issue 19: the transactional outbox. Every change someone may need to hear about is written here as an event, in the
-- transaction of the change, with the classification of what it concerns. Consumers (in-app notifications, e-mail,
-- webhooks) each keep a cursor: the last event id they have handled. Ids commit in order because the insert takes an
-- exclusive application lock ('coordination.events', owned by the transaction) held until the commit, so a cursor never
-- skips an event committed late with a lower id. Scheduled work runs on one instance at a time under a lease.
-- Users gain an e-mail address and a language for what is sent to them. Twin of database/sqlite/0020_events.sql.

CREATE TABLE dbo.events (
    id              BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_events PRIMARY KEY,
    event_key       NVARCHAR(40) NOT NULL CONSTRAINT uq_events_key UNIQUE,
    kind            NVARCHAR(60) NOT NULL,
    occurred_at     DATETIMEOFFSET(3) NOT NULL,
    classification  INT NOT NULL CONSTRAINT ck_events_classification CHECK (classification BETWEEN 0 AND 3),
    regulation_id   INT NULL CONSTRAINT fk_events_regulation REFERENCES dbo.regulations (id),
    task_id         INT NULL CONSTRAINT fk_events_task REFERENCES dbo.tasks (id),
    review_id       INT NULL CONSTRAINT fk_events_review REFERENCES dbo.reviews (id),
    subject_code    NVARCHAR(100) NULL,
    actor_type      NVARCHAR(20) NOT NULL,
    actor_id        NVARCHAR(100) NOT NULL,
    actor_name      NVARCHAR(200) NOT NULL,
    dedupe_key      NVARCHAR(200) NULL,
    payload_json    NVARCHAR(MAX) NOT NULL
);
GO

CREATE UNIQUE INDEX uq_events_dedupe ON dbo.events (dedupe_key) WHERE dedupe_key IS NOT NULL;
CREATE INDEX ix_events_task ON dbo.events (task_id, id);
CREATE INDEX ix_events_review ON dbo.events (review_id, id);
GO

CREATE TABLE dbo.outbox_cursors (
    consumer       NVARCHAR(100) NOT NULL CONSTRAINT pk_outbox_cursors PRIMARY KEY,
    last_event_id  BIGINT NOT NULL,
    updated_at     DATETIMEOFFSET(3) NOT NULL
);
GO

CREATE TABLE dbo.job_leases (
    name        NVARCHAR(100) NOT NULL CONSTRAINT pk_job_leases PRIMARY KEY,
    holder      NVARCHAR(200) NOT NULL,
    expires_at  DATETIMEOFFSET(3) NOT NULL
);
GO

-- Mail to send, one row per event and recipient (written by the notifications fan-out, sent by the mail worker):
-- 'single' rows are sent one by one, 'digest' rows gathered into one daily mail per recipient.
CREATE TABLE dbo.mail_queue (
    id               BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_mail_queue PRIMARY KEY,
    event_id         BIGINT NOT NULL CONSTRAINT fk_mail_queue_event REFERENCES dbo.events (id),
    user_id          INT NOT NULL CONSTRAINT fk_mail_queue_user REFERENCES dbo.users (id),
    delivery         NVARCHAR(10) NOT NULL CONSTRAINT ck_mail_queue_delivery CHECK (delivery IN ('single', 'digest')),
    status           NVARCHAR(10) NOT NULL CONSTRAINT df_mail_queue_status DEFAULT ('pending')
                     CONSTRAINT ck_mail_queue_status CHECK (status IN ('pending', 'sent', 'dropped')),
    attempts         INT NOT NULL CONSTRAINT df_mail_queue_attempts DEFAULT (0),
    next_attempt_at  DATETIMEOFFSET(3) NOT NULL,
    last_error       NVARCHAR(1000) NULL,
    sent_at          DATETIMEOFFSET(3) NULL,
    created_at       DATETIMEOFFSET(3) NOT NULL,
    CONSTRAINT uq_mail_queue_event_user UNIQUE (event_id, user_id)
);
CREATE INDEX ix_mail_queue_pending ON dbo.mail_queue (status, next_attempt_at, id);
GO

ALTER TABLE dbo.users ADD email NVARCHAR(320) NULL;
ALTER TABLE dbo.users ADD language NVARCHAR(2) NOT NULL CONSTRAINT df_users_language DEFAULT ('vi')
    CONSTRAINT ck_users_language CHECK (language IN ('vi', 'en'));
GO
