using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace CoordinationApi.Infrastructure.Security;

/// <summary>
/// API keys of agency systems: <c>cak_&lt;10-char id&gt;_&lt;secret&gt;</c>. The visible prefix (up to the second
/// underscore) finds the client; only a SHA-256 of the whole key is stored. Keys are 256-bit random, so a
/// fast hash is enough (no dictionary to attack).
/// </summary>
public static class ApiKeys
{
    public const string Header = "X-Api-Key";
    public const string Scheme = "ApiKey";
    private const string Alphabet = "abcdefghijkmnopqrstuvwxyz23456789";

    public static (string Key, string Prefix, string Hash) Generate()
    {
        var id = string.Concat(RandomNumberGenerator.GetItems<char>(Alphabet, 10));
        var prefix = $"cak_{id}";
        var key = $"{prefix}_{Base64UrlSecret()}";
        return (key, prefix, Hash(key));
    }

    public static string? PrefixOf(string key)
    {
        var second = key.StartsWith("cak_", StringComparison.Ordinal) ? key.IndexOf('_', 4) : -1;
        return second == 14 ? key[..second] : null;
    }

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static bool Matches(string key, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(key)), Encoding.ASCII.GetBytes(storedHash));

    private static string Base64UrlSecret() => System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
}

/// <summary>Authenticates <c>X-Api-Key</c> against the stored hashes of non-revoked clients, as they are now (<see cref="CurrentAuthority"/>).</summary>
public sealed class ApiKeyHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, CurrentAuthority authority)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(ApiKeys.Header, out var values) || values.Count != 1 || string.IsNullOrEmpty(values[0]))
        {
            return AuthenticateResult.NoResult();
        }

        var key = values[0]!;
        var prefix = ApiKeys.PrefixOf(key);
        if (prefix is null)
        {
            return AuthenticateResult.Fail("Malformed API key.");
        }

        var client = await authority.ClientAsync(key, prefix, Context.RequestAborted);
        if (client is null)
        {
            return AuthenticateResult.Fail("Unknown or revoked API key.");
        }

        var claims = new List<Claim>
        {
            new(CallerClaims.Subject, client.Id.ToString()),
            new(CallerClaims.Name, client.Name),
            new(CallerClaims.DisplayName, client.Name),
            new(CallerClaims.Kind, "client"),
            new(CallerClaims.Agency, client.AgencyCode),
            new(CallerClaims.Clearance, ((Clearance)client.Clearance).ToName()),
        };
        claims.AddRange(client.Scopes.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => new Claim(CallerClaims.Scope, s)));
        var identity = new ClaimsIdentity(claims, ApiKeys.Scheme, CallerClaims.Name, CallerClaims.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), ApiKeys.Scheme));
    }
}

/// <summary>An API client as it is now (kept and shared as is: never changed once read).</summary>
[System.ComponentModel.ImmutableObject(true)]
internal sealed record ApiKeyClientRow
{
    public Guid Id { get; init; }

    public required string Name { get; init; }

    public required string AgencyCode { get; init; }

    public required string Scopes { get; init; }

    public int Clearance { get; init; }

    public required string KeyHash { get; init; }
}

internal static class SecuritySql
{
    public const string ApiClientByPrefix = """
        SELECT c.id AS Id, c.name AS Name, a.code AS AgencyCode, c.scopes AS Scopes, c.clearance AS Clearance, c.key_hash AS KeyHash
        FROM api_clients c
        JOIN agencies a ON a.id = c.agency_id
        WHERE c.key_prefix = @Prefix AND c.revoked_at IS NULL;
        """;
}
