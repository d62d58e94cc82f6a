using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CoordinationApi.Tests.Features.RegulationText;
using CoordinationApi.Tests.Infrastructure;

namespace CoordinationApi.Tests.Features.Contract;

/// <summary>
/// What an outside integrator found lenient or undocumented: an idempotent replay of a deleted record, access the
/// document promised but the API refused, requirements of validators missing from the document, messages naming C#
/// members or US dates.
/// </summary>
public sealed class StrictContractTests() : RegulationTextTest("Sqlite")
{
    [Test]
    public async Task A_replay_after_the_created_provision_was_deleted_is_a_404_and_creates_nothing()
    {
        var coordinator = As("mps.coordinator");
        await Json(await Send(coordinator, HttpMethod.Post, $"/api/v1/regulations/{DemoId}/versions", new { note = "replay draft" }), HttpStatusCode.Created);
        var provisions = $"/api/v1/regulations/{DemoId}/versions/2/provisions";
        var body = new { kind = "chapter", num = "IX", headingVi = "Chương thử", isSummary = false };

        var created = await Post(coordinator, provisions, body, "provision-replay");
        await Json(created, HttpStatusCode.Created);
        var location = created.Headers.Location!.ToString();
        await Json(await Send(coordinator, HttpMethod.Delete, location, ifMatch: "*"), HttpStatusCode.NoContent);
        var audit = await AuditCount();

        var again = await Post(coordinator, provisions, body, "provision-replay");

        await ProblemAssert.IsProblem(again, HttpStatusCode.NotFound);
        Assert.That((await coordinator.GetAsync(new Uri(location, UriKind.Relative))).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await AuditCount(), Is.EqualTo(audit), "nothing was created again");
    }

    [Test]
    public async Task Every_create_that_takes_an_idempotency_key_documents_the_404_of_a_replay_and_the_keys_pattern()
    {
        var document = JsonNode.Parse(await Anonymous.GetStringAsync(new Uri("/swagger/v1/swagger.json", UriKind.Relative)))!;
        var creates = document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Select(o => (Name: $"{o.Key.ToUpperInvariant()} {p.Key}", Operation: o.Value!.AsObject())))
            .Where(o => o.Operation["parameters"]?.AsArray().Any(p => p!["name"]!.GetValue<string>() == "Idempotency-Key") == true)
            .ToList();
        Assert.That(creates, Has.Count.GreaterThanOrEqualTo(8), "the creates are found");
        Assert.Multiple(() =>
        {
            foreach (var (name, operation) in creates)
            {
                Assert.That(operation["responses"]!["404"], Is.Not.Null, $"{name} documents the 404 of a replay");
                var key = operation["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "Idempotency-Key")!;
                var pattern = key["schema"]!["pattern"]?.GetValue<string>();
                Assert.That(pattern, Is.Not.Null, $"{name}: the key's pattern");
                Assert.That(System.Text.RegularExpressions.Regex.IsMatch("a b", pattern!), Is.False);
                Assert.That(System.Text.RegularExpressions.Regex.IsMatch("clé", pattern!), Is.False);
                Assert.That(System.Text.RegularExpressions.Regex.IsMatch("0f8e-42:x", pattern!), Is.True);
            }
        });
    }

