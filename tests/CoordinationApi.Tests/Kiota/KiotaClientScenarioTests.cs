using CoordinationApi.Client;
using CoordinationApi.Client.Models;
using CoordinationApi.Tests.Infrastructure;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;

namespace CoordinationApi.Tests.Kiota;

/// <summary>
/// The API used as an integrating agency would use it: through a C# client that Microsoft Kiota generates at build time
/// from the committed api/openapi/v1.json (see the GenerateKiotaClient target of the test project), never edited, and
/// no hand-written HTTP. Whatever the scenario needs and the document does not say, the generated client cannot do.
/// </summary>
[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class KiotaClientScenarioTests(string provider) : ApiTest(provider)
{
    private const string ServerUrl = "http://localhost";
    private readonly List<HttpClient> transports = [];

    [TearDown]
    public void DisposeTransports()
    {
        foreach (var transport in transports)
        {
            transport.Dispose();
        }

        transports.Clear();
    }

    [Test]
    public async Task Sign_in_page_read_update_with_if_match_and_create_with_an_idempotency_key()
    {
        // Sign in: POST /api/v1/auth/token with the generated SignInRequest, a typed Token back.
        var token = await Anonymously().Api.V1.Auth.Token.PostAsync(new SignInRequest { Username = "mps.coordinator", Password = DemoPassword });
        Assert.That(token, Is.Not.Null);
        Assert.That(token!.AccessToken, Is.Not.Null.And.Not.Empty);
        Assert.That(token.TokenType, Is.EqualTo(TokenType.Bearer));
        var client = Authenticated(token.AccessToken!);

        var me = await client.Api.V1.Auth.Me.GetAsync();
        Assert.That(me?.Username, Is.EqualTo("mps.coordinator"));

        // Page the task list with the cursor until two pages have been read.
        const int pageSize = 3;
        var first = await client.Api.V1.Tasks.GetAsync(c => c.QueryParameters.Limit = pageSize);
        Assert.That(first?.Items, Has.Count.EqualTo(pageSize), "the demo seed holds more than one page of tasks");
        Assert.That(first!.NextCursor, Is.Not.Null.And.Not.Empty, "a full first page names the next one");
        var second = await client.Api.V1.Tasks.GetAsync(c =>
        {
            c.QueryParameters.Limit = pageSize;
            c.QueryParameters.Cursor = first.NextCursor;
        });
        Assert.That(second?.Items, Is.Not.Empty);
        var firstIds = first.Items!.Select(t => t.Id).ToList();
        var secondIds = second!.Items!.Select(t => t.Id).ToList();
        Assert.That(firstIds.Concat(secondIds), Is.All.Not.Null);
        Assert.That(secondIds, Has.None.AnyOf(firstIds.Cast<object>().ToArray()), "the second page goes on where the first stopped");
        var wholeList = await client.Api.V1.Tasks.GetAsync(c => c.QueryParameters.Limit = pageSize * 2);
        Assert.That(wholeList?.Items?.Select(t => t.Id), Is.EqualTo(firstIds.Concat(secondIds)), "two pages are the first two pages' worth of one list");

        // Read one task of the pages that this coordinator may edit, with its ETag (read through Kiota's headers inspection).
        TaskObject? task = null;
        string? etag = null;
        foreach (var summary in first.Items!.Concat(second.Items!))
        {
            var inspection = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };
            var read = await client.Api.V1.Tasks[summary.Id!.Value].GetAsync(c => c.Options.Add(inspection));
            Assert.That(read?.Id, Is.EqualTo(summary.Id));
            Assert.That(read!.TitleEn, Is.EqualTo(summary.TitleEn));
            Assert.That(read.Code, Is.EqualTo(summary.Code));
            if (read.MayEdit == true)
            {
                task = read;
                etag = inspection.ResponseHeaders.TryGetValue("ETag", out var values) ? values.Single() : null;
                break;
            }
        }

        Assert.That(task, Is.Not.Null, "one task of the first two pages is the coordinator's to edit");
        Assert.That(etag, Is.Not.Null.And.Not.Empty, "a task is read with its ETag");

        // Update it with If-Match: the ETag of the read.
        var renamed = $"{task!.TitleEn} (renamed by a Kiota client)";
        var update = UpdateOf(task);
        update.TitleEn = renamed;
        var updateInspection = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };
        var updated = await client.Api.V1.Tasks[task.Id!.Value].PutAsync(update, c =>
        {
            c.Headers.Add("If-Match", etag!);
            c.Options.Add(updateInspection);
        });
        Assert.That(updated?.Id, Is.EqualTo(task.Id));
        Assert.That(updated!.TitleEn, Is.EqualTo(renamed));
        Assert.That(updated.Code, Is.EqualTo(task.Code));
        Assert.That(updateInspection.ResponseHeaders["ETag"].Single(), Is.Not.EqualTo(etag), "an update changes the ETag");
        var reread = await client.Api.V1.Tasks[task.Id.Value].GetAsync();
        Assert.That(reread?.TitleEn, Is.EqualTo(renamed));

        // The same If-Match again is stale: a 412 problem, typed by the generated error mapping, and nothing changes.
        var stale = UpdateOf(task);
        stale.TitleEn = "A stale write";
        var refused = await Assert.CatchAsync<ApiException>(() => client.Api.V1.Tasks[task.Id.Value].PutAsync(stale, c => c.Headers.Add("If-Match", etag!)));
        Assert.That(refused!.ResponseStatusCode, Is.EqualTo(412));
        Assert.That((await client.Api.V1.Tasks[task.Id.Value].GetAsync())?.TitleEn, Is.EqualTo(renamed));

        // Create one with an Idempotency-Key, then send the same request again: the same task, not a second one.
        var key = Guid.NewGuid().ToString();
        var title = $"Created by a Kiota client {Guid.NewGuid():N}"[..40];
        var created = await client.Api.V1.Tasks.PostAsync(NewTask(title), c => c.Headers.Add("Idempotency-Key", key));
        var replayed = await client.Api.V1.Tasks.PostAsync(NewTask(title), c => c.Headers.Add("Idempotency-Key", key));
        Assert.That(created?.Id, Is.Not.Null);
        Assert.That(created!.TitleEn, Is.EqualTo(title));
        Assert.That(created.Status, Is.EqualTo(CoordinationApi.Client.Models.TaskStatus.Draft));
        Assert.That(replayed?.Id, Is.EqualTo(created.Id), "a replayed create answers with the task it made");
        Assert.That(replayed!.Code, Is.EqualTo(created.Code));
        var found = await client.Api.V1.Tasks.GetAsync(c => c.QueryParameters.Q = title);
        Assert.That(found?.Items?.Select(t => t.Id), Is.EqualTo(new[] { created.Id }), "one task carries the title");

        // Every export format: JSON arrives parsed into the generated row type; CSV, JSON lines and XLSX as files, through
        // the generated request and Kiota's adapter (no hand-written HTTP).
        var rows = await client.Api.V1.Exports.Tasks.GetAsync(c => c.QueryParameters.Format = ExportFormat.Json);
        Assert.That(rows?.Single(r => r.Id == created.Id).TitleEn, Is.EqualTo(title), "the JSON export parses into TaskExportItem");
        var adapter = Adapter(new BaseBearerTokenAuthenticationProvider(new SignedInToken(token.AccessToken!)));
        var files = new Dictionary<ExportFormat, Func<byte[], bool>>
        {
            [ExportFormat.Csv] = b => System.Text.Encoding.UTF8.GetString(b).TrimStart('\uFEFF').StartsWith("id,", StringComparison.Ordinal)
                && System.Text.Encoding.UTF8.GetString(b).Contains(title, StringComparison.Ordinal),
            [ExportFormat.Jsonl] = b => System.Text.Encoding.UTF8.GetString(b).Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Any(line => System.Text.Json.JsonDocument.Parse(line).RootElement.GetProperty("titleEn").GetString() == title),
            [ExportFormat.Xlsx] = b => b.Length > 4 && b[0] == (byte)'P' && b[1] == (byte)'K',
        };
        foreach (var (format, readsAsExpected) in files)
        {
            var request = new CoordinationClient(adapter).Api.V1.Exports.Tasks.ToGetRequestInformation(c => c.QueryParameters.Format = format);
            await using var file = await adapter.SendPrimitiveAsync<Stream>(request);
            using var bytes = new MemoryStream();
            await file!.CopyToAsync(bytes);
            Assert.That(readsAsExpected(bytes.ToArray()), Is.True, $"the {format} export arrives as its file");
        }
    }

    private static CreateTaskRequest NewTask(string title) => new()
    {
        RegulationId = 1,
        TitleVi = "Nhiệm vụ do máy khách Kiota tạo",
        TitleEn = title,
        DescriptionVi = "Mô tả",
        DescriptionEn = "Description",
        Citations = [new CitationInput { AknId = "chp_2__art_4__para_1" }],
        LeadUnitCode = "MPS-A05",
        CounterpartUnitCodes = ["MIC-ATTT"],
        Contacts = [new ContactInput { Name = "Nguyễn Văn A", UnitCode = "MPS-A05", Phone = "024 0000 000" }],
        Classification = Clearance.Unclassified,
        Kind = TaskKind.One_off,
        PlanYear = 2026,
        StartDate = new Date(2026, 1, 10),
        DueDate = new Date(2026, 12, 20),
        Priority = Priority.High,
    };

    /// <summary>The update that keeps a read task as it is: the GET body's fields, moved to the request's names.</summary>
    private static UpdateTaskRequest UpdateOf(TaskObject task) => new()
    {
        TitleVi = task.TitleVi,
        TitleEn = task.TitleEn,
        DescriptionVi = task.DescriptionVi,
        DescriptionEn = task.DescriptionEn,
        Citations = task.Citations?.Select(c => new CitationInput { AknId = c.AknId, VersionId = c.VersionId }).ToList(),
        LeadUnitCode = task.LeadUnit?.Code,
        CounterpartUnitCodes = task.CounterpartUnits?.Select(u => u.Code!).ToList(),
        Contacts = task.Contacts?.Select(c => new ContactInput { Name = c.Name, UnitCode = c.UnitCode, Phone = c.Phone, Email = c.Email }).ToList(),
        Classification = task.Classification,
        Kind = task.Kind,
        Recurrence = task.Recurrence,
        PlanYear = task.PlanYear,
        StartDate = task.StartDate,
        DueDate = task.DueDate,
        Priority = task.Priority,
    };

    private CoordinationClient Anonymously() => new(Adapter(new AnonymousAuthenticationProvider()));

    private CoordinationClient Authenticated(string accessToken) =>
        new(Adapter(new BaseBearerTokenAuthenticationProvider(new SignedInToken(accessToken))));

    /// <summary>Kiota's own request adapter and middleware, over the in-process test server.</summary>
    private HttpClientRequestAdapter Adapter(IAuthenticationProvider authentication)
    {
        var transport = Factory.CreateDefaultClient(new Uri(ServerUrl), [.. KiotaClientFactory.CreateDefaultHandlers()]);
        transports.Add(transport);
        return new HttpClientRequestAdapter(authentication, httpClient: transport) { BaseUrl = ServerUrl };
    }

    /// <summary>The token the sign-in returned, handed to Kiota's bearer authentication.</summary>
    private sealed class SignedInToken(string accessToken) : IAccessTokenProvider
    {
        public AllowedHostsValidator AllowedHostsValidator { get; } = new(["localhost"]);

        public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(AllowedHostsValidator.IsUrlHostValid(uri) ? accessToken : string.Empty);
    }
}
