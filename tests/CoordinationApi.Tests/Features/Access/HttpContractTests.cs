using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.OpenApi;
using CoordinationApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using static CoordinationApi.Tests.Features.Tasks.TaskApi;

namespace CoordinationApi.Tests.Features.Access;

/// <summary>
/// The HTTP headers of the contract, checked against the app's own endpoint data source and OpenAPI document: every create
/// (a POST answering 201) honours <c>Idempotency-Key</c> and replays its first answer (status, body, Location, ETag) creating
/// nothing, every GET answers HEAD, and the response headers the document declares are the ones sent.
/// </summary>
public sealed class HttpContractTests() : ApiTest("Sqlite")
{
    /// <summary>Creates that do not take the key, and why.</summary>
    private static readonly Dictionary<string, string> NotIdempotent = [];

    /// <summary>A body that is not JSON (an imported document), with its media type.</summary>
    private sealed record Document(byte[] Bytes, string MediaType);

    /// <summary>
    /// Creates whose answer holds a secret shown once (the new API key, kept only as a hash): a replay is a 409 naming what
    /// was created, never the first answer again.
    /// </summary>
    private static readonly HashSet<string> SecretShownOnce = ["CreateApiClient", "CreateWebhookSubscription"];

    private static int made;

    private JsonObject document = null!;

    [OneTimeSetUp]
    public async Task ReadDocument() =>
        document = JsonNode.Parse(await Anonymous.GetStringAsync(new Uri("/swagger/v1/swagger.json", UriKind.Relative)))!.AsObject();

