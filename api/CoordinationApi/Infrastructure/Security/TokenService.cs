using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CoordinationApi.Infrastructure.Security;

/// <summary>Issues the API's own short-lived access tokens (JWT, HMAC-SHA256).</summary>
public sealed class TokenService(AuthOptions options, SymmetricSecurityKey key, TimeProvider clock)
{
    public (string Token, DateTimeOffset ExpiresAt) Issue(
        int userId, string username, string displayName, string agencyCode, string? unitCode, IEnumerable<string> roles, Clearance clearance,
        string securityStamp)
    {
        var now = clock.GetUtcNow();
        var expires = now.AddMinutes(options.TokenLifetimeMinutes);
        var claims = new List<Claim>
        {
            new(CallerClaims.Subject, userId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(CallerClaims.Name, username),
            new(CallerClaims.DisplayName, displayName),
            new(CallerClaims.Kind, "user"),
            new(CallerClaims.Agency, agencyCode),
            new(CallerClaims.Clearance, clearance.ToName()),
            new(CallerClaims.Stamp, securityStamp),
        };
        if (unitCode is not null)
        {
            claims.Add(new(CallerClaims.Unit, unitCode));
        }

        claims.AddRange(roles.Select(role => new Claim(CallerClaims.Role, role)));
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
        return (token, expires);
    }
}
