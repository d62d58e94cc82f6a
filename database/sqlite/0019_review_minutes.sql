-- Issue 18: the minutes of a review's meeting, recorded in the product (when and where it was held, who chaired it,
-- who attended, what it decided), the source of the official minutes document. One record per review; its attendees
-- and decisions in order. SQLite twin of database/sqlserver/0019_review_minutes.sql.

CREATE TABLE review_minutes (
    review_id    INTEGER PRIMARY KEY REFERENCES reviews (id),
    held_on      TEXT NULL,
    place        TEXT NULL,
    chaired_by   TEXT NULL,
    notes        TEXT NULL,
    row_version  INTEGER NOT NULL DEFAULT 1,
    updated_at   TEXT NOT NULL,
    updated_by   TEXT NOT NULL
);

CREATE TABLE review_minutes_attendees (
    review_id  INTEGER NOT NULL REFERENCES review_minutes (review_id),
    ordinal    INTEGER NOT NULL,
    name       TEXT NOT NULL,
    title      TEXT NULL,
    agency_id  INTEGER NOT NULL REFERENCES agencies (id),
    unit_id    INTEGER NULL REFERENCES units (id),
    person_id  INTEGER NULL REFERENCES persons (id),
    PRIMARY KEY (review_id, ordinal)
);

CREATE TABLE review_minutes_decisions (
    review_id  INTEGER NOT NULL REFERENCES review_minutes (review_id),
    ordinal    INTEGER NOT NULL,
    text       TEXT NOT NULL,
    PRIMARY KEY (review_id, ordinal)
);
