-- Issue 19: the transactional outbox. Every change someone may need to hear about is written here as an event, in the
-- transaction of the change, with the classification of what it concerns. Consumers (in-app notifications, e-mail,
-- webhooks) each keep a cursor: the last event id they have handled; ids commit in order (one writer on SQLite; an
-- exclusive application lock held from the insert to the commit on SQL Server), so a cursor never skips an event.
-- Scheduled work (due and overdue reminders, the consumers) runs on one instance at a time under a lease.
-- Users gain an e-mail address and a language for what is sent to them.
-- SQLite twin of database/sqlserver/0020_events.sql.

CREATE TABLE events (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    event_key       TEXT NOT NULL UNIQUE,
    kind            TEXT NOT NULL,
    occurred_at     TEXT NOT NULL,
    classification  INTEGER NOT NULL CHECK (classification BETWEEN 0 AND 3),
    regulation_id   INTEGER NULL REFERENCES regulations (id),
    task_id         INTEGER NULL REFERENCES tasks (id),
    review_id       INTEGER NULL REFERENCES reviews (id),
    subject_code    TEXT NULL,
    actor_type      TEXT NOT NULL,
    actor_id        TEXT NOT NULL,
    actor_name      TEXT NOT NULL,
    dedupe_key      TEXT NULL UNIQUE,
    payload_json    TEXT NOT NULL
);
CREATE INDEX ix_events_task ON events (task_id, id);
CREATE INDEX ix_events_review ON events (review_id, id);

CREATE TABLE outbox_cursors (
    consumer       TEXT PRIMARY KEY,
    last_event_id  INTEGER NOT NULL,
    updated_at     TEXT NOT NULL
);

CREATE TABLE job_leases (
    name        TEXT PRIMARY KEY,
    holder      TEXT NOT NULL,
    expires_at  TEXT NOT NULL
);

-- Mail to send, one row per event and recipient (written by the notifications fan-out, sent by the mail worker):
-- 'single' rows are sent one by one, 'digest' rows gathered into one daily mail per recipient. Retried with backoff
-- (attempts, next_attempt_at) until sent; a row is sent at most once (sent_at), its Message-ID made from the event key.
CREATE TABLE mail_queue (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id         INTEGER NOT NULL REFERENCES events (id),
    user_id          INTEGER NOT NULL REFERENCES users (id),
    delivery         TEXT NOT NULL CHECK (delivery IN ('single', 'digest')),
    status           TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'dropped')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TEXT NOT NULL,
    last_error       TEXT NULL,
    sent_at          TEXT NULL,
    created_at       TEXT NOT NULL,
    UNIQUE (event_id, user_id)
);
CREATE INDEX ix_mail_queue_pending ON mail_queue (status, next_attempt_at, id);

ALTER TABLE users ADD COLUMN email TEXT NULL;
ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT 'vi' CHECK (language IN ('vi', 'en'));
