using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Security;
using Dapper;

namespace CoordinationApi.Infrastructure.Audit;

/// <summary>Who did it: a person, an agency system, or the system itself (seeding, scheduled work).</summary>
public sealed record AuditActor(string Type, string Id, string Name, int? AgencyId, string? RequestId, string? ClientIp)
{
    public static readonly AuditActor System = new("system", "system", "system", null, null, null);

    public static AuditActor Of(Caller caller) => new(
        caller.AuthorKind, caller.Id, caller.Name, caller.AgencyId, caller.RequestId, caller.ClientIp);
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
/// Appends audit entries in the caller's transaction, so an entry exists exactly when its change does. Each entry
/// stores a MAC over its own content and the previous entry's hash: HMAC-SHA256 under <see cref="AuditChainKey"/>, a key
/// kept outside the database, so someone who can write the database cannot recompute the chain after editing or
/// deleting an entry; <see cref="VerifyAsync"/> finds it. Entries written before the chain was keyed keep plain SHA-256
/// and are pinned by the head's seal (see database/*/0010_audit_keyed_chain.sql). Signed checkpoints of the head, kept
/// by auditors outside the database, also reveal a truncation or a rewrite made with the key.
/// </summary>
public sealed class AuditTrail(TimeProvider clock, AuditChainKey key, AuditOptions options)
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

    public Task AppendAsync(DbConnection connection, DbTransaction transaction, Caller caller, AuditEvent change) =>
        AppendAsync(connection, transaction, AuditActor.Of(caller), change);

    /// <summary>Records a read (of secret or top-secret records, or an export): audited like a change, but changes nothing.</summary>
    public Task RecordReadAsync(DbConnection connection, DbTransaction transaction, Caller caller, AuditEvent read) =>
        RecordReadAsync(connection, transaction, AuditActor.Of(caller), read);

    /// <summary>Records a read by an actor (see <see cref="WriteScope.AuditReadAsync"/>).</summary>
    public Task RecordReadAsync(DbConnection connection, DbTransaction transaction, AuditActor actor, AuditEvent read) =>
        AppendEntryAsync(connection, transaction, actor, read);

    /// <summary>
    /// One entry for one response that returned secret or top-secret records (see <see cref="ReadAudit"/>), in a short
    /// transaction of its own: <c>task.read</c> when they are all tasks (entity id: the task, or the ids), <c>read</c>
    /// otherwise; the entry is as classified as the highest of them.
    /// </summary>
    public async Task RecordReadsAsync(WriteScopes writes, Caller caller, string operation, IReadOnlyList<ClassifiedRecord> records)
    {
        var types = records.Select(r => r.Type).Distinct(StringComparer.Ordinal).ToList();
        var ids = string.Join(',', records.Select(r => types.Count == 1 ? r.Id : $"{r.Type}:{r.Id}"));
        var regulations = records.Select(r => r.RegulationId).Distinct().ToList();
        var read = new AuditEvent(
            types.Count == 1 ? $"{types[0]}.read" : "read",
            types.Count == 1 ? types[0] : "records",
            ids.Length <= 100 ? ids : string.Create(CultureInfo.InvariantCulture, $"{records.Count} records"),
            After: new { operation, records = records.Select(r => new { type = r.Type, id = r.Id, classification = r.Classification.ToName() }) },
            Classification: records.Max(r => r.Classification),
            RegulationId: regulations.Count == 1 ? regulations[0] : null);
        await using var write = await writes.BeginAsync(caller, CancellationToken.None);
        await write.AuditReadAsync(read);
        await write.CommitAsync();
    }

    private async Task AppendEntryAsync(DbConnection connection, DbTransaction transaction, AuditActor actor, AuditEvent change)
    {
        // Taking the head row's write lock first serialises appenders on both providers.
        await connection.ExecuteAsync(AuditChainSql.LockHead, transaction: transaction);
        var head = await SealedHeadAsync(connection, transaction);
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
        entry = entry with { Hash = HashOf(entry, head.KeyedAfterId ?? 0) };
        await connection.ExecuteAsync(AuditChainSql.Insert, entry, transaction);
        await connection.ExecuteAsync(AuditChainSql.MoveHead, new { entry.Id, entry.Hash }, transaction);
        if (options.CheckpointEvery > 0 && entry.Id % options.CheckpointEvery == 0)
        {
            await CheckpointAsync(connection, transaction, entry.Id, entry.Hash);
        }
    }

