using System.Data.Common;
using System.Text.Json;
using CoordinationApi.Infrastructure.Audit;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Security;
using Dapper;

namespace CoordinationApi.Infrastructure.Events;

/// <summary>
/// An event to record with a change. <paramref name="Payload"/> is the kind's data (serialised as JSON, web casing); it
/// holds identifiers and codes, never classified text (titles, narratives): consumers read those through the API, where
/// clearance applies. <paramref name="DedupeKey"/>, when given, makes the event at most once (a reminder for one due date).
/// </summary>
public sealed record OutboxEvent(
    string Kind,
    Clearance Classification,
    object Payload,
    int? RegulationId = null,
    int? TaskId = null,
    int? ReviewId = null,
    string? SubjectCode = null,
    string? DedupeKey = null);

/// <summary>An event as recorded: what consumers read after their cursor.</summary>
public sealed record StoredEvent
{
    public long Id { get; init; }

    /// <summary>The event's public id (<c>evt_…</c>): the webhook-id, the mail's Message-ID, what a consumer dedupes on.</summary>
    public string EventKey { get; init; } = "";

    public string Kind { get; init; } = "";

    public DateTimeOffset OccurredAt { get; init; }

    public Clearance Classification { get; init; }

    public int? RegulationId { get; init; }

    public int? TaskId { get; init; }

    public int? ReviewId { get; init; }

    public string? SubjectCode { get; init; }

    public string ActorType { get; init; } = "";

    public string ActorId { get; init; } = "";

    public string ActorName { get; init; } = "";

    public string PayloadJson { get; init; } = "{}";
}

