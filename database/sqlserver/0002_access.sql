-- Access (SPEC §4): people, agency systems, and the tamper-evident audit trail.
-- Clearance and classification are stored as levels: 0 unclassified, 1 confidential, 2 secret, 3 top-secret.

CREATE TABLE dbo.users (
    id               INT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_users PRIMARY KEY,
    username         NVARCHAR(100) NOT NULL CONSTRAINT uq_users_username UNIQUE,
    display_name     NVARCHAR(200) NOT NULL,
    agency_id        INT NOT NULL CONSTRAINT fk_users_agency REFERENCES dbo.agencies (id),
    unit_id          INT NULL CONSTRAINT fk_users_unit REFERENCES dbo.units (id),
    roles            NVARCHAR(200) NOT NULL,
    clearance        INT NOT NULL CONSTRAINT ck_users_clearance CHECK (clearance BETWEEN 0 AND 3),
    password_hash    NVARCHAR(400) NOT NULL,
    active           BIT NOT NULL CONSTRAINT df_users_active DEFAULT (1),
    failed_sign_ins  INT NOT NULL CONSTRAINT df_users_failed DEFAULT (0),
    locked_until     DATETIMEOFFSET(3) NULL,
    is_demo          BIT NOT NULL CONSTRAINT df_users_is_demo DEFAULT (0),
    row_version      INT NOT NULL CONSTRAINT df_users_row_version DEFAULT (1),
    created_at       DATETIMEOFFSET(3) NOT NULL,
    updated_at       DATETIMEOFFSET(3) NOT NULL
);
CREATE INDEX ix_users_agency ON dbo.users (agency_id, username);
GO

CREATE TABLE dbo.api_clients (
    id           UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_api_clients PRIMARY KEY,
    name         NVARCHAR(200) NOT NULL,
    agency_id    INT NOT NULL CONSTRAINT fk_api_clients_agency REFERENCES dbo.agencies (id),
    scopes       NVARCHAR(400) NOT NULL,
    clearance    INT NOT NULL CONSTRAINT ck_api_clients_clearance CHECK (clearance BETWEEN 0 AND 3),
    key_prefix   NVARCHAR(32) NOT NULL CONSTRAINT uq_api_clients_prefix UNIQUE,
    key_hash     NVARCHAR(128) NOT NULL,
    is_demo      BIT NOT NULL CONSTRAINT df_api_clients_is_demo DEFAULT (0),
    created_at   DATETIMEOFFSET(3) NOT NULL,
    created_by   NVARCHAR(100) NOT NULL,
    revoked_at   DATETIMEOFFSET(3) NULL
);
CREATE INDEX ix_api_clients_agency ON dbo.api_clients (agency_id, created_at);
GO

-- One row: the head of the audit chain. Appending updates it first, which serialises appenders.
CREATE TABLE dbo.audit_head (
    id         INT NOT NULL CONSTRAINT pk_audit_head PRIMARY KEY CONSTRAINT ck_audit_head_single CHECK (id = 1),
    last_id    BIGINT NOT NULL,
    last_hash  NVARCHAR(64) NOT NULL
);
INSERT INTO dbo.audit_head (id, last_id, last_hash) VALUES (1, 0, N'0000000000000000000000000000000000000000000000000000000000000000');
GO

CREATE TABLE dbo.audit_entries (
    id              BIGINT NOT NULL CONSTRAINT pk_audit_entries PRIMARY KEY,
    occurred_at     DATETIMEOFFSET(7) NOT NULL,
    actor_type      NVARCHAR(16) NOT NULL CONSTRAINT ck_audit_actor_type CHECK (actor_type IN (N'user', N'client', N'system')),
    actor_id        NVARCHAR(64) NOT NULL,
    actor_name      NVARCHAR(200) NOT NULL,
    agency_id       INT NULL CONSTRAINT fk_audit_agency REFERENCES dbo.agencies (id),
    action          NVARCHAR(100) NOT NULL,
    entity_type     NVARCHAR(100) NOT NULL,
    entity_id       NVARCHAR(100) NOT NULL,
    regulation_id   INT NULL CONSTRAINT fk_audit_regulation REFERENCES dbo.regulations (id),
    classification  INT NOT NULL CONSTRAINT df_audit_classification DEFAULT (0),
    before_json     NVARCHAR(MAX) NULL,
    after_json      NVARCHAR(MAX) NULL,
    request_id      NVARCHAR(100) NULL,
    client_ip       NVARCHAR(64) NULL,
    prev_hash       NVARCHAR(64) NOT NULL,
    hash            NVARCHAR(64) NOT NULL
);
CREATE INDEX ix_audit_entity ON dbo.audit_entries (entity_type, entity_id, id);
CREATE INDEX ix_audit_actor ON dbo.audit_entries (actor_name, id);
CREATE INDEX ix_audit_time ON dbo.audit_entries (occurred_at, id);
GO
