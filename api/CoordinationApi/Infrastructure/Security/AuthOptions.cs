namespace CoordinationApi.Infrastructure.Security;

/// <summary>The <c>Auth</c> configuration section.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>Issuer and audience of the API's own tokens.</summary>
    public string Issuer { get; set; } = "coordination-api";

    public string Audience { get; set; } = "coordination-api";

    /// <summary>Base64 HMAC-SHA256 key (at least 32 bytes). Empty: generated on first run into <see cref="SigningKeyFile"/>.</summary>
    public string SigningKey { get; set; } = "";

    /// <summary>Where the generated key is kept (default: beside the SQLite database, outside the repository's tracked files).</summary>
    public string SigningKeyFile { get; set; } = "data/jwt-signing.key";

    public int TokenLifetimeMinutes { get; set; } = 30;

    /// <summary>Failed sign-ins in a row that lock an account, and for how long.</summary>
    public int LockoutThreshold { get; set; } = 5;

    public int LockoutMinutes { get; set; } = 15;

    /// <summary>An external OpenID Connect provider, instead of the API's own tokens.</summary>
    public OidcOptions Oidc { get; set; } = new();
}

/// <summary>
/// <c>Auth:Oidc</c>: when <see cref="Authority"/> is set, bearer tokens are validated against that provider's
/// discovery document, and its claims are mapped onto the caller with the claim names below.
/// </summary>
public sealed class OidcOptions
{
    public string Authority { get; set; } = "";

    public string Audience { get; set; } = "";

    public bool RequireHttpsMetadata { get; set; } = true;

    public string UsernameClaim { get; set; } = "preferred_username";

    public string DisplayNameClaim { get; set; } = "name";

    public string AgencyClaim { get; set; } = "agency";

    public string UnitClaim { get; set; } = "unit";

    public string RoleClaim { get; set; } = "roles";

    public string ClearanceClaim { get; set; } = "clearance";
}

/// <summary>The <c>RateLimits</c> configuration section: permits per minute.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Sign-in attempts per client IP.</summary>
    public int SignInPerMinute { get; set; } = 10;

    /// <summary>Requests per caller (user, API client, or anonymous IP).</summary>
    public int PerCallerPerMinute { get; set; } = 1200;
}
