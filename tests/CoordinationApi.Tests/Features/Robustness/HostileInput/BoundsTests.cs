using System.Buffers.Text;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CoordinationApi.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace CoordinationApi.Tests.Features.Robustness.HostileInput;

/// <summary>
/// Bounds everywhere, read from the OpenAPI document the API serves: every parameter and body field (nested ones too)
/// documents a bound; a value just beyond it, and the extremes of its type (int and long limits, 2^63−1, negatives,
/// huge strings, far dates, huge arrays), answer a problem document — a 400 naming the field when the value is out of
/// bounds — never a 5xx, change nothing, and leave the memory flat; and every list refuses a cursor it did not issue.
/// </summary>
// Alone: it measures the process's managed heap, which other fixtures would grow.
[NonParallelizable]
[Category("HostileInput")]
public sealed class BoundsTests() : ApiTest("Sqlite", OutboxOff)
{
    /// <summary>How much the managed heap may grow over the whole run of extreme requests.</summary>
    private const long MemoryMargin = 96L * 1024 * 1024;

    private static readonly string[] Callers = ["mps.admin", "mps.auditor", "mps.coordinator"];
    private OpenApiOperations api = null!;
    private SqliteConnection observer = null!;

    [OneTimeSetUp]
    public async Task Prepare()
    {
        var document = JsonNode.Parse(await Anonymous.GetStringAsync(new Uri("/swagger/v1/swagger.json", UriKind.Relative)))!.AsObject();
        api = new OpenApiOperations(document);
        foreach (var user in Callers)
        {
            As(user); // signed in now: a sign-in is recorded, and must not count as a change a refused request made
        }

        observer = new SqliteConnection(Factory.ConnectionString + ";Pooling=False");
        observer.Open();
    }

    [OneTimeTearDown]
    public void Close() => observer?.Dispose();

    [Test]
    public void Every_parameter_and_body_field_of_the_served_document_has_a_bound()
    {
        var fields = Fields().ToList();
        var unbounded = fields.Select(f => Unbounded(f.Schema) is { } missing ? $"{f.Operation.Name} {f.Describe()}: {missing}" : null)
            .OfType<string>().ToList();

        Assert.That(fields, Has.Count.GreaterThan(200), "the walk reaches the document's fields");
        Assert.That(unbounded, Is.Empty, "fields without a documented bound");
    }

    [Test]
    public async Task Every_operation_answers_values_beyond_and_at_the_extremes_of_each_bound_with_a_problem_and_changes_nothing()
    {
        var before = ManagedMemory();
        var failures = new List<string>();
        var sent = 0;
        foreach (var field in Fields())
        {
            if (Unbounded(field.Schema) is { } missing)
            {
                // Without a documented bound there is no telling which extreme is safe to send (an unbounded year once ran the server out of memory).
                failures.Add($"{field.Operation.Name} {field.Describe()}: {missing}, not sent");
                continue;
            }

            foreach (var (value, outOfBounds) in Extremes(field.Schema))
            {
                sent++;
                if (await Check(field, value, outOfBounds) is { } failure)
                {
                    failures.Add(failure);
                }
            }
        }

        var after = ManagedMemory();
        TestContext.Out.WriteLine($"{sent} requests; managed heap {before / 1_048_576} MB before, {after / 1_048_576} MB after.");
        Assert.That(failures, Is.Empty, $"{failures.Count} of {sent} requests failed:\n{string.Join("\n", failures)}");
        Assert.That(sent, Is.GreaterThan(1000));
        Assert.That(after - before, Is.LessThan(MemoryMargin), "the managed heap after the run stays within the margin of before");
    }

