-- Access (SPEC §4): people, agency systems, and the tamper-evident audit trail.
-- Clearance and classification are stored as levels: 0 unclassified, 1 confidential, 2 secret, 3 top-secret.

CREATE TABLE users (
    id               INTEGER PRIMARY KEY,
    username         TEXT NOT NULL UNIQUE,
    display_name     TEXT NOT NULL,
    agency_id        INTEGER NOT NULL REFERENCES agencies (id),
    unit_id          INTEGER NULL REFERENCES units (id),
    roles            TEXT NOT NULL,
    clearance        INTEGER NOT NULL CHECK (clearance BETWEEN 0 AND 3),
    password_hash    TEXT NOT NULL,
    active           INTEGER NOT NULL DEFAULT 1,
    failed_sign_ins  INTEGER NOT NULL DEFAULT 0,
    locked_until     TEXT NULL,
    is_demo          INTEGER NOT NULL DEFAULT 0,
    row_version      INTEGER NOT NULL DEFAULT 1,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX ix_users_agency ON users (agency_id, username);

CREATE TABLE api_clients (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    agency_id    INTEGER NOT NULL REFERENCES agencies (id),
    scopes       TEXT NOT NULL,
    clearance    INTEGER NOT NULL CHECK (clearance BETWEEN 0 AND 3),
    key_prefix   TEXT NOT NULL UNIQUE,
    key_hash     TEXT NOT NULL,
    is_demo      INTEGER NOT NULL DEFAULT 0,
    created_at   TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    revoked_at   TEXT NULL
);
CREATE INDEX ix_api_clients_agency ON api_clients (agency_id, created_at);

-- One row: the head of the audit chain. Appending updates it first, which serialises appenders.
CREATE TABLE audit_head (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    last_id    INTEGER NOT NULL,
    last_hash  TEXT NOT NULL
);
INSERT INTO audit_head (id, last_id, last_hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE audit_entries (
    id              INTEGER PRIMARY KEY,
    occurred_at     TEXT NOT NULL,
    actor_type      TEXT NOT NULL CHECK (actor_type IN ('user', 'client', 'system')),
    actor_id        TEXT NOT NULL,
    actor_name      TEXT NOT NULL,
    agency_id       INTEGER NULL REFERENCES agencies (id),
    action          TEXT NOT NULL,
    entity_type     TEXT NOT NULL,
    entity_id       TEXT NOT NULL,
    regulation_id   INTEGER NULL REFERENCES regulations (id),
    classification  INTEGER NOT NULL DEFAULT 0,
    before_json     TEXT NULL,
    after_json      TEXT NULL,
    request_id      TEXT NULL,
    client_ip       TEXT NULL,
    prev_hash       TEXT NOT NULL,
    hash            TEXT NOT NULL
);
CREATE INDEX ix_audit_entity ON audit_entries (entity_type, entity_id, id);
CREATE INDEX ix_audit_actor ON audit_entries (actor_name, id);
CREATE INDEX ix_audit_time ON audit_entries (occurred_at, id);
