-- Issue 17: a create replayed from its Idempotency-Key answers the ETag its first response carried (the validator of
-- the representation replayed), so the ETag is remembered beside the response. NULL for results remembered before.
ALTER TABLE dbo.idempotency_keys ADD etag NVARCHAR(100) NULL;
GO