    /// <summary>The head, sealed first if the chain has never been keyed (a new database, or the first start after 0010).</summary>
    private async Task<AuditHead> SealedHeadAsync(DbConnection connection, DbTransaction transaction)
    {
        var head = await connection.QuerySingleAsync<AuditHead>(AuditChainSql.ReadHead, transaction: transaction);
        if (head.KeyedSeal is not null)
        {
            return head;
        }

        var seal = key.Seal(head.LastId, head.LastHash);
        await connection.ExecuteAsync(AuditChainSql.SealHead, new { head.LastId, head.LastHash, Seal = seal }, transaction);
        if (head.LastId > 0)
        {
            // The entries written before the key are pinned by a first checkpoint too.
            await CheckpointAsync(connection, transaction, head.LastId, head.LastHash);
        }

        return head with { KeyedAfterId = head.LastId, KeyedAfterHash = head.LastHash, KeyedSeal = seal };
    }

    /// <summary>Keys the chain on start (a no-op once done), so an upgraded database is sealed before anything reads it.</summary>
    public async Task SealAsync(WriteScopes writes)
    {
        await using var write = await writes.BeginAsync(AuditActor.System, CancellationToken.None);
        var (connection, transaction) = write;
        await connection.ExecuteAsync(AuditChainSql.LockHead, transaction: transaction);
        await SealedHeadAsync(connection, transaction);
        await write.CommitAsync();
    }

    /// <summary>A signed checkpoint of the current head (the existing one when the head already has one).</summary>
    public async Task<AuditCheckpointDto> CheckpointHeadAsync(WriteScopes writes, CancellationToken cancellationToken)
    {
        await using var write = await writes.BeginAsync(AuditActor.System, cancellationToken);
        var (connection, transaction) = write;
        await connection.ExecuteAsync(AuditChainSql.LockHead, transaction: transaction);
        var head = await SealedHeadAsync(connection, transaction);
        await CheckpointAsync(connection, transaction, head.LastId, head.LastHash);
        var checkpoint = await connection.QuerySingleAsync<AuditCheckpointRow>(AuditChainSql.Checkpoint, new { HeadId = head.LastId }, transaction);
        await write.CommitAsync();
        return checkpoint.ToDto();
    }

    private Task<int> CheckpointAsync(DbConnection connection, DbTransaction transaction, long headId, string headHash)
    {
        // Milliseconds: the time is signed, and must read back exactly as signed.
        var now = DateTimeOffset.FromUnixTimeMilliseconds(clock.GetUtcNow().ToUnixTimeMilliseconds());
        return connection.ExecuteAsync(AuditChainSql.InsertCheckpoint,
            new { HeadId = headId, HeadHash = headHash, CreatedAt = now, Signature = key.Sign(headId, headHash, now) }, transaction);
    }

