using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CoordinationApi.Tests.Infrastructure;
using CoordinationApi.Tests.Infrastructure.Contract;

namespace CoordinationApi.Tests.Features.Contract;

/// <summary>
/// The response validator itself, fed crafted responses against a small crafted document, so each kind of departure is
/// shown to be caught (and a conforming response to pass); and the committed document compiled whole.
/// </summary>
public sealed class ContractValidatorTests
{
    private const string Document = """
        {
          "openapi": "3.1.1",
          "info": { "title": "crafted", "version": "1" },
          "paths": {
            "/api/v1/things/{id}": {
              "get": {
                "responses": {
                  "200": {
                    "description": "OK",
                    "headers": {
                      "ETag": { "required": true, "schema": { "type": "string" } },
                      "RateLimit-Limit": { "schema": { "type": "integer", "minimum": 0, "maximum": 100 } }
                    },
                    "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Thing" } } }
                  },
                  "404": {
                    "description": "Not Found",
                    "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/ProblemDetails" } } }
                  }
                }
              },
              "delete": { "responses": { "204": { "description": "Gone" } } }
            },
            "/api/v1/things/summary": {
              "get": {
                "responses": {
                  "200": {
                    "description": "OK",
                    "content": { "application/json": { "schema": { "type": "array", "items": { "type": "string" } } } }
                  }
                }
              }
            }
          },
          "components": {
            "schemas": {
              "Thing": {
                "type": "object",
                "required": [ "id", "status", "owner" ],
                "additionalProperties": false,
                "properties": {
                  "id": { "type": "integer", "format": "int32", "minimum": 1 },
                  "status": { "type": "string", "enum": [ "open", "closed" ] },
                  "owner": { "oneOf": [ { "$ref": "#/components/schemas/Owner" }, { "type": "null" } ] },
                  "note": { "type": [ "string", "null" ] },
                  "grade": { "$ref": "#/components/schemas/Grade", "description": "beside a $ref in 3.1" },
                  "legacy": { "type": "string", "nullable": true },
                  "dueDate": { "type": "string", "format": "date" },
                  "secret": { "type": "string", "readOnly": true }
                }
              },
              "Owner": {
                "type": "object",
                "required": [ "name" ],
                "additionalProperties": false,
                "properties": { "name": { "type": "string" } }
              },
              "Grade": { "type": "string", "enum": [ "a", "b" ] },
              "ProblemDetails": {
                "type": "object",
                "properties": { "status": { "type": [ "integer", "null" ] }, "title": { "type": [ "string", "null" ] } },
                "additionalProperties": {}
              }
            }
          }
        }
        """;

    private const string ValidThing = """{ "id": 7, "status": "open", "owner": { "name": "MPS-VP" }, "note": null, "dueDate": "2026-12-15" }""";

    private static readonly OpenApiContract Contract = new(Document);

    [Test]
    public async Task A_conforming_response_passes()
    {
        Assert.That(await Check("GET", "/api/v1/things/7", Json(HttpStatusCode.OK, ValidThing, etag: true)), Is.Empty);
        Assert.That(await Check("GET", "/api/v1/things/7", Json(HttpStatusCode.OK, """{ "id": 7, "status": "closed", "owner": null }""", etag: true)),
            Is.Empty, "a nullable reference may be null");
        Assert.That(await Check("GET", "/api/v1/things/7", Problem(HttpStatusCode.NotFound)), Is.Empty);
        Assert.That(await Check("DELETE", "/api/v1/things/7", new HttpResponseMessage(HttpStatusCode.NoContent)), Is.Empty);
    }

    [Test]
    public async Task An_undocumented_status_is_caught()
    {
        var violations = await Check("GET", "/api/v1/things/7", Problem(HttpStatusCode.Conflict));
        AssertCaught(violations, ContractRules.UndocumentedStatus, "", "409");
    }

    [Test]
    public async Task A_media_type_the_status_does_not_document_is_caught()
    {
        var response = Json(HttpStatusCode.OK, ValidThing, etag: true);
        response.Content = new StringContent(ValidThing, Encoding.UTF8, "text/plain");
        response.Headers.ETag = new EntityTagHeaderValue("\"1\"");
        AssertCaught(await Check("GET", "/api/v1/things/7", response), ContractRules.MediaType, "Content-Type", "text/plain");

        var problemAsJson = Json(HttpStatusCode.NotFound, """{ "status": 404 }""");
        AssertCaught(await Check("GET", "/api/v1/things/7", problemAsJson), ContractRules.MediaType, "Content-Type", "application/json");

        var contentOn204 = Json(HttpStatusCode.NoContent, "{}");
        AssertCaught(await Check("DELETE", "/api/v1/things/7", contentOn204), ContractRules.MediaType, "Content-Type", "declares no content");
    }