    [Test]
    public async Task Every_list_refuses_a_cursor_it_did_not_issue_with_a_field_error()
    {
        // Two tasks at least, so a page of one has a next page and the API issues a cursor.
        await Tasks.TaskApi.Create(As("mps.coordinator"), Tasks.TaskApi.NewTask(title: "Listed first or second"));
        await Tasks.TaskApi.Create(As("mps.coordinator"), Tasks.TaskApi.NewTask(title: "Listed second or first"));
        var taskPage = await GetJson<JsonElement>(As("mps.coordinator"), "/api/v1/tasks?limit=1");
        var issued = taskPage.GetProperty("nextCursor").GetString()!;
        var tampered = Base64Url.DecodeFromChars(issued);
        tampered[^1] ^= 1;
        string[] forged =
        [
            Encode("-1000"), Encode("-updated|-1|1"), Encode("9223372036854775807"), Encode("0"), Encode("due|9999-99-99|1"),
            Base64Url.EncodeToString([.. new byte[16], .. "1"u8]), Base64Url.EncodeToString(tampered), "!!!", new string('A', 5000),
        ];
        var lists = api.Operations.Where(o => o.InQuery.Any(p => p.Name == "cursor")).ToList();
        Assert.That(lists.Select(o => o.OperationId), Is.SupersetOf(new[] { "ListTasks", "ListRegulations", "Search", "ListAuditEntries", "ListEvaluations" }));

        var failures = new List<string>();
        foreach (var list in lists)
        {
            // A cursor the API issued for another list is not one of this list's.
            foreach (var cursor in list.OperationId == "ListTasks" ? forged : [.. forged, issued])
            {
                var url = $"{FillPath(list, null, "")}?cursor={Uri.EscapeDataString(cursor)}{(list.OperationId == "Search" ? "&q=an%20ninh" : "")}";
                using var response = await CallerFor(list).GetAsync(new Uri(url, UriKind.Relative));
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != HttpStatusCode.BadRequest || !HasFieldError(body, "cursor"))
                {
                    failures.Add($"GET {url} -> {(int)response.StatusCode} {Clip(body)}");
                }
            }
        }