    /// <summary>Whether a checkpoint (as kept by an auditor) was signed by this API's key.</summary>
    public bool IsSigned(AuditCheckpointDto checkpoint) =>
        CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(key.Sign(checkpoint.HeadId, checkpoint.HeadHash, checkpoint.CreatedAt)),
            Encoding.ASCII.GetBytes(checkpoint.Signature));

    /// <summary>
    /// Recomputes the chain in order up to the head read first (so an entry appended meanwhile is neither missing nor
    /// extra); reports the first entry whose MAC or link does not hold, a forged seal, a truncation, and, given a
    /// checkpoint kept elsewhere, an entry it names that is gone or different.
    /// </summary>
    public async Task<AuditVerificationDto> VerifyAsync(DbConnection connection, AuditCheckpointDto? checkpoint, CancellationToken cancellationToken)
    {
        var head = await connection.QuerySingleOrDefaultAsync<AuditHead>(new CommandDefinition(AuditChainSql.ReadHead, cancellationToken: cancellationToken));
        if (checkpoint is not null && !IsSigned(checkpoint))
        {
            return new AuditVerificationDto(false, 0, null, "The checkpoint was not signed with this register's audit key.");
        }

        // A head deleted or emptied in the database is a damaged chain to report, not an error.
        if (head is null)
        {
            return new AuditVerificationDto(false, 0, 1, "The chain's head is missing: it was deleted from the database.");
        }

        if (head.LastId < 0 || string.IsNullOrEmpty(head.LastHash))
        {
            return new AuditVerificationDto(false, 0, 1, "The chain's head is damaged: it names no entry or no hash.");
        }

        long keyedAfter = 0;
        if (head.KeyedSeal is null)
        {
            if (head.LastId > 0)
            {
                return new AuditVerificationDto(false, 0, 1, "The chain's seal is missing: the head was rewritten.");
            }
        }
        else if (head.KeyedAfterId is not { } after || head.KeyedAfterHash is not { } afterHash
                 || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(key.Seal(after, afterHash)), Encoding.ASCII.GetBytes(head.KeyedSeal)))
        {
            return new AuditVerificationDto(false, 0, head.KeyedAfterId, "The chain's seal does not hold: the head was rewritten.");
        }
        else
        {
            keyedAfter = after;
            if (after == 0 && afterHash != Genesis)
            {
                return new AuditVerificationDto(false, 0, 1, "The chain's seal does not hold: the head was rewritten.");
            }
        }

        var expectedPrev = Genesis;
        long expectedId = 1;
        long checkedCount = 0;
        // Streamed: memory stays flat however long the trail is. Read column by column, defensively: a value that cannot be
        // read as its column's type (text in a date or number column, bytes in a text one) is an altered entry, not an error.
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(
            AuditChainSql.UpTo, new { HeadId = head.LastId }, cancellationToken: cancellationToken));
        while (await reader.ReadAsync(cancellationToken))
        {
            var (row, unreadable) = ReadEntry(reader, expectedId);
            string? reason = null;
            if (row.Id != expectedId)
            {
                reason = $"Entry {expectedId} is missing: the chain jumps to {row.Id}.";
            }
            else if (row.PrevHash != expectedPrev)
            {
                reason = $"Entry {row.Id} does not link to the hash of the entry before it.";
            }
            else if (unreadable is not null)
            {
                reason = $"Entry {row.Id} has been altered: its {unreadable} cannot be read as its type.";
            }
            else if (HashOf(row, keyedAfter) != row.Hash || (row.Id == keyedAfter && row.Hash != head.KeyedAfterHash))
            {
                reason = $"Entry {row.Id} has been altered: its content no longer matches its hash.";
            }
            else if (checkpoint is not null && row.Id == checkpoint.HeadId && row.Hash != checkpoint.HeadHash)
            {
                reason = $"Entry {row.Id} differs from the checkpoint of {checkpoint.CreatedAt:O}: the chain was rewritten.";
            }

            if (reason is not null)
            {
                return new AuditVerificationDto(false, checkedCount, Math.Min(row.Id, expectedId), reason);
            }

            checkedCount++;
            expectedPrev = row.Hash;
            expectedId++;
        }

        if (head.LastId != expectedId - 1 || head.LastHash != expectedPrev)
        {
            return new AuditVerificationDto(false, checkedCount, expectedId, $"Entries after {expectedId - 1} have been deleted (the chain's head is {head.LastId}).");
        }

        if (checkpoint is not null && checkpoint.HeadId > head.LastId)
        {
            return new AuditVerificationDto(false, checkedCount, head.LastId + 1,
                $"The chain ends at {head.LastId}, before entry {checkpoint.HeadId} of the checkpoint of {checkpoint.CreatedAt:O}: it was truncated.");
        }

        return checkpoint is not null && checkpoint.HeadId == 0 && checkpoint.HeadHash != Genesis
            ? new AuditVerificationDto(false, checkedCount, 1, "The checkpoint names the chain's start with another hash.")
            : new AuditVerificationDto(true, checkedCount, null, null);
    }

    /// <summary>
    /// One entry as the verifier reads it: each column taken as the raw value the database holds and converted here, so a
    /// value of the wrong type never throws; returns the first column that could not be read (null when all could).
    /// </summary>
    private static (AuditEntryRow Row, string? Unreadable) ReadEntry(DbDataReader reader, long expectedId)
    {
        string? unreadable = null;
        object? Raw(string column)
        {
            var value = reader.GetValue(reader.GetOrdinal(column));
            return value is DBNull ? null : value;
        }

        T Read<T>(string column, Func<object?, (bool Ok, T Value)> convert, T fallback)
        {
            object? raw;
            try
            {
                raw = Raw(column);
            }
            catch (Exception e) when (e is InvalidCastException or FormatException or OverflowException or ArgumentException)
            {
                unreadable ??= column;
                return fallback;
            }

            var (ok, value) = convert(raw);
            if (!ok)
            {
                unreadable ??= column;
                return fallback;
            }

            return value;
        }

        static (bool, long) Integer(object? raw) => raw switch
        {
            long l => (true, l),
            int i => (true, i),
            short s => (true, s),
            byte b => (true, b),
            _ => (false, 0),
        };
        static (bool, long?) NullableInteger(object? raw) => raw is null ? (true, null) : Integer(raw) is (true, var v) ? (true, v) : (false, null);
        static (bool, string) Text(object? raw) => raw is string text ? (true, text) : (false, "");
        static (bool, string?) NullableText(object? raw) => raw is null or string ? (true, (string?)raw) : (false, null);
        static (bool, DateTimeOffset) Instant(object? raw) => raw switch
        {
            DateTimeOffset offset => (true, offset),
            DateTime dateTime => (true, new DateTimeOffset(DateTime.SpecifyKind(dateTime, DateTimeKind.Utc))),
            string text when DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed) => (true, parsed),
            _ => (false, default),
        };
        static (bool, int?) SmallInteger(object? raw) =>
            NullableInteger(raw) is (true, var v) && v is null or (>= int.MinValue and <= int.MaxValue) ? (true, (int?)v) : (false, null);

        var row = new AuditEntryRow
        {
            Id = Read(nameof(AuditEntryRow.Id), Integer, expectedId),
            OccurredAt = Read(nameof(AuditEntryRow.OccurredAt), Instant, default),
            ActorType = Read(nameof(AuditEntryRow.ActorType), Text, ""),
            ActorId = Read(nameof(AuditEntryRow.ActorId), Text, ""),
            ActorName = Read(nameof(AuditEntryRow.ActorName), Text, ""),
            AgencyId = Read(nameof(AuditEntryRow.AgencyId), SmallInteger, null),
            Action = Read(nameof(AuditEntryRow.Action), Text, ""),
            EntityType = Read(nameof(AuditEntryRow.EntityType), Text, ""),
            EntityId = Read(nameof(AuditEntryRow.EntityId), Text, ""),
            RegulationId = Read(nameof(AuditEntryRow.RegulationId), SmallInteger, null),
            Classification = Read(nameof(AuditEntryRow.Classification), r => SmallInteger(r) is (true, { } v) ? (true, v) : (false, 0), 0),
            BeforeJson = Read(nameof(AuditEntryRow.BeforeJson), NullableText, null),
            AfterJson = Read(nameof(AuditEntryRow.AfterJson), NullableText, null),
            RequestId = Read(nameof(AuditEntryRow.RequestId), NullableText, null),
            ClientIp = Read(nameof(AuditEntryRow.ClientIp), NullableText, null),
            PrevHash = Read(nameof(AuditEntryRow.PrevHash), Text, ""),
            Hash = Read(nameof(AuditEntryRow.Hash), Text, ""),
        };
        return (row, unreadable);
    }

    /// <summary>HMAC-SHA256 under the chain key; plain SHA-256 for the entries written before the chain was keyed.</summary>
    internal string HashOf(AuditEntryRow e, long keyedAfterId)
    {
        var content = string.Join('\n',
            e.Id.ToString(CultureInfo.InvariantCulture),
            e.OccurredAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
            e.ActorType, e.ActorId, e.ActorName, e.AgencyId?.ToString(CultureInfo.InvariantCulture) ?? "",
            e.Action, e.EntityType, e.EntityId, e.RegulationId?.ToString(CultureInfo.InvariantCulture) ?? "",
            e.Classification.ToString(CultureInfo.InvariantCulture),
            e.BeforeJson ?? "", e.AfterJson ?? "", e.RequestId ?? "", e.ClientIp ?? "", e.PrevHash);
        return e.Id > keyedAfterId ? key.Mac(content) : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));
    }

    private sealed record AuditHead
    {
        public long LastId { get; init; }

        public string LastHash { get; init; } = "";

        public long? KeyedAfterId { get; init; }

        public string? KeyedAfterHash { get; init; }

        public string? KeyedSeal { get; init; }
    }
}

internal sealed record AuditCheckpointRow
{
    public long HeadId { get; init; }

    public string HeadHash { get; init; } = "";

    public DateTimeOffset CreatedAt { get; init; }

    public string Signature { get; init; } = "";

    public AuditCheckpointDto ToDto() => new(HeadId, HeadHash, CreatedAt, Signature);
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
