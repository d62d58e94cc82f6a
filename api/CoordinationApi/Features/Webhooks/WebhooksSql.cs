using CoordinationApi.Infrastructure.Data;

namespace CoordinationApi.Features.Webhooks;

/// <summary>
/// The webhooks' SQL. Who may see a subscription is decided here: its own agency system (<c>@ClientId</c>), or an admin
/// (<c>@IsAdmin</c>) of the client's agency whose clearance is not below the client's. Who receives an event is decided
/// here too (<see cref="FanOut"/>): the subscription's client must be cleared for the event and its agency a party of the
/// event's regulation, checked again when the delivery is sent (<see cref="Due"/>).
/// </summary>
internal static class WebhooksSql
{
    private const string Visible =
        "(s.client_id = @ClientId OR (@IsAdmin = 1 AND c.agency_id = @CallerAgencyId AND c.clearance <= @CallerClearance))";

    /// <summary>
    /// Whether the client of <c>c</c> may read what the event <c>e</c> is about NOW: not revoked, cleared for the event and for
    /// its task as the task is now (<c>t</c>, a task raised since is above it), and its agency a party of the regulation of the
    /// task or review (<c>r</c>) as it is now. Needs <see cref="RecordJoins"/>.
    /// </summary>
    private const string Receives =
        "c.revoked_at IS NULL AND c.clearance >= e.classification " +
        "AND (e.task_id IS NULL OR (t.id IS NOT NULL AND c.clearance >= t.classification)) AND (e.review_id IS NULL OR r.id IS NOT NULL) " +
        "AND EXISTS (SELECT 1 FROM regulation_parties rp WHERE rp.regulation_id = COALESCE(t.regulation_id, r.regulation_id, e.regulation_id) AND rp.agency_id = c.agency_id) " +
        // The scope that reads the record: tasks:read for a task's events, reviews:read for a review's, as its GET requires.
        // (The client's comma-separated scopes hold it: the same SQL on both engines.)
        "AND (e.task_id IS NULL OR c.scopes = 'tasks:read' OR c.scopes LIKE 'tasks:read,%' OR c.scopes LIKE '%,tasks:read' OR c.scopes LIKE '%,tasks:read,%') " +
        "AND (e.task_id IS NOT NULL OR e.review_id IS NULL OR c.scopes = 'reviews:read' OR c.scopes LIKE 'reviews:read,%' OR c.scopes LIKE '%,reviews:read' OR c.scopes LIKE '%,reviews:read,%')";

    /// <summary>The event's task and review as they are now, for <see cref="Receives"/>.</summary>
    private const string RecordJoins = "LEFT JOIN tasks t ON t.id = e.task_id LEFT JOIN reviews r ON r.id = e.review_id";

    private const string Columns = $"""
        s.id AS {nameof(SubscriptionRow.Id)}, s.client_id AS {nameof(SubscriptionRow.ClientId)}, c.name AS {nameof(SubscriptionRow.ClientName)},
        s.url AS {nameof(SubscriptionRow.Url)}, s.description AS {nameof(SubscriptionRow.Description)}, s.active AS {nameof(SubscriptionRow.Active)},
        s.disabled_reason AS {nameof(SubscriptionRow.DisabledReason)}, s.consecutive_failures AS {nameof(SubscriptionRow.ConsecutiveFailures)},
        s.row_version AS {nameof(SubscriptionRow.RowVersion)}, s.created_at AS {nameof(SubscriptionRow.CreatedAt)},
        s.updated_at AS {nameof(SubscriptionRow.UpdatedAt)}, c.clearance AS {nameof(SubscriptionRow.ClientClearance)}
        """;

    public const string One = $"""
        SELECT {Columns}
        FROM webhook_subscriptions s JOIN api_clients c ON c.id = s.client_id
        WHERE s.id = @Id AND {Visible};
        """;

    public static string List(SqlDialect dialect) => $"""
        SELECT {Columns}
        FROM webhook_subscriptions s JOIN api_clients c ON c.id = s.client_id
        WHERE {Visible} AND s.id > @AfterId
        ORDER BY s.id
        {dialect.Limit("@Take")};
        """;

