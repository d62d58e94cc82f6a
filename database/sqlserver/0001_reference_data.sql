-- Reference data of SPEC §3: agencies, units, persons, regulations and their text.
-- Production schema (SQL Server 2019+). Twin of database/sqlite/0001_reference_data.sql.

CREATE TABLE dbo.agencies (
    id        INT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_agencies PRIMARY KEY,
    code      NVARCHAR(32) NOT NULL CONSTRAINT uq_agencies_code UNIQUE,
    name_vi   NVARCHAR(400) NOT NULL,
    name_en   NVARCHAR(400) NOT NULL
);
GO

CREATE TABLE dbo.units (
    id         INT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_units PRIMARY KEY,
    agency_id  INT NOT NULL CONSTRAINT fk_units_agency REFERENCES dbo.agencies (id),
    parent_id  INT NULL CONSTRAINT fk_units_parent REFERENCES dbo.units (id),
    tier       NVARCHAR(16) NOT NULL CONSTRAINT ck_units_tier CHECK (tier IN (N'ministry', N'department', N'division', N'provincial')),
    code       NVARCHAR(32) NOT NULL CONSTRAINT uq_units_code UNIQUE,
    name_vi    NVARCHAR(400) NOT NULL,
    name_en    NVARCHAR(400) NOT NULL
);
CREATE INDEX ix_units_agency ON dbo.units (agency_id, parent_id);
GO

CREATE TABLE dbo.persons (
    id           INT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_persons PRIMARY KEY,
    person_key   NVARCHAR(100) NOT NULL CONSTRAINT uq_persons_key UNIQUE,
    full_name    NVARCHAR(200) NOT NULL,
    rank_vi      NVARCHAR(100) NOT NULL CONSTRAINT df_persons_rank_vi DEFAULT (N''),
    rank_en      NVARCHAR(100) NOT NULL CONSTRAINT df_persons_rank_en DEFAULT (N''),
    position_vi  NVARCHAR(400) NOT NULL CONSTRAINT df_persons_position_vi DEFAULT (N''),
    position_en  NVARCHAR(400) NOT NULL CONSTRAINT df_persons_position_en DEFAULT (N''),
    agency_id    INT NOT NULL CONSTRAINT fk_persons_agency REFERENCES dbo.agencies (id),
    unit_id      INT NULL CONSTRAINT fk_persons_unit REFERENCES dbo.units (id)
);
GO

CREATE TABLE dbo.regulations (
    id                          INT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_regulations PRIMARY KEY,
    code                        NVARCHAR(32) NOT NULL CONSTRAINT uq_regulations_code UNIQUE,
    title_vi                    NVARCHAR(1000) NOT NULL,
    title_en                    NVARCHAR(1000) NOT NULL,
    signed_on                   DATE NOT NULL,
    signed_at                   NVARCHAR(200) NOT NULL,
    status                      NVARCHAR(16) NOT NULL CONSTRAINT ck_regulations_status CHECK (status IN (N'draft', N'in_force', N'superseded', N'expired')),
    review_annual_rotating      BIT NOT NULL CONSTRAINT df_regulations_rotating DEFAULT (1),
    review_first_host_agency_id INT NOT NULL CONSTRAINT fk_regulations_first_host REFERENCES dbo.agencies (id),
    review_month                INT NOT NULL CONSTRAINT ck_regulations_review_month CHECK (review_month BETWEEN 1 AND 12),
    preliminary_after_years     INT NOT NULL CONSTRAINT ck_regulations_preliminary CHECK (preliminary_after_years >= 1),
    review_note                 NVARCHAR(1000) NULL,
    is_demo                     BIT NOT NULL CONSTRAINT df_regulations_is_demo DEFAULT (0),
    row_version                 INT NOT NULL CONSTRAINT df_regulations_row_version DEFAULT (1),
    created_at                  DATETIMEOFFSET(3) NOT NULL,
    updated_at                  DATETIMEOFFSET(3) NOT NULL
);
GO

CREATE TABLE dbo.regulation_parties (
    regulation_id     INT NOT NULL CONSTRAINT fk_regulation_parties_regulation REFERENCES dbo.regulations (id),
    agency_id         INT NOT NULL CONSTRAINT fk_regulation_parties_agency REFERENCES dbo.agencies (id),
    standing_unit_id  INT NOT NULL CONSTRAINT fk_regulation_parties_unit REFERENCES dbo.units (id),
    ordinal           INT NOT NULL,
    CONSTRAINT pk_regulation_parties PRIMARY KEY (regulation_id, agency_id)
);
CREATE INDEX ix_regulation_parties_agency ON dbo.regulation_parties (agency_id, regulation_id);
GO

CREATE TABLE dbo.regulation_signatories (
    regulation_id  INT NOT NULL CONSTRAINT fk_regulation_signatories_regulation REFERENCES dbo.regulations (id),
    person_id      INT NOT NULL CONSTRAINT fk_regulation_signatories_person REFERENCES dbo.persons (id),
    ordinal        INT NOT NULL,
    CONSTRAINT pk_regulation_signatories PRIMARY KEY (regulation_id, person_id)
);
GO

CREATE TABLE dbo.regulation_versions (
    id               INT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_regulation_versions PRIMARY KEY,
    regulation_id    INT NOT NULL CONSTRAINT fk_regulation_versions_regulation REFERENCES dbo.regulations (id),
    number           INT NOT NULL,
    status           NVARCHAR(16) NOT NULL CONSTRAINT ck_regulation_versions_status CHECK (status IN (N'draft', N'published')),
    effective_from   DATE NULL,
    based_on_id      INT NULL CONSTRAINT fk_regulation_versions_based_on REFERENCES dbo.regulation_versions (id),
    note             NVARCHAR(1000) NULL,
    created_at       DATETIMEOFFSET(3) NOT NULL,
    published_at     DATETIMEOFFSET(3) NULL,
    CONSTRAINT uq_regulation_versions_number UNIQUE (regulation_id, number)
);
GO

-- The text tree: chapters > articles > clauses > points, one row per provision, addressed by AKN-style ids.
CREATE TABLE dbo.provisions (
    id            INT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_provisions PRIMARY KEY,
    version_id    INT NOT NULL CONSTRAINT fk_provisions_version REFERENCES dbo.regulation_versions (id),
    akn_id        NVARCHAR(200) NOT NULL,
    parent_akn_id NVARCHAR(200) NULL,
    kind          NVARCHAR(16) NOT NULL CONSTRAINT ck_provisions_kind CHECK (kind IN (N'chapter', N'article', N'clause', N'point')),
    ordinal       INT NOT NULL,
    num           NVARCHAR(16) NOT NULL,
    heading_vi    NVARCHAR(1000) NULL,
    heading_en    NVARCHAR(1000) NULL,
    text_vi       NVARCHAR(MAX) NULL,
    text_en       NVARCHAR(MAX) NULL,
    is_summary    BIT NOT NULL CONSTRAINT df_provisions_is_summary DEFAULT (0),
    CONSTRAINT uq_provisions_akn UNIQUE (version_id, akn_id)
);
CREATE INDEX ix_provisions_tree ON dbo.provisions (version_id, parent_akn_id, ordinal);
GO
