-- Issue 19: comments on tasks and on reviews. A comment belongs to one task or one review (and its regulation, for
-- scope); it exists for whoever may read its task or review. It keeps the classification its task had when its text was
-- written (a review's comments are unclassified): a caller cleared below it does not see it, also after the task was
-- declassified. Every text a comment has had is kept (comment_revisions, numbered by the comment's row version); the
-- users a comment mentions (@username), resolved when it was written, only among those who may read it.
-- SQLite twin of database/sqlserver/0024_comments.sql.

CREATE TABLE comments (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    task_id              INTEGER NULL REFERENCES tasks (id),
    review_id            INTEGER NULL REFERENCES reviews (id),
    regulation_id        INTEGER NOT NULL REFERENCES regulations (id),
    classification       INTEGER NOT NULL CHECK (classification BETWEEN 0 AND 3),
    body                 TEXT NOT NULL,
    author_kind          TEXT NOT NULL,
    author_id            TEXT NOT NULL,
    author_name          TEXT NOT NULL,
    author_display_name  TEXT NOT NULL,
    author_agency_id     INTEGER NOT NULL REFERENCES agencies (id),
    created_at           TEXT NOT NULL,
    edited_at            TEXT NULL,
    row_version          INTEGER NOT NULL DEFAULT 1,
    CHECK ((task_id IS NULL AND review_id IS NOT NULL) OR (task_id IS NOT NULL AND review_id IS NULL))
);
CREATE INDEX ix_comments_task ON comments (task_id, id);
CREATE INDEX ix_comments_review ON comments (review_id, id);

CREATE TABLE comment_revisions (
    comment_id      INTEGER NOT NULL REFERENCES comments (id),
    revision        INTEGER NOT NULL,
    body            TEXT NOT NULL,
    classification  INTEGER NOT NULL CHECK (classification BETWEEN 0 AND 3),
    written_at      TEXT NOT NULL,
    PRIMARY KEY (comment_id, revision)
);

CREATE TABLE comment_mentions (
    comment_id  INTEGER NOT NULL REFERENCES comments (id),
    user_id     INTEGER NOT NULL REFERENCES users (id),
    PRIMARY KEY (comment_id, user_id)
);
