using CoordinationApi.Features.Audit;
using CoordinationApi.Infrastructure.OpenApi;
using CoordinationApi.Infrastructure.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoordinationApi.Features.Auth;

/// <summary>Who the caller is, as the API sees it.</summary>
/// <param name="Kind">user or client.</param>
/// <param name="Id">User id or API client id.</param>
/// <param name="Username">Username or API client name.</param>
/// <param name="DisplayName">Name to show.</param>
/// <param name="AgencyCode">The caller's agency: it sees only the regulations that agency is party to.</param>
/// <param name="UnitCode">The caller's unit, when it has one.</param>
/// <param name="Roles">Roles of a person.</param>
/// <param name="Scopes">Scopes of an agency system.</param>
/// <param name="Clearance">Records classified above it do not exist for the caller.</param>
public sealed record MeDto(
    [Vocabulary(typeof(AuthorKinds), nameof(AuthorKinds.Callers))] string Kind, string Id, string Username, string DisplayName, string AgencyCode, string? UnitCode,
    [Vocabulary(typeof(Roles))] List<string> Roles, [Vocabulary(typeof(Scopes))] List<string> Scopes, [Vocabulary(typeof(ClearanceNames))] string Clearance);

public static partial class AuthEndpoints
{
    public static RouteGroupBuilder MapAuth(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/auth").WithTags("Auth");
        group.MapPost("/token", CreateToken).WithName(nameof(CreateToken))
            .AllowAnonymous()
            .RequireRateLimiting(AuthSetup.SignInRateLimit)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapGet("/me", GetMe).WithName(nameof(GetMe)).ReturnsNoClassifiedData().RequireAccess(Access.Authenticated);
        return group;
    }

    /// <summary>The signed-in person or calling agency system: roles or scopes, agency, unit and clearance.</summary>
    public static Ok<MeDto> GetMe(Caller caller) => TypedResults.Ok(new MeDto(
        caller.Kind == CallerKind.Client ? "client" : "user", caller.Id, caller.Name, caller.DisplayName, caller.AgencyCode, caller.UnitCode,
        [.. caller.Roles.Order(StringComparer.Ordinal)], [.. caller.Scopes.Order(StringComparer.Ordinal)], caller.Clearance.ToName()));
}
