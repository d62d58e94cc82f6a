using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CoordinationApi.Tests.Infrastructure;

namespace CoordinationApi.Tests.Features.Robustness.HostileInput;

/// <summary>
/// Strict binding, enumerated from the OpenAPI document the API serves: every request body with a field it does not have,
/// every integer or number property of every body sent as a string, and every integer or date query parameter with an
/// unparsable value is a 400 whose <c>errors</c> name that field, with no .NET type name in the answer, and nothing is
/// written. A request or parameter added later is checked without being listed here.
/// </summary>
public sealed class StrictBindingTests() : ApiTest("Sqlite")
{
    private static readonly string[] DotNetNames = ["Nullable<", "Int32", "Int64", "System.", "DateOnly", "DateTimeOffset", "CoordinationApi."];

    [Test]
    public async Task An_unknown_field_in_any_body_is_a_400_naming_it()
    {
        var api = await Document();
        var operations = api.Operations.Where(o => o.BodySchema is not null).ToList();
        Assert.That(operations, Has.Count.GreaterThan(10), "the document's bodies are found");
        Assert.That(operations.Select(o => o.BodySchema!["additionalProperties"]?.GetValue<bool>()), Has.All.EqualTo(false),
            "every body's schema refuses other fields");

        var failures = new List<string>();
        foreach (var operation in operations)
        {
            await Check(failures, operation, new JsonObject { ["notAField"] = 1 }, "notAField");
        }

        TestContext.Out.WriteLine($"{operations.Count} bodies checked");
        Assert.That(failures, Is.Empty);
    }

    [Test]
    public async Task Any_number_property_sent_as_a_string_is_a_400_naming_it()
    {
        var api = await Document();
        var cases = api.Operations
            .Where(o => o.BodySchema is not null)
            .SelectMany(o => api.PropertyPaths(o.BodySchema!, IsNumber).Select(path => (Operation: o, Path: path)))
            .ToList();
        Assert.That(cases.Select(c => c.Path), Has.Some.EqualTo("planYear").And.Some.EqualTo("newTasks[0].planYear"),
            "the document's number properties are found, nested ones included");

        var failures = new List<string>();
        foreach (var (operation, path) in cases)
        {
            await Check(failures, operation, OpenApiOperations.BodyWith(path, JsonValue.Create("1")), path);
        }

        TestContext.Out.WriteLine($"{cases.Count} number properties checked: {string.Join(", ", cases.Select(c => $"{c.Operation.Name} {c.Path}"))}");
        Assert.That(failures, Is.Empty);
    }

    [Test]
    public async Task An_unparsable_integer_or_date_query_value_is_a_400_naming_the_parameter()
    {
        var api = await Document();
        var cases = api.Operations
            .SelectMany(o => o.InQuery.Where(p => IsNumber(p.Schema) || p.Schema["format"]?.GetValue<string>() is "date" or "date-time")
                .Select(p => (Operation: o, Parameter: p)))
            .ToList();
        Assert.That(cases.Select(c => c.Parameter.Name), Has.Some.EqualTo("dueFrom").And.Some.EqualTo("limit"),
            "the document's integer and date query parameters are found");

        var failures = new List<string>();
        foreach (var (operation, parameter) in cases)
        {
            var others = operation.InQuery.Where(p => p.Required && p.Name != parameter.Name).Select(p => $"&{p.Name}={Plausible(p.Schema)}");
            var url = $"{Url(operation)}?{parameter.Name}=not-a-value{string.Concat(others)}";
            var caller = CallerFor(operation);
            var before = await Scalar("SELECT COUNT(*) FROM audit_entries");
            using var request = new HttpRequestMessage(new HttpMethod(operation.Method), new Uri(url, UriKind.Relative));
            using var response = await caller.SendAsync(request);
            await Verdict(failures, $"{operation.Name} ?{parameter.Name}=not-a-value", response, parameter.Name);
            if (await Scalar("SELECT COUNT(*) FROM audit_entries") != before)
            {
                failures.Add($"{operation.Name} ?{parameter.Name}=not-a-value wrote to the audit trail");
            }
        }

        TestContext.Out.WriteLine($"{cases.Count} query parameters checked");
        Assert.That(failures, Is.Empty);
    }

