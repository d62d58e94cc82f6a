-- Tamper evidence outside the database (issue 14): entries after keyed_after_id are chained with HMAC-SHA256 under a
-- key kept outside the database (Audit:ChainKey or its key file). Entries up to keyed_after_id were written before
-- and keep plain SHA-256; keyed_seal, a MAC under the key of (keyed_after_id, keyed_after_hash), pins them, so a
-- rewrite of that older part is found too. The API sets the three columns once, on its first start with the key.
ALTER TABLE dbo.audit_head ADD keyed_after_id BIGINT NULL, keyed_after_hash NVARCHAR(64) NULL, keyed_seal NVARCHAR(64) NULL;
GO

-- Signed checkpoints of the chain's head, for auditors to keep elsewhere: one per head, made every
-- Audit:CheckpointEvery entries and on demand (POST /api/v1/audit/checkpoints).
CREATE TABLE dbo.audit_checkpoints (
    head_id     BIGINT NOT NULL CONSTRAINT pk_audit_checkpoints PRIMARY KEY,
    head_hash   NVARCHAR(64) NOT NULL,
    created_at  DATETIMEOFFSET(7) NOT NULL,
    signature   NVARCHAR(64) NOT NULL
);
GO
