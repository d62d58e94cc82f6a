using System.ComponentModel;
using System.Globalization;
using System.Security.Claims;
using CoordinationApi.Infrastructure.Data;
using Dapper;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Caching.Hybrid;

namespace CoordinationApi.Infrastructure.Security;

/// <summary>
/// Authority is current: every request acts with the roles, clearance and scopes its user or API client has now, not
/// those it had when its token was issued. A token carries its user's security stamp; each change to what a user may do
/// (roles, clearance, deactivation, a new password) gives them a new stamp, and a token with an old one is refused.
/// Users and keys are kept per instance (<see cref="Caches"/>) under the access generation they were read at: one row
/// that database triggers bump in the same transaction as any change to a user or an API client (migration 0009), so no
/// endpoint or script can forget it. Every request reads that row first and looks under its value, so a change made
/// through any instance sharing the database is enforced by every instance on its very next request.
/// </summary>
public sealed class CurrentAuthority(DbConnectionFactory db, HybridCache cache, ReferenceData reference)
{
    /// <summary>A kept user or key row: about a kilobyte; an old generation's rows are no longer asked for.</summary>
    private static readonly HybridCacheEntryOptions Entry = Caches.Local(TimeSpan.FromMinutes(10), 1024);

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
        var generation = await GenerationAsync(cancellationToken);
        return await cache.GetOrCreateAsync(
            string.Create(CultureInfo.InvariantCulture, $"authority:user:{generation}:{id}"),
            (db, id),
            static async (state, cancellationToken) =>
            {
                await using var connection = await state.db.OpenAsync(cancellationToken);
                return await connection.QuerySingleOrDefaultAsync<CurrentUserRow>(new CommandDefinition(
                    AuthoritySql.User, new { Id = state.id }, cancellationToken: cancellationToken));
            },
            Entry,
            cancellationToken: cancellationToken);
    }

    /// <summary>The non-revoked client whose key this is, or null.</summary>
    internal async Task<ApiKeyClientRow?> ClientAsync(string key, string prefix, CancellationToken cancellationToken)
    {
        var generation = await GenerationAsync(cancellationToken);
        return await cache.GetOrCreateAsync(
            $"authority:key:{generation.ToString(CultureInfo.InvariantCulture)}:{ApiKeys.Hash(key)}",
            (db, key, prefix),
            static async (state, entry, cancellationToken) =>
            {
                await using var connection = await state.db.OpenAsync(cancellationToken);
                var client = await connection.QuerySingleOrDefaultAsync<ApiKeyClientRow>(new CommandDefinition(
                    SecuritySql.ApiClientByPrefix, new { Prefix = state.prefix }, cancellationToken: cancellationToken));
                if (client is null || !ApiKeys.Matches(state.key, client.KeyHash))
                {
                    // Only keys that matched are kept: a flood of wrong keys must not fill the cache.
                    entry.Flags |= HybridCacheEntryFlags.DisableLocalCacheWrite;
                    return null;
                }

                return client;
            },
            Entry,
            cancellationToken: cancellationToken);
    }

    /// <summary>
    /// Read before the row it guards: a row read under generation g is used only while g is current, so a change
    /// committed between the two reads is caught on the next request at the latest, never missed. Agencies and units are
    /// brought up to date here too (<see cref="ReferenceData.RefreshAsync"/>), without blocking, before the request uses them.
    /// </summary>
    private async Task<long> GenerationAsync(CancellationToken cancellationToken)
    {
        await reference.RefreshAsync(cancellationToken);
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(AuthoritySql.Generation, cancellationToken: cancellationToken));
    }
}

/// <summary>A user as they are now: what a request of theirs acts with (kept and shared as is: never changed once read).</summary>
[ImmutableObject(true)]
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
