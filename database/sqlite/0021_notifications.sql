-- Issue 19 (2): in-app notifications. The `notifications` consumer of the outbox (Features/Notifications) fans each
-- event out to the people it concerns, never above their clearance, in the write that moves its cursor: one row per
-- event and person, read or not. Each person chooses per kind of event whether it reaches them in the app and by
-- e-mail, and whether mails come one by one or as a daily digest; without a choice the defaults apply (in the app:
-- everything; by e-mail: assignments, due and overdue reminders, mentions and evaluation requests).
-- SQLite twin of database/sqlserver/0021_notifications.sql.

CREATE TABLE notifications (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     INTEGER NOT NULL REFERENCES users (id),
    event_id    INTEGER NOT NULL REFERENCES events (id),
    read_at     TEXT NULL,
    created_at  TEXT NOT NULL,
    UNIQUE (user_id, event_id)
);
CREATE INDEX ix_notifications_user ON notifications (user_id, id);
CREATE INDEX ix_notifications_unread ON notifications (user_id, read_at, id);

-- A person's choices as a whole: the digest, and the version their ETag names (no row: the defaults, ETag "0").
CREATE TABLE notification_settings (
    user_id      INTEGER PRIMARY KEY REFERENCES users (id),
    digest       INTEGER NOT NULL DEFAULT 0 CHECK (digest IN (0, 1)),
    row_version  INTEGER NOT NULL DEFAULT 1,
    updated_at   TEXT NOT NULL
);

-- A person's choice for one kind of event; a kind without a row takes the defaults.
CREATE TABLE notification_preferences (
    user_id  INTEGER NOT NULL REFERENCES users (id),
    kind     TEXT NOT NULL,
    in_app   INTEGER NOT NULL CHECK (in_app IN (0, 1)),
    email    INTEGER NOT NULL CHECK (email IN (0, 1)),
    PRIMARY KEY (user_id, kind)
);
