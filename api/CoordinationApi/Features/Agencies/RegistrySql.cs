using CoordinationApi.Infrastructure.Data;

namespace CoordinationApi.Features.Agencies;

internal sealed record AgencyRow
{
    public required int Id { get; init; }

    public required string Code { get; init; }

    public required string NameVi { get; init; }

    public required string NameEn { get; init; }

    public required bool Active { get; init; }

    public required int RowVersion { get; init; }

    public int? FirstAdminUserId { get; init; }

    public AgencyDto ToDto() => new() { Code = Code, NameVi = NameVi, NameEn = NameEn, Active = Active };
}

internal sealed record UnitWriteRow
{
    public required int Id { get; init; }

    public required string Code { get; init; }

    public required int AgencyId { get; init; }

    public required string AgencyCode { get; init; }

    public int? ParentId { get; init; }

    public string? ParentCode { get; init; }

    public required string Tier { get; init; }

    public required string NameVi { get; init; }

    public required string NameEn { get; init; }

    public required bool Active { get; init; }

    public required int RowVersion { get; init; }

    public UnitDto ToDto() => new(Id, Code, AgencyCode, ParentCode, Tier, NameVi, NameEn, Active);
}

internal sealed record UnitLink
{
    public required int Id { get; init; }

    public int? ParentId { get; init; }
}

internal sealed record PersonWriteRow
{
    public required int Id { get; init; }

    public required string PersonKey { get; init; }

    public required string FullName { get; init; }

    public required string RankVi { get; init; }

    public required string RankEn { get; init; }

    public required string PositionVi { get; init; }

    public required string PositionEn { get; init; }

    public required int AgencyId { get; init; }

    public required string AgencyCode { get; init; }

    public string? UnitCode { get; init; }

    public required bool Active { get; init; }

    public required int RowVersion { get; init; }

    public PersonDto ToDto() => new(Id, PersonKey, FullName, RankVi, RankEn, PositionVi, PositionEn, AgencyCode, UnitCode, Active);
}

internal sealed record FirstAdminRow
{
    public required int Id { get; init; }

    public required string Username { get; init; }

    public required string DisplayName { get; init; }

    public required string AgencyCode { get; init; }

    public string? UnitCode { get; init; }

    public required int Clearance { get; init; }

    public required bool Active { get; init; }
}

internal sealed record FoldRow
{
    public required int Id { get; init; }

    public required string FullName { get; init; }
}

/// <summary>
/// Agencies, units and persons are reference data every caller reads (no classification, no agency scope); who may
/// change which of them is decided in the handlers (<see cref="RegistryEndpoints"/>).
/// </summary>
internal static class RegistrySql
{
    private const string AgencyColumns = $"""
        a.id AS {nameof(AgencyRow.Id)}, a.code AS {nameof(AgencyRow.Code)}, a.name_vi AS {nameof(AgencyRow.NameVi)},
        a.name_en AS {nameof(AgencyRow.NameEn)}, a.active AS {nameof(AgencyRow.Active)}, a.row_version AS {nameof(AgencyRow.RowVersion)},
        a.first_admin_user_id AS {nameof(AgencyRow.FirstAdminUserId)}
        """;

    public const string Agency = $"SELECT {AgencyColumns} FROM agencies a WHERE a.code = @Code;";

    public const string AgencyCodeTaken = "SELECT COUNT(*) FROM agencies WHERE code = @Code;";

    public const string UnitCodeTaken = "SELECT COUNT(*) FROM units WHERE code = @Code;";

    public const string PersonKeyTaken = "SELECT COUNT(*) FROM persons WHERE person_key = @Key;";

    public static string InsertAgency(SqlDialect dialect) => dialect.InsertReturningId(
        "agencies", "code, name_vi, name_en, active, row_version", "@Code, @NameVi, @NameEn, @Active, 1");

    public const string UpdateAgency = """
        UPDATE agencies SET name_vi = @NameVi, name_en = @NameEn, active = @Active, row_version = row_version + 1
        WHERE id = @Id AND row_version = @RowVersion;
        """;

    private const string UnitColumns = $"""
        u.id AS {nameof(UnitWriteRow.Id)}, u.code AS {nameof(UnitWriteRow.Code)}, u.agency_id AS {nameof(UnitWriteRow.AgencyId)},
        a.code AS {nameof(UnitWriteRow.AgencyCode)}, u.parent_id AS {nameof(UnitWriteRow.ParentId)}, p.code AS {nameof(UnitWriteRow.ParentCode)},
        u.tier AS {nameof(UnitWriteRow.Tier)}, u.name_vi AS {nameof(UnitWriteRow.NameVi)}, u.name_en AS {nameof(UnitWriteRow.NameEn)},
        u.active AS {nameof(UnitWriteRow.Active)}, u.row_version AS {nameof(UnitWriteRow.RowVersion)}
        """;

    public const string Unit = $"""
        SELECT {UnitColumns}
        FROM units u
        JOIN agencies a ON a.id = u.agency_id
        LEFT JOIN units p ON p.id = u.parent_id
        WHERE u.code = @Code;
        """;

    /// <summary>The tree of one agency, to refuse a move that would put a unit under itself.</summary>
    public const string UnitLinks = $"SELECT id AS {nameof(UnitLink.Id)}, parent_id AS {nameof(UnitLink.ParentId)} FROM units WHERE agency_id = @AgencyId;";

    public static string InsertUnit(SqlDialect dialect) => dialect.InsertReturningId(
        "units", "agency_id, parent_id, tier, code, name_vi, name_en, active, row_version", "@AgencyId, @ParentId, @Tier, @Code, @NameVi, @NameEn, @Active, 1");

