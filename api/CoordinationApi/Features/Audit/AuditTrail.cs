using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Security;
using Dapper;

namespace CoordinationApi.Features.Audit;

/// <summary>Who did it: a person, an agency system, or the system itself (seeding, scheduled work).</summary>
public sealed record AuditActor(string Type, string Id, string Name, int? AgencyId, string? RequestId, string? ClientIp)
{
    public static readonly AuditActor System = new("system", "system", "system", null, null, null);

    public static AuditActor Of(Caller caller) => new(
        caller.Kind == CallerKind.Client ? "client" : "user", caller.Id, caller.Name, caller.AgencyId, caller.RequestId, caller.ClientIp);
}

/// <summary>What happened to which record. <paramref name="Before"/> and <paramref name="After"/> are serialised as JSON.</summary>
public sealed record AuditEvent(
    string Action,
    string EntityType,
    string EntityId,
    object? Before = null,
    object? After = null,
    Clearance Classification = Clearance.Unclassified,
    int? RegulationId = null);

/// <summary>
/// Appends audit entries in the caller's transaction, so an entry exists exactly when its change does.
/// Each entry stores SHA-256 over its own content and the previous entry's hash; editing or deleting any
/// entry breaks every hash after it, which <see cref="VerifyAsync"/> finds.
/// </summary>
public sealed class AuditTrail(TimeProvider clock)
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Records a change and moves the database's change marker (<see cref="DataGenerationSql"/>, reads aside) in its
    /// transaction: what any instance keeps from the data (the dashboard, agencies and units) is keyed by the marker, so a
    /// change made here is never hidden by a cache, on this instance or another.
    /// </summary>
    public async Task AppendAsync(DbConnection connection, DbTransaction transaction, AuditActor actor, AuditEvent change)
    {
        await AppendEntryAsync(connection, transaction, actor, change);
        await connection.ExecuteAsync(DataGenerationSql.Bump, transaction: transaction);
    }

    /// <summary>Records a read (of secret or top-secret records, or an export): audited like a change, but changes nothing.</summary>
    public Task RecordReadAsync(DbConnection connection, DbTransaction transaction, Caller caller, AuditEvent read) =>
        AppendEntryAsync(connection, transaction, AuditActor.Of(caller), read);

    private async Task AppendEntryAsync(DbConnection connection, DbTransaction transaction, AuditActor actor, AuditEvent change)
    {
        // Taking the head row's write lock first serialises appenders on both providers.
        await connection.ExecuteAsync(AuditSql.LockHead, transaction: transaction);
        var head = await connection.QuerySingleAsync<AuditHead>(AuditSql.ReadHead, transaction: transaction);
        var entry = new AuditEntryRow
        {
            Id = head.LastId + 1,
            OccurredAt = clock.GetUtcNow(),
            ActorType = actor.Type,
            ActorId = actor.Id,
            ActorName = actor.Name,
            AgencyId = actor.AgencyId,
            Action = change.Action,
            EntityType = change.EntityType,
            EntityId = change.EntityId,
            RegulationId = change.RegulationId,
            Classification = (int)change.Classification,
            BeforeJson = change.Before is null ? null : JsonSerializer.Serialize(change.Before, Json),
            AfterJson = change.After is null ? null : JsonSerializer.Serialize(change.After, Json),
            RequestId = actor.RequestId,
            ClientIp = actor.ClientIp,
            PrevHash = head.LastHash,
        };
        entry = entry with { Hash = HashOf(entry) };
        await connection.ExecuteAsync(AuditSql.Insert, entry, transaction);
        await connection.ExecuteAsync(AuditSql.MoveHead, new { entry.Id, entry.Hash }, transaction);
    }

    public Task AppendAsync(DbConnection connection, DbTransaction transaction, Caller caller, AuditEvent change) =>
        AppendAsync(connection, transaction, AuditActor.Of(caller), change);

    /// <summary>Recomputes the whole chain in order; reports the first entry whose hash or link does not hold.</summary>
    public static async Task<AuditVerificationDto> VerifyAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var expectedPrev = Genesis;
        long expectedId = 1;
        long checkedCount = 0;
        // Streamed: memory stays flat however long the trail is.
        await foreach (var row in connection.QueryUnbufferedAsync<AuditEntryRow>(AuditSql.All).WithCancellation(cancellationToken))
        {
            string? reason = null;
            if (row.Id != expectedId)
            {
                reason = $"Entry {expectedId} is missing: the chain jumps to {row.Id}.";
            }
            else if (row.PrevHash != expectedPrev)
            {
                reason = $"Entry {row.Id} does not link to the hash of the entry before it.";
            }
            else if (HashOf(row) != row.Hash)
            {
                reason = $"Entry {row.Id} has been altered: its content no longer matches its hash.";
            }

            if (reason is not null)
            {
                return new AuditVerificationDto(false, checkedCount, Math.Min(row.Id, expectedId), reason);
            }

            checkedCount++;
            expectedPrev = row.Hash;
            expectedId++;
        }

        var head = await connection.QuerySingleAsync<AuditHead>(new CommandDefinition(AuditSql.ReadHead, cancellationToken: cancellationToken));
        return head.LastId != expectedId - 1 || head.LastHash != expectedPrev
            ? new AuditVerificationDto(false, checkedCount, expectedId, $"Entries after {expectedId - 1} have been deleted (the chain's head is {head.LastId}).")
            : new AuditVerificationDto(true, checkedCount, null, null);
    }

    internal static string HashOf(AuditEntryRow e)
    {
        var content = string.Join('\n',
            e.Id.ToString(CultureInfo.InvariantCulture),
            e.OccurredAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
            e.ActorType, e.ActorId, e.ActorName, e.AgencyId?.ToString(CultureInfo.InvariantCulture) ?? "",
            e.Action, e.EntityType, e.EntityId, e.RegulationId?.ToString(CultureInfo.InvariantCulture) ?? "",
            e.Classification.ToString(CultureInfo.InvariantCulture),
            e.BeforeJson ?? "", e.AfterJson ?? "", e.RequestId ?? "", e.ClientIp ?? "", e.PrevHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));
    }

    private sealed record AuditHead
    {
        public long LastId { get; init; }

        public string LastHash { get; init; } = "";
    }
}

internal sealed record AuditEntryRow
{
    public long Id { get; init; }

    public DateTimeOffset OccurredAt { get; init; }

    public string ActorType { get; init; } = "";

    public string ActorId { get; init; } = "";

    public string ActorName { get; init; } = "";

    public int? AgencyId { get; init; }

    public string Action { get; init; } = "";

    public string EntityType { get; init; } = "";

    public string EntityId { get; init; } = "";

    public int? RegulationId { get; init; }

    public int Classification { get; init; }

    public string? BeforeJson { get; init; }

    public string? AfterJson { get; init; }

    public string? RequestId { get; init; }

    public string? ClientIp { get; init; }

    public string PrevHash { get; init; } = "";

    public string Hash { get; init; } = "";
}
