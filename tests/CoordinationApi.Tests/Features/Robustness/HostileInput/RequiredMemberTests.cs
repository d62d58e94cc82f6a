using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CoordinationApi.Tests.Infrastructure;

namespace CoordinationApi.Tests.Features.Robustness.HostileInput;

/// <summary>
/// What the document calls required, binding enforces: for every operation with a JSON body and every property its
/// schema lists as <c>required</c> (nested objects and list items included), a body holding every other required member
/// but not that one is a 400 whose <c>errors</c> name exactly that field, and nothing is written. A member left out never
/// becomes <c>false</c>, <c>0</c> or <c>0001-01-01</c>.
/// </summary>
public sealed class RequiredMemberTests() : ApiTest("Sqlite")
{
    [Test]
    public async Task Leaving_out_any_required_member_of_any_body_is_a_400_naming_it()
    {
        var api = new OpenApiOperations(JsonNode.Parse(await Anonymous.GetStringAsync(new Uri("/swagger/v1/swagger.json", UriKind.Relative)))!.AsObject());
        var cases = api.Operations
            .Where(o => o.BodySchema is not null)
            .SelectMany(o => RequiredPaths(api, o.BodySchema!).Select(path => (Operation: o, Path: path)))
            .ToList();
        Assert.That(cases.Select(c => $"{c.Operation.Name} {c.Path}"), Has.Some.EqualTo("PUT /api/v1/admin/users/{id} active")
            .And.Some.EqualTo("PUT /api/v1/regulations/{id} reviewPolicy.annualRotating")
            .And.Some.EqualTo("POST /api/v1/tasks/{id}/reports percent")
            .And.Some.EqualTo("POST /api/v1/regulations parties[0].agencyCode"),
            "the document's required members are found, nested ones and list items included");

        var failures = new List<string>();
        foreach (var (operation, path) in cases)
        {
            var body = api.Skeleton(operation.BodySchema!)!.AsObject();
            Remove(api, operation.BodySchema!, body, path);
            var json = body.ToJsonString();
            var caller = CallerFor(operation);
            var before = await Scalar("SELECT COUNT(*) FROM audit_entries");
            using var request = new HttpRequestMessage(new HttpMethod(operation.Method), new Uri(Url(operation), UriKind.Relative))
            {
                Content = new StringContent(json, Encoding.UTF8, "application/json"),
            };
            request.Headers.TryAddWithoutValidation("If-Match", "*");
            using var response = await caller.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var errors = response.StatusCode == HttpStatusCode.BadRequest && JsonDocument.Parse(text).RootElement.TryGetProperty("errors", out var e)
                ? e.EnumerateObject().ToDictionary(p => p.Name, p => p.Value[0].GetString())
                : [];
            if (errors.Count != 1 || !errors.TryGetValue(path, out var message) || message != "This field is required.")
            {
                failures.Add($"{operation.Name} {json} -> {(int)response.StatusCode} {text[..Math.Min(text.Length, 300)]}");
            }

            if (await Scalar("SELECT COUNT(*) FROM audit_entries") != before)
            {
                failures.Add($"{operation.Name} {json} wrote to the audit trail");
            }
        }

        TestContext.Out.WriteLine($"{cases.Count} required members checked");
        Assert.That(failures, Is.Empty);
    }

    [Test]
    public async Task A_user_update_without_active_does_not_deactivate_the_user()
    {
        var admin = As("mps.admin");
        var users = await Users(admin);
        var viewer = users.Single(u => u.GetProperty("username").GetString() == "mps.viewer");
        var id = viewer.GetProperty("id").GetInt32();
        var before = await Scalar("SELECT COUNT(*) FROM audit_entries");
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri($"/api/v1/admin/users/{id}", UriKind.Relative))
        {
            Content = JsonContent.Create(new { displayName = "Viewer", unitCode = "MPS-VP", roles = new[] { "viewer" }, clearance = "unclassified", unlock = false }),
        };
        request.Headers.TryAddWithoutValidation("If-Match", "*");
        using var response = await admin.SendAsync(request);
        await ProblemAssert.HasFieldErrors(response, "active");
        Assert.That(await Scalar("SELECT COUNT(*) FROM audit_entries"), Is.EqualTo(before), "nothing was written");
        var after = await Users(admin);
        Assert.That(after.Single(u => u.GetProperty("id").GetInt32() == id).GetProperty("active").GetBoolean(), Is.True);
    }

    /// <summary>The admin's users, whether the list comes as an array or paged.</summary>
    private async Task<List<JsonElement>> Users(HttpClient admin)
    {
        var list = await GetJson<JsonElement>(admin, "/api/v1/admin/users");
        return list.ValueKind == JsonValueKind.Array ? [.. list.EnumerateArray()] : await GetAllPages(admin, "/api/v1/admin/users");
    }

    /// <summary>The paths (as errors name them) of every member a body schema lists as required, nested ones included.</summary>
    private static IEnumerable<string> RequiredPaths(OpenApiOperations api, JsonObject schema, string prefix = "", int depth = 0)
    {
        schema = api.Resolve(schema);
        if (depth > 4 || schema["properties"] is not JsonObject properties)
        {
            yield break;
        }

        var required = (schema["required"]?.AsArray() ?? []).Select(r => r!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        foreach (var (name, value) in properties.Where(p => !OpenApiOperations.IsIgnored(p.Value)))
        {
            var path = prefix.Length == 0 ? name : $"{prefix}.{name}";
            if (required.Contains(name))
            {
                yield return path;
            }

            var property = api.Resolve(value!.AsObject());
            var nested = property["items"] is JsonObject items && api.Resolve(items)["properties"] is not null ? RequiredPaths(api, items, $"{path}[0]", depth + 1)
                : property["properties"] is not null ? RequiredPaths(api, property, path, depth + 1)
                : [];
            foreach (var inner in nested)
            {
                yield return inner;
            }
        }
    }

    /// <summary>
    /// Removes the member at a path of <see cref="RequiredPaths"/> (<c>parties[0].agencyCode</c>); an optional object or list
    /// on the way (not in the skeleton) is added with its own required members first.
    /// </summary>
    private static void Remove(OpenApiOperations api, JsonObject schema, JsonObject body, string path)
    {
        var segments = path.Split('.');
        var current = body;
        foreach (var segment in segments[..^1])
        {
            var list = segment.EndsWith("[0]", StringComparison.Ordinal);
            var name = list ? segment[..^3] : segment;
            var property = api.Resolve(api.Resolve(schema)["properties"]![name]!.AsObject());
            schema = list ? api.Resolve(property["items"]!.AsObject()) : property;
            current[name] ??= list ? new JsonArray(api.Skeleton(schema)) : api.Skeleton(schema);
            current = list ? current[name]!.AsArray()[0]!.AsObject() : current[name]!.AsObject();
        }

        Assert.That(current.Remove(segments[^1]), Is.True, path);
    }

    private HttpClient CallerFor(ApiOperation operation) => As(
        RegistryPaths.Registrar(operation.PathTemplate) is { } registrar ? registrar
        : (operation.PathTemplate.StartsWith("/api/v1/admin", StringComparison.Ordinal) || operation.PathTemplate.StartsWith("/api/v1/webhooks", StringComparison.Ordinal)) ? "mps.admin"
        : operation.PathTemplate.Contains("/audit", StringComparison.Ordinal) ? "mps.auditor"
        : "mps.coordinator");

    private static string Url(ApiOperation operation) =>
        string.Join('/', operation.PathTemplate.Split('/').Select(s => s.StartsWith('{') ? "1" : s));
}
