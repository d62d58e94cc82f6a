using System.Globalization;
using System.Text.Json;
using CoordinationApi.Infrastructure.Audit;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Events;
using CoordinationApi.Infrastructure.Security;
using Dapper;

namespace CoordinationApi.Features.Notifications;

/// <summary>
/// The <c>notifications</c> consumer of the outbox: reads the events after its cursor and, in ONE write per batch, turns
/// each into <c>notifications</c> rows for the people it concerns (those who want it in the app) and <c>mail_queue</c>
/// rows for those who want it by e-mail and have an address, then moves its cursor in that same write. A batch is
/// therefore recorded whole with its cursor, or not at all (a crash or a failed statement repeats it, nothing twice).
/// Who an event concerns is decided in the SQL (<see cref="NotificationAudience"/>), never above a person's clearance.
/// </summary>
public sealed class NotificationFanOut : OutboxWorker
{
    private readonly WriteScopes writes;

    public NotificationFanOut(WriteScopes writes, OutboxSignal signal, OutboxOptions options, TimeProvider clock, ILogger<NotificationFanOut> logger)
        : base(writes, signal, options, clock, logger) => this.writes = writes;

    /// <summary>The consumer's cursor and lease.</summary>
    public const string Consumer = "notifications";

    /// <summary>Events fanned out in one write.</summary>
    internal const int BatchSize = 100;

    protected override string Name => Consumer;

    protected override async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var write = await writes.BeginAsync(AuditActor.System, cancellationToken);
        var (connection, transaction) = write;
        var cursor = await EventOutbox.CursorAsync(connection, transaction, Consumer);
        var batch = await EventOutbox.ReadAfterAsync(connection, transaction, cursor, BatchSize);
        if (batch.Count == 0)
        {
            return false;
        }

        foreach (var change in batch)
        {
            if (NotificationAudience.Of(change.Kind, write.Dialect) is { } audience)
            {
                await connection.ExecuteAsync(NotificationAudience.FanOut(audience), Parameters(change, write.Now), transaction);
            }
        }

        await EventOutbox.AdvanceAsync(write, Consumer, batch[^1].Id);
        await write.CommitAsync();
        return batch.Count == BatchSize;
    }

    private static object Parameters(StoredEvent change, DateTimeOffset now) => new
    {
        EventId = change.Id,
        change.Kind,
        Classification = (int)change.Classification,
        change.TaskId,
        change.ReviewId,
        change.RegulationId,
        // The actor hears nothing of his own act: a person is excluded by id; agency systems and the system are no one's.
        ActorUserId = change.ActorType == AuthorKinds.User && int.TryParse(change.ActorId, NumberStyles.None, CultureInfo.InvariantCulture, out var actor)
            ? actor
            : (int?)null,
        EmailByDefault = NotificationDefaults.EmailKinds.Contains(change.Kind) ? 1 : 0,
        Mentioned = SqlDialect.JsonList(MentionedUserIds(change.PayloadJson)),
        Now = now,
    };

    /// <summary>The people a <c>comment.mentioned</c> event names (<c>payload.mentionedUserIds</c>); none when absent.</summary>
    internal static IReadOnlyList<int> MentionedUserIds(string payloadJson)
    {
        using var payload = JsonDocument.Parse(payloadJson);
        return payload.RootElement.ValueKind == JsonValueKind.Object
               && payload.RootElement.TryGetProperty("mentionedUserIds", out var ids) && ids.ValueKind == JsonValueKind.Array
            ? [.. ids.EnumerateArray().Where(id => id.ValueKind == JsonValueKind.Number && id.TryGetInt32(out _)).Select(id => id.GetInt32())]
            : [];
    }
}

/// <summary>What reaches people when they have chosen nothing (see database/*/0021_notifications.sql).</summary>
public static class NotificationDefaults
{
    /// <summary>Everything reaches people in the app by default.</summary>
    public const bool InApp = true;

    /// <summary>The kinds that reach people by e-mail by default.</summary>
    public static readonly IReadOnlySet<string> EmailKinds = new HashSet<string>(StringComparer.Ordinal)
    {
        EventKinds.TaskAssigned, EventKinds.TaskDueSoon, EventKinds.TaskOverdue, EventKinds.Mentioned, EventKinds.EvaluationRequested,
    };
}