        Assert.That(failures, Is.Empty, string.Join("\n", failures));
    }

    /// <summary>
    /// Lists not yet paged: reference data that an agency's administration keeps small (agencies, their unit trees, a
    /// regulation's versions, users, API clients) and the reminders of the coming days (at most 366 days, at most 1000
    /// reviews and 1000 tasks). Each answers a bounded set; a new list must page.
    /// </summary>
    private static readonly string[] UnpagedLists =
        ["ListAgencies", "ListUnits", "ListVersions", "ListUsers", "ListApiClients", "ListReminders"];

    [Test]
    public async Task Every_list_of_the_document_pages_with_a_cursor_and_a_bounded_limit()
    {
        var document = JsonNode.Parse(await Anonymous.GetStringAsync(new Uri("/swagger/v1/swagger.json", UriKind.Relative)))!;
        var unpaged = new List<string>();
        var paged = new List<string>();
        foreach (var operation in api.Operations.Where(o => o.Method == "GET"))
        {
            var method = document["paths"]![operation.PathTemplate]!["get"]!;
            if (method["responses"]?["200"]?["content"]?["application/json"]?["schema"] is not JsonObject schema)
            {
                continue; // not JSON: a file or a stream (the calendar)
            }

            if (method["responses"]!["200"]!["content"]!["text/csv"] is not null)
            {
                continue; // an export: its JSON is one format of a file streamed whole (README "Exports"), not a list
            }

            var resolved = api.Resolve(schema);
            if (Type(resolved) == "array")
            {
                unpaged.Add(operation.OperationId);
            }
            else if (resolved["properties"]?["nextCursor"] is not null)
            {
                paged.Add(operation.OperationId);
                var limit = operation.InQuery.FirstOrDefault(p => p.Name == "limit");
                Assert.That(limit?.Schema["maximum"]?.GetValue<int>(), Is.EqualTo(200), $"{operation.Name} caps its limit at 200");
                Assert.That(operation.InQuery.Any(p => p.Name == "cursor"), Is.True, $"{operation.Name} takes a cursor");
            }
        }

        Assert.That(paged, Is.SupersetOf(new[] { "ListTasks", "ListEvaluations", "ListTaskHistory", "ListProgressReports", "ListRecognitions", "ListReviews" }));
        Assert.That(unpaged, Is.SubsetOf(UnpagedLists), "lists answered as a bare array");
    }

    [Test]
    public async Task The_issue_examples_fail_safely()
    {
        var viewer = As("mic.viewer");
        var coordinator = As("mps.coordinator");
        await ProblemAssert.HasFieldErrors(await viewer.GetAsync(new Uri("/api/v1/reviews/summary?regulationId=1&toYear=2147483647", UriKind.Relative)), "toYear");
        await ProblemAssert.HasFieldErrors(await viewer.GetAsync(new Uri("/api/v1/reviews/summary?regulationId=1&fromYear=1900&toYear=2100", UriKind.Relative)), "toYear");
        await ProblemAssert.HasFieldErrors(await coordinator.GetAsync(new Uri($"/api/v1/search?q=an%20ninh&cursor={Encode("-1000")}", UriKind.Relative)), "cursor");
        await ProblemAssert.HasFieldErrors(await coordinator.GetAsync(new Uri($"/api/v1/tasks?sort=-updated&cursor={Encode("-updated|-1|1")}", UriKind.Relative)), "cursor");
        await ProblemAssert.HasFieldErrors(await coordinator.GetAsync(new Uri($"/api/v1/regulations?cursor={Encode("9223372036854775807")}", UriKind.Relative)), "cursor");
        await ProblemAssert.HasFieldErrors(await coordinator.GetAsync(new Uri("/api/v1/reviews/1/evaluations?limit=201", UriKind.Relative)), "limit");

        // A conclusion's new tasks are checked like a task create: unknown vocabularies and a 600-character title are field errors, and nothing is stored.
        var review = (await GetJson<JsonElement>(coordinator, "/api/v1/reviews")).GetProperty("items").EnumerateArray().First();
        var tasksBefore = await CountTasks();
        var before = DataVersion();
        var newTask = new Dictionary<string, object?>
        {
            ["titleVi"] = new string('T', 600), ["titleEn"] = "New task", ["citations"] = new[] { new { aknId = "chp_1__art_1" } },
            ["leadUnitCode"] = "MPS-A05", ["classification"] = "ultra-secret", ["kind"] = "sometimes", ["planYear"] = review.GetProperty("periodYear").GetInt32() + 1,
            ["startDate"] = "2025-01-01", ["dueDate"] = "2025-12-31", ["priority"] = "urgentest",
        };
        using var concluded = await coordinator.PostAsync(new Uri($"/api/v1/reviews/{review.GetProperty("id").GetInt32()}/transitions", UriKind.Relative),
            new StringContent(JsonSerializer.Serialize(new { to = "concluded", newTasks = new[] { newTask } }), Encoding.UTF8, "application/json"));
        await ProblemAssert.HasFieldErrors(concluded, "newTasks[0].titleVi", "newTasks[0].classification", "newTasks[0].kind", "newTasks[0].priority");
        Assert.That(DataVersion(), Is.EqualTo(before), "nothing was written");
        Assert.That(await CountTasks(), Is.EqualTo(tasksBefore));
        var after = await GetJson<JsonElement>(coordinator, $"/api/v1/reviews/{review.GetProperty("id").GetInt32()}");
        Assert.That(after.GetProperty("status").GetString(), Is.EqualTo(review.GetProperty("status").GetString()));
    }

    private async Task<long> CountTasks()
    {
        await using var connection = new SqliteConnection(Factory.ConnectionString + ";Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM tasks;";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>One parameter or body field of an operation (nested fields by their JSON path) and its schema.</summary>
    private sealed record Field(ApiOperation Operation, string In, string Name, IReadOnlyList<string> Path, JsonObject Schema)
    {
        /// <summary>The key of the field error the API gives for it: <c>toYear</c>, <c>newTasks[0].titleVi</c>.</summary>
        public string ErrorKey => In == "body"
            ? string.Concat(Path.Select((segment, i) => segment == "[]" ? "[0]" : i == 0 ? segment : "." + segment))
            : Name;

        public string Describe() => $"{In} {ErrorKey}";
    }

    private IEnumerable<Field> Fields()
    {
        foreach (var operation in api.Operations)
        {
            foreach (var parameter in operation.Parameters.Where(p => p.In is "path" or "query"))
            {
                yield return new Field(operation, parameter.In, parameter.Name, [parameter.Name], parameter.Schema);
            }

            if (operation.BodySchema is { } body)
            {
                foreach (var field in BodyFields(operation, body, [], 0))
                {
                    yield return field;
                }
            }
        }
    }

    private IEnumerable<Field> BodyFields(ApiOperation operation, JsonObject schema, List<string> path, int depth)
    {
        schema = api.Resolve(schema);
        if (depth > 6)
        {
            yield break;
        }

        if (schema["properties"] is JsonObject properties)
        {
            // A member the API accepts and ignores is bounded by the body limit only (web-client/.spectral.yaml).
            foreach (var (name, property) in properties.Where(p => !OpenApiOperations.IsIgnored(p.Value)))
            {
                foreach (var field in BodyFields(operation, property!.AsObject(), [.. path, name], depth + 1))
                {
                    yield return field;
                }
            }

            yield break;
        }

        yield return new Field(operation, "body", path[0], path, schema);
        if (Type(schema) == "array" && schema["items"] is JsonObject items)
        {
            foreach (var field in BodyFields(operation, items, [.. path, "[]"], depth + 1))
            {
                yield return field;
            }
        }
    }

    private static string? Type(JsonObject schema) => schema["type"] switch
    {
        JsonValue value => value.GetValue<string>(),
        JsonArray types => types.Select(t => t!.GetValue<string>()).FirstOrDefault(t => t != "null"),
        _ => null,
    };

    /// <summary>What a field lacks: strings a maxLength, an enum or a date/date-time/uuid format; numbers a minimum and a maximum; arrays maxItems.</summary>
    private static string? Unbounded(JsonObject schema) => Type(schema) switch
    {
        "string" when schema["maxLength"] is null && schema["enum"] is null && (string?)schema["format"] is not ("date" or "date-time" or "uuid") => "a string without maxLength",
        "integer" or "number" when schema["minimum"] is null || schema["maximum"] is null => "a number without minimum and maximum",
        "array" when schema["maxItems"] is null => "an array without maxItems",
        _ => null,
    };

    /// <summary>Raw JSON values for the field: just beyond each bound, and the extremes of its type; and whether each is out of bounds.</summary>
    private IEnumerable<(string Json, bool OutOfBounds)> Extremes(JsonObject schema)
    {
        switch (Type(schema))
        {
            case "integer" or "number":
                var minimum = decimal.Parse(schema["minimum"]!.ToString(), CultureInfo.InvariantCulture);
                var maximum = decimal.Parse(schema["maximum"]!.ToString(), CultureInfo.InvariantCulture);
                decimal[] values = [minimum - 1, maximum + 1, int.MinValue, int.MaxValue, long.MaxValue, long.MinValue, -1, 0, decimal.Parse("1e20", NumberStyles.Float, CultureInfo.InvariantCulture)];
                foreach (var value in values.Distinct())
                {
                    yield return (value.ToString(CultureInfo.InvariantCulture), value < minimum || value > maximum);
                }

                break;
            case "string" when (string?)schema["format"] is "date":
                yield return ("\"0001-01-01\"", true);
                yield return ("\"9999-12-31\"", true);
                yield return ("\"1899-12-31\"", true);
                break;
            case "string" when (string?)schema["format"] is "date-time":
                yield return ("\"0001-01-01T00:00:00Z\"", true);
                yield return ("\"9999-12-31T23:59:59Z\"", true);
                break;
            case "string" when schema["maxLength"] is JsonValue maxLength:
                var max = maxLength.GetValue<int>();
                yield return (JsonSerializer.Serialize(new string('a', max + 1)), true);
                yield return (JsonSerializer.Serialize(new string('9', Math.Max(max + 1, 100_000))), true);
                break;
            case "array" when schema["maxItems"] is JsonValue maxItems:
                var item = Item(schema["items"] as JsonObject);
                yield return ("[" + string.Join(",", Enumerable.Repeat(item, maxItems.GetValue<int>() + 1)) + "]", true);
                yield return ("[" + string.Join(",", Enumerable.Repeat(item, 20_000)) + "]", true);
                break;
        }
    }

    /// <summary>A harmless item for an oversized array: only its count is wrong.</summary>
    private string Item(JsonObject? items)
    {
        if (items is null)
        {
            return "null";
        }

        // A shared vocabulary is a $ref to a string enum: one of its values, so only the count is wrong.
        var resolved = api.Resolve(items);
        return resolved["enum"] is JsonArray values ? values[0]!.ToJsonString() : (resolved["properties"] is not null ? "object" : Type(resolved)) switch
        {
            "integer" or "number" => resolved["minimum"]?.ToString() ?? "1",
            "object" => "{}",
            _ => "\"x\"",
        };
    }

    private async Task<string?> Check(Field field, string value, bool outOfBounds)
    {
        var (url, body) = Request(field, value);
        var before = DataVersion();
        using var message = new HttpRequestMessage(new HttpMethod(field.Operation.Method), new Uri(url, UriKind.Relative));
        if (body is not null)
        {
            message.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        if (field.Operation.Method is "PUT" or "DELETE")
        {
            message.Headers.TryAddWithoutValidation("If-Match", "*");
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        HttpResponseMessage response;
        try
        {
            response = await CallerFor(field.Operation).SendAsync(message, timeout.Token);
        }
        catch (OperationCanceledException)
        {
            return $"{Describe(field, value)}: no answer within 30 s";
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync();
            var answer = $"{Describe(field, value)} -> {status} {Clip(text)}";
            if (status >= 500)
            {
                return $"{answer}\n{ServerErrors()}";
            }

            if (!field.Operation.DocumentedStatuses.Contains(status))
            {
                return $"{answer} (undocumented status)";
            }

            if (status < 400)
            {
                return outOfBounds ? $"{answer} (a value out of bounds was accepted)" : null;
            }

            if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                return $"{answer} (not a problem document)";
            }

            if (DataVersion() != before)
            {
                return $"{answer} (refused, yet the database changed)";
            }

            // Out of bounds: a 400 that names the field; a path value out of its route's type may also find no route (404).
            // A list at its largest, each item holding the members it requires, may exceed the body limit: then a 413.
            // A path or query value too long for the request target (over 8 KiB) is a 414 before any field is read.
            var expected = outOfBounds && !(field.In == "path" && status == 404)
                && !(status == 413 && Encoding.UTF8.GetByteCount(body ?? "") > 1024 * 1024)
                && !(status == 414 && url.Length > CoordinationApi.Infrastructure.Http.RequestLimitsMiddleware.MaxRequestTargetBytes);
            return expected && (status != 400 || !HasFieldError(text, field.ErrorKey))
                ? $"{answer} (expected a 400 with a field error for '{field.ErrorKey}')"
                : null;
        }
    }

    private (string Url, string? Body) Request(Field field, string value)
    {
        var raw = value.StartsWith('"') ? JsonSerializer.Deserialize<string>(value)! : value;
        var path = FillPath(field.Operation, field.In == "path" ? field.Name : null, raw);
        var query = field.In != "query" ? ""
            : Type(field.Schema) == "array" && value.StartsWith('[')
                ? string.Join("&", JsonNode.Parse(value)!.AsArray().Select(i => $"{field.Name}={Uri.EscapeDataString(i!.ToString())}"))
                : $"{field.Name}={Uri.EscapeDataString(raw)}";
        // The other required parameters plausible, so the value under test reaches the validator.
        foreach (var required in field.Operation.InQuery.Where(p => p.Required && p.Name != field.Name))
        {
            // Each once: a parameter given twice is refused whatever its value (search's q is required and needs a real word).
            query += $"&{required.Name}={(required.Name == "q" ? "an%20ninh" : Type(required.Schema) == "integer" ? required.Schema["minimum"]?.ToString() ?? "1" : "x")}";
        }

        var body = field.In == "body" ? Nest(field.Operation, field.Path, value)
            : field.Operation.BodySchema is null ? null : api.Skeleton(field.Operation.BodySchema)!.ToJsonString();
        return (query.Length == 0 ? path : $"{path}?{query.TrimStart('&')}", body);
    }

    /// <summary>
    /// A body that binds (every required member present, <see cref="OpenApiOperations.Skeleton"/>) holding the value at the
    /// field's path: <c>{…,"newTasks":[{…,"titleVi":…}]}</c>.
    /// </summary>
    private string Nest(ApiOperation operation, IReadOnlyList<string> path, string value) =>
        api.SkeletonWith(operation.BodySchema!, path, JsonNode.Parse(value))!.ToJsonString();

    /// <summary>The operation's path with plausible values, and the raw value in the parameter under test.</summary>
    private static string FillPath(ApiOperation operation, string? parameter, string value)
    {
        var path = operation.PathTemplate;
        foreach (var p in operation.InPath)
        {
            var filled = p.Name == parameter ? Uri.EscapeDataString(value)
                : (string?)p.Schema["format"] == "uuid" ? Guid.Empty.ToString()
                : Type(p.Schema) == "integer" ? "1"
                : p.Name == "code" ? "MPS"
                : "chp_1__art_1";
            path = path.Replace("{" + p.Name + "}", filled, StringComparison.Ordinal);
        }

        return path;
    }

    /// <summary>A caller allowed to call the operation, so that its values reach validation.</summary>
    private HttpClient CallerFor(ApiOperation operation) =>
        As(RegistryPaths.Registrar(operation.PathTemplate) ?? ((operation.PathTemplate.StartsWith("/api/v1/admin", StringComparison.Ordinal) || operation.PathTemplate.StartsWith("/api/v1/webhooks", StringComparison.Ordinal)) ? "mps.admin"
            : operation.PathTemplate.Contains("/audit", StringComparison.Ordinal) ? "mps.auditor"
            : "mps.coordinator"));

    private static bool HasFieldError(string body, string field)
    {
        try
        {
            return JsonDocument.Parse(body).RootElement.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static long ManagedMemory()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private long DataVersion()
    {
        using var command = observer.CreateCommand();
        command.CommandText = "PRAGMA data_version;";
        return (long)command.ExecuteScalar()!;
    }

    private static string Encode(string position) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(position));

    private static string Describe(Field field, string value) => $"{field.Operation.Name} {field.Describe()} = {Clip(value, 60)}";

    private static string Clip(string value, int length = 400) => value.Length <= length ? value : $"{value[..length]}… ({value.Length} chars)";
}
