namespace CoordinationApi.Infrastructure.Audit;

/// <summary>The statements that append to the chain, seal and checkpoint its head, and read it back to verify it.</summary>
internal static class AuditChainSql
{
    public const string LockHead = "UPDATE audit_head SET last_id = last_id WHERE id = 1;";

    public const string ReadHead = """
        SELECT last_id AS LastId, last_hash AS LastHash, keyed_after_id AS KeyedAfterId, keyed_after_hash AS KeyedAfterHash, keyed_seal AS KeyedSeal
        FROM audit_head WHERE id = 1;
        """;

    public const string SealHead = """
        UPDATE audit_head SET keyed_after_id = @LastId, keyed_after_hash = @LastHash, keyed_seal = @Seal WHERE id = 1 AND keyed_seal IS NULL;
        """;

    /// <summary>One checkpoint per head: a second request for the same head keeps the first.</summary>
    public const string InsertCheckpoint = """
        INSERT INTO audit_checkpoints (head_id, head_hash, created_at, signature)
        SELECT @HeadId, @HeadHash, @CreatedAt, @Signature
        WHERE NOT EXISTS (SELECT 1 FROM audit_checkpoints c WHERE c.head_id = @HeadId);
        """;

    public const string Checkpoint = $"SELECT {AuditColumns.Checkpoint} FROM audit_checkpoints WHERE head_id = @HeadId;";

    public const string MoveHead = "UPDATE audit_head SET last_id = @Id, last_hash = @Hash WHERE id = 1;";

    public const string Insert = """
        INSERT INTO audit_entries (id, occurred_at, actor_type, actor_id, actor_name, agency_id, action, entity_type, entity_id,
                                   regulation_id, classification, before_json, after_json, request_id, client_ip, prev_hash, hash)
        VALUES (@Id, @OccurredAt, @ActorType, @ActorId, @ActorName, @AgencyId, @Action, @EntityType, @EntityId,
                @RegulationId, @Classification, @BeforeJson, @AfterJson, @RequestId, @ClientIp, @PrevHash, @Hash);
        """;

    /// <summary>The chain up to a head read before: entries appended meanwhile are left for the next verification.</summary>
    public const string UpTo = $"SELECT {AuditColumns.Entry} FROM audit_entries WHERE id <= @HeadId ORDER BY id;";
}

/// <summary>
/// The columns of an entry and of a checkpoint, mapped by name onto <see cref="AuditEntryRow"/> and
/// <see cref="AuditCheckpointRow"/>; the audit feature lists them too. Fragments, not statements: kept out of the *Sql
/// classes, whose every statement must parse as T-SQL on its own.
/// </summary>
internal static class AuditColumns
{
    public const string Checkpoint = $"""
        head_id AS {nameof(AuditCheckpointRow.HeadId)}, head_hash AS {nameof(AuditCheckpointRow.HeadHash)},
        created_at AS {nameof(AuditCheckpointRow.CreatedAt)}, signature AS {nameof(AuditCheckpointRow.Signature)}
        """;

    public const string Entry = $"""
        id AS {nameof(AuditEntryRow.Id)}, occurred_at AS {nameof(AuditEntryRow.OccurredAt)}, actor_type AS {nameof(AuditEntryRow.ActorType)},
        actor_id AS {nameof(AuditEntryRow.ActorId)}, actor_name AS {nameof(AuditEntryRow.ActorName)}, agency_id AS {nameof(AuditEntryRow.AgencyId)},
        action AS {nameof(AuditEntryRow.Action)}, entity_type AS {nameof(AuditEntryRow.EntityType)}, entity_id AS {nameof(AuditEntryRow.EntityId)},
        regulation_id AS {nameof(AuditEntryRow.RegulationId)}, classification AS {nameof(AuditEntryRow.Classification)},
        before_json AS {nameof(AuditEntryRow.BeforeJson)}, after_json AS {nameof(AuditEntryRow.AfterJson)},
        request_id AS {nameof(AuditEntryRow.RequestId)}, client_ip AS {nameof(AuditEntryRow.ClientIp)},
        prev_hash AS {nameof(AuditEntryRow.PrevHash)}, hash AS {nameof(AuditEntryRow.Hash)}
        """;
}
