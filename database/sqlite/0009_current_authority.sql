-- Authority is current (issue 14). Each user has a security stamp, carried in their tokens and changed by every act that
-- changes what they may do (roles, clearance, deactivation, a new password): a token whose stamp is not the user's
-- current one is refused. The access generation is one row bumped, by the triggers below and so in the same transaction,
-- by any change to a user or an API client, whoever makes it (an endpoint, a script, an operator); every instance reads
-- it on each request (one primary-key read) and drops its cached users and keys when it moved, so a change made through
-- one instance is enforced by all on their very next request. Sign-in bookkeeping (failed_sign_ins, locked_until)
-- does not move it.
ALTER TABLE users ADD COLUMN security_stamp TEXT NOT NULL DEFAULT '';
UPDATE users SET security_stamp = lower(hex(randomblob(16)));

CREATE TABLE access_generation (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    generation  INTEGER NOT NULL
);
INSERT INTO access_generation (id, generation) VALUES (1, 1);

CREATE TRIGGER tr_users_insert_access AFTER INSERT ON users
BEGIN
    UPDATE access_generation SET generation = generation + 1 WHERE id = 1;
END;

CREATE TRIGGER tr_users_update_access
AFTER UPDATE OF username, display_name, agency_id, unit_id, roles, clearance, password_hash, active, security_stamp ON users
BEGIN
    UPDATE access_generation SET generation = generation + 1 WHERE id = 1;
END;

CREATE TRIGGER tr_users_delete_access AFTER DELETE ON users
BEGIN
    UPDATE access_generation SET generation = generation + 1 WHERE id = 1;
END;

CREATE TRIGGER tr_api_clients_insert_access AFTER INSERT ON api_clients
BEGIN
    UPDATE access_generation SET generation = generation + 1 WHERE id = 1;
END;

CREATE TRIGGER tr_api_clients_update_access AFTER UPDATE ON api_clients
BEGIN
    UPDATE access_generation SET generation = generation + 1 WHERE id = 1;
END;

CREATE TRIGGER tr_api_clients_delete_access AFTER DELETE ON api_clients
BEGIN
    UPDATE access_generation SET generation = generation + 1 WHERE id = 1;
END;

-- Who wrote a report, an evaluation or a history entry: a person (user) or an agency system (client). Rows written
-- before this script name a client when the name is a client's and no user's.
ALTER TABLE progress_reports ADD COLUMN created_by_kind TEXT NOT NULL DEFAULT 'user' CHECK (created_by_kind IN ('user', 'client', 'system'));
ALTER TABLE review_evaluations ADD COLUMN evaluated_by_kind TEXT NOT NULL DEFAULT 'user' CHECK (evaluated_by_kind IN ('user', 'client', 'system'));
ALTER TABLE task_history ADD COLUMN actor_kind TEXT NOT NULL DEFAULT 'user' CHECK (actor_kind IN ('user', 'client', 'system'));
UPDATE progress_reports SET created_by_kind = 'client'
WHERE created_by IN (SELECT name FROM api_clients) AND created_by NOT IN (SELECT username FROM users);
UPDATE review_evaluations SET evaluated_by_kind = 'client'
WHERE evaluated_by IN (SELECT name FROM api_clients) AND evaluated_by NOT IN (SELECT username FROM users);
UPDATE task_history SET actor_kind = 'client'
WHERE actor_name IN (SELECT name FROM api_clients) AND actor_name NOT IN (SELECT username FROM users);
