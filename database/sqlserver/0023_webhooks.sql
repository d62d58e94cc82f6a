-- Issue 19, part 4: webhooks. An agency system (API client) subscribes a URL to kinds of event; the `webhooks` consumer
-- of the outbox turns each event into one delivery per matching active subscription whose client is cleared for the
-- event and whose agency is a party of the event's regulation; the sender posts them (Standard Webhooks signatures with
-- the subscription's secret), in order per subscription and task, retried with exponential backoff. A subscription is
-- disabled after Webhooks:DisableAfterFailures consecutive failed attempts.
-- Twin of database/sqlite/0023_webhooks.sql.

CREATE TABLE dbo.webhook_subscriptions (
    id                    INT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_webhook_subscriptions PRIMARY KEY,
    client_id             UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_webhook_subscriptions_client REFERENCES dbo.api_clients (id),
    url                   NVARCHAR(2000) NOT NULL,
    description           NVARCHAR(500) NULL,
    secret                NVARCHAR(100) NOT NULL,
    active                BIT NOT NULL CONSTRAINT df_webhook_subscriptions_active DEFAULT (1),
    disabled_reason       NVARCHAR(500) NULL,
    consecutive_failures  INT NOT NULL CONSTRAINT df_webhook_subscriptions_failures DEFAULT (0),
    row_version           INT NOT NULL CONSTRAINT df_webhook_subscriptions_row_version DEFAULT (1),
    created_at            DATETIMEOFFSET(3) NOT NULL,
    updated_at            DATETIMEOFFSET(3) NOT NULL
);
GO

CREATE INDEX ix_webhook_subscriptions_client ON dbo.webhook_subscriptions (client_id, id);
GO

CREATE TABLE dbo.webhook_subscription_kinds (
    subscription_id  INT NOT NULL CONSTRAINT fk_webhook_subscription_kinds_subscription REFERENCES dbo.webhook_subscriptions (id),
    kind             NVARCHAR(60) NOT NULL,
    CONSTRAINT pk_webhook_subscription_kinds PRIMARY KEY (subscription_id, kind)
);
GO

CREATE INDEX ix_webhook_subscription_kinds_kind ON dbo.webhook_subscription_kinds (kind, subscription_id);
GO

-- One row per event and subscription. order_key groups the deliveries that go out in event order ('task:12',
-- 'review:3', or 'event:<id>' for an event of neither): a delivery not yet delivered holds the later ones of its group.
CREATE TABLE dbo.webhook_deliveries (
    id                BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_webhook_deliveries PRIMARY KEY,
    subscription_id   INT NOT NULL CONSTRAINT fk_webhook_deliveries_subscription REFERENCES dbo.webhook_subscriptions (id),
    event_id          BIGINT NOT NULL CONSTRAINT fk_webhook_deliveries_event REFERENCES dbo.events (id),
    order_key         NVARCHAR(40) NOT NULL,
    status            NVARCHAR(10) NOT NULL CONSTRAINT df_webhook_deliveries_status DEFAULT ('pending')
                      CONSTRAINT ck_webhook_deliveries_status CHECK (status IN ('pending', 'retrying', 'delivered', 'withheld')),
    attempts          INT NOT NULL CONSTRAINT df_webhook_deliveries_attempts DEFAULT (0),
    next_attempt_at   DATETIMEOFFSET(3) NOT NULL,
    last_attempt_at   DATETIMEOFFSET(3) NULL,
    response_status   INT NULL,
    last_error        NVARCHAR(500) NULL,
    delivered_at      DATETIMEOFFSET(3) NULL,
    created_at        DATETIMEOFFSET(3) NOT NULL,
    CONSTRAINT uq_webhook_deliveries_subscription_event UNIQUE (subscription_id, event_id)
);
GO

CREATE INDEX ix_webhook_deliveries_due ON dbo.webhook_deliveries (status, next_attempt_at, id);
CREATE INDEX ix_webhook_deliveries_order ON dbo.webhook_deliveries (subscription_id, order_key, id);
GO