    /// <summary>Values that the framework's parsers read but that do not have the documented format, per type of parameter.</summary>
    private static IEnumerable<string> Malformed(JsonObject schema) =>
        IsNumber(schema) ? ["+2026", " 2026", "2026 ", "1.0", "1e3", "", "0x10", "１"]
        : schema["format"]?.GetValue<string>() is "date" ? ["2026-1-1", "2026-01-01T00:00:00Z", " 2026-01-01", "01/02/2026", ""]
        : schema["format"]?.GetValue<string>() is "date-time" ? ["2026-01-01", "2026-01-01 08:00:00Z", "2026-01-01T08:00:00", "1 Jan 2026", ""]
        : schema["type"]?.ToString() is "boolean" ? ["True", "1", "yes", " true", ""]
        // Text (free, a code or a vocabulary word): empty, a NUL, another control character, a U+FFFD that stands for bytes that were not UTF-8.
        : ["", "\u0000", "a\u0007b", "\uFFFD"];

    [Test]
    public async Task Every_typed_query_parameter_refuses_a_value_not_in_its_documented_format()
    {
        var api = await Document();
        var cases = api.Operations
            .SelectMany(o => o.InQuery.SelectMany(p => Malformed(p.Schema).Select(value => (Operation: o, Parameter: p, Value: value))))
            .ToList();
        Assert.That(cases.Select(c => c.Parameter.Name).Distinct(), Is.SupersetOf(new[] { "dueFrom", "planYear", "limit", "updatedSince", "active", "q", "article" }),
            "the document's integer, date, date-time, boolean and text query parameters are found");

        var failures = new List<string>();
        foreach (var (operation, parameter, value) in cases)
        {
            var others = operation.InQuery.Where(p => p.Required && p.Name != parameter.Name).Select(p => $"&{p.Name}={Plausible(p.Schema)}");
            var url = $"{Url(operation)}?{parameter.Name}={Uri.EscapeDataString(value)}{string.Concat(others)}";
            await CheckQuery(failures, operation, url, parameter.Name);
        }

        TestContext.Out.WriteLine($"{cases.Count} malformed values of {cases.Select(c => c.Operation.Name + c.Parameter.Name).Distinct().Count()} query parameters checked");
        Assert.That(failures, Is.Empty);
    }

    [Test]
    public async Task Every_operation_refuses_a_query_parameter_it_does_not_declare()
    {
        var api = await Document();
        var failures = new List<string>();
        foreach (var operation in api.Operations)
        {
            var required = string.Concat(operation.InQuery.Where(p => p.Required).Select(p => $"&{p.Name}={Plausible(p.Schema)}"));
            var declared = operation.InQuery.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var name in new[] { "stauts", "status[]", "notAParameter" }.Concat(declared.Select(d => char.ToUpperInvariant(d[0]) + d[1..])))
            {
                if (!declared.Contains(name))
                {
                    await CheckQuery(failures, operation, $"{Url(operation)}?{Uri.EscapeDataString(name)}=draft{required}", name);
                }
            }

            // A parameter that is not a list is given once.
            foreach (var parameter in operation.InQuery.Where(p => p.Schema["type"]?.ToString() != "array" && (IsNumber(p.Schema) || p.Schema["format"] is not null)))
            {
                var value = Plausible(parameter.Schema);
                var others = string.Concat(operation.InQuery.Where(p => p.Required && p.Name != parameter.Name).Select(p => $"&{p.Name}={Plausible(p.Schema)}"));
                await CheckQuery(failures, operation, $"{Url(operation)}?{parameter.Name}={value}&{parameter.Name}={value}{others}", parameter.Name);
            }
        }