    [Test]
    public async Task Occurrences_are_documented_for_the_roles_and_scopes_that_get_them()
    {
        var document = JsonNode.Parse(await Anonymous.GetStringAsync(new Uri("/swagger/v1/swagger.json", UriKind.Relative)))!;
        var operation = document["paths"]!["/api/v1/tasks/{id}/occurrences"]!["post"]!;
        var roles = operation["x-required-roles"]!.AsArray().Select(r => r!.GetValue<string>()).ToList();
        Assert.That(roles, Is.EqualTo(new[] { "coordinator" }));
        Assert.That(operation["x-required-scopes"], Is.Null, "not open to API keys");

        var body = new { planYear = 2026 };
        foreach (var role in new[] { "officer", "viewer", "auditor", "admin" })
        {
            var refused = await Send(As($"mps.{role}"), HttpMethod.Post, "/api/v1/tasks/1/occurrences", body);
            await ProblemAssert.IsProblem(refused, HttpStatusCode.Forbidden);
        }

        var key = WithApiKey((await ProvisionApiKey("MPS", "confidential", "tasks:read", "tasks:write")).Key);
        await ProblemAssert.IsProblem(await key.PostAsJsonAsync(new Uri("/api/v1/tasks/1/occurrences", UriKind.Relative), body), HttpStatusCode.Forbidden);
        var allowed = await Send(As("mps.coordinator"), HttpMethod.Post, "/api/v1/tasks/1/occurrences", body);
        Assert.That(allowed.StatusCode, Is.Not.EqualTo(HttpStatusCode.Forbidden).And.Not.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task What_validators_require_is_in_the_document()
    {
        var document = JsonNode.Parse(await Anonymous.GetStringAsync(new Uri("/swagger/v1/swagger.json", UriKind.Relative)))!;
        var schemas = document["components"]!["schemas"]!;
        bool Required(string path, string method, string name) =>
            document["paths"]![path]![method]!["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == name)!["required"]?.GetValue<bool>() == true;
        Assert.Multiple(() =>
        {
            Assert.That(Required("/api/v1/search", "get", "q"), Is.True, "search q");
            Assert.That(Required("/api/v1/regulations/{regulationId}/compare", "get", "from"), Is.True, "compare from");
            Assert.That(Required("/api/v1/regulations/{regulationId}/compare", "get", "to"), Is.True, "compare to");
            foreach (var (schema, property) in new[] { ("CreateUserRequest", "roles"), ("UpdateUserRequest", "roles"), ("CreateApiClientRequest", "scopes") })
            {
                Assert.That(schemas[schema]!["properties"]![property]!["minItems"]?.GetValue<int>(), Is.EqualTo(1), $"{schema}.{property} minItems");
                Assert.That(schemas[schema]!["properties"]![property]!["uniqueItems"]?.GetValue<bool>(), Is.True, $"{schema}.{property} uniqueItems");
            }

            Assert.That(schemas["CreateTaskRequest"]!["properties"]!["citations"]!["minItems"]?.GetValue<int>(), Is.EqualTo(1), "citations minItems");
            Assert.That(schemas["CreateTaskRequest"]!["properties"]!["counterpartUnitCodes"]!["uniqueItems"]?.GetValue<bool>(), Is.True, "counterparts uniqueItems");
            Assert.That(schemas["ContactInput"]!["properties"]!["email"]!["format"]?.GetValue<string>(), Is.EqualTo("email"), "contact email");
        });
    }

    [Test]
    public async Task Validation_messages_name_json_fields_and_write_dates_as_iso()
    {
        var task = JsonSerializer.SerializeToNode(CoordinationApi.Tests.Features.Tasks.TaskApi.NewTask())!.AsObject();
        task["startDate"] = "1800-01-01";
        task["titleVi"] = "";
        var response = await As("mps.coordinator").PostAsJsonAsync(new Uri("/api/v1/tasks", UriKind.Relative), task);
        var problem = await ProblemAssert.HasFieldErrors(response, "startDate", "titleVi");
        var text = problem.GetProperty("errors").ToString();
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain("'startDate'").And.Contain("'titleVi'"), text);
            Assert.That(text, Does.Contain("1900-01-01").And.Contain("2100-12-31").And.Contain("1800-01-01"), text);
            Assert.That(text, Does.Not.Contain("Start Date").And.Not.Contain("Title Vi").And.Not.Contain("/"), text);
        });

        var search = await As("mps.viewer").GetAsync(new Uri("/api/v1/search?q=", UriKind.Relative));
        var searchProblem = await ProblemAssert.HasFieldErrors(search, "q");
        Assert.That(searchProblem.GetProperty("errors").GetProperty("q")[0].GetString(), Does.StartWith("'q'"));
    }