    [Test]
    public async Task A_body_missing_a_required_field_is_caught()
    {
        var violations = await Check("GET", "/api/v1/things/7", Json(HttpStatusCode.OK, """{ "id": 7, "owner": null }""", etag: true));
        AssertCaught(violations, ContractRules.Schema, "", "required");
        Assert.That(violations.Any(v => v.Message.Contains("status", StringComparison.Ordinal)), Is.True, string.Join("\n", violations));

        var nested = await Check("GET", "/api/v1/things/7", Json(HttpStatusCode.OK, """{ "id": 7, "status": "open", "owner": {} }""", etag: true));
        Assert.That(nested.Any(v => v.Where == "/owner" && v.Message.Contains("required", StringComparison.Ordinal)), Is.True, string.Join("\n", nested));
    }

    [Test]
    public async Task Null_in_a_non_nullable_field_is_caught()
    {
        var violations = await Check("GET", "/api/v1/things/7", Json(HttpStatusCode.OK, """{ "id": 7, "status": null, "owner": null }""", etag: true));
        Assert.That(violations.Any(v => v.Rule == ContractRules.Schema && v.Where == "/status"), Is.True, string.Join("\n", violations));

        var nullGrade = await Check("GET", "/api/v1/things/7", Json(HttpStatusCode.OK, """{ "id": 7, "status": "open", "owner": null, "grade": null }""", etag: true));
        Assert.That(nullGrade.Any(v => v.Rule == ContractRules.Schema && v.Where == "/grade"), Is.True, "a $ref to a vocabulary without null: " + string.Join("\n", nullGrade));

        // OpenAPI 3.1 has no nullable keyword: a 3.1 reader ignores it, so the property stays non-null.
        var legacy = await Check("GET", "/api/v1/things/7", Json(HttpStatusCode.OK, """{ "id": 7, "status": "open", "owner": null, "legacy": null }""", etag: true));
        Assert.That(legacy.Any(v => v.Rule == ContractRules.Schema && v.Where == "/legacy"), Is.True, "nullable: true in a 3.1 document: " + string.Join("\n", legacy));
    }

    [Test]
    public async Task The_siblings_of_a_ref_apply_in_an_openapi_31_document()
    {
        Assert.That(Contract.IsOpenApi31, Is.True);
        Assert.That(await Check("GET", "/api/v1/things/7", Json(HttpStatusCode.OK, """{ "id": 7, "status": "open", "owner": null, "grade": "a", "note": null }""", etag: true)), Is.Empty);
        AssertCaught(await Check("GET", "/api/v1/things/7", Json(HttpStatusCode.OK, """{ "id": 7, "status": "open", "owner": null, "grade": "c" }""", etag: true)),
            ContractRules.Schema, "/grade", "enum");
    }

    /// <summary>
    /// An OpenAPI 3.0 document is read by the 3.0.3 rules, strictly: <c>nullable</c> adds null to the <c>type</c> beside it
    /// and nothing else, so the <c>allOf: [$ref]</c> with <c>nullable: true</c> this API once wrote does not allow null.
    /// </summary>
    [Test]
    public void An_openapi_30_document_allows_null_only_where_nullable_extends_a_type()
    {
        const string legacy = """
            {
              "openapi": "3.0.4",
              "info": { "title": "legacy", "version": "1" },
              "paths": {},
              "components": {
                "schemas": {
                  "Grade": { "type": "string", "enum": [ "a", "b" ] },
                  "Thing": {
                    "type": "object",
                    "properties": {
                      "typed": { "type": "string", "nullable": true },
                      "wrapped": { "allOf": [ { "$ref": "#/components/schemas/Grade" } ], "nullable": true },
                      "beside": { "$ref": "#/components/schemas/Grade", "nullable": true },
                      "listed": { "type": "string", "enum": [ "x", "y" ], "nullable": true },
                      "listedWithNull": { "type": "string", "enum": [ "x", null ], "nullable": true },
                      "plain": { "type": "string" }
                    }
                  }
                }
              }
            }
            """;
        var contract = new OpenApiContract(legacy);
        var properties = JsonDocument.Parse(legacy).RootElement.GetProperty("components").GetProperty("schemas").GetProperty("Thing").GetProperty("properties");
        var allowed = properties.EnumerateObject().ToDictionary(p => p.Name, p => contract.AllowsNull(p.Value));
        Assert.That(contract.IsOpenApi31, Is.False);
        Assert.That(allowed, Is.EquivalentTo(new Dictionary<string, bool>
        {
            ["typed"] = true, ["wrapped"] = false, ["beside"] = false, ["listed"] = false, ["listedWithNull"] = true, ["plain"] = false,
        }));
        Assert.Throws<NotSupportedException>(() => _ = new OpenApiContract("""{ "openapi": "3.2.0", "paths": {} }"""));
    }

