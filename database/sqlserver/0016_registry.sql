-- The register of agencies, units and persons, managed through the API (issue 18): records are deactivated rather
-- than deleted (regulations, tasks and users keep pointing at them), each carries a row version for If-Match, a
-- person's name is kept folded for the list's name search (filled by the API in C#, see TextFolding), and the agency
-- remembers the account a registry admin gave it as its first admin.
-- Production twin of database/sqlite/0016_registry.sql.

ALTER TABLE dbo.agencies ADD
    active BIT NOT NULL CONSTRAINT df_agencies_active DEFAULT (1),
    row_version INT NOT NULL CONSTRAINT df_agencies_row_version DEFAULT (1),
    first_admin_user_id INT NULL CONSTRAINT fk_agencies_first_admin REFERENCES dbo.users (id);
GO

ALTER TABLE dbo.units ADD
    active BIT NOT NULL CONSTRAINT df_units_active DEFAULT (1),
    row_version INT NOT NULL CONSTRAINT df_units_row_version DEFAULT (1);
GO

ALTER TABLE dbo.persons ADD
    active BIT NOT NULL CONSTRAINT df_persons_active DEFAULT (1),
    row_version INT NOT NULL CONSTRAINT df_persons_row_version DEFAULT (1),
    name_folded NVARCHAR(200) NULL;
GO

CREATE INDEX ix_persons_agency ON dbo.persons (agency_id, id);
CREATE INDEX ix_persons_unit ON dbo.persons (unit_id, id);
GO
