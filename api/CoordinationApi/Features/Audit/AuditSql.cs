using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Security;

namespace CoordinationApi.Features.Audit;

internal static class AuditSql
{
    public const string LockHead = "UPDATE audit_head SET last_id = last_id WHERE id = 1;";

    public const string ReadHead = "SELECT last_id AS LastId, last_hash AS LastHash FROM audit_head WHERE id = 1;";

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

    public const string Insert = """
        INSERT INTO audit_entries (id, occurred_at, actor_type, actor_id, actor_name, agency_id, action, entity_type, entity_id,
                                   regulation_id, classification, before_json, after_json, request_id, client_ip, prev_hash, hash)
        VALUES (@Id, @OccurredAt, @ActorType, @ActorId, @ActorName, @AgencyId, @Action, @EntityType, @EntityId,
                @RegulationId, @Classification, @BeforeJson, @AfterJson, @RequestId, @ClientIp, @PrevHash, @Hash);
        """;

    public const string All = $"SELECT {Columns} FROM audit_entries ORDER BY id;";

    /// <summary>The audit trail for an export: oldest first, filtered like the list, within the caller's clearance and scope.</summary>
    public static readonly string Export = $"""
        SELECT {Columns}
        FROM audit_entries ae
        WHERE {Scope.WithinClearance("ae.classification")}
          AND (ae.regulation_id IS NULL OR {Scope.RegulationVisible("ae.regulation_id")})
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
        SELECT {Columns}
        FROM audit_entries ae
        WHERE id < @BeforeId
          AND {Scope.WithinClearance("ae.classification")}
          AND (ae.regulation_id IS NULL OR {Scope.RegulationVisible("ae.regulation_id")})
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
