using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Security;

namespace CoordinationApi.Features.Audit;

/// <summary>The audit trail as callers read it: pages, exports and checkpoints, within their scope and clearance.</summary>
internal static class AuditSql
{
    public static string Checkpoints(SqlDialect dialect) => $"""
        SELECT {AuditColumns.Checkpoint}
        FROM audit_checkpoints
        WHERE head_id < @BeforeId
        ORDER BY head_id DESC
        {dialect.Limit("@Take")};
        """;

    /// <summary>
    /// The columns as a caller reads them: where a request came from (address, trace id) only for entries whose actor is of
    /// the caller's own agency; another agency's staff addresses are not theirs to see.
    /// </summary>
    private static readonly string ListedColumns = AuditColumns.Entry
        .Replace("request_id AS", "CASE WHEN ae.agency_id = @CallerAgencyId THEN ae.request_id END AS", StringComparison.Ordinal)
        .Replace("client_ip AS", "CASE WHEN ae.agency_id = @CallerAgencyId THEN ae.client_ip END AS", StringComparison.Ordinal);

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