    [TestCase("\u0000")]
    [TestCase("\u001b[31m")]
    [TestCase("\u0085")]
    public async Task A_control_character_in_a_text_field_is_a_400_naming_it(string control)
    {
        var task = JsonSerializer.SerializeToNode(CoordinationApi.Tests.Features.Tasks.TaskApi.NewTask())!.AsObject();
        task["titleVi"] = $"Kiểm tra{control}";
        var coordinator = As("mps.coordinator");
        var before = await AuditCount();
        var response = await coordinator.PostAsJsonAsync(new Uri("/api/v1/tasks", UriKind.Relative), task);
        await ProblemAssert.HasFieldErrors(response, "titleVi");
        Assert.That(await AuditCount(), Is.EqualTo(before));

        task["titleVi"] = "Dòng một\nDòng hai\tcột";
        var allowed = await As("mps.coordinator").PostAsJsonAsync(new Uri("/api/v1/tasks", UriKind.Relative), task);
        Assert.That(allowed.StatusCode, Is.EqualTo(HttpStatusCode.Created), await allowed.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task A_head_of_an_export_is_not_audited_as_an_export_of_rows()
    {
        var auditor = As("mps.auditor");
        var exports = await AuditCount("export");
        using (var head = new HttpRequestMessage(HttpMethod.Head, new Uri("/api/v1/exports/units?format=csv", UriKind.Relative)))
        {
            using var response = await auditor.SendAsync(head);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/csv"));
            Assert.That(response.Content.Headers.ContentDisposition?.FileName, Does.Contain("units"));
        }

        Assert.That(await AuditCount("export"), Is.EqualTo(exports), "a HEAD sends no rows");
        using var get = await auditor.GetAsync(new Uri("/api/v1/exports/units?format=csv", UriKind.Relative));
        Assert.That(get.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await get.Content.ReadAsStringAsync();
        Assert.That(await AuditCount("export"), Is.EqualTo(exports + 1), "a GET is audited");
    }

    [TestCase("text/csv; charset=utf-8", "text/csv")]
    [TestCase("text/csv;header=present", "text/csv")]
    [TestCase("application/json; charset=utf-8", "application/json")]
    [TestCase("application/x-ndjson;charset=utf-8", "application/x-ndjson")]
    [TestCase("text/csv; charset=iso-8859-1, application/json;q=0.5", "application/json")]
    public async Task Media_type_parameters_in_accept_still_match_an_export(string accept, string served)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/v1/exports/units", UriKind.Relative));
        request.Headers.TryAddWithoutValidation("Accept", accept);
        using var response = await As("mps.auditor").SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo(served));
    }

    [Test]
    public async Task If_match_on_a_read_that_names_no_current_etag_is_a_412()
    {
        var viewer = As("mps.viewer");
        var url = $"/api/v1/regulations/{DemoId}/versions/1/provisions/chp_1";
        var (_, etag) = await GetWithETag(viewer, url);
        foreach (var (ifMatch, expected) in new[] { (etag, HttpStatusCode.OK), ("*", HttpStatusCode.OK), ($"\"999\", {etag}", HttpStatusCode.OK),
            ("\"999\"", HttpStatusCode.PreconditionFailed), ($"W/{etag}", HttpStatusCode.PreconditionFailed) })
        {
            foreach (var method in new[] { HttpMethod.Get, HttpMethod.Head })
            {
                using var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative));
                request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
                using var response = await viewer.SendAsync(request);
                Assert.That(response.StatusCode, Is.EqualTo(expected), $"{method} If-Match: {ifMatch}");
            }
        }

        using var missing = new HttpRequestMessage(HttpMethod.Get, new Uri($"/api/v1/regulations/{DemoId}/versions/1/provisions/chp_99", UriKind.Relative));
        missing.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        Assert.That((await viewer.SendAsync(missing)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "a missing record stays a 404");
    }

    [TestCase("GET", "/api/v1/tasks", "application/xml", HttpStatusCode.NotAcceptable)]
    [TestCase("GET", "/api/v1/reviews.ics", "application/json", HttpStatusCode.NotAcceptable)]
    [TestCase("GET", "/api/v1/reviews.ics", "text/calendar", HttpStatusCode.OK)]
    [TestCase("GET", "/api/v1/tasks", "application/json; charset=utf-8", HttpStatusCode.OK)]
    [TestCase("GET", "/api/v1/tasks", "application/*", HttpStatusCode.OK)]
    [TestCase("GET", "/api/v1/tasks", "text/html, */*;q=0.1", HttpStatusCode.OK)]
    [TestCase("GET", "/api/v1/tasks", "application/json; charset=iso-8859-1", HttpStatusCode.NotAcceptable)]
    [TestCase("POST", "/api/v1/tasks", "text/csv", HttpStatusCode.NotAcceptable)]
    public async Task Accept_is_honoured_outside_exports(string method, string url, string accept, HttpStatusCode expected)
    {
        var coordinator = As("mps.coordinator");
        var before = await AuditCount();
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(url, UriKind.Relative));
        if (method == "POST")
        {
            request.Content = JsonContent.Create(CoordinationApi.Tests.Features.Tasks.TaskApi.NewTask());
        }

        request.Headers.TryAddWithoutValidation("Accept", accept);
        using var response = await coordinator.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(expected), await response.Content.ReadAsStringAsync());
        if (expected == HttpStatusCode.NotAcceptable)
        {
            await ProblemAssert.IsProblem(response, HttpStatusCode.NotAcceptable);
            Assert.That(await AuditCount(), Is.EqualTo(before), "nothing was done");
        }
    }

    [Test]
    public async Task Every_operation_that_answers_with_content_documents_the_406_and_every_get_the_412()
    {
        var document = JsonNode.Parse(await Anonymous.GetStringAsync(new Uri("/swagger/v1/swagger.json", UriKind.Relative)))!;
        var failures = new List<string>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var responses = operation!["responses"]!.AsObject();
                if (responses.Any(r => r.Key.StartsWith('2') && r.Value?["content"] is not null) && responses["406"] is null)
                {
                    failures.Add($"{method} {path}: no 406");
                }

                if (method == "get" && responses["412"] is null)
                {
                    failures.Add($"{method} {path}: no 412");
                }
            }
        }

        Assert.That(failures, Is.Empty);
    }

    private static async Task<HttpResponseMessage> Post(HttpClient client, string url, object body, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(url, UriKind.Relative)) { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return await client.SendAsync(request);
    }
}