    public const string UpdateUnit = """
        UPDATE units SET parent_id = @ParentId, tier = @Tier, name_vi = @NameVi, name_en = @NameEn, active = @Active, row_version = row_version + 1
        WHERE id = @Id AND row_version = @RowVersion;
        """;

    private const string PersonColumns = $"""
        p.id AS {nameof(PersonWriteRow.Id)}, p.person_key AS {nameof(PersonWriteRow.PersonKey)}, p.full_name AS {nameof(PersonWriteRow.FullName)},
        p.rank_vi AS {nameof(PersonWriteRow.RankVi)}, p.rank_en AS {nameof(PersonWriteRow.RankEn)},
        p.position_vi AS {nameof(PersonWriteRow.PositionVi)}, p.position_en AS {nameof(PersonWriteRow.PositionEn)},
        p.agency_id AS {nameof(PersonWriteRow.AgencyId)}, a.code AS {nameof(PersonWriteRow.AgencyCode)}, un.code AS {nameof(PersonWriteRow.UnitCode)},
        p.active AS {nameof(PersonWriteRow.Active)}, p.row_version AS {nameof(PersonWriteRow.RowVersion)}
        """;

    /// <summary>A person with their agency's and unit's codes, read by key and by page.</summary>
    private const string PersonsFrom = """
        FROM persons p
        JOIN agencies a ON a.id = p.agency_id
        LEFT JOIN units un ON un.id = p.unit_id
        """;

    public const string Person = $"""
        SELECT {PersonColumns}
        {PersonsFrom}
        WHERE p.person_key = @Key;
        """;

    /// <summary>At most this many words of a name search; each must occur as a whole word of the folded name.</summary>
    public const int MaxWords = 8;

    /// <summary>A page of persons in id order (keyset), filtered by agency, unit, folded name words and active state.</summary>
    public static string PersonsPage(SqlDialect dialect)
    {
        var padded = dialect.Provider == DatabaseProvider.Sqlite ? "(' ' || p.name_folded || ' ')" : "(N' ' + p.name_folded + N' ')";
        var words = string.Concat(Enumerable.Range(0, MaxWords).Select(i => $"\n  AND (@Word{i} IS NULL OR {padded} LIKE @Word{i} ESCAPE '\\')"));
        return $"""
            SELECT {PersonColumns}
            {PersonsFrom}
            WHERE p.id > @AfterId
              AND (@AgencyId IS NULL OR p.agency_id = @AgencyId)
              AND (@UnitId IS NULL OR p.unit_id = @UnitId)
              AND (@Active IS NULL OR p.active = @Active){words}
            ORDER BY p.id
            {dialect.Limit("@Take")};
            """;
    }

    public static string InsertPerson(SqlDialect dialect) => dialect.InsertReturningId(
        "persons",
        "person_key, full_name, rank_vi, rank_en, position_vi, position_en, agency_id, unit_id, active, row_version, name_folded",
        "@Key, @FullName, @RankVi, @RankEn, @PositionVi, @PositionEn, @AgencyId, @UnitId, @Active, 1, @NameFolded");

    public const string UpdatePerson = """
        UPDATE persons
        SET full_name = @FullName, rank_vi = @RankVi, rank_en = @RankEn, position_vi = @PositionVi, position_en = @PositionEn,
            unit_id = @UnitId, active = @Active, name_folded = @NameFolded, row_version = row_version + 1
        WHERE id = @Id AND row_version = @RowVersion;
        """;

    /// <summary>Persons whose folded name is missing (written before migration 0016, or by the demo seed).</summary>
    public const string Unfolded = $"SELECT id AS {nameof(FoldRow.Id)}, full_name AS {nameof(FoldRow.FullName)} FROM persons WHERE name_folded IS NULL;";

    public const string SetFolded = "UPDATE persons SET name_folded = @NameFolded WHERE id = @Id;";

    public const string ActiveAdmins = "SELECT COUNT(*) FROM users WHERE agency_id = @AgencyId AND active = 1 AND (roles = 'admin' OR roles LIKE 'admin,%' OR roles LIKE '%,admin' OR roles LIKE '%,admin,%');";

    public const string InsertUser = """
        INSERT INTO users (username, display_name, agency_id, unit_id, roles, clearance, password_hash, active, failed_sign_ins, is_demo, row_version,
                           security_stamp, created_at, updated_at)
        VALUES (@Username, @DisplayName, @AgencyId, @UnitId, @Roles, @Clearance, @PasswordHash, 1, 0, 0, 1, @SecurityStamp, @Now, @Now);
        """;

    public const string UserIdByName = "SELECT id FROM users WHERE username = @Username;";

    public const string SetFirstAdmin = "UPDATE agencies SET first_admin_user_id = @UserId, row_version = row_version + 1 WHERE id = @AgencyId;";

    /// <summary>The agency's first admin, within the caller's clearance (a user above it does not exist for them).</summary>
    public const string FirstAdmin = $"""
        SELECT u.id AS {nameof(FirstAdminRow.Id)}, u.username AS {nameof(FirstAdminRow.Username)}, u.display_name AS {nameof(FirstAdminRow.DisplayName)},
               a.code AS {nameof(FirstAdminRow.AgencyCode)}, un.code AS {nameof(FirstAdminRow.UnitCode)}, u.clearance AS {nameof(FirstAdminRow.Clearance)},
               u.active AS {nameof(FirstAdminRow.Active)}
        FROM agencies a
        JOIN users u ON u.id = a.first_admin_user_id
        LEFT JOIN units un ON un.id = u.unit_id
        WHERE a.code = @Code AND u.clearance <= @CallerClearance;
        """;
}