    public const string Kinds = "SELECT subscription_id AS SubscriptionId, kind AS Kind FROM webhook_subscription_kinds WHERE subscription_id = @Id;";

    public const string CountOfClient = "SELECT COUNT(*) FROM webhook_subscriptions WHERE client_id = @ClientId;";

    public static string Insert(SqlDialect dialect) => dialect.InsertReturningId("webhook_subscriptions",
        "client_id, url, description, secret, active, consecutive_failures, row_version, created_at, updated_at",
        "@ClientId, @Url, @Description, @Secret, 1, 0, 1, @Now, @Now");

    public const string InsertKind = "INSERT INTO webhook_subscription_kinds (subscription_id, kind) VALUES (@Id, @Kind);";

    public const string DeleteKinds = "DELETE FROM webhook_subscription_kinds WHERE subscription_id = @Id;";

    public const string Update = """
        UPDATE webhook_subscriptions
        SET url = @Url, description = @Description, active = @Active, disabled_reason = @DisabledReason,
            consecutive_failures = @ConsecutiveFailures, row_version = row_version + 1, updated_at = @Now
        WHERE id = @Id AND row_version = @RowVersion;
        """;

    /// <summary>A re-enabled subscription's waiting deliveries are due at once.</summary>
    public const string Resume = "UPDATE webhook_deliveries SET next_attempt_at = @Now WHERE subscription_id = @Id AND status IN ('pending', 'retrying');";

    /// <summary>Secrets not yet sealed (<see cref="WebhookSecrets"/>): stored by a version that kept them in plain text.</summary>
    public const string PlainTextSecrets = "SELECT id AS Id, secret AS Secret FROM webhook_subscriptions WHERE secret NOT LIKE 'v1:%' ORDER BY id;";

    /// <summary>Seals a plain-text secret in place, unless it changed meanwhile; the subscription's representation does not change.</summary>
    public const string SealSecret = "UPDATE webhook_subscriptions SET secret = @Sealed WHERE id = @Id AND secret = @Plain;";

    public const string RotateSecret = """
        UPDATE webhook_subscriptions SET secret = @Secret, row_version = row_version + 1, updated_at = @Now WHERE id = @Id;
        """;

    public const string Delete = """
        DELETE FROM webhook_deliveries WHERE subscription_id = @Id;
        DELETE FROM webhook_subscription_kinds WHERE subscription_id = @Id;
        DELETE FROM webhook_subscriptions WHERE id = @Id;
        """;

    private const string DeliveryColumns = $"""
        d.id AS {nameof(DeliveryRow.Id)}, e.event_key AS {nameof(DeliveryRow.EventId)}, e.kind AS {nameof(DeliveryRow.Kind)},
        d.attempts AS {nameof(DeliveryRow.Attempt)}, d.status AS {nameof(DeliveryRow.Status)}, d.response_status AS {nameof(DeliveryRow.ResponseStatus)},
        d.last_error AS {nameof(DeliveryRow.Error)}, d.created_at AS {nameof(DeliveryRow.CreatedAt)}, d.last_attempt_at AS {nameof(DeliveryRow.LastAttemptAt)},
        d.next_attempt_at AS {nameof(DeliveryRow.NextAttemptAt)}, d.delivered_at AS {nameof(DeliveryRow.DeliveredAt)}
        """;

    /// <summary>A subscription's deliveries, newest first (the subscription's visibility is checked before).</summary>
    public static string Deliveries(SqlDialect dialect) => $"""
        SELECT {DeliveryColumns}
        FROM webhook_deliveries d JOIN events e ON e.id = d.event_id
        WHERE d.subscription_id = @Id AND (@BeforeId IS NULL OR d.id < @BeforeId)
        ORDER BY d.id DESC
        {dialect.Limit("@Take")};
        """;

