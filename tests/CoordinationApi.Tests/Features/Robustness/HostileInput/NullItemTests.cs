using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CoordinationApi.Tests.Infrastructure;

namespace CoordinationApi.Tests.Features.Robustness.HostileInput;

/// <summary>
/// Every array of objects in every request body of the OpenAPI document, at any depth, sent with a <c>null</c> item: the
/// answer is a 400 whose <c>errors</c> name that item, and nothing is written. Enumerated from the document, so a request
/// added later is checked without being listed here.
/// </summary>
public sealed class NullItemTests() : ApiTest("Sqlite")
{
    [Test]
    public async Task A_null_item_in_any_array_of_objects_is_a_field_error_naming_it()
    {
        var document = JsonNode.Parse(await Anonymous.GetStringAsync(new Uri("/swagger/v1/swagger.json", UriKind.Relative)))!.AsObject();
        var api = new OpenApiOperations(document);
        var cases = api.Operations
            .Where(o => o.BodySchema is not null)
            .SelectMany(o => api.PropertyPaths(o.BodySchema!, IsArrayOfObjects(api)).Select(path => (Operation: o, Path: path)))
            .ToList();
        Assert.That(cases.Select(c => c.Path), Has.Some.EqualTo("citations").And.Some.EqualTo("newTasks[0].contacts"),
            "the document's arrays of objects are found, nested ones included");

        var failures = new List<string>();
        foreach (var (operation, path) in cases)
        {
            var caller = As(RegistryPaths.Registrar(operation.PathTemplate) ?? ((operation.PathTemplate.StartsWith("/api/v1/admin", StringComparison.Ordinal) || operation.PathTemplate.StartsWith("/api/v1/webhooks", StringComparison.Ordinal)) ? "mps.admin" : "mps.coordinator"));
            var url = string.Join('/', operation.PathTemplate.Split('/').Select(s => s.StartsWith('{') ? "1" : s));
            var before = await Scalar("SELECT COUNT(*) FROM audit_entries");
            using var request = new HttpRequestMessage(new HttpMethod(operation.Method), new Uri(url, UriKind.Relative))
            {
                Content = new StringContent(api.SkeletonWith(operation.BodySchema!, path, new JsonArray((JsonNode?)null))!.ToJsonString(), Encoding.UTF8, "application/json"),
            };
            request.Headers.TryAddWithoutValidation("If-Match", "*");
            using var response = await caller.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            var errors = response.StatusCode == HttpStatusCode.BadRequest && JsonDocument.Parse(body).RootElement.TryGetProperty("errors", out var e)
                ? e.EnumerateObject().Select(p => p.Name).ToList()
                : [];
            if (!errors.Any(name => name.Equals(path + "[0]", StringComparison.OrdinalIgnoreCase)))
            {
                failures.Add($"{operation.Name} with {path}: [null] -> {(int)response.StatusCode} {body[..Math.Min(body.Length, 300)]}");
            }

            if (await Scalar("SELECT COUNT(*) FROM audit_entries") != before)
            {
                failures.Add($"{operation.Name} with {path}: [null] wrote to the audit trail");
            }
        }

        TestContext.Out.WriteLine($"{cases.Count} arrays of objects checked: {string.Join(", ", cases.Select(c => $"{c.Operation.Name} {c.Path}"))}");
        Assert.That(failures, Is.Empty);
    }

    /// <summary>An array whose items are objects.</summary>
    private static Func<JsonObject, bool> IsArrayOfObjects(OpenApiOperations api) =>
        schema => schema["items"] is JsonObject items && api.Resolve(items)["properties"] is not null;
}