    /// <summary>
    /// Every property of every schema of the committed document (components, inline request and response schemas, JSON
    /// lines items) that says it may be null, in whatever form, is read as nullable by the strict rules of the document's
    /// version: a validating proxy, a generated client and this validator all accept the null the API sends. A 3.1
    /// document holds no <c>nullable</c> (no 3.1 keyword) and no <c>$ref</c> with siblings (Prism then loses recursive
    /// components). (The other direction, C# nullability against the document, is VocabularyAndNullabilityTests'.)
    /// </summary>
    [Test]
    public void Every_property_of_the_committed_document_that_may_be_null_is_read_as_nullable_by_the_strict_rules()
    {
        var root = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "api", "openapi", "v1.json"))).RootElement;
        var contract = OpenApiContract.Committed;
        var nullable = new List<string>();
        var failures = new List<string>();
        var properties = 0;
        Walk(root, "#");

        void Walk(JsonElement node, string where)
        {
            if (node.ValueKind == JsonValueKind.Array)
            {
                var index = 0;
                foreach (var item in node.EnumerateArray())
                {
                    Walk(item, $"{where}/{index++}");
                }

                return;
            }

            if (node.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            if (contract.IsOpenApi31 && node.TryGetProperty("nullable", out _))
            {
                failures.Add($"{where}: 'nullable' is no OpenAPI 3.1 keyword; a 3.1 reader ignores it");
            }

            if (node.TryGetProperty("$ref", out _) && node.EnumerateObject().Count() > 1)
            {
                failures.Add($"{where}: a $ref with siblings (Prism then loses recursive components): {node.GetRawText()}");
            }

            if (node.TryGetProperty("properties", out var members) && members.ValueKind == JsonValueKind.Object)
            {
                foreach (var member in members.EnumerateObject())
                {
                    properties++;
                    if (SaysNull(member.Value))
                    {
                        nullable.Add($"{where}/properties/{member.Name}");
                        if (!contract.AllowsNull(member.Value))
                        {
                            failures.Add($"{where}/properties/{member.Name}: says it may be null, but a strict reader refuses null: {member.Value.GetRawText()}");
                        }
                    }
                }
            }

            foreach (var child in node.EnumerateObject())
            {
                Walk(child.Value, $"{where}/{child.Name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)}");
            }
        }

        Assert.That(failures, Is.Empty, string.Join("\n", failures));
        Assert.That(properties, Is.GreaterThan(500), "the walk reaches every schema's properties");
        Assert.That(nullable, Has.Count.GreaterThan(150), "the document says which properties may be null");
        string[] sharedComponentsThatMayBeNull =
        [
            "RegulationDetail/properties/currentVersion", "PlanItem/properties/task", "Task/properties/recurrence",
            "TaskHistoryEntry/properties/fromStatus", "TaskHistoryEntry/properties/toStatus", "Evaluation/properties/result",
            "Evaluation/properties/evaluatedByKind", "Evaluation/properties/baselineResult",
        ];
        Assert.That(sharedComponentsThatMayBeNull.Where(p => !nullable.Contains("#/components/schemas/" + p)), Is.Empty,
            "the nullable references of issue 17 are among them");
    }

    /// <summary>Whether a schema says null may come, in any form: a <c>"null"</c> type, <c>nullable</c>, or a combinator's branch that does.</summary>
    private static bool SaysNull(JsonElement schema) =>
        schema.ValueKind == JsonValueKind.Object
        && ((schema.TryGetProperty("type", out var type)
                && (type.ValueKind == JsonValueKind.String ? type.GetString() == "null" : type.EnumerateArray().Any(t => t.GetString() == "null")))
            || (schema.TryGetProperty("nullable", out var flag) && flag.ValueKind == JsonValueKind.True)
            || new[] { "oneOf", "anyOf", "allOf" }.Any(c => schema.TryGetProperty(c, out var branches) && branches.EnumerateArray().Any(SaysNull)));

    [Test]
    public async Task An_unknown_property_where_additional_properties_are_false_is_caught()
    {
        var violations = await Check("GET", "/api/v1/things/7",
            Json(HttpStatusCode.OK, """{ "id": 7, "status": "open", "owner": null, "colour": "red" }""", etag: true));
        Assert.That(violations, Is.Not.Empty);
        Assert.That(violations.All(v => v.Rule == ContractRules.Schema), Is.True, string.Join("\n", violations));
        Assert.That(violations.Any(v => v.Where.Contains("colour", StringComparison.Ordinal) || v.Message.Contains("colour", StringComparison.Ordinal)),
            Is.True, string.Join("\n", violations));

        var nested = await Check("GET", "/api/v1/things/7",
            Json(HttpStatusCode.OK, """{ "id": 7, "status": "open", "owner": { "name": "x", "rank": 1 } }""", etag: true));
        Assert.That(nested, Is.Not.Empty, "inside a nullable reference too");
    }

    [Test]
    public async Task A_value_outside_the_vocabulary_is_caught()
    {
        var violations = await Check("GET", "/api/v1/things/7", Json(HttpStatusCode.OK, """{ "id": 7, "status": "ajar", "owner": null }""", etag: true));
        AssertCaught(violations, ContractRules.Schema, "/status", "enum");
    }

    [Test]
    public async Task A_bad_format_or_bound_is_caught()
    {
        var badDate = await Check("GET", "/api/v1/things/7", Json(HttpStatusCode.OK, """{ "id": 7, "status": "open", "owner": null, "dueDate": "tomorrow" }""", etag: true));
        AssertCaught(badDate, ContractRules.Schema, "/dueDate", "format");
        var zero = await Check("GET", "/api/v1/things/7", Json(HttpStatusCode.OK, """{ "id": 0, "status": "open", "owner": null }""", etag: true));
        AssertCaught(zero, ContractRules.Schema, "/id", "minimum");
    }

    [Test]
    public async Task An_undocumented_relied_on_header_is_caught()
    {
        var response = Problem(HttpStatusCode.NotFound);
        response.Headers.ETag = new EntityTagHeaderValue("\"3\"");
        AssertCaught(await Check("GET", "/api/v1/things/7", response), ContractRules.UndocumentedHeader, "ETag", "ETag");

        var retry = Problem(HttpStatusCode.NotFound);
        retry.Headers.TryAddWithoutValidation("Retry-After", "5");
        AssertCaught(await Check("GET", "/api/v1/things/7", retry), ContractRules.UndocumentedHeader, "Retry-After", "Retry-After");
    }

    [Test]
    public async Task A_missing_required_header_or_a_header_out_of_bounds_is_caught()
    {
        AssertCaught(await Check("GET", "/api/v1/things/7", Json(HttpStatusCode.OK, ValidThing)), ContractRules.MissingHeader, "ETag", "ETag");

        var response = Json(HttpStatusCode.OK, ValidThing, etag: true);
        response.Headers.TryAddWithoutValidation("RateLimit-Limit", "lots");
        AssertCaught(await Check("GET", "/api/v1/things/7", response), ContractRules.HeaderValue, "RateLimit-Limit", "lots");
    }

    [Test]
    public async Task Head_is_held_to_the_get_operation_without_a_body()
    {
        var head = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([]) };
        head.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        head.Headers.ETag = new EntityTagHeaderValue("\"1\"");
        Assert.That(await Check("HEAD", "/api/v1/things/7", head), Is.Empty);

        var withoutETag = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([]) };
        withoutETag.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        AssertCaught(await Check("HEAD", "/api/v1/things/7", withoutETag), ContractRules.MissingHeader, "ETag", "ETag");
    }

    [Test]
    public async Task Outside_the_document_only_a_404_or_405_problem_document_is_allowed()
    {
        Assert.That(await Check("GET", "/api/v1/nothing", Problem(HttpStatusCode.NotFound)), Is.Empty);
        Assert.That(await Check("PATCH", "/api/v1/things/7", Problem(HttpStatusCode.MethodNotAllowed)), Is.Empty);
        AssertCaught(await Check("GET", "/api/v1/nothing", Json(HttpStatusCode.OK, "{}")), ContractRules.UndocumentedOperation, "", "no path");
        AssertCaught(await Check("PATCH", "/api/v1/things/7", Json(HttpStatusCode.OK, "{}")), ContractRules.UndocumentedOperation, "", "no PATCH");

        var html = new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new StringContent("<html/>", Encoding.UTF8, "text/html") };
        AssertCaught(await Check("GET", "/api/v1/nothing", html), ContractRules.MediaType, "Content-Type", "text/html");
        var notAProblem = new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new StringContent("""{ "status": "lost" }""", Encoding.UTF8, "application/problem+json") };
        AssertCaught(await Check("GET", "/api/v1/nothing", notAProblem), ContractRules.Schema, "/status", "type");
    }

    [Test]
    public async Task A_literal_segment_wins_over_a_parameter()
    {
        Assert.That(Contract.MatchTemplate("/api/v1/things/summary"), Is.EqualTo("/api/v1/things/summary"));
        Assert.That(Contract.MatchTemplate("/api/v1/things/12"), Is.EqualTo("/api/v1/things/{id}"));
        Assert.That(await Check("GET", "/api/v1/things/summary", Json(HttpStatusCode.OK, """["a"]""")), Is.Empty);
        AssertCaught(await Check("GET", "/api/v1/things/summary", Json(HttpStatusCode.OK, "[1]")), ContractRules.Schema, "/0", "type");
    }

    [Test]
    public async Task A_body_that_is_not_json_is_caught()
    {
        AssertCaught(await Check("GET", "/api/v1/things/7", Json(HttpStatusCode.OK, "{ not json", etag: true)), ContractRules.UnreadableBody, "", "not JSON");
    }

    [Test]
    public void Every_response_schema_of_the_committed_document_compiles()
    {
        var compiled = OpenApiContract.Committed.CompileEveryResponseSchema();
        Assert.That(compiled, Is.GreaterThan(100), "the committed document's JSON response schemas, each with its $refs resolved");
    }

    [Test]
    public async Task Clients_of_the_factory_go_through_the_validator()
    {
        using var factory = new ApiFactory();
        using var client = factory.CreateClient();
        var before = ContractLedger.Responses;
        using var response = await client.GetAsync(new Uri("/api/v1/tasks", UriKind.Relative));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(ContractLedger.Responses, Is.GreaterThan(before));
    }

    [Test]
    public void Every_http_client_the_tests_make_goes_through_the_validator()
    {
        var root = Path.Combine(RepositoryRoot.Path, "tests", "CoordinationApi.Tests");
        var bypasses = new System.Text.RegularExpressions.Regex(
            @"new HttpClient\s*[({]|new HttpClientHandler\s*\(|new SocketsHttpHandler|\.Server\.Create(Client|Handler)\(|base\.Create(Default)?Client\(");
        var offenders = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.EndsWith(nameof(ContractValidatorTests) + ".cs", StringComparison.Ordinal))
            .SelectMany(f => File.ReadAllLines(f).Select((line, index) => (File: Path.GetRelativePath(root, f), Line: index + 1, Text: line)))
            .Where(l => bypasses.IsMatch(l.Text) && !l.Text.Contains(nameof(ContractValidatingHandler), StringComparison.Ordinal))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToList();
        Assert.That(offenders, Is.Empty,
            "an HTTP client that bypasses the contract validator: create clients with ApiFactory.CreateClient/CreateDefaultClient, "
            + "or put a ContractValidatingHandler in front of the handler");
    }

    private static async Task<IReadOnlyList<ContractViolation>> Check(string method, string path, HttpResponseMessage response)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri("http://localhost" + path));
        using (response)
        {
            response.RequestMessage = request;
            return await Contract.CheckAsync(request, response);
        }
    }

    private static HttpResponseMessage Json(HttpStatusCode status, string body, bool etag = false)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (etag)
        {
            response.Headers.ETag = new EntityTagHeaderValue("\"1\"");
        }

        return response;
    }

    private static HttpResponseMessage Problem(HttpStatusCode status) => new(status)
    {
        Content = new StringContent($$"""{ "status": {{(int)status}}, "title": "x" }""", Encoding.UTF8, "application/problem+json"),
    };

    private static void AssertCaught(IReadOnlyList<ContractViolation> violations, string rule, string pointer, string mentioned)
    {
        var text = string.Join("\n", violations);
        Assert.That(violations.Any(v => v.Rule == rule && v.Where == pointer && (v.Message.Contains(mentioned, StringComparison.Ordinal) || v.ToString().Contains(mentioned, StringComparison.Ordinal))),
            Is.True, $"expected [{rule}] at '{pointer}' mentioning '{mentioned}'; got:\n{text}");
    }
}
