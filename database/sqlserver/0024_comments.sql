-- Issue 19: comments on tasks and on reviews. A comment belongs to one task or one review (and its regulation, for
-- scope); it exists for whoever may read its task or review. It keeps the classification its task had when its text was
-- written (a review's comments are unclassified): a caller cleared below it does not see it, also after the task was
-- declassified. Every text a comment has had is kept (comment_revisions, numbered by the comment's row version); the
-- users a comment mentions (@username), resolved when it was written, only among those who may read it.
-- Twin of database/sqlite/0024_comments.sql.

CREATE TABLE dbo.comments (
    id                   INT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_comments PRIMARY KEY,
    task_id              INT NULL CONSTRAINT fk_comments_task REFERENCES dbo.tasks (id),
    review_id            INT NULL CONSTRAINT fk_comments_review REFERENCES dbo.reviews (id),
    regulation_id        INT NOT NULL CONSTRAINT fk_comments_regulation REFERENCES dbo.regulations (id),
    classification       INT NOT NULL CONSTRAINT ck_comments_classification CHECK (classification BETWEEN 0 AND 3),
    body                 NVARCHAR(MAX) NOT NULL,
    author_kind          NVARCHAR(20) NOT NULL,
    author_id            NVARCHAR(255) NOT NULL,
    author_name          NVARCHAR(200) NOT NULL,
    author_display_name  NVARCHAR(200) NOT NULL,
    author_agency_id     INT NOT NULL CONSTRAINT fk_comments_agency REFERENCES dbo.agencies (id),
    created_at           DATETIMEOFFSET(3) NOT NULL,
    edited_at            DATETIMEOFFSET(3) NULL,
    row_version          INT NOT NULL CONSTRAINT df_comments_row_version DEFAULT (1),
    CONSTRAINT ck_comments_subject CHECK ((task_id IS NULL AND review_id IS NOT NULL) OR (task_id IS NOT NULL AND review_id IS NULL))
);
GO

CREATE INDEX ix_comments_task ON dbo.comments (task_id, id);
CREATE INDEX ix_comments_review ON dbo.comments (review_id, id);
GO

CREATE TABLE dbo.comment_revisions (
    comment_id      INT NOT NULL CONSTRAINT fk_comment_revisions_comment REFERENCES dbo.comments (id),
    revision        INT NOT NULL,
    body            NVARCHAR(MAX) NOT NULL,
    classification  INT NOT NULL CONSTRAINT ck_comment_revisions_classification CHECK (classification BETWEEN 0 AND 3),
    written_at      DATETIMEOFFSET(3) NOT NULL,
    CONSTRAINT pk_comment_revisions PRIMARY KEY (comment_id, revision)
);
GO

CREATE TABLE dbo.comment_mentions (
    comment_id  INT NOT NULL CONSTRAINT fk_comment_mentions_comment REFERENCES dbo.comments (id),
    user_id     INT NOT NULL CONSTRAINT fk_comment_mentions_user REFERENCES dbo.users (id),
    CONSTRAINT pk_comment_mentions PRIMARY KEY (comment_id, user_id)
);
GO
