using CoordinationApi.Infrastructure.Data;

namespace CoordinationApi.Features.Admin;

internal static class AdminSql
{
    private const string UserColumns = $"""
        u.id AS {nameof(UserRow.Id)}, u.username AS {nameof(UserRow.Username)}, u.display_name AS {nameof(UserRow.DisplayName)},
        a.code AS {nameof(UserRow.AgencyCode)}, un.code AS {nameof(UserRow.UnitCode)}, u.roles AS {nameof(UserRow.Roles)},
        u.clearance AS {nameof(UserRow.Clearance)}, u.active AS {nameof(UserRow.Active)}, u.failed_sign_ins AS {nameof(UserRow.FailedSignIns)},
        u.locked_until AS {nameof(UserRow.LockedUntil)}, u.row_version AS {nameof(UserRow.RowVersion)},
        u.email AS {nameof(UserRow.Email)}, u.language AS {nameof(UserRow.Language)}
        """;

    /// <summary>
    /// An admin's reach: the people of their own agency whose clearance is not above the admin's. A user outside it does
    /// not exist for the admin (404), whatever the operation: read, edit, new password.
    /// </summary>
    private const string UserInReach = "u.agency_id = @CallerAgencyId AND u.clearance <= @CallerClearance";

    /// <summary>The same reach for agency systems.</summary>
    private const string ClientInReach = "c.agency_id = @CallerAgencyId AND c.clearance <= @CallerClearance";

    /// <summary>A page of the people in reach, by username, after <c>@KeyUsername</c> (null on the first page).</summary>
    public static string Users(SqlDialect dialect) => $"""
        SELECT {UserColumns}
        FROM users u
        JOIN agencies a ON a.id = u.agency_id
        LEFT JOIN units un ON un.id = u.unit_id
        WHERE {UserInReach} AND (@KeyUsername IS NULL OR u.username > @KeyUsername)
        ORDER BY u.username
        {dialect.Limit("@Take")};
        """;

    public const string User = $"""
        SELECT {UserColumns}
        FROM users u
        JOIN agencies a ON a.id = u.agency_id
        LEFT JOIN units un ON un.id = u.unit_id
        WHERE u.id = @Id AND {UserInReach};
        """;

    /// <summary>Every username and agency system name, of every agency, to compare with a new name (by skeleton, in code).</summary>
    public const string NamesInUse = "SELECT username FROM users UNION ALL SELECT name FROM api_clients;";

    /// <summary>What another person's display name may not look like: every name and display name but the person's own.</summary>
    public const string NamesInUseBesides = """
        SELECT username FROM users WHERE id <> @Id
        UNION ALL SELECT display_name FROM users WHERE id <> @Id
        UNION ALL SELECT name FROM api_clients;
        """;

    public const string InsertUser = """
        INSERT INTO users (username, display_name, agency_id, unit_id, roles, clearance, password_hash, active, failed_sign_ins, is_demo, row_version,
                           security_stamp, created_at, updated_at, email, language)
        VALUES (@Username, @DisplayName, @CallerAgencyId, @UnitId, @Roles, @Clearance, @PasswordHash, 1, 0, 0, 1, @SecurityStamp, @Now, @Now,
                @Email, @Language);
        """;

    public const string UserIdByName = "SELECT id FROM users WHERE username = @Username;";

    /// <summary>
    /// Optimistic concurrency: the row changes only if nobody changed it since the caller read it. A change of roles,
    /// clearance or active state gives the user a new security stamp, which refuses their tokens issued before it.
    /// </summary>
    public const string UpdateUser = $"""
        UPDATE users
        SET security_stamp = CASE WHEN roles <> @Roles OR clearance <> @Clearance OR active <> @Active THEN @SecurityStamp ELSE security_stamp END,
            display_name = @DisplayName, unit_id = @UnitId, roles = @Roles, clearance = @Clearance, active = @Active,
            email = @Email, language = @Language,
            failed_sign_ins = CASE WHEN @Unlock = 1 THEN 0 ELSE failed_sign_ins END,
            locked_until = CASE WHEN @Unlock = 1 THEN NULL ELSE locked_until END,
            row_version = row_version + 1, updated_at = @Now
        WHERE id = @Id AND row_version = @RowVersion AND id IN (SELECT u.id FROM users u WHERE {UserInReach});
        """;

    /// <summary>A new password also gives a new security stamp: tokens issued before it are refused.</summary>
    public const string SetPassword = $"""
        UPDATE users SET password_hash = @PasswordHash, security_stamp = @SecurityStamp, failed_sign_ins = 0, locked_until = NULL,
            row_version = row_version + 1, updated_at = @Now
        WHERE id = @Id AND id IN (SELECT u.id FROM users u WHERE {UserInReach});
        """;

    private const string ClientColumns = $"""
        c.id AS {nameof(ApiClientRow.Id)}, c.name AS {nameof(ApiClientRow.Name)}, a.code AS {nameof(ApiClientRow.AgencyCode)},
        c.scopes AS {nameof(ApiClientRow.Scopes)}, c.clearance AS {nameof(ApiClientRow.Clearance)}, c.key_prefix AS {nameof(ApiClientRow.KeyPrefix)},
        c.created_at AS {nameof(ApiClientRow.CreatedAt)}, c.created_by AS {nameof(ApiClientRow.CreatedBy)}, c.is_demo AS {nameof(ApiClientRow.IsDemo)},
        c.revoked_at AS {nameof(ApiClientRow.RevokedAt)}
        """;

    /// <summary>
    /// A page of the agency systems in reach, oldest first, then by key prefix (unique), after (<c>@KeyAt</c>,
    /// <c>@KeyPrefix</c>) (null on the first page).
    /// </summary>
    public static string Clients(SqlDialect dialect) => $"""
        SELECT {ClientColumns}
        FROM api_clients c
        JOIN agencies a ON a.id = c.agency_id
        WHERE {ClientInReach}
          AND (@KeyAt IS NULL OR c.created_at > @KeyAt OR (c.created_at = @KeyAt AND c.key_prefix > @KeyPrefix))
        ORDER BY c.created_at, c.key_prefix
        {dialect.Limit("@Take")};
        """;

    public const string Client = $"""
        SELECT {ClientColumns}
        FROM api_clients c
        JOIN agencies a ON a.id = c.agency_id
        WHERE c.id = @Id AND {ClientInReach};
        """;

    public const string InsertClient = """
        INSERT INTO api_clients (id, name, agency_id, scopes, clearance, key_prefix, key_hash, is_demo, created_at, created_by, revoked_at)
        VALUES (@Id, @Name, @AgencyId, @Scopes, @Clearance, @KeyPrefix, @KeyHash, @IsDemo, @Now, @CreatedBy, NULL);
        """;

    public const string RevokeClient = $"""
        UPDATE api_clients SET revoked_at = @Now
        WHERE id = @Id AND revoked_at IS NULL AND id IN (SELECT c.id FROM api_clients c WHERE {ClientInReach});
        """;
}
