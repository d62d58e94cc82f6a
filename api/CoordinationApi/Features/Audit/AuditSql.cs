using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Security;

namespace CoordinationApi.Features.Audit;

internal static class AuditSql
{
    public const string LockHead = "UPDATE audit_head SET last_id = last_id WHERE id = 1;";

    public const string ReadHead = """
        SELECT last_id AS LastId, last_hash AS LastHash, keyed_after_id AS KeyedAfterId, keyed_after_hash AS KeyedAfterHash, keyed_seal AS KeyedSeal
        FROM audit_head WHERE id = 1;
        """;

    public const string SealHead = """
        UPDATE audit_head SET keyed_after_id = @LastId, keyed_after_hash = @LastHash, keyed_seal = @Seal WHERE id = 1 AND keyed_seal IS NULL;
        """;

    private const string CheckpointColumns = $"""
        head_id AS {nameof(AuditCheckpointRow.HeadId)}, head_hash AS {nameof(AuditCheckpointRow.HeadHash)},
        created_at AS {nameof(AuditCheckpointRow.CreatedAt)}, signature AS {nameof(AuditCheckpointRow.Signature)}
        """;

    /// <summary>One checkpoint per head: a second request for the same head keeps the first.</summary>
    public const string InsertCheckpoint = """
        INSERT INTO audit_checkpoints (head_id, head_hash, created_at, signature)
        SELECT @HeadId, @HeadHash, @CreatedAt, @Signature
        WHERE NOT EXISTS (SELECT 1 FROM audit_checkpoints c WHERE c.head_id = @HeadId);
        """;

    public const string Checkpoint = $"SELECT {CheckpointColumns} FROM audit_checkpoints WHERE head_id = @HeadId;";

    public static string Checkpoints(SqlDialect dialect) => $"""
        SELECT {CheckpointColumns}
        FROM audit_checkpoints
        WHERE head_id < @BeforeId
        ORDER BY head_id DESC
        {dialect.Limit("@Take")};
        """;

    public const string MoveHead = "UPDATE audit_head SET last_id = @Id, last_hash = @Hash WHERE id = 1;";

    private const string Columns = $"""
        id AS {nameof(AuditEntryRow.Id)}, occurred_at AS {nameof(AuditEntryRow.OccurredAt)}, actor_type AS {nameof(AuditEntryRow.ActorType)},
        actor_id AS {nameof(AuditEntryRow.ActorId)}, actor_name AS {nameof(AuditEntryRow.ActorName)}, agency_id AS {nameof(AuditEntryRow.AgencyId)},
        action AS {nameof(AuditEntryRow.Action)}, entity_type AS {nameof(AuditEntryRow.EntityType)}, entity_id AS {nameof(AuditEntryRow.EntityId)},
        regulation_id AS {nameof(AuditEntryRow.RegulationId)}, classification AS {nameof(AuditEntryRow.Classification)},
        before_json AS {nameof(AuditEntryRow.BeforeJson)}, after_json AS {nameof(AuditEntryRow.AfterJson)},
        request_id AS {nameof(AuditEntryRow.RequestId)}, client_ip AS {nameof(AuditEntryRow.ClientIp)},
        prev_hash AS {nameof(AuditEntryRow.PrevHash)}, hash AS {nameof(AuditEntryRow.Hash)}
        """;

    /// <summary>
    /// The columns as a caller reads them: where a request came from (address, trace id) only for entries whose actor is of
    /// the caller's own agency; another agency's staff addresses are not theirs to see.
    /// </summary>
    private static readonly string ListedColumns = Columns
        .Replace("request_id AS", "CASE WHEN ae.agency_id = @CallerAgencyId THEN ae.request_id END AS", StringComparison.Ordinal)
        .Replace("client_ip AS", "CASE WHEN ae.agency_id = @CallerAgencyId THEN ae.client_ip END AS", StringComparison.Ordinal);

    public const string Insert = """
        INSERT INTO audit_entries (id, occurred_at, actor_type, actor_id, actor_name, agency_id, action, entity_type, entity_id,
                                   regulation_id, classification, before_json, after_json, request_id, client_ip, prev_hash, hash)
        VALUES (@Id, @OccurredAt, @ActorType, @ActorId, @ActorName, @AgencyId, @Action, @EntityType, @EntityId,
                @RegulationId, @Classification, @BeforeJson, @AfterJson, @RequestId, @ClientIp, @PrevHash, @Hash);
        """;

    /// <summary>
    /// Which entries a caller sees: those about a regulation their agency is a party to, and those about their own agency's
    /// administration (users, API clients, sign-ins, exports: entries without a regulation, made by someone of their agency);
    /// never an entry classified above their clearance. An entry carries the highest classification of the records in its
    /// before and after values, so a classified record's values are absent for whoever may not see the record, exactly as
    /// the record is. Entries with neither a regulation nor an agency (the system's own work, sign-ins under unknown names)
    /// are shown to no one; they stay in the chain and are verified.
    /// </summary>
    private static readonly string Visible = $"""
        {Scope.WithinClearance("ae.classification")}
          AND ((ae.regulation_id IS NOT NULL AND {Scope.RegulationVisible("ae.regulation_id")})
               OR (ae.regulation_id IS NULL AND ae.agency_id = @CallerAgencyId))
        """;

    /// <summary>The chain up to a head read before: entries appended meanwhile are left for the next verification.</summary>
    public const string UpTo = $"SELECT {Columns} FROM audit_entries WHERE id <= @HeadId ORDER BY id;";

    /// <summary>The audit trail for an export: oldest first, filtered like the list, within the caller's clearance and scope.</summary>
    public static readonly string Export = $"""
        SELECT {ListedColumns}
        FROM audit_entries ae
        WHERE {Visible}
          AND (@Actor IS NULL OR actor_name = @Actor)
          AND (@EntityType IS NULL OR entity_type = @EntityType)
          AND (@EntityId IS NULL OR entity_id = @EntityId)
          AND (@Action IS NULL OR action = @Action)
          AND (@From IS NULL OR occurred_at >= @From)
          AND (@To IS NULL OR occurred_at < @To)
        ORDER BY id;
        """;

    /// <summary>
    /// Newest first, filtered; an entry about a classified record or another agency's regulation is not there for
    /// a caller who may not see that record.
    /// </summary>
    public static string Page(SqlDialect dialect) => $"""
        SELECT {ListedColumns}
        FROM audit_entries ae
        WHERE id < @BeforeId
          AND {Visible}
          AND (@Actor IS NULL OR actor_name = @Actor)
          AND (@EntityType IS NULL OR entity_type = @EntityType)
          AND (@EntityId IS NULL OR entity_id = @EntityId)
          AND (@Action IS NULL OR action = @Action)
          AND (@From IS NULL OR occurred_at >= @From)
          AND (@To IS NULL OR occurred_at < @To)
        ORDER BY id DESC
        {dialect.Limit("@Take")};
        """;
}
