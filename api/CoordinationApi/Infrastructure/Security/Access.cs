using Microsoft.AspNetCore.Authorization;

namespace CoordinationApi.Infrastructure.Security;

/// <summary>
/// The authorization policies, one per kind of access. A person passes with one of the roles; an agency
/// system passes with the scope. Endpoint groups name one policy each (<see cref="RequireAccess{TBuilder}"/>).
/// </summary>
public static class Access
{
    public const string RegulationsRead = "regulations:read";
    public const string RegulationsWrite = "regulations:write";
    public const string TasksRead = "tasks:read";
    public const string TasksWrite = "tasks:write";
    public const string ReviewsRead = "reviews:read";
    public const string ReviewsWrite = "reviews:write";
    public const string ReviewMinutes = "reviews:minutes";
    public const string ReviewComments = "reviews:comment";
    public const string AuditRead = "audit:read";
    public const string Export = "export";
    public const string AuditExport = "audit:export";
    public const string Administer = "admin";
    public const string Authenticated = "authenticated";
    public const string People = "people";
    public const string Registry = "registry";
    public const string RegistryUnitsAndPersons = "registry:members";
    public const string ProduceOccurrences = "tasks:occurrences";
    public const string Webhooks = "webhooks";

    private static readonly Dictionary<string, (string[] Roles, string? Scope)> Policies = new()
    {
        [RegulationsRead] = (Roles.All, Scopes.RegulationsRead),
        [RegulationsWrite] = ([Roles.Coordinator], Scopes.RegulationsWrite),
        [TasksRead] = (Roles.All, Scopes.TasksRead),
        // Who may do what to which task (lead unit, counterpart, coordinator) is decided per task in the handler.
        [TasksWrite] = ([Roles.Coordinator, Roles.Officer], Scopes.TasksWrite),
        // A recurring task's occurrences are planned work: coordinators only, no agency system (on top of TasksWrite).
        [ProduceOccurrences] = ([Roles.Coordinator], null),
        [ReviewsRead] = (Roles.All, Scopes.ReviewsRead),
        // Which coordinator may act (host agency, or any party for evaluations) is decided per review in the handler.
        [ReviewsWrite] = ([Roles.Coordinator], Scopes.ReviewsWrite),
        // The minutes of a review's meeting: coordinators and admins of the regulation's parties (the review's visibility).
        [ReviewMinutes] = ([Roles.Coordinator, Roles.Admin], Scopes.ReviewsWrite),
        // Comments on a review: the people who prepare it, coordinators and officers (who may read the review: in the handler).
        [ReviewComments] = ([Roles.Coordinator, Roles.Officer], Scopes.ReviewsWrite),
        [AuditRead] = ([Roles.Auditor, Roles.Admin], Scopes.AuditRead),
        [Export] = ([Roles.Auditor, Roles.Coordinator], Scopes.Export),
        [AuditExport] = ([Roles.Auditor, Roles.Admin], Scopes.AuditRead),
        [Administer] = ([Roles.Admin], null),
        [Authenticated] = (Roles.All, "*"),
        [People] = (Roles.All, null),
        // Adding an agency and giving it its first admin: the register's keepers only.
        [Registry] = ([Roles.RegistryAdmin], null),
        // Units and persons: an admin for their own agency, a registry admin for any (decided per record in the handler).
        [RegistryUnitsAndPersons] = ([Roles.RegistryAdmin, Roles.Admin], null),
        // Webhook subscriptions: any agency system manages its own; admins list and disable those of their agency's systems.
        [Webhooks] = ([Roles.Admin], "*"),
    };

    /// <summary>Which roles a policy lets in (the authorization matrix test reads this).</summary>
    public static IReadOnlyList<string> RolesOf(string policy) => Policies[policy].Roles;

    public static string? ScopeOf(string policy) => Policies[policy].Scope;

    /// <summary>
    /// Within one's own reach: every policy the role lets in also lets in one of <paramref name="roles"/>, so granting it
    /// gives nobody access the granter lacks (viewer and admin for an admin; coordinator only for an admin who is one).
    /// </summary>
    public static bool RoleWithin(string role, IReadOnlySet<string> roles) =>
        Policies.Values.Where(p => p.Roles.Contains(role)).All(p => p.Roles.Any(roles.Contains));

    /// <summary>Within one's own reach: every policy the scope opens also lets in one of <paramref name="roles"/>.</summary>
    public static bool ScopeWithin(string scope, IReadOnlySet<string> roles) =>
        Policies.Values.Where(p => p.Scope == scope).All(p => p.Roles.Any(roles.Contains));

    public static IServiceCollection AddAccessPolicies(this IServiceCollection services)
    {
        services.AddSingleton<IAuthorizationHandler, AccessHandler>();
        // No fallback policy: it would also guard the framework's own 404/405/415 endpoints, turning a client's
        // mistake into a 401. Instead every group names its policy, and the authorization matrix test fails
        // for any /api/v1 endpoint that does not.
        services.AddAuthorizationBuilder().AddPolicies(Policies);
        return services;
    }

    public static TBuilder RequireAccess<TBuilder>(this TBuilder builder, string policy)
        where TBuilder : IEndpointConventionBuilder
    {
        if (!Policies.ContainsKey(policy))
        {
            throw new ArgumentException($"Unknown access policy '{policy}'.", nameof(policy));
        }

        return builder.RequireAuthorization(policy)
            .WithMetadata(new ProducesResponseTypeMetadata(
                StatusCodes.Status401Unauthorized, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]))
            .WithMetadata(new ProducesResponseTypeMetadata(
                StatusCodes.Status403Forbidden, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]));
    }

    private static AuthorizationBuilder AddPolicies(this AuthorizationBuilder builder, Dictionary<string, (string[] Roles, string? Scope)> policies)
    {
        foreach (var (name, (roles, scope)) in policies)
        {
            builder.AddPolicy(name, policy => policy.RequireAuthenticatedUser().AddRequirements(new AccessRequirement(roles, scope)));
        }

        return builder;
    }

    /// <summary>Roles for people, a scope for agency systems ("*": any API client).</summary>
    public sealed record AccessRequirement(string[] Roles, string? Scope) : IAuthorizationRequirement;

    private sealed class AccessHandler(IHttpContextAccessor accessor) : AuthorizationHandler<AccessRequirement>
    {
        protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, AccessRequirement requirement)
        {
            var caller = accessor.HttpContext is { } http ? Caller.From(http) : null;
            var allowed = caller?.Kind switch
            {
                CallerKind.User => requirement.Roles.Any(caller.IsInRole),
                CallerKind.Client => requirement.Scope is "*" || (requirement.Scope is not null && caller.HasScope(requirement.Scope)),
                _ => false,
            };
            if (allowed)
            {
                context.Succeed(requirement);
            }

            return Task.CompletedTask;
        }
    }
}
