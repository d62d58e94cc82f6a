using System.Net;
using System.Text.Json;
using CoordinationApi.Infrastructure.Security;
using CoordinationApi.Tests.Infrastructure;
using Endpoint = CoordinationApi.Tests.Features.Access.AuthorizationMatrixTests.ApiEndpoint;

namespace CoordinationApi.Tests.Features.Access;

/// <summary>
/// The document says, per operation, which schemes open it, which roles a person needs (<c>x-required-roles</c>) and which
/// scopes an API key needs (<c>x-required-scopes</c>). For every /api/v1 endpoint (from the endpoint data source), these
/// tests call the API as each role, with keys that have exactly the documented scopes and keys that lack them, and with a
/// calendar feed token, and check that it lets in exactly whom the document says.
/// </summary>
public sealed class DocumentedAccessTests() : ApiTest("Sqlite")
{
    private List<Endpoint> endpoints = null!;
    private Dictionary<string, JsonElement> operations = null!;
    private readonly Dictionary<string, HttpClient> keys = [];

    [OneTimeSetUp]
    public async Task ReadEndpointsAndDocument()
    {
        endpoints = Endpoint.All(Factory.Services);
        using var document = JsonDocument.Parse(await Anonymous.GetStringAsync(new Uri("/swagger/v1/swagger.json", UriKind.Relative)));
        operations = document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject())
            .Where(op => op.Value.ValueKind == JsonValueKind.Object && op.Value.TryGetProperty("operationId", out _))
            .ToDictionary(op => op.Value.GetProperty("operationId").GetString()!, op => op.Value.Clone());
    }

    private JsonElement Operation(Endpoint endpoint)
    {
        Assert.That(operations.TryGetValue(endpoint.Name, out var operation), Is.True, $"{endpoint} is not in the document.");
        return operation;
    }

    private static List<string> Schemes(JsonElement operation) => operation.TryGetProperty("security", out var security)
        ? [.. security.EnumerateArray().SelectMany(requirement => requirement.EnumerateObject().Select(scheme => scheme.Name))]
        : [];

    private static List<string>? Strings(JsonElement operation, string extension) => operation.TryGetProperty(extension, out var values)
        ? [.. values.EnumerateArray().Select(v => v.GetString()!)]
        : null;

    private async Task<HttpClient> Key(IEnumerable<string> scopes)
    {
        var list = scopes.Order(StringComparer.Ordinal).ToArray();
        var name = string.Join(',', list);
        if (!keys.TryGetValue(name, out var client))
        {
            client = WithApiKey((await ProvisionApiKey("MPS", "confidential", list)).Key);
            keys[name] = client;
        }

        return client;
    }

    private static bool Allowed(HttpStatusCode status) => status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden);

    [Test]
    public async Task Each_operation_lets_in_exactly_the_roles_and_scopes_it_documents()
    {
        Assert.That(endpoints, Is.Not.Empty);
        var failures = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var operation = Operation(endpoint);
            var schemes = Schemes(operation);
            var description = operation.TryGetProperty("description", out var text) ? text.GetString() ?? "" : "";
            if (!description.Contains("**Access**:", StringComparison.Ordinal))
            {
                failures.Add($"{endpoint}: the description does not state its access");
            }

            var anonymous = (await endpoint.Call(Anonymous)).StatusCode;
            if (schemes.Count == 0)
            {
                if (!Allowed(anonymous))
                {
                    failures.Add($"{endpoint}: documented without security, but anonymous gets {(int)anonymous}");
                }

                continue;
            }

            if (anonymous != HttpStatusCode.Unauthorized)
            {
                failures.Add($"{endpoint}: anonymous gets {(int)anonymous}, expected 401");
            }

            var roles = Strings(operation, "x-required-roles") ?? [];
            foreach (var role in Roles.All)
            {
                var documented = schemes.Contains("Bearer") && roles.Contains(role);
                var status = (await endpoint.Call(As($"mps.{role}"))).StatusCode;
                if (Allowed(status) != documented || (!documented && status != HttpStatusCode.Forbidden))
                {
                    failures.Add($"{endpoint}: mps.{role} gets {(int)status}, documented {(documented ? "access" : "403")}");
                }
            }

            var scopes = Strings(operation, "x-required-scopes");
            if (schemes.Contains("ApiKey"))
            {
                if (scopes is null)
                {
                    failures.Add($"{endpoint}: opens to API keys but names no x-required-scopes");
                    continue;
                }

                // Exactly the documented scopes get in (a key needs one scope at least; "any key" gets the least one).
                var exact = (await endpoint.Call(await Key(scopes.Count > 0 ? scopes : [Scopes.RegulationsRead]))).StatusCode;
                if (!Allowed(exact))
                {
                    failures.Add($"{endpoint}: a key with [{string.Join(',', scopes)}] gets {(int)exact}");
                }

                if (scopes.Count > 0)
                {
                    var lacking = (await endpoint.Call(await Key(Scopes.All.Except(scopes)))).StatusCode;
                    if (lacking != HttpStatusCode.Forbidden)
                    {
                        failures.Add($"{endpoint}: a key with every scope but [{string.Join(',', scopes)}] gets {(int)lacking}, expected 403");
                    }
                }
            }
            else
            {
                var every = (await endpoint.Call(await Key(Scopes.All))).StatusCode;
                if (every != HttpStatusCode.Forbidden || scopes is not null)
                {
                    failures.Add($"{endpoint}: not open to API keys in the document, but a key with every scope gets {(int)every}");
                }
            }
        }

        Assert.That(failures, Is.Empty);
    }

    [Test]
    public async Task Admin_operations_document_the_admin_role_alone_and_no_api_key()
    {
        var admin = endpoints.Where(e => e.Pattern.StartsWith("/api/v1/admin", StringComparison.Ordinal)).ToList();
        Assert.That(admin, Is.Not.Empty);
        foreach (var endpoint in admin)
        {
            var operation = Operation(endpoint);
            Assert.That(Strings(operation, "x-required-roles"), Is.EqualTo(new[] { Roles.Admin }), endpoint.ToString());
            Assert.That(Schemes(operation), Is.EqualTo(new[] { "Bearer" }), endpoint.ToString());
        }

        await Task.CompletedTask;
    }

    [Test]
    public async Task A_feed_token_opens_exactly_the_operations_that_document_its_scheme()
    {
        var created = await As("mps.viewer").PostAsync(new Uri("/api/v1/auth/feed-token", UriKind.Relative), null);
        Assert.That(created.IsSuccessStatusCode, Is.True, await created.Content.ReadAsStringAsync());
        var token = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString()!;
        var failures = new List<string>();
        var documented = 0;
        foreach (var endpoint in endpoints.Where(e => !e.AllowsAnonymous))
        {
            var opens = Schemes(Operation(endpoint)).Contains("FeedToken");
            documented += opens ? 1 : 0;
            var status = (await endpoint.Call(Anonymous, $"?token={Uri.EscapeDataString(token)}")).StatusCode;
            if (opens ? !Allowed(status) : status != HttpStatusCode.Unauthorized)
            {
                failures.Add($"{endpoint}: with ?token= gets {(int)status}, documented {(opens ? "access" : "401")}");
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(failures, Is.Empty);
            Assert.That(documented, Is.EqualTo(1), "only the calendar feed accepts a feed token");
        });
    }

    [Test]
    public async Task Every_response_carries_the_rate_limit_fields_the_document_lists_on_every_response()
    {
        var failures = new List<string>();
        foreach (var endpoint in endpoints)
        {
            foreach (var (status, response) in Operation(endpoint).GetProperty("responses").EnumerateObject().Select(r => (r.Name, r.Value)))
            {
                var headers = response.TryGetProperty("headers", out var h) ? h.EnumerateObject().Select(p => p.Name).ToList() : [];
                foreach (var field in new[] { "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset" }.Concat(status == "429" ? ["Retry-After"] : []))
                {
                    if (!headers.Contains(field))
                    {
                        failures.Add($"{endpoint} {status}: {field} not documented");
                    }
                }
            }

            foreach (var client in new[] { Anonymous, As("mps.coordinator") })
            {
                var answer = await endpoint.Call(client);
                foreach (var field in new[] { "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset" })
                {
                    if (!answer.Headers.TryGetValues(field, out var values) || !int.TryParse(values.Single(), out var value) || value < 0)
                    {
                        failures.Add($"{endpoint} answered {(int)answer.StatusCode} without a non-negative integer {field}");
                    }
                }
            }
        }

        Assert.That(failures, Is.Empty);
    }

    [Test]
    public async Task The_document_names_its_server_contact_and_licence_and_describes_every_operation()
    {
        using var document = JsonDocument.Parse(await Anonymous.GetStringAsync(new Uri("/swagger/v1/swagger.json", UriKind.Relative)));
        var root = document.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("servers")[0].GetProperty("url").GetString(), Is.EqualTo("/"));
            Assert.That(root.GetProperty("info").GetProperty("contact").GetProperty("name").GetString(), Is.Not.Empty);
            Assert.That(root.GetProperty("info").GetProperty("license").GetProperty("name").GetString(), Is.Not.Empty);
            foreach (var (id, operation) in operations)
            {
                var description = operation.TryGetProperty("description", out var text) ? text.GetString() : null;
                Assert.That(description?.Split("**Access**")[0].Trim(), Is.Not.Empty, $"{id} has no description of its own");
            }
        });
    }
}

/// <summary>With an allowance of three requests a minute, the fields count down, and the fourth request is a 429 that says when to retry.</summary>
public sealed class RateLimitHeadersTests() : ApiTest("Sqlite", new Dictionary<string, string?> { ["RateLimits:PerCallerPerMinute"] = "3" })
{
    [Test]
    public async Task The_fields_count_down_and_the_429_says_when_to_retry()
    {
        var remaining = new List<int>();
        HttpResponseMessage response = null!;
        for (var i = 0; i < 4; i++)
        {
            response = await Anonymous.GetAsync(new Uri("/api/v1/regulations", UriKind.Relative));
            Assert.That(int.Parse(response.Headers.GetValues("RateLimit-Limit").Single(), System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(3));
            remaining.Add(int.Parse(response.Headers.GetValues("RateLimit-Remaining").Single(), System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.Multiple(() =>
        {
            Assert.That(remaining, Is.EqualTo(new[] { 2, 1, 0, 0 }));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(response.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));
            Assert.That(int.Parse(response.Headers.GetValues("RateLimit-Reset").Single(), System.Globalization.CultureInfo.InvariantCulture), Is.InRange(1, 60));
        });
    }
}
