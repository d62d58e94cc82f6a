-- Issue 18: the minutes of a review's meeting, recorded in the product (when and where it was held, who chaired it,
-- who attended, what it decided), the source of the official minutes document. One record per review; its attendees
-- and decisions in order. Twin of database/sqlite/0019_review_minutes.sql.

CREATE TABLE dbo.review_minutes (
    review_id    INT NOT NULL CONSTRAINT pk_review_minutes PRIMARY KEY CONSTRAINT fk_review_minutes_review REFERENCES dbo.reviews (id),
    held_on      DATE NULL,
    place        NVARCHAR(400) NULL,
    chaired_by   NVARCHAR(200) NULL,
    notes        NVARCHAR(4000) NULL,
    row_version  INT NOT NULL CONSTRAINT df_review_minutes_row_version DEFAULT (1),
    updated_at   DATETIMEOFFSET(3) NOT NULL,
    updated_by   NVARCHAR(200) NOT NULL
);
GO

CREATE TABLE dbo.review_minutes_attendees (
    review_id  INT NOT NULL CONSTRAINT fk_review_minutes_attendees_minutes REFERENCES dbo.review_minutes (review_id),
    ordinal    INT NOT NULL,
    name       NVARCHAR(200) NOT NULL,
    title      NVARCHAR(200) NULL,
    agency_id  INT NOT NULL CONSTRAINT fk_review_minutes_attendees_agency REFERENCES dbo.agencies (id),
    unit_id    INT NULL CONSTRAINT fk_review_minutes_attendees_unit REFERENCES dbo.units (id),
    person_id  INT NULL CONSTRAINT fk_review_minutes_attendees_person REFERENCES dbo.persons (id),
    CONSTRAINT pk_review_minutes_attendees PRIMARY KEY (review_id, ordinal)
);
GO

CREATE TABLE dbo.review_minutes_decisions (
    review_id  INT NOT NULL CONSTRAINT fk_review_minutes_decisions_minutes REFERENCES dbo.review_minutes (review_id),
    ordinal    INT NOT NULL,
    text       NVARCHAR(2000) NOT NULL,
    CONSTRAINT pk_review_minutes_decisions PRIMARY KEY (review_id, ordinal)
);
GO