/// <summary>
/// The transactional outbox (database/*/0020_events.sql): <see cref="PublishAsync"/> records an event in the write that
/// makes the change, so the event exists exactly when the change does; consumers read events after their own cursor
/// (<see cref="ReadAfterAsync"/>) and move it in the transaction of what they did with them (<see cref="AdvanceAsync"/>).
/// Ids commit in increasing order (SQLite has one writer; on SQL Server the insert takes an exclusive application lock
/// held until the commit), so a consumer that has read up to id N will never later see a newly committed event below N.
/// </summary>
public static class EventOutbox
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const string Columns =
        "id AS Id, event_key AS EventKey, kind AS Kind, occurred_at AS OccurredAt, classification AS Classification, " +
        "regulation_id AS RegulationId, task_id AS TaskId, review_id AS ReviewId, subject_code AS SubjectCode, " +
        "actor_type AS ActorType, actor_id AS ActorId, actor_name AS ActorName, payload_json AS PayloadJson";

    /// <summary>
    /// Records <paramref name="change"/> in this write, stamped with its time and actor; the consumers are woken once it
    /// commits. With a <see cref="OutboxEvent.DedupeKey"/> already recorded, records nothing and answers null.
    /// </summary>
    public static async Task<StoredEvent?> PublishAsync(this WriteScope write, OutboxEvent change)
    {
        var (connection, transaction) = write;
        if (write.Dialect.Provider == DatabaseProvider.SqlServer)
        {
            await connection.ExecuteAsync(
                "EXEC sp_getapplock @Resource = N'coordination.events', @LockMode = N'Exclusive', @LockOwner = N'Transaction', @LockTimeout = 30000;",
                transaction: transaction);
        }

        if (change.DedupeKey is not null && await connection.ExecuteScalarAsync<int>(
                "SELECT COUNT(*) FROM events WHERE dedupe_key = @DedupeKey", new { change.DedupeKey }, transaction) > 0)
        {
            return null;
        }

        var stored = new StoredEvent
        {
            EventKey = "evt_" + Guid.CreateVersion7(write.Now).ToString("N"),
            Kind = change.Kind,
            OccurredAt = write.Now,
            Classification = change.Classification,
            RegulationId = change.RegulationId,
            TaskId = change.TaskId,
            ReviewId = change.ReviewId,
            SubjectCode = change.SubjectCode,
            ActorType = write.Actor.Type,
            ActorId = write.Actor.Id,
            ActorName = write.Actor.Name,
            PayloadJson = JsonSerializer.Serialize(change.Payload, Json),
        };
        var id = await connection.ExecuteScalarAsync<long>(
            $"""
            INSERT INTO events (event_key, kind, occurred_at, classification, regulation_id, task_id, review_id, subject_code,
                                actor_type, actor_id, actor_name, dedupe_key, payload_json)
            {(write.Dialect.Provider == DatabaseProvider.SqlServer ? "OUTPUT INSERTED.id" : "")}
            VALUES (@EventKey, @Kind, @OccurredAt, @Classification, @RegulationId, @TaskId, @ReviewId, @SubjectCode,
                    @ActorType, @ActorId, @ActorName, @DedupeKey, @PayloadJson)
            {(write.Dialect.Provider == DatabaseProvider.SqlServer ? "" : "RETURNING id")};
            """,
            new
            {
                stored.EventKey, stored.Kind, stored.OccurredAt, Classification = (int)stored.Classification, stored.RegulationId,
                stored.TaskId, stored.ReviewId, stored.SubjectCode, stored.ActorType, stored.ActorId, stored.ActorName,
                change.DedupeKey, stored.PayloadJson,
            },
            transaction);
        write.PublishedEvents = true;
        return stored with { Id = id };
    }

    /// <summary>Up to <paramref name="max"/> events after <paramref name="afterId"/>, oldest first.</summary>
    public static async Task<IReadOnlyList<StoredEvent>> ReadAfterAsync(
        DbConnection connection, DbTransaction? transaction, long afterId, int max)
    {
        var dialect = SqlDialect.Of(connection);
        return (await connection.QueryAsync<StoredEvent>(
            $"SELECT {(dialect.Provider == DatabaseProvider.SqlServer ? "TOP (@max) " : "")}{Columns} FROM events WHERE id > @afterId ORDER BY id" +
            (dialect.Provider == DatabaseProvider.SqlServer ? "" : " LIMIT @max"),
            new { afterId, max }, transaction)).AsList();
    }

    /// <summary>The last event <paramref name="consumer"/> has handled; 0 before its first.</summary>
    public static async Task<long> CursorAsync(DbConnection connection, DbTransaction? transaction, string consumer) =>
        await connection.ExecuteScalarAsync<long?>(
            "SELECT last_event_id FROM outbox_cursors WHERE consumer = @consumer", new { consumer }, transaction) ?? 0;

    /// <summary>
    /// Moves <paramref name="consumer"/>'s cursor to <paramref name="lastEventId"/> in <paramref name="write"/>, the write
    /// that records what the consumer did with the events up to it.
    /// </summary>
    public static async Task AdvanceAsync(WriteScope write, string consumer, long lastEventId)
    {
        var (connection, transaction) = write;
        var moved = await connection.ExecuteAsync(
            "UPDATE outbox_cursors SET last_event_id = @lastEventId, updated_at = @now WHERE consumer = @consumer",
            new { consumer, lastEventId, now = write.Now }, transaction);
        if (moved == 0)
        {
            await connection.ExecuteAsync(
                "INSERT INTO outbox_cursors (consumer, last_event_id, updated_at) VALUES (@consumer, @lastEventId, @now)",
                new { consumer, lastEventId, now = write.Now }, transaction);
        }
    }

    /// <summary>The last event recorded so far; 0 when there is none.</summary>
    public static async Task<long> LastIdAsync(DbConnection connection, DbTransaction? transaction) =>
        await connection.ExecuteScalarAsync<long?>("SELECT MAX(id) FROM events", transaction: transaction) ?? 0;

    /// <summary>
    /// Moves the cursors of <paramref name="consumers"/> past the events recorded after <paramref name="afterId"/>, in
    /// <paramref name="write"/>: what those events tell happened before (the demo's history of past reviews, recorded through
    /// the API's own handlers) and is not news to anyone. A consumer that had not yet handled every event up to
    /// <paramref name="afterId"/> is left alone, so no real event waiting for it is ever skipped.
    /// </summary>
    public static async Task SkipRecordedAsync(WriteScope write, IEnumerable<string> consumers, long afterId)
    {
        var last = await LastIdAsync(write.Connection, write.Transaction);
        foreach (var consumer in consumers)
        {
            var cursor = await CursorAsync(write.Connection, write.Transaction, consumer);
            if (cursor >= afterId && cursor < last)
            {
                await AdvanceAsync(write, consumer, last);
            }
        }
    }
}