        TestContext.Out.WriteLine($"{api.Operations.Count} operations checked");
        Assert.That(failures, Is.Empty);
    }

    [Test]
    public async Task The_documented_query_parameters_are_accepted_with_well_formed_values()
    {
        using var tasks = await As("mps.coordinator").GetAsync(new Uri("/api/v1/tasks?planYear=2026&dueFrom=2026-01-01&dueTo=2026-12-31&status=draft&status=assigned&limit=5&updatedSince=2026-01-01T00:00:00%2B07:00", UriKind.Relative));
        Assert.That(tasks.StatusCode, Is.EqualTo(HttpStatusCode.OK), await tasks.Content.ReadAsStringAsync());
        using var feed = await As("mps.coordinator").GetAsync(new Uri("/api/v1/tasks?updatedSince=2026-01-01T00:00:00.5Z", UriKind.Relative));
        Assert.That(feed.StatusCode, Is.EqualTo(HttpStatusCode.OK), await feed.Content.ReadAsStringAsync());
    }

    [TestCase("application/vnd.foo+json")]
    [TestCase("application/merge-patch+json")]
    [TestCase("application/json; charset=iso-8859-1")]
    [TestCase("application/json; charset=utf-16")]
    [TestCase("application/json; profile=x")]
    [TestCase("text/json")]
    [TestCase("text/plain")]
    public async Task Every_json_body_refuses_another_media_type_with_a_415_problem(string contentType)
    {
        var api = await Document();
        var operations = api.Operations.Where(o => o.BodySchema is not null).ToList();
        Assert.That(operations, Has.Count.GreaterThan(10), "the document's JSON bodies are found");
        var failures = new List<string>();
        foreach (var operation in operations)
        {
            var caller = CallerFor(operation);
            var before = await Scalar("SELECT COUNT(*) FROM audit_entries");
            using var request = new HttpRequestMessage(new HttpMethod(operation.Method), new Uri(Url(operation), UriKind.Relative))
            {
                Content = new ByteArrayContent(Encoding.UTF8.GetBytes(api.Skeleton(operation.BodySchema!)!.ToJsonString())),
            };
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            request.Headers.TryAddWithoutValidation("If-Match", "*");
            using var response = await caller.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.UnsupportedMediaType || response.Content.Headers.ContentType?.MediaType != "application/problem+json"
                || JsonDocument.Parse(body).RootElement.GetProperty("type").GetString() != "https://coordination.example/problems/unsupported-media-type")
            {
                failures.Add($"{operation.Name} {contentType} -> {(int)response.StatusCode} {body[..Math.Min(body.Length, 300)]}");
            }

            if (await Scalar("SELECT COUNT(*) FROM audit_entries") != before)
            {
                failures.Add($"{operation.Name} {contentType} wrote to the audit trail");
            }
        }

        Assert.That(failures, Is.Empty);
    }

    [Test]
    public async Task Every_body_sent_empty_names_all_its_missing_required_members()
    {
        var api = await Document();
        var operations = api.Operations.Where(o => o.BodySchema is not null && Required(api, o.BodySchema!).Count > 0).ToList();
        Assert.That(operations.Select(o => Required(api, o.BodySchema!).Count), Has.Some.GreaterThan(4), "bodies with many required members are found");
        var failures = new List<string>();
        foreach (var operation in operations)
        {
            using var request = new HttpRequestMessage(new HttpMethod(operation.Method), new Uri(Url(operation), UriKind.Relative))
            {
                Content = new StringContent("{}", Encoding.UTF8, "application/json"),
            };
            request.Headers.TryAddWithoutValidation("If-Match", "*");
            using var response = await CallerFor(operation).SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            var errors = response.StatusCode == HttpStatusCode.BadRequest && JsonDocument.Parse(body).RootElement.TryGetProperty("errors", out var e)
                ? e.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList()
                : [];
            var expected = Required(api, operation.BodySchema!).Order(StringComparer.Ordinal).ToList();
            if (!errors.SequenceEqual(expected))
            {
                failures.Add($"{operation.Name} {{}} -> {(int)response.StatusCode} errors [{string.Join(", ", errors)}], expected [{string.Join(", ", expected)}]");
            }
        }

        Assert.That(failures, Is.Empty);
    }

    [TestCase("{\"a\":")]
    [TestCase("{\"title\": \"x\", \"notAField\": ")]
    [TestCase("{\"notAField\": 1")]
    public async Task Every_body_cut_short_is_malformed_json_not_an_unknown_member(string json)
    {
        var api = await Document();
        var failures = new List<string>();
        foreach (var operation in api.Operations.Where(o => o.BodySchema is not null))
        {
            var before = await Scalar("SELECT COUNT(*) FROM audit_entries");
            using var request = new HttpRequestMessage(new HttpMethod(operation.Method), new Uri(Url(operation), UriKind.Relative))
            {
                Content = new StringContent(json, Encoding.UTF8, "application/json"),
            };
            request.Headers.TryAddWithoutValidation("If-Match", "*");
            using var response = await CallerFor(operation).SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            var problem = response.StatusCode == HttpStatusCode.BadRequest ? JsonDocument.Parse(body).RootElement : default;
            if (response.StatusCode != HttpStatusCode.BadRequest
                || problem.GetProperty("type").GetString() != "https://coordination.example/problems/malformed-json"
                || !problem.TryGetProperty("errors", out var errors) || errors.EnumerateObject().Select(p => p.Name).Single() != "$"
                || !errors.GetProperty("$")[0].GetString()!.StartsWith("The body is not well-formed JSON", StringComparison.Ordinal))
            {
                failures.Add($"{operation.Name} {json} -> {(int)response.StatusCode} {body[..Math.Min(body.Length, 300)]}");
            }

            if (await Scalar("SELECT COUNT(*) FROM audit_entries") != before)
            {
                failures.Add($"{operation.Name} {json} wrote to the audit trail");
            }
        }

        Assert.That(failures, Is.Empty);
    }

    private static List<string> Required(OpenApiOperations api, JsonObject schema) =>
        api.Resolve(schema)["required"] is JsonArray required ? [.. required.Select(r => r!.GetValue<string>())] : [];

    private async Task CheckQuery(List<string> failures, ApiOperation operation, string url, string parameter)
    {
        var before = await Scalar("SELECT COUNT(*) FROM audit_entries");
        // A path value of the parameter's type, so the route matches (an API client's id is a UUID).
        foreach (var path in operation.InPath.Where(p => p.Schema["format"]?.GetValue<string>() == "uuid"))
        {
            var at = operation.PathTemplate.IndexOf($"{{{path.Name}}}", StringComparison.Ordinal);
            url = string.Concat(url.AsSpan(0, at), Guid.Empty.ToString(), url.AsSpan(at + 1));
        }

        using var request = new HttpRequestMessage(new HttpMethod(operation.Method), new Uri(url, UriKind.Relative));
        request.Headers.TryAddWithoutValidation("If-Match", "*");
        using var response = await CallerFor(operation).SendAsync(request);
        await Verdict(failures, $"{operation.Name} {url}", response, parameter);
        if (await Scalar("SELECT COUNT(*) FROM audit_entries") != before)
        {
            failures.Add($"{operation.Name} {url} wrote to the audit trail");
        }
    }

    [Test]
    public async Task A_due_date_that_is_not_a_date_says_how_to_give_one()
    {
        using var response = await As("mps.coordinator").GetAsync(new Uri("/api/v1/tasks?dueFrom=tomorrow", UriKind.Relative));
        var problem = await ProblemAssert.HasFieldErrors(response, "dueFrom");
        Assert.That(problem.GetProperty("errors").GetProperty("dueFrom")[0].GetString(), Is.EqualTo("Give a date as YYYY-MM-DD."));
    }

    [TestCase("{\"title\": ")]
    [TestCase("{\"title\": \"x\",}")]
    [TestCase("not json")]
    public async Task Malformed_json_is_a_400_with_errors(string body)
    {
        var coordinator = As("mps.coordinator");
        var before = await Scalar("SELECT COUNT(*) FROM audit_entries");
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await coordinator.PostAsync(new Uri("/api/v1/tasks", UriKind.Relative), content);
        var problem = await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest);
        Assert.Multiple(() =>
        {
            Assert.That(problem.GetProperty("errors").EnumerateObject().Count(), Is.GreaterThan(0), problem.ToString());
            Assert.That(DotNetNames.Where(problem.ToString().Contains), Is.Empty, problem.ToString());
        });
        Assert.That(await Scalar("SELECT COUNT(*) FROM audit_entries"), Is.EqualTo(before));
    }

    [TestCase(201)]
    [TestCase(0, "two words")]
    [TestCase(0, "tab\there")]
    public async Task An_unusable_idempotency_key_is_a_400_naming_the_header(int length, string? key = null)
    {
        var coordinator = As("mps.coordinator");
        var before = await Scalar("SELECT COUNT(*) FROM audit_entries");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/v1/tasks", UriKind.Relative))
        {
            Content = System.Net.Http.Json.JsonContent.Create(CoordinationApi.Tests.Features.Tasks.TaskApi.NewTask()),
        };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key ?? new string('k', length));
        using var response = await coordinator.SendAsync(request);
        await ProblemAssert.HasFieldErrors(response, "Idempotency-Key");
        Assert.That(await Scalar("SELECT COUNT(*) FROM audit_entries"), Is.EqualTo(before));
    }

    private async Task<OpenApiOperations> Document() =>
        new(JsonNode.Parse(await Anonymous.GetStringAsync(new Uri("/swagger/v1/swagger.json", UriKind.Relative)))!.AsObject());

    /// <summary>A caller the operation lets in, so the request reaches binding.</summary>
    private HttpClient CallerFor(ApiOperation operation) => As(RegistryPaths.Registrar(operation.PathTemplate) ?? (
        (operation.PathTemplate.StartsWith("/api/v1/admin", StringComparison.Ordinal) || operation.PathTemplate.StartsWith("/api/v1/webhooks", StringComparison.Ordinal)) ? "mps.admin"
        : operation.PathTemplate.Contains("/audit", StringComparison.Ordinal) ? "mps.auditor"
        : "mps.coordinator"));

    /// <summary>A value of a required query parameter that binds: the first of an enum, a number, a date, or text.</summary>
    private static string Plausible(JsonObject schema) =>
        schema["enum"] is JsonArray { Count: > 0 } values ? values[0]!.ToString()
        : IsNumber(schema) ? "1"
        : schema["format"]?.GetValue<string>() is "date" ? "2026-01-01"
        : "x";

    private static string Url(ApiOperation operation) =>
        string.Join('/', operation.PathTemplate.Split('/').Select(s => s.StartsWith('{') ? "1" : s));

    /// <summary>Sends <paramref name="body"/> to the operation and expects a 400 naming <paramref name="field"/> and no write.</summary>
    private async Task Check(List<string> failures, ApiOperation operation, JsonObject body, string field)
    {
        var caller = CallerFor(operation);
        var before = await Scalar("SELECT COUNT(*) FROM audit_entries");
        var json = body.ToJsonString();
        using var request = new HttpRequestMessage(new HttpMethod(operation.Method), new Uri(Url(operation), UriKind.Relative))
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("If-Match", "*");
        using var response = await caller.SendAsync(request);
        await Verdict(failures, $"{operation.Name} {json}", response, field);
        if (await Scalar("SELECT COUNT(*) FROM audit_entries") != before)
        {
            failures.Add($"{operation.Name} {json} wrote to the audit trail");
        }
    }

    private static async Task Verdict(List<string> failures, string what, HttpResponseMessage response, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        var errors = response.StatusCode == HttpStatusCode.BadRequest && JsonDocument.Parse(body).RootElement.TryGetProperty("errors", out var e)
            ? e.EnumerateObject().Select(p => p.Name).ToList()
            : [];
        if (!errors.Contains(field, StringComparer.Ordinal))
        {
            failures.Add($"{what} -> {(int)response.StatusCode} {body[..Math.Min(body.Length, 300)]}");
        }
        else if (DotNetNames.FirstOrDefault(body.Contains) is { } name)
        {
            failures.Add($"{what} -> names the .NET type {name}: {body[..Math.Min(body.Length, 300)]}");
        }
        else if (!ProblemAssert.DocumentedTypes.Contains(JsonDocument.Parse(body).RootElement.GetProperty("type").GetString() ?? ""))
        {
            failures.Add($"{what} -> a type the README does not document: {body[..Math.Min(body.Length, 300)]}");
        }
    }

    private static bool IsNumber(JsonObject schema) => schema["type"] switch
    {
        JsonValue value => value.GetValue<string>() is "integer" or "number",
        JsonArray types => types.Any(t => t?.GetValue<string>() is "integer" or "number"),
        _ => false,
    };

    /// <summary>The paths (as the API names fields in errors) of every integer or number property, in nested objects and arrays of objects too.</summary>
}