/// <summary>
/// Who an event concerns, as SQL over <c>users u</c> with the event's values bound (<c>@TaskId</c>, <c>@ReviewId</c>,
/// <c>@RegulationId</c>, <c>@Classification</c>, <c>@ActorUserId</c>, <c>@Mentioned</c>). Everyone it reaches is an active
/// person of a party to the regulation, cleared for the event's classification (and the task's as it is now), and not
/// the actor: task events reach the people of the task's lead and counterpart units and the coordinators of those
/// units' agencies; review events the coordinators of the regulation's parties; a mention the people it names who may
/// read the task or review.
/// </summary>
public static class NotificationAudience
{
    /// <summary>The kinds of event and the group each reaches (the tests enumerate <see cref="EventKinds.All"/> against it).</summary>
    public static readonly IReadOnlyDictionary<string, string> GroupOf = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [EventKinds.TaskAssigned] = TaskGroup,
        [EventKinds.TaskStatusChanged] = TaskGroup,
        [EventKinds.TaskProgressReported] = TaskGroup,
        [EventKinds.TaskCommented] = TaskGroup,
        [EventKinds.TaskDueSoon] = TaskGroup,
        [EventKinds.TaskOverdue] = TaskGroup,
        [EventKinds.ReviewScheduled] = ReviewGroup,
        [EventKinds.ReviewMoved] = ReviewGroup,
        [EventKinds.ReviewCommented] = ReviewGroup,
        [EventKinds.EvaluationRequested] = ReviewGroup,
        [EventKinds.ReviewConcluded] = ReviewGroup,
        [EventKinds.PlanAdopted] = ReviewGroup,
        [EventKinds.Mentioned] = MentionGroup,
    };

    public const string TaskGroup = "task";
    public const string ReviewGroup = "review";
    public const string MentionGroup = "mention";

    private const string Coordinator =
        $"(u.roles = '{Roles.Coordinator}' OR u.roles LIKE '{Roles.Coordinator},%' OR u.roles LIKE '%,{Roles.Coordinator}' OR u.roles LIKE '%,{Roles.Coordinator},%')";

    /// <summary>Everyone an event may reach at all.</summary>
    private const string Anyone = "u.active = 1 AND u.clearance >= @Classification AND (@ActorUserId IS NULL OR u.id <> @ActorUserId)";

    /// <summary>The task (as it is now) is one the person may read: their agency a party, their clearance enough.</summary>
    private const string ReadableTask = """
        SELECT 1 FROM tasks t
        JOIN regulation_parties rp ON rp.regulation_id = t.regulation_id AND rp.agency_id = u.agency_id
        WHERE t.id = @TaskId AND t.classification <= u.clearance
        """;

    /// <summary>The review's regulation (or the event's, without a review) has the person's agency as a party.</summary>
    private const string ReadableReview = """
        SELECT 1 FROM regulation_parties rp
        WHERE rp.agency_id = u.agency_id
          AND rp.regulation_id = COALESCE((SELECT r.regulation_id FROM reviews r WHERE r.id = @ReviewId), @RegulationId)
        """;

    private const string TaskAudience = $"""
        EXISTS ({ReadableTask}
          AND (t.lead_unit_id = u.unit_id
               OR EXISTS (SELECT 1 FROM task_counterparts c WHERE c.task_id = t.id AND c.unit_id = u.unit_id)
               OR ({Coordinator} AND (t.lead_agency_id = u.agency_id
                   OR EXISTS (SELECT 1 FROM task_counterparts c JOIN units cu ON cu.id = c.unit_id WHERE c.task_id = t.id AND cu.agency_id = u.agency_id)))))
        """;

    private const string ReviewAudience = $"{Coordinator} AND EXISTS ({ReadableReview})";

    /// <summary>The predicate over <c>users u</c> of the people an event of <paramref name="kind"/> concerns; null for a kind that reaches no one.</summary>
    public static string? Of(string kind, SqlDialect dialect) => GroupOf.TryGetValue(kind, out var group) ? OfGroup(group, dialect) : null;

    /// <summary>The predicate of a group of kinds (<see cref="TaskGroup"/>, <see cref="ReviewGroup"/>, <see cref="MentionGroup"/>).</summary>
    internal static string? OfGroup(string group, SqlDialect dialect) => group switch
    {
        TaskGroup => TaskAudience,
        ReviewGroup => ReviewAudience,
        MentionGroup => $"""
            {dialect.InList("u.id", "@Mentioned")}
            AND ((@TaskId IS NOT NULL AND EXISTS ({ReadableTask}))
                 OR (@TaskId IS NULL AND EXISTS ({ReadableReview})))
            """,
        _ => null,
    };

    /// <summary>
    /// The fan-out of one event: a notification for each person it concerns who wants it in the app, and a mail to send
    /// (one by one, or in the daily digest) for each who wants it by e-mail and has an address.
    /// </summary>
    public static string FanOut(string audience) => $"""
        INSERT INTO notifications (user_id, event_id, created_at)
        SELECT u.id, @EventId, @Now
        FROM users u
        LEFT JOIN notification_preferences p ON p.user_id = u.id AND p.kind = @Kind
        WHERE {Anyone} AND {audience}
          AND COALESCE(p.in_app, 1) = 1
          AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.user_id = u.id AND n.event_id = @EventId);

        INSERT INTO mail_queue (event_id, user_id, delivery, next_attempt_at, created_at)
        SELECT @EventId, u.id, CASE WHEN s.digest = 1 THEN 'digest' ELSE 'single' END, @Now, @Now
        FROM users u
        LEFT JOIN notification_preferences p ON p.user_id = u.id AND p.kind = @Kind
        LEFT JOIN notification_settings s ON s.user_id = u.id
        WHERE {Anyone} AND {audience}
          AND COALESCE(p.email, @EmailByDefault) = 1 AND u.email IS NOT NULL AND u.email <> ''
          AND NOT EXISTS (SELECT 1 FROM mail_queue m WHERE m.user_id = u.id AND m.event_id = @EventId);
        """;
}

/// <summary>The fan-out statement of every group, as SQL Server receives it (the SQL syntax tests gather it from here).</summary>
internal static class NotificationFanOutSql
{
    public static IEnumerable<string> Statements(SqlDialect dialect) =>
        NotificationAudience.GroupOf.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(group => NotificationAudience.FanOut(NotificationAudience.OfGroup(group, dialect)!));
}
