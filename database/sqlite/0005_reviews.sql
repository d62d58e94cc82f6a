-- Reviews (SPEC §3): annual reviews hosted in turn, the preliminary review after N years, extraordinary ones;
-- the evaluation of each task of the period; the plan each concluded review adopted; recognitions.

CREATE TABLE reviews (
    id                  INTEGER PRIMARY KEY,
    regulation_id       INTEGER NOT NULL REFERENCES regulations (id),
    kind                TEXT NOT NULL CHECK (kind IN ('annual', 'preliminary', 'extraordinary')),
    period_year         INTEGER NOT NULL,
    host_agency_id      INTEGER NOT NULL REFERENCES agencies (id),
    status              TEXT NOT NULL CHECK (status IN ('planned', 'scheduled', 'held', 'concluded', 'postponed', 'cancelled')),
    planned_month       INTEGER NULL CHECK (planned_month BETWEEN 1 AND 12),
    scheduled_on        TEXT NULL,
    venue               TEXT NULL,
    chairs              TEXT NULL,
    attendees           TEXT NULL,
    minutes             TEXT NULL,
    status_reason       TEXT NULL,
    baseline_review_id  INTEGER NULL REFERENCES reviews (id),
    adopted_plan_year   INTEGER NULL,
    concluded_at        TEXT NULL,
    is_generated        INTEGER NOT NULL DEFAULT 0,
    row_version         INTEGER NOT NULL DEFAULT 1,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
);
-- The schedule has one annual and one preliminary review per year at most; extraordinary ones are free.
CREATE UNIQUE INDEX ux_reviews_scheduled ON reviews (regulation_id, kind, period_year) WHERE kind <> 'extraordinary';
CREATE INDEX ix_reviews_date ON reviews (scheduled_on, id);

CREATE TABLE review_evaluations (
    review_id     INTEGER NOT NULL REFERENCES reviews (id),
    task_id       INTEGER NOT NULL REFERENCES tasks (id),
    result        TEXT NOT NULL CHECK (result IN ('achieved', 'partly_achieved', 'not_achieved', 'not_applicable')),
    comment       TEXT NULL,
    evaluated_by  TEXT NOT NULL,
    evaluated_at  TEXT NOT NULL,
    PRIMARY KEY (review_id, task_id)
);
CREATE INDEX ix_review_evaluations_task ON review_evaluations (task_id, review_id);

-- What a concluded review decided for the next plan year: tasks carried over, added, or produced by recurrence.
CREATE TABLE review_plan_items (
    review_id       INTEGER NOT NULL REFERENCES reviews (id),
    task_id         INTEGER NOT NULL REFERENCES tasks (id),
    origin          TEXT NOT NULL CHECK (origin IN ('carried_over', 'new', 'occurrence')),
    source_task_id  INTEGER NULL REFERENCES tasks (id),
    PRIMARY KEY (review_id, task_id)
);

CREATE TABLE recognitions (
    id                   INTEGER PRIMARY KEY,
    award_vi             TEXT NOT NULL,
    award_en             TEXT NOT NULL,
    awarding_agency_id   INTEGER NOT NULL REFERENCES agencies (id),
    recipient_person_id  INTEGER NULL REFERENCES persons (id),
    recipient_unit_id    INTEGER NULL REFERENCES units (id),
    awarded_on           TEXT NOT NULL,
    occasion_vi          TEXT NOT NULL,
    occasion_en          TEXT NOT NULL,
    regulation_id        INTEGER NULL REFERENCES regulations (id),
    is_demo              INTEGER NOT NULL DEFAULT 0,
    created_at           TEXT NOT NULL,
    CHECK ((recipient_person_id IS NULL) <> (recipient_unit_id IS NULL))
);
CREATE INDEX ix_recognitions_awarded ON recognitions (awarded_on, id);

-- Per-user tokens for calendar programs, which cannot send an Authorization header. Stored hashed.
CREATE TABLE feed_tokens (
    user_id     INTEGER PRIMARY KEY REFERENCES users (id),
    token_hash  TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL
);
