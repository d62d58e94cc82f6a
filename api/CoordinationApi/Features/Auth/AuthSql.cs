namespace CoordinationApi.Features.Auth;

internal static class AuthSql
{
    public const string UserForSignIn = $"""
        SELECT u.id AS {nameof(SignInUserRow.Id)}, u.username AS {nameof(SignInUserRow.Username)},
               u.display_name AS {nameof(SignInUserRow.DisplayName)}, a.code AS {nameof(SignInUserRow.AgencyCode)},
               un.code AS {nameof(SignInUserRow.UnitCode)}, u.roles AS {nameof(SignInUserRow.Roles)},
               u.clearance AS {nameof(SignInUserRow.Clearance)}, u.password_hash AS {nameof(SignInUserRow.PasswordHash)},
               u.active AS {nameof(SignInUserRow.Active)}, u.failed_sign_ins AS {nameof(SignInUserRow.FailedSignIns)},
               u.locked_until AS {nameof(SignInUserRow.LockedUntil)}, u.agency_id AS {nameof(SignInUserRow.AgencyId)},
               u.security_stamp AS {nameof(SignInUserRow.SecurityStamp)}
        FROM users u
        JOIN agencies a ON a.id = u.agency_id
        LEFT JOIN units un ON un.id = u.unit_id
        WHERE u.username = @Username;
        """;

    /// <summary>
    /// Counts a failed sign-in in the row itself (never a count read earlier and written back, which loses the failures
    /// counted meanwhile); the one that reaches the threshold locks the account and starts the count again. Changes
    /// nothing (0 rows) when the account is locked.
    /// </summary>
    public const string RecordFailure = """
        UPDATE users
        SET failed_sign_ins = CASE WHEN failed_sign_ins + 1 >= @Threshold THEN 0 ELSE failed_sign_ins + 1 END,
            locked_until = CASE WHEN failed_sign_ins + 1 >= @Threshold THEN @LockedUntil ELSE NULL END
        WHERE id = @Id AND (locked_until IS NULL OR locked_until <= @Now);
        """;

    /// <summary>Clears the count; 0 rows when another sign-in locked the account since it was read.</summary>
    public const string RecordSuccess = """
        UPDATE users SET failed_sign_ins = 0, locked_until = NULL
        WHERE id = @Id AND (locked_until IS NULL OR locked_until <= @Now);
        """;

    public const string LockedUntil = "SELECT locked_until FROM users WHERE id = @Id;";

    public const string UpgradeHash = "UPDATE users SET password_hash = @PasswordHash WHERE id = @Id;";
}