    [Test]
    public async Task Every_create_replays_its_first_answer_for_the_same_key_and_creates_nothing()
    {
        var creates = Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains("POST") == true
                && e.Metadata.OfType<IProducesResponseTypeMetadata>().Any(m => m.StatusCode == StatusCodes.Status201Created))
            .ToList();
        Assert.That(creates, Has.Count.GreaterThanOrEqualTo(9), "the creates are found");
        var checkedCreates = 0;
        foreach (var endpoint in creates)
        {
            var name = endpoint.Metadata.GetMetadata<EndpointNameMetadata>()!.EndpointName;
            if (NotIdempotent.ContainsKey(name))
            {
                Assert.That(Idempotency.IsHonoured(endpoint.Metadata), Is.False, $"{name} is listed as not taking the key");
                continue;
            }

            Assert.That(Idempotency.IsHonoured(endpoint.Metadata), Is.True, $"{name} answers 201 and must honour Idempotency-Key");
            var (client, url, body, other) = await SampleOf(name);
            var declared = DeclaredHeaders(url, "post", "201");
            Assert.That(DeclaredParameters(url, "post"), Does.Contain(Idempotency.Header), $"{name}: the document declares the key");

            var key = $"contract-{name}-{Guid.NewGuid():N}";
            var first = await Create(client, url, body, key);
            var firstBody = await first.Content.ReadAsStringAsync();
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created), $"{name}: {firstBody}");
            var writes = await Writes();

            var again = await Create(client, url, body, key);
            Assert.That(Idempotency.WithholdsSecret(endpoint.Metadata), Is.EqualTo(SecretShownOnce.Contains(name)), $"{name}: declared as showing a secret once");
            if (SecretShownOnce.Contains(name))
            {
                var withheld = await ProblemAssert.IsProblem(again, HttpStatusCode.Conflict);
                Assert.That(withheld.GetProperty("type").GetString(), Is.EqualTo(ProblemTypes.ReplayWithheld), name);
                Assert.That(again.Headers.Location, Is.EqualTo(first.Headers.Location), $"{name}: the replay names what was created");
            }
            else
            {
                Assert.Multiple(async () =>
                {
                    Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Created), name);
                    Assert.That(JsonNode.DeepEquals(JsonNode.Parse(await again.Content.ReadAsStringAsync()), JsonNode.Parse(firstBody)), Is.True, $"{name}: the same body");
                    Assert.That(again.Headers.Location, Is.EqualTo(first.Headers.Location), $"{name}: the same Location");
                    Assert.That(again.Headers.ETag, Is.EqualTo(first.Headers.ETag), $"{name}: the same ETag");
                    Assert.That(first.Headers.ETag is not null, Is.EqualTo(declared.Contains("ETag")), $"{name}: ETag sent exactly when the document declares it");
                    Assert.That(first.Headers.Location, Is.Not.Null, $"{name}: Location sent, as declared");
                    Assert.That(declared, Does.Contain("Location"), $"{name}: Location declared");
                });
            }

            Assert.That(await Writes(), Is.EqualTo(writes), $"{name}: the replay created nothing");

            var location = first.Headers.Location!.ToString();
            Assert.That((await client.GetAsync(new Uri(location, UriKind.Relative))).StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{name}: its Location can be read");

            await ProblemAssert.IsProblem(await Create(client, url, other, key), HttpStatusCode.UnprocessableEntity);
            using var empty = new HttpRequestMessage(HttpMethod.Post, new Uri(url, UriKind.Relative)) { Content = ContentOf(other) };
            // Blank: HttpClient drops a header whose value is empty; on the wire both arrive as an empty field value.
            empty.Headers.TryAddWithoutValidation(Idempotency.Header, " ");
            var emptyAnswer = await client.SendAsync(empty);
            Assert.That(emptyAnswer.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), $"{name}: an empty key: {await emptyAnswer.Content.ReadAsStringAsync()}");
            await ProblemAssert.HasFieldErrors(emptyAnswer, Idempotency.Header);
            Assert.That(await Writes(), Is.EqualTo(writes), $"{name}: a refused key created nothing");
            checkedCreates++;
        }

        Assert.That(checkedCreates, Is.EqualTo(creates.Count - NotIdempotent.Count));
    }

    [Test]
    public async Task The_location_of_a_created_api_client_and_of_a_progress_report_can_be_read()
    {
        var admin = As("mps.admin");
        var client = await Json(await Post(admin, "/api/v1/admin/api-clients",
            new { name = $"contract system {Guid.NewGuid():N}"[..30], scopes = new[] { CoordinationApi.Infrastructure.Security.Scopes.RegulationsRead }, clearance = "unclassified" }), HttpStatusCode.Created);
        var created = await Post(admin, "/api/v1/admin/api-clients",
            new { name = $"contract system {Guid.NewGuid():N}"[..30], scopes = new[] { CoordinationApi.Infrastructure.Security.Scopes.RegulationsRead }, clearance = "unclassified" });
        var read = await Json(await admin.GetAsync(created.Headers.Location), HttpStatusCode.OK);
        Assert.That(read.GetProperty("id").GetString(), Is.EqualTo((await Json(created, HttpStatusCode.Created)).GetProperty("client").GetProperty("id").GetString()));
        Assert.That(read.TryGetProperty("apiKey", out _), Is.False, "the key is never read again");
        await ProblemAssert.IsProblem(await As("mic.admin").GetAsync(created.Headers.Location), HttpStatusCode.NotFound);
        Assert.That(client.GetProperty("client").GetProperty("id").GetString(), Is.Not.Empty);

        var (coordinator, url, body, _) = await SampleOf("CreateProgressReport");
        var report = await Post(coordinator, url, body);
        var reportBody = await Json(report, HttpStatusCode.Created);
        Assert.That(report.Headers.Location!.ToString(), Is.EqualTo($"{url}/{reportBody.GetProperty("id").GetInt32()}"));
        var again = await Json(await coordinator.GetAsync(report.Headers.Location), HttpStatusCode.OK);
        Assert.That(again.GetProperty("narrative").GetString(), Is.EqualTo(reportBody.GetProperty("narrative").GetString()));
        await ProblemAssert.IsProblem(await coordinator.GetAsync(new Uri($"{url}/999999", UriKind.Relative)), HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Every_get_endpoint_answers_head_with_its_status_and_headers_and_no_body()
    {
        var gets = AuthorizationMatrixTests.ApiEndpoint.All(Factory.Services).Where(e => e.Method == "GET").ToList();
        Assert.That(gets, Has.Count.GreaterThan(30), "the GET endpoints are found");
        var ok = 0;
        var failures = new List<string>();
        foreach (var endpoint in gets)
        {
            foreach (var user in new[] { "mps.coordinator", "mps.admin" })
            {
                var url = UrlOf(endpoint.Pattern);
                var get = await As(user).GetAsync(new Uri(url, UriKind.Relative));
                var getBody = await get.Content.ReadAsByteArrayAsync();
                using var request = new HttpRequestMessage(HttpMethod.Head, new Uri(url, UriKind.Relative));
                var head = await As(user).SendAsync(request);
                var headBody = await head.Content.ReadAsByteArrayAsync();
                if (head.StatusCode != get.StatusCode || head.Headers.ETag?.ToString() != get.Headers.ETag?.ToString()
                    || head.Content.Headers.ContentType?.ToString() != get.Content.Headers.ContentType?.ToString() || headBody.Length != 0
                    || (getBody.Length > 0 && head.Content.Headers.ContentLength is 0))
                {
                    failures.Add($"{user} HEAD {url}: {(int)head.StatusCode} {head.Headers.ETag} {head.Content.Headers.ContentType} {headBody.Length} bytes; "
                        + $"GET: {(int)get.StatusCode} {get.Headers.ETag} {get.Content.Headers.ContentType}");
                }

                ok += get.StatusCode == HttpStatusCode.OK ? 1 : 0;
                var declaresETag = DeclaredHeaders(url, "get", "200").Contains("ETag");
                if (get.StatusCode == HttpStatusCode.OK && (get.Headers.ETag is not null) != declaresETag)
                {
                    failures.Add($"GET {url}: ETag {(declaresETag ? "declared but not sent" : "sent but not declared")}");
                }
            }
        }

        Assert.That(failures, Is.Empty);
        Assert.That(ok, Is.GreaterThan(gets.Count), "most GETs were answered 200, so the headers were compared on real answers");
    }

    [Test]
    public void The_document_declares_if_match_where_it_is_required_and_retry_after_with_429_and_503()
    {
        var endpoints = Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true).ToList();
        var requiring = endpoints.Where(e => Concurrency.RequiresIfMatch(e)).ToList();
        Assert.That(requiring, Has.Count.GreaterThanOrEqualTo(6));
        foreach (var endpoint in endpoints)
        {
            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [])
            {
                var url = UrlOf(endpoint.RoutePattern.RawText!);
                if (OperationOf(url, method.ToLowerInvariant()) is null && !Concurrency.RequiresIfMatch(endpoint))
                {
                    continue; // a route the document does not list (an alias such as a trailing slash): nothing declared to compare
                }

                var ifMatch = (OperationOf(url, method.ToLowerInvariant())?["parameters"]?.AsArray() ?? [])
                    .FirstOrDefault(p => p!["in"]!.GetValue<string>() == "header" && p["name"]!.GetValue<string>() == Concurrency.Field);
                Assert.That(ifMatch?["required"]?.GetValue<bool>() == true, Is.EqualTo(Concurrency.RequiresIfMatch(endpoint)),
                    $"{method} {endpoint.RoutePattern.RawText}: If-Match required exactly where the API requires it");
                // A read honours an optional If-Match (412 when it names no current ETag): declared, not required.
                Assert.That(ifMatch is not null, Is.EqualTo(Concurrency.RequiresIfMatch(endpoint) || method == HttpMethods.Get),
                    $"{method} {endpoint.RoutePattern.RawText}: If-Match declared on every write that requires it and every read");
            }
        }

        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                foreach (var status in new[] { "429", "503" })
                {
                    Assert.That(operation!["responses"]![status]?["headers"]?[HttpHeadersFilter.RetryAfter], Is.Not.Null, $"{method} {path} {status}");
                }
            }
        }
    }

    /// <summary>Records written: audit entries of changes (a replay of a classified record adds only a read entry).</summary>
    private Task<long> Writes() => Scalar("SELECT COUNT(*) FROM audit_entries WHERE action NOT LIKE '%.read';");

    /// <summary>A URL for a route pattern, with values that name demo records.</summary>
    private static string UrlOf(string pattern) => System.Text.RegularExpressions.Regex.Replace(pattern, @"\{(\w+)(:(\w+))?\}", m => m.Groups[1].Value switch
    {
        "code" => "MPS",
        "aknId" => "chp_1",
        _ when m.Groups[3].Value == "int" => "1",
        _ when m.Groups[3].Value == "guid" => Guid.Empty.ToString(),
        _ => "x",
    });

    private JsonObject? OperationOf(string url, string method)
    {
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            var regex = "^" + System.Text.RegularExpressions.Regex.Replace(System.Text.RegularExpressions.Regex.Escape(path), @"\\\{\w+}", "[^/]+") + "$";
            if (System.Text.RegularExpressions.Regex.IsMatch(url.Split('?')[0], regex) && item![method] is JsonObject operation)
            {
                return operation;
            }
        }

        return null;
    }

    private List<string> DeclaredHeaders(string url, string method, string status) =>
        [.. (OperationOf(url, method)?["responses"]?[status]?["headers"]?.AsObject() ?? []).Select(h => h.Key)];

    private List<string> DeclaredParameters(string url, string method) =>
        [.. (OperationOf(url, method)?["parameters"]?.AsArray() ?? []).Where(p => p!["in"]!.GetValue<string>() == "header").Select(p => p!["name"]!.GetValue<string>())];

    /// <summary>A valid request of each create, and another valid body for the same URL.</summary>
    private async Task<(HttpClient Client, string Url, object Body, object Other)> SampleOf(string name)
    {
        var n = Interlocked.Increment(ref made);
        var coordinator = As("mps.coordinator");
        switch (name)
        {
            case "CreateTask":
                return (coordinator, "/api/v1/tasks", NewTask(title: $"Contract task {n}"), NewTask(title: $"Contract task {n} other"));
            case "CreateProgressReport":
                var task = (await Json(await Post(coordinator, "/api/v1/tasks", NewTask(title: $"Contract report task {n}")), HttpStatusCode.Created)).GetProperty("id").GetInt32();
                await Execute("UPDATE tasks SET status = 'in_progress', row_version = row_version + 1 WHERE id = @Id;", new { Id = task });
                return (coordinator, $"/api/v1/tasks/{task}/reports",
                    new { reportDate = "2026-02-01", percent = 10, narrative = $"Contract narrative {n}", reportingUnitCode = "MPS-A05" },
                    new { reportDate = "2026-02-01", percent = 20, narrative = $"Contract narrative {n} other", reportingUnitCode = "MPS-A05" });
            case "CreateTaskComment":
                var discussed = (await Json(await Post(coordinator, "/api/v1/tasks", NewTask(title: $"Contract comment task {n}")), HttpStatusCode.Created)).GetProperty("id").GetInt32();
                return (coordinator, $"/api/v1/tasks/{discussed}/comments", new { body = $"Contract comment {n}" }, new { body = $"Contract comment {n} other" });
            case "CreateReviewComment":
                return (coordinator, "/api/v1/reviews/1/comments", new { body = $"Contract review comment {n}" }, new { body = $"Contract review comment {n} other" });
            case "CreateRecognition":
                object Recognition(string award) => new
                {
                    awardVi = "Bằng khen", awardEn = award, recipientUnitCode = "MIC-ATTT", awardedOn = "2026-01-15",
                    occasionVi = "Tổng kết năm", occasionEn = "Annual review", regulationId = 1,
                };
                return (coordinator, "/api/v1/recognitions", Recognition($"Contract award {n}"), Recognition($"Contract award {n} other"));
            case "CreateReview":
                return (coordinator, "/api/v1/reviews", new { regulationId = 1, periodYear = 2026, hostAgencyCode = "MPS", reason = $"Contract review {n}" },
                    new { regulationId = 1, periodYear = 2026, hostAgencyCode = "MPS", reason = $"Contract review {n} other" });
            case "CreateRegulation":
                return (coordinator, "/api/v1/regulations", Regulation($"QC-HC-{n}-{Guid.NewGuid():N}"[..16]), Regulation($"QC-HC-{n}-{Guid.NewGuid():N}"[..16]));
            case "StartAmendment":
                var regulation = await NewRegulation(coordinator, n);
                return (coordinator, $"/api/v1/regulations/{regulation}/versions", new { note = $"Contract draft {n}" }, new { note = $"Contract draft {n} other" });
            case "CreateProvision":
                var withDraft = await NewRegulation(coordinator, n);
                await Json(await Post(coordinator, $"/api/v1/regulations/{withDraft}/versions", new { note = (string?)null }), HttpStatusCode.Created);
                return (coordinator, $"/api/v1/regulations/{withDraft}/versions/1/provisions",
                    new { isSummary = false, kind = "chapter", num = "I", headingVi = "Quy định chung", headingEn = "General provisions" },
                    new { isSummary = false, kind = "chapter", num = "II", headingVi = "Tổ chức thực hiện", headingEn = "Implementation" });
            case "CreateApiClient":
                object Client(string label) => new { name = $"contract {label} {n} {Guid.NewGuid():N}"[..40], scopes = new[] { "regulations:read" }, clearance = "unclassified" };
                return (As("mps.admin"), "/api/v1/admin/api-clients", Client("system"), Client("other"));
            case "CreateUser":
                object User(string username) => new
                {
                    username, displayName = username, unitCode = "MPS-VP", roles = new[] { "viewer" }, clearance = "unclassified", password = "Correct-Horse-1",
                };
                return (As("mps.admin"), "/api/v1/admin/users", User($"contract.user{n}"), User($"contract.other{n}"));
            case "CreateAgency":
                object Agency(string code) => new { code, nameVi = $"Bộ {code}", nameEn = $"Ministry {code}", active = (bool?)null };
                return (As("mps.registry_admin"), "/api/v1/agencies", Agency($"HC{n}{Guid.NewGuid():N}"[..10].ToUpperInvariant()),
                    Agency($"HD{n}{Guid.NewGuid():N}"[..10].ToUpperInvariant()));
            case "CreateFirstAdmin":
                var agency = $"HF{n}{Guid.NewGuid():N}"[..10].ToUpperInvariant();
                await Json(await Post(As("mps.registry_admin"), "/api/v1/agencies", new { code = agency, nameVi = $"Bộ {agency}", nameEn = $"Ministry {agency}" }),
                    HttpStatusCode.Created);
                object FirstAdmin(string username) => new { username, displayName = username, unitCode = agency, clearance = "confidential", password = "Correct-Horse-1" };
                return (As("mps.registry_admin"), $"/api/v1/agencies/{agency}/first-admin", FirstAdmin($"first.admin{n}"), FirstAdmin($"first.other{n}"));
            case "CreateUnit":
                object Unit(string code) => new { code, agencyCode = "MPS", parentCode = "MPS-VP", tier = "division", nameVi = "Phòng", nameEn = "Division" };
                return (As("mps.admin"), "/api/v1/units", Unit($"MPS-HC{n}"), Unit($"MPS-HD{n}"));
            case "ImportVersion":
                // The document of the demo regulation's text as Akoma Ntoso, imported into a regulation without text; the other
                // document has one heading changed.
                var akn = await (await coordinator.GetAsync(new Uri("/api/v1/regulations/1/versions/1/akn", UriKind.Relative))).Content.ReadAsStringAsync();
                Assert.That(akn, Does.Contain("<heading"), "the demo text exports");
                var heading = akn.IndexOf("<heading", StringComparison.Ordinal);
                var otherAkn = akn.Insert(akn.IndexOf('>', heading) + 1, "Khác ");
                return (coordinator, $"/api/v1/regulations/{await NewRegulation(coordinator, n)}/versions/import",
                    new Document(System.Text.Encoding.UTF8.GetBytes(akn), "application/akn+xml"),
                    new Document(System.Text.Encoding.UTF8.GetBytes(otherAkn), "application/akn+xml"));
            case "UploadReportEvidence":
                var reported = (await Json(await Post(coordinator, "/api/v1/tasks", NewTask(title: $"Contract evidence task {n}")), HttpStatusCode.Created)).GetProperty("id").GetInt32();
                await Execute("UPDATE tasks SET status = 'in_progress', row_version = row_version + 1 WHERE id = @Id;", new { Id = reported });
                var reportId = (await Json(await Post(coordinator, $"/api/v1/tasks/{reported}/reports",
                    new { reportDate = "2026-02-01", percent = 10, narrative = $"Contract evidence {n}", reportingUnitCode = "MPS-A05" }), HttpStatusCode.Created)).GetProperty("id").GetInt32();
                return (coordinator, $"/api/v1/tasks/{reported}/reports/{reportId}/evidence?fileName=evidence-{n}.pdf",
                    new Document(System.Text.Encoding.ASCII.GetBytes($"%PDF-1.7 contract {n}"), "application/pdf"),
                    new Document(System.Text.Encoding.ASCII.GetBytes($"%PDF-1.7 contract {n} other"), "application/pdf"));
            case "UploadMinutesEvidence":
                var review = (await Json(await Post(coordinator, "/api/v1/reviews",
                    new { regulationId = 1, periodYear = 2026, hostAgencyCode = "MPS", reason = $"Contract minutes {n}" }), HttpStatusCode.Created)).GetProperty("id").GetInt32();
                await Json(await Post(coordinator, $"/api/v1/reviews/{review}/transitions",
                    new { to = "scheduled", scheduledOn = "2026-12-15", venue = "Hà Nội", chairs = "Both Offices" }), HttpStatusCode.OK);
                return (coordinator, $"/api/v1/reviews/{review}/minutes/evidence?fileName=minutes-{n}.txt",
                    new Document(System.Text.Encoding.UTF8.GetBytes($"Biên bản {n}"), "text/plain"),
                    new Document(System.Text.Encoding.UTF8.GetBytes($"Biên bản {n} khác"), "text/plain"));
            case "CreatePerson":
                object Person(string key) => new { key, fullName = "Nguyễn Văn Hợp", agencyCode = "MPS", unitCode = "MPS-VP" };
                return (As("mps.admin"), "/api/v1/persons", Person($"contract-person-{n}"), Person($"contract-other-{n}"));
            case "CreateWebhookSubscription":
                object Subscription(string path) => new { url = $"https://receiver.example.org/{path}/{n}", kinds = new[] { "task.assigned" }, description = (string?)null };
                return (WithApiKey((await ProvisionApiKey("MPS", "confidential", "tasks:read")).Key), "/api/v1/webhooks/subscriptions",
                    Subscription("hooks"), Subscription("other"));
            default:
                Assert.Fail($"{name} answers 201: add a sample request for it here.");
                throw new InvalidOperationException();
        }
    }

    /// <summary>A create's request: JSON, or a document as the raw body.</summary>
    private static async Task<HttpResponseMessage> Create(HttpClient client, string url, object body, string? idempotencyKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(url, UriKind.Relative)) { Content = ContentOf(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add(Idempotency.Header, idempotencyKey);
        }

        return await client.SendAsync(request);
    }

    private static HttpContent ContentOf(object body)
    {
        if (body is not Document document)
        {
            return JsonContent.Create(body);
        }

        var content = new ByteArrayContent(document.Bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(document.MediaType);
        return content;
    }

    private static async Task<int> NewRegulation(HttpClient coordinator, int n) =>
        (await Json(await Post(coordinator, "/api/v1/regulations", Regulation($"QC-HV-{n}-{Guid.NewGuid():N}"[..16])), HttpStatusCode.Created)).GetProperty("id").GetInt32();

    private static Dictionary<string, object?> Regulation(string code) => new()
    {
        ["code"] = code,
        ["titleVi"] = $"Quy chế phối hợp {code}",
        ["titleEn"] = $"Coordination regulation {code}",
        ["signedOn"] = "2023-06-01",
        ["signedAt"] = "Hà Nội",
        ["status"] = "in_force",
        ["parties"] = new[] { new { agencyCode = "MPS", standingUnitCode = "MPS-VP" }, new { agencyCode = "MIC", standingUnitCode = "MIC-VP" } },
        ["signatories"] = new List<string>(),
        ["reviewPolicy"] = new { annualRotating = true, firstHostAgencyCode = "MPS", reviewMonth = 12, preliminaryAfterYears = 3, note = (string?)null },
    };
}