    public const string Delivery = $"""
        SELECT {DeliveryColumns}
        FROM webhook_deliveries d JOIN events e ON e.id = d.event_id
        WHERE d.subscription_id = @Id AND d.id = @DeliveryId;
        """;

    /// <summary>Sends a delivery again (a delivered one with the same webhook-id: receivers dedupe on it) at once.</summary>
    public const string Redeliver = """
        UPDATE webhook_deliveries SET status = CASE WHEN status = 'retrying' THEN 'retrying' ELSE 'pending' END, next_attempt_at = @Now
        WHERE subscription_id = @Id AND id = @DeliveryId;
        """;

    /// <summary>The highest event id of the next batch after the consumer's cursor (null: nothing new).</summary>
    public static string BatchEnd(SqlDialect dialect) => $"""
        SELECT MAX(b.id) FROM (SELECT id FROM events WHERE id > @After ORDER BY id {dialect.Limit("@Take")}) b;
        """;

    /// <summary>
    /// One delivery per event of the batch and matching subscription whose client receives it (in the SQL: cleared,
    /// party, not revoked). A disabled subscription gets its deliveries too: they wait, unattempted, until it is re-enabled.
    /// The order key groups a task's (or a review's) deliveries.
    /// </summary>
    public static string FanOut(SqlDialect dialect) => $"""
        INSERT INTO webhook_deliveries (subscription_id, event_id, order_key, status, attempts, next_attempt_at, created_at)
        SELECT s.id, e.id,
               CASE WHEN e.task_id IS NOT NULL THEN {Concat(dialect, "'task:'", "e.task_id")}
                    WHEN e.review_id IS NOT NULL THEN {Concat(dialect, "'review:'", "e.review_id")}
                    ELSE {Concat(dialect, "'event:'", "e.id")} END,
               'pending', 0, @Now, @Now
        FROM events e
        JOIN webhook_subscription_kinds k ON k.kind = e.kind
        JOIN webhook_subscriptions s ON s.id = k.subscription_id
        JOIN api_clients c ON c.id = s.client_id
        {RecordJoins}
        WHERE e.id > @After AND e.id <= @UpTo AND {Receives};
        """;

    private static string Concat(SqlDialect dialect, string text, string number) => dialect.Provider == DatabaseProvider.SqlServer
        ? $"CONCAT({text}, {number})"
        : $"({text} || {number})";

    /// <summary>
    /// The deliveries due now at the head of their group (none earlier of the same subscription and order key still waiting),
    /// of active subscriptions, with whether the client may still receive the event (its clearance or agency may have changed).
    /// </summary>
    public static string Due(SqlDialect dialect) => $"""
        SELECT d.id AS {nameof(DueDelivery.Id)}, d.subscription_id AS {nameof(DueDelivery.SubscriptionId)}, d.attempts AS {nameof(DueDelivery.Attempts)},
               s.url AS {nameof(DueDelivery.Url)}, s.secret AS {nameof(DueDelivery.StoredSecret)}, e.event_key AS {nameof(DueDelivery.EventKey)},
               e.kind AS {nameof(DueDelivery.Kind)}, e.occurred_at AS {nameof(DueDelivery.OccurredAt)}, e.payload_json AS {nameof(DueDelivery.PayloadJson)},
               CASE WHEN {Receives} THEN 1 ELSE 0 END AS {nameof(DueDelivery.Allowed)}
        FROM webhook_deliveries d
        JOIN webhook_subscriptions s ON s.id = d.subscription_id
        JOIN api_clients c ON c.id = s.client_id
        JOIN events e ON e.id = d.event_id
        {RecordJoins}
        WHERE d.status IN ('pending', 'retrying') AND s.active = 1 AND d.next_attempt_at <= @Now
          AND NOT EXISTS (SELECT 1 FROM webhook_deliveries p
                          WHERE p.subscription_id = d.subscription_id AND p.order_key = d.order_key AND p.id < d.id
                            AND p.status IN ('pending', 'retrying'))
        ORDER BY d.id
        {dialect.Limit("@Take")};
        """;

