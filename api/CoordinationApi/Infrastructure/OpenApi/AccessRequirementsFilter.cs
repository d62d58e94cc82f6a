using System.Text.Json.Nodes;
using CoordinationApi.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CoordinationApi.Infrastructure.OpenApi;

/// <summary>
/// Each operation's security, read from the endpoint's own authorization policies (<see cref="Access"/>), the ones the
/// API enforces: a bearer token when the policy admits people (the roles in <c>x-required-roles</c>), an API key when it
/// admits agency systems (the scopes in <c>x-required-scopes</c>: OpenAPI 3.0 cannot name them in the requirement of an
/// apiKey scheme), and the calendar feed token only where the endpoint accepts it (<see cref="QueryTokenAccepted"/>).
/// The same is said in words at the end of the description, which starts from the handler's XML summary.
/// </summary>
internal sealed class AccessRequirementsFilter : IOperationFilter
{
    public const string BearerScheme = "Bearer";
    public const string ApiKeyScheme = "ApiKey";
    public const string FeedTokenScheme = "FeedToken";
    public const string ScopesExtension = "x-required-scopes";
    public const string RolesExtension = "x-required-roles";

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        var description = string.IsNullOrWhiteSpace(operation.Description) ? operation.Summary : operation.Description;
        if (metadata.OfType<IAllowAnonymous>().Any())
        {
            operation.Description = $"{description}\n\n**Access**: anonymous.";
            return;
        }

        var policies = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).OfType<string>().Distinct().ToList();
        if (policies.Count == 0)
        {
            operation.Description = description;
            return;
        }

        // A caller must pass every policy the endpoint carries: a person with a role that each admits, a key with each scope.
        var roles = Roles.All.Where(role => policies.All(p => Access.RolesOf(p).Contains(role))).ToList();
        var scopes = policies.Select(Access.ScopeOf).ToList();
        var keys = scopes.All(s => s is not null);
        var requiredScopes = keys ? scopes.OfType<string>().Where(s => s != "*").Distinct().Order(StringComparer.Ordinal).ToList() : [];

        operation.Security ??= [];
        if (roles.Count > 0)
        {
            Require(operation, context, BearerScheme);
        }

        if (keys)
        {
            Require(operation, context, ApiKeyScheme);
        }

        if (roles.Count > 0 && metadata.OfType<QueryTokenAccepted>().Any())
        {
            Require(operation, context, FeedTokenScheme);
        }

        operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
        operation.Extensions[RolesExtension] = new JsonNodeExtension(new JsonArray([.. roles.Select(r => JsonValue.Create(r))]));
        if (keys)
        {
            operation.Extensions[ScopesExtension] = new JsonNodeExtension(new JsonArray([.. requiredScopes.Select(s => JsonValue.Create(s))]));
        }

        var people = roles.Count == Roles.All.Length ? "any signed-in person" : $"a person with the role {string.Join(" or ", roles.Select(r => $"`{r}`"))}";
        var systems = !keys ? "not open to API keys"
            : requiredScopes.Count == 0 ? "any API key"
            : $"an API key with the scope {string.Join(" and ", requiredScopes.Select(s => $"`{s}`"))}";
        var feed = metadata.OfType<QueryTokenAccepted>().Any() ? "; or a personal calendar feed token as `?token=`" : "";
        operation.Description = $"{description}\n\n**Access**: {people}; {systems}{feed}.";
    }

    private static void Require(OpenApiOperation operation, OperationFilterContext context, string scheme) =>
        operation.Security!.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(scheme, context.Document)] = [] });
}
