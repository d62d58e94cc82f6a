-- Authority is current (issue 14). Each user has a security stamp, carried in their tokens and changed by every act that
-- changes what they may do (roles, clearance, deactivation, a new password): a token whose stamp is not the user's
-- current one is refused. The access generation is one row bumped, by the triggers below and so in the same transaction,
-- by any change to a user or an API client, whoever makes it (an endpoint, a script, an operator); every instance reads
-- it on each request (one primary-key read) and drops its cached users and keys when it moved, so a change made through
-- one instance is enforced by all on their very next request. Sign-in bookkeeping (failed_sign_ins, locked_until)
-- does not move it.
ALTER TABLE dbo.users ADD security_stamp NVARCHAR(64) NOT NULL
    CONSTRAINT df_users_security_stamp DEFAULT (LOWER(REPLACE(CONVERT(NVARCHAR(36), NEWID()), N'-', N'')));
GO

CREATE TABLE dbo.access_generation (
    id          INT NOT NULL CONSTRAINT pk_access_generation PRIMARY KEY CONSTRAINT ck_access_generation_single CHECK (id = 1),
    generation  BIGINT NOT NULL
);
INSERT INTO dbo.access_generation (id, generation) VALUES (1, 1);
GO

CREATE TRIGGER dbo.tr_users_access ON dbo.users AFTER INSERT, UPDATE, DELETE AS
BEGIN
    SET NOCOUNT ON;
    IF NOT EXISTS (SELECT 1 FROM inserted) AND NOT EXISTS (SELECT 1 FROM deleted) RETURN;
    IF NOT EXISTS (SELECT 1 FROM deleted) OR NOT EXISTS (SELECT 1 FROM inserted)
       OR UPDATE(username) OR UPDATE(display_name) OR UPDATE(agency_id) OR UPDATE(unit_id) OR UPDATE(roles) OR UPDATE(clearance)
       OR UPDATE(password_hash) OR UPDATE(active) OR UPDATE(security_stamp)
        UPDATE dbo.access_generation SET generation = generation + 1 WHERE id = 1;
END;
GO

CREATE TRIGGER dbo.tr_api_clients_access ON dbo.api_clients AFTER INSERT, UPDATE, DELETE AS
BEGIN
    SET NOCOUNT ON;
    IF NOT EXISTS (SELECT 1 FROM inserted) AND NOT EXISTS (SELECT 1 FROM deleted) RETURN;
    UPDATE dbo.access_generation SET generation = generation + 1 WHERE id = 1;
END;
GO

-- Who wrote a report, an evaluation or a history entry: a person (user) or an agency system (client). Rows written
-- before this script name a client when the name is a client's and no user's.
ALTER TABLE dbo.progress_reports ADD created_by_kind NVARCHAR(16) NOT NULL
    CONSTRAINT df_progress_reports_created_by_kind DEFAULT (N'user')
    CONSTRAINT ck_progress_reports_created_by_kind CHECK (created_by_kind IN (N'user', N'client', N'system'));
ALTER TABLE dbo.review_evaluations ADD evaluated_by_kind NVARCHAR(16) NOT NULL
    CONSTRAINT df_review_evaluations_evaluated_by_kind DEFAULT (N'user')
    CONSTRAINT ck_review_evaluations_evaluated_by_kind CHECK (evaluated_by_kind IN (N'user', N'client', N'system'));
ALTER TABLE dbo.task_history ADD actor_kind NVARCHAR(16) NOT NULL
    CONSTRAINT df_task_history_actor_kind DEFAULT (N'user')
    CONSTRAINT ck_task_history_actor_kind CHECK (actor_kind IN (N'user', N'client', N'system'));
GO

UPDATE dbo.progress_reports SET created_by_kind = N'client'
WHERE created_by IN (SELECT name FROM dbo.api_clients) AND created_by NOT IN (SELECT username FROM dbo.users);
UPDATE dbo.review_evaluations SET evaluated_by_kind = N'client'
WHERE evaluated_by IN (SELECT name FROM dbo.api_clients) AND evaluated_by NOT IN (SELECT username FROM dbo.users);
UPDATE dbo.task_history SET actor_kind = N'client'
WHERE actor_name IN (SELECT name FROM dbo.api_clients) AND actor_name NOT IN (SELECT username FROM dbo.users);
GO