    /// <summary>When the next waiting delivery of an active subscription is due (null: none waits).</summary>
    public const string NextDue = """
        SELECT MIN(d.next_attempt_at) FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id
        WHERE d.status IN ('pending', 'retrying') AND s.active = 1;
        """;

    /// <summary>Why the client of a delivery may not receive its event now (null: it may), decided as in <see cref="Due"/>.</summary>
    public const string WithheldBecause = $"""
        SELECT CASE WHEN {Receives} THEN NULL
                    WHEN c.revoked_at IS NOT NULL THEN 'The agency system was revoked.'
                    WHEN c.clearance < e.classification OR c.clearance < t.classification THEN 'The agency system is no longer cleared for what the event concerns.'
                    WHEN (e.task_id IS NOT NULL AND t.id IS NULL) OR (e.review_id IS NOT NULL AND r.id IS NULL) THEN 'What the event concerns no longer exists.'
                    ELSE 'The agency system''s agency is no longer a party of the regulation.' END
        FROM webhook_deliveries d
        JOIN webhook_subscriptions s ON s.id = d.subscription_id
        JOIN api_clients c ON c.id = s.client_id
        JOIN events e ON e.id = d.event_id
        {RecordJoins}
        WHERE d.id = @Id;
        """;

    public const string Withhold = "UPDATE webhook_deliveries SET status = 'withheld', last_error = @Error, last_attempt_at = @Now WHERE id = @Id;";

    public const string Delivered = """
        UPDATE webhook_deliveries
        SET status = 'delivered', attempts = attempts + 1, last_attempt_at = @Now, response_status = @ResponseStatus, last_error = NULL, delivered_at = @Now
        WHERE id = @Id;
        UPDATE webhook_subscriptions SET consecutive_failures = 0 WHERE id = @SubscriptionId;
        """;

    public const string Failed = """
        UPDATE webhook_deliveries
        SET status = 'retrying', attempts = attempts + 1, last_attempt_at = @Now, response_status = @ResponseStatus, last_error = @Error, next_attempt_at = @Next
        WHERE id = @Id;
        UPDATE webhook_subscriptions SET consecutive_failures = consecutive_failures + 1 WHERE id = @SubscriptionId;
        """;

    /// <summary>Disables a subscription that failed <c>@Limit</c> times in a row; answers 1 when it did.</summary>
    public const string DisableIfFailing = """
        UPDATE webhook_subscriptions
        SET active = 0, disabled_reason = @Reason, row_version = row_version + 1, updated_at = @Now
        WHERE id = @SubscriptionId AND active = 1 AND consecutive_failures >= @Limit;
        """;
}

internal sealed record SubscriptionRow
{
    public int Id { get; init; }

    public Guid ClientId { get; init; }

    public string ClientName { get; init; } = "";

    public string Url { get; init; } = "";

    public string? Description { get; init; }

    public bool Active { get; init; }

    public string? DisabledReason { get; init; }

    public int ConsecutiveFailures { get; init; }

    public int RowVersion { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public int ClientClearance { get; init; }
}

internal sealed record DeliveryRow
{
    public long Id { get; init; }

    public string EventId { get; init; } = "";

    public string Kind { get; init; } = "";

    public int Attempt { get; init; }

    public string Status { get; init; } = "";

    public int? ResponseStatus { get; init; }

    public string? Error { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? LastAttemptAt { get; init; }

    public DateTimeOffset NextAttemptAt { get; init; }

    public DateTimeOffset? DeliveredAt { get; init; }
}

internal sealed record DueDelivery
{
    public long Id { get; init; }

    public int SubscriptionId { get; init; }

    public int Attempts { get; init; }

    public string Url { get; init; } = "";

    /// <summary>The secret as stored: sealed (<see cref="WebhookSecrets"/>), opened only to sign.</summary>
    public string StoredSecret { get; init; } = "";

    public string EventKey { get; init; } = "";

    public string Kind { get; init; } = "";

    public DateTimeOffset OccurredAt { get; init; }

    public string PayloadJson { get; init; } = "{}";

    public bool Allowed { get; init; }
}
