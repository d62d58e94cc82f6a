using CoordinationApi.Infrastructure.OpenApi;
using System.Globalization;
using System.Security.Claims;
using CoordinationApi.Infrastructure.Http;

namespace CoordinationApi.Infrastructure.Security;

public enum CallerKind
{
    User,
    Client,

    /// <summary>The API itself (the demo seed): acts with no role and no scope.</summary>
    System,
}

/// <summary>
/// Who is calling: a signed-in person or an agency system, with the agency, unit, roles or scopes and
/// clearance that every query filters by. Handlers take it as a parameter; it is built once per request
/// from the authenticated principal.
/// </summary>
public sealed record Caller
{
    public required CallerKind Kind { get; init; }

    /// <summary>User id, or API client id.</summary>
    public required string Id { get; init; }

    /// <summary>Username, or API client name.</summary>
    public required string Name { get; init; }

    public required string DisplayName { get; init; }

    public required int AgencyId { get; init; }

    public required string AgencyCode { get; init; }

    public int? UnitId { get; init; }

    public string? UnitCode { get; init; }

    public required IReadOnlySet<string> Roles { get; init; }

    public required IReadOnlySet<string> Scopes { get; init; }

    public required Clearance Clearance { get; init; }

    public string? RequestId { get; init; }

    public string? ClientIp { get; init; }

    /// <summary>What every author shown beside a name says: <c>user</c> (a person), <c>client</c> (an agency system) or <c>system</c>.</summary>
    public string AuthorKind => Kind switch
    {
        CallerKind.Client => AuthorKinds.Client,
        CallerKind.System => AuthorKinds.System,
        _ => AuthorKinds.User,
    };

    public bool IsInRole(string role) => Kind == CallerKind.User && Roles.Contains(role);

    public bool HasScope(string scope) => Kind == CallerKind.Client && Scopes.Contains(scope);

    /// <summary>Minimal API binding: handlers declare a <see cref="Caller"/> parameter and get this request's caller.</summary>
    public static ValueTask<Caller?> BindAsync(HttpContext context) =>
        ValueTask.FromResult(From(context));

    public static Caller? From(HttpContext context)
    {
        if (context.Items.TryGetValue(typeof(Caller), out var cached))
        {
            return (Caller?)cached;
        }

        var caller = FromPrincipal(context.User, context.RequestServices.GetRequiredService<ReferenceData>()) is { } built
            ? built with
            {
                RequestId = ProblemDetailsSetup.TraceId(context),
                ClientIp = context.Connection.RemoteIpAddress?.ToString(),
            }
            : null;
        context.Items[typeof(Caller)] = caller;
        return caller;
    }

    private static Caller? FromPrincipal(ClaimsPrincipal principal, ReferenceData reference)
    {
        if (principal.Identity?.IsAuthenticated != true)
        {
            return null;
        }

        var agency = reference.Agency(principal.FindFirstValue(CallerClaims.Agency));
        var clearance = ClearanceNames.TryParse(principal.FindFirstValue(CallerClaims.Clearance), out var level) ? level : Clearance.Unclassified;
        if (agency is null)
        {
            return null;
        }

        var unit = reference.Unit(principal.FindFirstValue(CallerClaims.Unit));
        var kind = principal.FindFirstValue(CallerClaims.Kind) == "client" ? CallerKind.Client : CallerKind.User;
        var name = principal.FindFirstValue(CallerClaims.Name) ?? "";
        return new Caller
        {
            Kind = kind,
            Id = principal.FindFirstValue(CallerClaims.Subject) ?? name,
            Name = name,
            DisplayName = principal.FindFirstValue(CallerClaims.DisplayName) ?? name,
            AgencyId = agency.Id,
            AgencyCode = agency.Code,
            UnitId = unit?.AgencyId == agency.Id ? unit.Id : null,
            UnitCode = unit?.AgencyId == agency.Id ? unit.Code : null,
            Roles = principal.FindAll(CallerClaims.Role).Select(c => c.Value).ToHashSet(StringComparer.Ordinal),
            Scopes = principal.FindAll(CallerClaims.Scope).Select(c => c.Value).ToHashSet(StringComparer.Ordinal),
            Clearance = clearance,
        };
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Kind} {Name} ({AgencyCode}, {Clearance.ToName()})");
}

/// <summary>Whether an author was a person or a system, beside every author name the API shows.</summary>
public static class AuthorKinds
{
    public const string User = "user";
    public const string Client = "client";
    public const string System = "system";

    [VocabularyName("ActorKind")]
    public static readonly string[] All = [User, Client, System];

    /// <summary>Who may call the API: a person or an agency system.</summary>
    [VocabularyName("CallerKind")]
    public static readonly string[] Callers = [User, Client];
}

/// <summary>The claim types the API's own tokens and API-key principals carry (and that external tokens are mapped to).</summary>
public static class CallerClaims
{
    public const string Subject = "sub";

    /// <summary>The longest subject an actor column holds (audit_entries.actor_id): the OpenID Connect limit.</summary>
    public const int MaxSubjectLength = 255;

    /// <summary>The longest username an actor-name column holds (audit_entries.actor_name, task_history.actor_name, ...).</summary>
    public const int MaxNameLength = 200;
    public const string Name = "name";
    public const string DisplayName = "display_name";
    public const string Kind = "caller_kind";
    public const string Agency = "agency";
    public const string Unit = "unit";
    public const string Role = "role";
    public const string Scope = "scope";
    public const string Clearance = "clearance";

    /// <summary>The user's security stamp when the token was issued (<see cref="CurrentAuthority"/>).</summary>
    public const string Stamp = "stamp";
}
