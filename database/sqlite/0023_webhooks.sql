-- Issue 19, part 4: webhooks. An agency system (API client) subscribes a URL to kinds of event; the `webhooks` consumer
-- of the outbox turns each event into one delivery per matching active subscription whose client is cleared for the
-- event and whose agency is a party of the event's regulation; the sender posts them (Standard Webhooks signatures with
-- the subscription's secret), in order per subscription and task, retried with exponential backoff. A subscription is
-- disabled after Webhooks:DisableAfterFailures consecutive failed attempts.
-- SQLite twin of database/sqlserver/0023_webhooks.sql.

CREATE TABLE webhook_subscriptions (
    id                    INTEGER PRIMARY KEY AUTOINCREMENT,
    client_id             TEXT NOT NULL REFERENCES api_clients (id),
    url                   TEXT NOT NULL,
    description           TEXT NULL,
    secret                TEXT NOT NULL,
    active                INTEGER NOT NULL DEFAULT 1,
    disabled_reason       TEXT NULL,
    consecutive_failures  INTEGER NOT NULL DEFAULT 0,
    row_version           INTEGER NOT NULL DEFAULT 1,
    created_at            TEXT NOT NULL,
    updated_at            TEXT NOT NULL
);
CREATE INDEX ix_webhook_subscriptions_client ON webhook_subscriptions (client_id, id);

CREATE TABLE webhook_subscription_kinds (
    subscription_id  INTEGER NOT NULL REFERENCES webhook_subscriptions (id),
    kind             TEXT NOT NULL,
    PRIMARY KEY (subscription_id, kind)
);
CREATE INDEX ix_webhook_subscription_kinds_kind ON webhook_subscription_kinds (kind, subscription_id);

-- One row per event and subscription. order_key groups the deliveries that go out in event order ('task:12',
-- 'review:3', or 'event:<id>' for an event of neither): a delivery not yet delivered holds the later ones of its group.
CREATE TABLE webhook_deliveries (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    subscription_id   INTEGER NOT NULL REFERENCES webhook_subscriptions (id),
    event_id          INTEGER NOT NULL REFERENCES events (id),
    order_key         TEXT NOT NULL,
    status            TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'retrying', 'delivered', 'withheld')),
    attempts          INTEGER NOT NULL DEFAULT 0,
    next_attempt_at   TEXT NOT NULL,
    last_attempt_at   TEXT NULL,
    response_status   INTEGER NULL,
    last_error        TEXT NULL,
    delivered_at      TEXT NULL,
    created_at        TEXT NOT NULL,
    UNIQUE (subscription_id, event_id)
);
CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at, id);
CREATE INDEX ix_webhook_deliveries_order ON webhook_deliveries (subscription_id, order_key, id);
