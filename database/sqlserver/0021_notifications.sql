-- Issue 19 (2): in-app notifications. The `notifications` consumer of the outbox (Features/Notifications) fans each
-- event out to the people it concerns, never above their clearance, in the write that moves its cursor: one row per
-- event and person, read or not. Each person chooses per kind of event whether it reaches them in the app and by
-- e-mail, and whether mails come one by one or as a daily digest; without a choice the defaults apply.
-- Twin of database/sqlite/0021_notifications.sql.

CREATE TABLE dbo.notifications (
    id          BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_notifications PRIMARY KEY,
    user_id     INT NOT NULL CONSTRAINT fk_notifications_user REFERENCES dbo.users (id),
    event_id    BIGINT NOT NULL CONSTRAINT fk_notifications_event REFERENCES dbo.events (id),
    read_at     DATETIMEOFFSET(3) NULL,
    created_at  DATETIMEOFFSET(3) NOT NULL,
    CONSTRAINT uq_notifications_user_event UNIQUE (user_id, event_id)
);
CREATE INDEX ix_notifications_user ON dbo.notifications (user_id, id);
CREATE INDEX ix_notifications_unread ON dbo.notifications (user_id, read_at, id);
GO

CREATE TABLE dbo.notification_settings (
    user_id      INT NOT NULL CONSTRAINT pk_notification_settings PRIMARY KEY
                 CONSTRAINT fk_notification_settings_user REFERENCES dbo.users (id),
    digest       BIT NOT NULL CONSTRAINT df_notification_settings_digest DEFAULT (0),
    row_version  INT NOT NULL CONSTRAINT df_notification_settings_row_version DEFAULT (1),
    updated_at   DATETIMEOFFSET(3) NOT NULL
);
GO

CREATE TABLE dbo.notification_preferences (
    user_id  INT NOT NULL CONSTRAINT fk_notification_preferences_user REFERENCES dbo.users (id),
    kind     NVARCHAR(60) NOT NULL,
    in_app   BIT NOT NULL,
    email    BIT NOT NULL,
    CONSTRAINT pk_notification_preferences PRIMARY KEY (user_id, kind)
);
GO
