-- Issue 17: a create replayed from its Idempotency-Key answers the ETag its first response carried (the validator of
-- the representation replayed), so the ETag is remembered beside the response. NULL for results remembered before.
-- SQLite twin of database/sqlserver/0018_idempotency_etag.sql.
ALTER TABLE idempotency_keys ADD COLUMN etag TEXT NULL;
