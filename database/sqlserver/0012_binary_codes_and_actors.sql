-- Issue 15. Codes, usernames, key prefixes and AKN ids compare and sort as the API compares them (ordinal), as they
-- already do on SQLite (BINARY): under the database's default case-insensitive collation 'para_1__point_a' sorted before
-- 'para_10' ('_' before digits) and two task codes differing in case collided on uq_tasks_code. A column in an index
-- or key cannot change collation, so each index is dropped and made again around its column.

ALTER TABLE dbo.agencies DROP CONSTRAINT uq_agencies_code;
ALTER TABLE dbo.agencies ALTER COLUMN code NVARCHAR(32) COLLATE Latin1_General_100_BIN2 NOT NULL;
ALTER TABLE dbo.agencies ADD CONSTRAINT uq_agencies_code UNIQUE (code);

ALTER TABLE dbo.units DROP CONSTRAINT uq_units_code;
ALTER TABLE dbo.units ALTER COLUMN code NVARCHAR(32) COLLATE Latin1_General_100_BIN2 NOT NULL;
ALTER TABLE dbo.units ADD CONSTRAINT uq_units_code UNIQUE (code);

ALTER TABLE dbo.persons DROP CONSTRAINT uq_persons_key;
ALTER TABLE dbo.persons ALTER COLUMN person_key NVARCHAR(100) COLLATE Latin1_General_100_BIN2 NOT NULL;
ALTER TABLE dbo.persons ADD CONSTRAINT uq_persons_key UNIQUE (person_key);

ALTER TABLE dbo.regulations DROP CONSTRAINT uq_regulations_code;
ALTER TABLE dbo.regulations ALTER COLUMN code NVARCHAR(32) COLLATE Latin1_General_100_BIN2 NOT NULL;
ALTER TABLE dbo.regulations ADD CONSTRAINT uq_regulations_code UNIQUE (code);

ALTER TABLE dbo.provisions DROP CONSTRAINT uq_provisions_akn;
DROP INDEX ix_provisions_tree ON dbo.provisions;
ALTER TABLE dbo.provisions ALTER COLUMN akn_id NVARCHAR(200) COLLATE Latin1_General_100_BIN2 NOT NULL;
ALTER TABLE dbo.provisions ALTER COLUMN parent_akn_id NVARCHAR(200) COLLATE Latin1_General_100_BIN2 NULL;
ALTER TABLE dbo.provisions ADD CONSTRAINT uq_provisions_akn UNIQUE (version_id, akn_id);
CREATE INDEX ix_provisions_tree ON dbo.provisions (version_id, parent_akn_id, ordinal);

ALTER TABLE dbo.users DROP CONSTRAINT uq_users_username;
DROP INDEX ix_users_agency ON dbo.users;
ALTER TABLE dbo.users ALTER COLUMN username NVARCHAR(100) COLLATE Latin1_General_100_BIN2 NOT NULL;
ALTER TABLE dbo.users ADD CONSTRAINT uq_users_username UNIQUE (username);
CREATE INDEX ix_users_agency ON dbo.users (agency_id, username);

ALTER TABLE dbo.api_clients DROP CONSTRAINT uq_api_clients_prefix;
ALTER TABLE dbo.api_clients ALTER COLUMN key_prefix NVARCHAR(32) COLLATE Latin1_General_100_BIN2 NOT NULL;
ALTER TABLE dbo.api_clients ADD CONSTRAINT uq_api_clients_prefix UNIQUE (key_prefix);

ALTER TABLE dbo.tasks DROP CONSTRAINT uq_tasks_code;
ALTER TABLE dbo.tasks ALTER COLUMN code NVARCHAR(32) COLLATE Latin1_General_100_BIN2 NOT NULL;
ALTER TABLE dbo.tasks ADD CONSTRAINT uq_tasks_code UNIQUE (regulation_id, code);

ALTER TABLE dbo.task_citations DROP CONSTRAINT pk_task_citations;
DROP INDEX ix_task_citations_provision ON dbo.task_citations;
ALTER TABLE dbo.task_citations ALTER COLUMN akn_id NVARCHAR(200) COLLATE Latin1_General_100_BIN2 NOT NULL;
ALTER TABLE dbo.task_citations ADD CONSTRAINT pk_task_citations PRIMARY KEY (task_id, version_id, akn_id);
CREATE INDEX ix_task_citations_provision ON dbo.task_citations (version_id, akn_id, task_id);
GO

-- An external provider's subject may be up to 255 characters (OpenID Connect Core 5.1); the sign-in refuses a longer
-- one, and a username claim longer than the 200 characters every actor-name column holds (see AuthSetup).
ALTER TABLE dbo.audit_entries ALTER COLUMN actor_id NVARCHAR(255) NOT NULL;
ALTER TABLE dbo.api_clients ALTER COLUMN created_by NVARCHAR(200) NOT NULL;
GO
