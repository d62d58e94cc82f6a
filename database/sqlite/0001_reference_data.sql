-- Reference data of SPEC §3: agencies, units, persons, regulations and their text.
-- SQLite twin of database/sqlserver/0001_reference_data.sql. Dates are ISO-8601 TEXT.

CREATE TABLE agencies (
    id        INTEGER PRIMARY KEY,
    code      TEXT NOT NULL UNIQUE,
    name_vi   TEXT NOT NULL,
    name_en   TEXT NOT NULL
);

CREATE TABLE units (
    id         INTEGER PRIMARY KEY,
    agency_id  INTEGER NOT NULL REFERENCES agencies (id),
    parent_id  INTEGER NULL REFERENCES units (id),
    tier       TEXT NOT NULL CHECK (tier IN ('ministry', 'department', 'division', 'provincial')),
    code       TEXT NOT NULL UNIQUE,
    name_vi    TEXT NOT NULL,
    name_en    TEXT NOT NULL
);
CREATE INDEX ix_units_agency ON units (agency_id, parent_id);

CREATE TABLE persons (
    id           INTEGER PRIMARY KEY,
    person_key   TEXT NOT NULL UNIQUE,
    full_name    TEXT NOT NULL,
    rank_vi      TEXT NOT NULL DEFAULT '',
    rank_en      TEXT NOT NULL DEFAULT '',
    position_vi  TEXT NOT NULL DEFAULT '',
    position_en  TEXT NOT NULL DEFAULT '',
    agency_id    INTEGER NOT NULL REFERENCES agencies (id),
    unit_id      INTEGER NULL REFERENCES units (id)
);

CREATE TABLE regulations (
    id                          INTEGER PRIMARY KEY,
    code                        TEXT NOT NULL UNIQUE,
    title_vi                    TEXT NOT NULL,
    title_en                    TEXT NOT NULL,
    signed_on                   TEXT NOT NULL,
    signed_at                   TEXT NOT NULL,
    status                      TEXT NOT NULL CHECK (status IN ('draft', 'in_force', 'superseded', 'expired')),
    review_annual_rotating      INTEGER NOT NULL DEFAULT 1,
    review_first_host_agency_id INTEGER NOT NULL REFERENCES agencies (id),
    review_month                INTEGER NOT NULL CHECK (review_month BETWEEN 1 AND 12),
    preliminary_after_years     INTEGER NOT NULL CHECK (preliminary_after_years >= 1),
    review_note                 TEXT NULL,
    is_demo                     INTEGER NOT NULL DEFAULT 0,
    row_version                 INTEGER NOT NULL DEFAULT 1,
    created_at                  TEXT NOT NULL,
    updated_at                  TEXT NOT NULL
);

CREATE TABLE regulation_parties (
    regulation_id     INTEGER NOT NULL REFERENCES regulations (id),
    agency_id         INTEGER NOT NULL REFERENCES agencies (id),
    standing_unit_id  INTEGER NOT NULL REFERENCES units (id),
    ordinal           INTEGER NOT NULL,
    PRIMARY KEY (regulation_id, agency_id)
);
CREATE INDEX ix_regulation_parties_agency ON regulation_parties (agency_id, regulation_id);

CREATE TABLE regulation_signatories (
    regulation_id  INTEGER NOT NULL REFERENCES regulations (id),
    person_id      INTEGER NOT NULL REFERENCES persons (id),
    ordinal        INTEGER NOT NULL,
    PRIMARY KEY (regulation_id, person_id)
);

CREATE TABLE regulation_versions (
    id               INTEGER PRIMARY KEY,
    regulation_id    INTEGER NOT NULL REFERENCES regulations (id),
    number           INTEGER NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('draft', 'published')),
    effective_from   TEXT NULL,
    based_on_id      INTEGER NULL REFERENCES regulation_versions (id),
    note             TEXT NULL,
    created_at       TEXT NOT NULL,
    published_at     TEXT NULL,
    UNIQUE (regulation_id, number)
);

-- The text tree: chapters > articles > clauses > points, one row per provision, addressed by AKN-style ids.
CREATE TABLE provisions (
    id           INTEGER PRIMARY KEY,
    version_id   INTEGER NOT NULL REFERENCES regulation_versions (id),
    akn_id       TEXT NOT NULL,
    parent_akn_id TEXT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('chapter', 'article', 'clause', 'point')),
    ordinal      INTEGER NOT NULL,
    num          TEXT NOT NULL,
    heading_vi   TEXT NULL,
    heading_en   TEXT NULL,
    text_vi      TEXT NULL,
    text_en      TEXT NULL,
    is_summary   INTEGER NOT NULL DEFAULT 0,
    UNIQUE (version_id, akn_id)
);
CREATE INDEX ix_provisions_tree ON provisions (version_id, parent_akn_id, ordinal);
