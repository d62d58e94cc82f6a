-- The register of agencies, units and persons, managed through the API (issue 18): records are deactivated rather
-- than deleted (regulations, tasks and users keep pointing at them), each carries a row version for If-Match, a
-- person's name is kept folded for the list's name search (filled by the API in C#, see TextFolding), and the agency
-- remembers the account a registry admin gave it as its first admin.
-- SQLite twin of database/sqlserver/0016_registry.sql.

ALTER TABLE agencies ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
ALTER TABLE agencies ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE agencies ADD COLUMN first_admin_user_id INTEGER NULL REFERENCES users (id);

ALTER TABLE units ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
ALTER TABLE units ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;

ALTER TABLE persons ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
ALTER TABLE persons ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE persons ADD COLUMN name_folded TEXT NULL;

CREATE INDEX ix_persons_agency ON persons (agency_id, id);
CREATE INDEX ix_persons_unit ON persons (unit_id, id);
