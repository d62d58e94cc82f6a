using System.Collections.Concurrent;
using System.Data.Common;
using System.Security.Claims;
using CoordinationApi.Infrastructure.Data;
using Dapper;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace CoordinationApi.Infrastructure.Security;

/// <summary>
/// Authority is current: every request acts with the roles, clearance and scopes its user or API client has now, not
/// those it had when its token was issued. A token carries its user's security stamp; each change to what a user may do
/// (roles, clearance, deactivation, a new password) gives them a new stamp, and a token with an old one is refused.
/// Users and keys are cached per instance for as long as the access generation has not moved: one row that database
/// triggers bump in the same transaction as any change to a user or an API client (migration 0009), so no endpoint or
/// script can forget it. Every request reads that row, so a change made through any instance sharing the database is
/// enforced by every instance on its very next request.
/// </summary>
public sealed class CurrentAuthority(DbConnectionFactory db)
{
    private const int MaxEntries = 10_000;
    private readonly ConcurrentDictionary<int, (long Generation, CurrentUserRow? User)> users = new();
    private readonly ConcurrentDictionary<string, (long Generation, ApiKeyClientRow Client)> clients = new(StringComparer.Ordinal);

    /// <summary>A new stamp, for a new user or a change to what a user may do.</summary>
    public static string NewStamp() => Guid.NewGuid().ToString("N");

    /// <summary>
    /// Checks an own bearer token against its user as they are now: refused when the user is gone, inactive or has
    /// another stamp; otherwise the principal is rebuilt from the user's current row.
    /// </summary>
    internal static async Task ValidateTokenAsync(TokenValidatedContext context)
    {
        var principal = context.Principal!;
        var stamp = principal.FindFirstValue(CallerClaims.Stamp);
        if (!int.TryParse(principal.FindFirstValue(CallerClaims.Subject), System.Globalization.CultureInfo.InvariantCulture, out var id) || stamp is null)
        {
            context.Fail("The token carries no security stamp: sign in again.");
            return;
        }

        var authority = context.HttpContext.RequestServices.GetRequiredService<CurrentAuthority>();
        var user = await authority.UserAsync(id, context.HttpContext.RequestAborted);
        if (user is null || !user.Active || !string.Equals(user.SecurityStamp, stamp, StringComparison.Ordinal))
        {
            context.Fail("The token's authority is no longer current (roles, clearance, password or account changed): sign in again.");
            return;
        }

        context.Principal = new ClaimsPrincipal(new ClaimsIdentity(user.Claims(), JwtBearerDefaults.AuthenticationScheme, CallerClaims.Name, CallerClaims.Role));
    }

    internal async Task<CurrentUserRow?> UserAsync(int id, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var generation = await GenerationAsync(connection, cancellationToken);
        if (users.TryGetValue(id, out var cached) && cached.Generation == generation)
        {
            return cached.User;
        }

        var user = await connection.QuerySingleOrDefaultAsync<CurrentUserRow>(new CommandDefinition(
            AuthoritySql.User, new { Id = id }, cancellationToken: cancellationToken));
        Remember(users, id, (generation, user));
        return user;
    }

    /// <summary>The non-revoked client whose key this is, or null.</summary>
    internal async Task<ApiKeyClientRow?> ClientAsync(string key, string prefix, CancellationToken cancellationToken)
    {
        var hash = ApiKeys.Hash(key);
        await using var connection = await db.OpenAsync(cancellationToken);
        var generation = await GenerationAsync(connection, cancellationToken);
        if (clients.TryGetValue(hash, out var cached) && cached.Generation == generation)
        {
            return cached.Client;
        }

        var client = await connection.QuerySingleOrDefaultAsync<ApiKeyClientRow>(new CommandDefinition(
            SecuritySql.ApiClientByPrefix, new { Prefix = prefix }, cancellationToken: cancellationToken));
        if (client is null || !ApiKeys.Matches(key, client.KeyHash))
        {
            return null;
        }

        // Only keys that matched are kept: a flood of wrong keys must not fill the cache.
        Remember(clients, hash, (generation, client));
        return client;
    }

    /// <summary>
    /// Read before the row it guards: a row read under generation g is used only while g is current, so a change
    /// committed between the two reads is caught on the next request at the latest, never missed.
    /// </summary>
    private static Task<long> GenerationAsync(DbConnection connection, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<long>(new CommandDefinition(AuthoritySql.Generation, cancellationToken: cancellationToken));

    private static void Remember<TKey, TValue>(ConcurrentDictionary<TKey, TValue> entries, TKey key, TValue value)
        where TKey : notnull
    {
        if (entries.Count > MaxEntries)
        {
            entries.Clear();
        }

        entries[key] = value;
    }
}

/// <summary>A user as they are now: what a request of theirs acts with.</summary>
internal sealed record CurrentUserRow
{
    public int Id { get; init; }

    public required string Username { get; init; }

    public required string DisplayName { get; init; }

    public required string AgencyCode { get; init; }

    public string? UnitCode { get; init; }

    public required string Roles { get; init; }

    public int Clearance { get; init; }

    public bool Active { get; init; }

    public required string SecurityStamp { get; init; }

    public List<Claim> Claims()
    {
        var claims = new List<Claim>
        {
            new(CallerClaims.Subject, Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(CallerClaims.Name, Username),
            new(CallerClaims.DisplayName, DisplayName),
            new(CallerClaims.Kind, "user"),
            new(CallerClaims.Agency, AgencyCode),
            new(CallerClaims.Clearance, ((Clearance)Clearance).ToName()),
            new(CallerClaims.Stamp, SecurityStamp),
        };
        if (UnitCode is not null)
        {
            claims.Add(new(CallerClaims.Unit, UnitCode));
        }

        claims.AddRange(Roles.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(role => new Claim(CallerClaims.Role, role)));
        return claims;
    }
}

internal static class AuthoritySql
{
    public const string Generation = "SELECT generation FROM access_generation WHERE id = 1;";

    public const string User = $"""
        SELECT u.id AS {nameof(CurrentUserRow.Id)}, u.username AS {nameof(CurrentUserRow.Username)},
               u.display_name AS {nameof(CurrentUserRow.DisplayName)}, a.code AS {nameof(CurrentUserRow.AgencyCode)},
               un.code AS {nameof(CurrentUserRow.UnitCode)}, u.roles AS {nameof(CurrentUserRow.Roles)},
               u.clearance AS {nameof(CurrentUserRow.Clearance)}, u.active AS {nameof(CurrentUserRow.Active)},
               u.security_stamp AS {nameof(CurrentUserRow.SecurityStamp)}
        FROM users u
        JOIN agencies a ON a.id = u.agency_id
        LEFT JOIN units un ON un.id = u.unit_id
        WHERE u.id = @Id;
        """;
}
