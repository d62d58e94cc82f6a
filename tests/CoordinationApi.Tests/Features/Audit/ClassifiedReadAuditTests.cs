using System.Net;
using System.Text.Json;
using CoordinationApi.Infrastructure.Audit;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Tests.Infrastructure;
using Dapper;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using static CoordinationApi.Tests.Features.Tasks.TaskApi;

namespace CoordinationApi.Tests.Features.Audit;

/// <summary>
/// Every GET operation of the API, taken from the endpoint data source: each one that can return a secret task is read
/// here and must leave exactly one audit entry naming the task; each other one must be declared unable to return
/// classified data (<see cref="NoClassifiedData"/>), and its answer must indeed hold nothing of the secret task.
/// A new GET endpoint that is neither fails <see cref="Every_GET_operation_is_read_here_or_declared_unable_to_return_classified_data"/>.
/// </summary>
[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class ClassifiedReadAuditTests(string provider) : ApiTest(provider)
{
    /// <summary>A word found nowhere else, in the secret task's title, report and history: seen in an answer, it proves the channel returned the task.</summary>
    private readonly string marker = $"Zebrafinch{Guid.NewGuid():N}"[..24];
    private int taskId;
    private int reviewId;
    private int reportId;
    private int commentId;
    private int evidenceId;
    private bool evaluated;

    [OneTimeSetUp]
    public async Task CreateASecretTaskWithEverythingAroundIt()
    {
        var coordinator = As("mps.coordinator");
        // The latest annual review still open: its year is the task's plan year, so the task is on its evaluation grid and
        // in the preliminary summary, whatever today's date (the due date, near, is for the reminders).
        var reviews = await GetAllPages(coordinator, "/api/v1/reviews?regulationId=1");
        var open = reviews.Where(r => r.GetProperty("kind").GetString() == "annual" && r.GetProperty("status").GetString() != "concluded").ToList();
        Assert.That(open, Is.Not.Empty, "an annual review not concluded yet");
        var review = open.MaxBy(r => r.GetProperty("periodYear").GetInt32());
        reviewId = review.GetProperty("id").GetInt32();
        var planYear = review.GetProperty("periodYear").GetInt32();
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7));
        var due = today.AddDays(10);
        var body = JsonSerializer.SerializeToElement(NewTask(title: $"Secret {marker}", classification: "secret", planYear: planYear));
        var fields = JsonSerializer.Deserialize<Dictionary<string, object?>>(body.GetRawText())!;
        fields["startDate"] = $"{today.AddDays(-20):yyyy-MM-dd}";
        fields["dueDate"] = $"{due:yyyy-MM-dd}";
        taskId = (await Json(await Post(coordinator, "/api/v1/tasks", fields), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        await Json(await Transition(coordinator, taskId, "assigned", $"Assigned {marker}"), HttpStatusCode.OK);
        await Json(await Transition(As("mps.officer"), taskId, "in_progress"), HttpStatusCode.OK);
        reportId = (await Json(await Post(As("mps.officer"), $"/api/v1/tasks/{taskId}/reports",
            new { reportDate = $"{today:yyyy-MM-dd}", percent = 30, narrative = $"Report {marker}" }), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        using (var evidence = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes($"Evidence {marker}")))
        {
            evidence.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/plain");
            evidenceId = (await Json(await As("mps.officer").PostAsync(new Uri($"/api/v1/tasks/{taskId}/reports/{reportId}/evidence?fileName=evidence.txt", UriKind.Relative),
                evidence), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        }

        commentId = (await Json(await Post(As("mps.officer"), $"/api/v1/tasks/{taskId}/comments", new { body = $"Comment {marker}" }), HttpStatusCode.Created))
            .GetProperty("id").GetInt32();

        evaluated = (await Put(coordinator, $"/api/v1/reviews/{reviewId}/evaluations/{taskId}", new { result = "partly_achieved", comment = $"Evaluated {marker}" },
            await CoordinationApi.Tests.Features.Reviews.ReviewApi.EvaluationETag(coordinator, reviewId, taskId)))
            .IsSuccessStatusCode;
        Assert.That(evaluated, Is.True, "the secret task is evaluated, so the evaluations export holds it");

        // A notification of the secret task (its title in the sentence) for its agency's coordinator.
        await Notifications.NotificationTest.PublishAndFanOut(Factory, new CoordinationApi.Infrastructure.Events.OutboxEvent(
            CoordinationApi.Infrastructure.Events.EventKinds.TaskDueSoon, CoordinationApi.Infrastructure.Security.Clearance.Secret,
            new { taskId, dueDate = $"{due:yyyy-MM-dd}", daysLeft = 10 }, RegulationId: 1, TaskId: taskId));
    }

    /// <summary>The reads of the secret task: GET operation → who reads, the URL, and whether the answer holds the task's text.</summary>
    private Dictionary<string, (string User, string Url, bool HoldsText)> Reads() => new(StringComparer.Ordinal)
    {
        ["ListTasks"] = ("mps.coordinator", "/api/v1/tasks?regulationId=1&classification=secret&limit=200", true),
        ["GetTask"] = ("mps.coordinator", $"/api/v1/tasks/{taskId}", true),
        ["ListTaskHistory"] = ("mps.coordinator", $"/api/v1/tasks/{taskId}/history", true),
        ["ListProgressReports"] = ("mps.coordinator", $"/api/v1/tasks/{taskId}/reports", true),
        ["GetProgressReport"] = ("mps.coordinator", $"/api/v1/tasks/{taskId}/reports/{reportId}", true),
        ["ListTaskComments"] = ("mps.coordinator", $"/api/v1/tasks/{taskId}/comments", true),
        ["GetTaskComment"] = ("mps.coordinator", $"/api/v1/tasks/{taskId}/comments/{commentId}", true),
        ["ListTaskCommentRevisions"] = ("mps.coordinator", $"/api/v1/tasks/{taskId}/comments/{commentId}/revisions", true),
        ["GetDashboard"] = ("mps.coordinator", "/api/v1/dashboard?regulationId=1", true),
        ["GetMyWork"] = ("mps.officer", "/api/v1/me/work", true),
        ["ListReminders"] = ("mps.coordinator", "/api/v1/reminders?days=30&regulationId=1", true),
        ["ListEvaluations"] = ("mps.coordinator", $"/api/v1/reviews/{reviewId}/evaluations", true),
        ["GetReviewPlan"] = ("mps.coordinator", $"/api/v1/reviews/{reviewId}/plan", true),
        ["GetPreliminarySummary"] = ("mps.coordinator", "/api/v1/reviews/summary?regulationId=1", true),
        // The official documents (.docx): the text is zipped, so the entry is what proves the secret task went into them.
        ["GetReviewDocument"] = ("mps.coordinator", $"/api/v1/reviews/{reviewId}/documents/report", false),
        ["GetSummaryDocument"] = ("mps.coordinator", "/api/v1/reviews/summary/document?regulationId=1", false),
        ["Search"] = ("mps.coordinator", $"/api/v1/search?q={marker}", false),
        ["GetProvision"] = ("mps.coordinator", "/api/v1/regulations/1/versions/1/provisions/chp_2__art_4__para_1", true),
        ["ListAuditEntries"] = ("mic.auditor", $"/api/v1/audit?entityType=task&entityId={taskId}&action=task.create", true),
        ["ListNotifications"] = ("mps.coordinator", "/api/v1/notifications?limit=200", true),
        ["ExportTasks"] = ("mic.auditor", "/api/v1/exports/tasks?format=csv", true),
        ["ExportProgressReports"] = ("mic.auditor", "/api/v1/exports/progress-reports?format=csv", true),
        ["ExportEvaluations"] = ("mic.auditor", "/api/v1/exports/evaluations?format=csv", evaluated),
        ["ExportAudit"] = ("mic.auditor", "/api/v1/exports/audit?format=csv", true),
        // Exports record every export, whatever it holds.
        ["ExportUnits"] = ("mic.auditor", "/api/v1/exports/units", false),
        ["ExportArticles"] = ("mic.auditor", "/api/v1/exports/articles?regulationId=1", false),
        ["ExportReviews"] = ("mic.auditor", "/api/v1/exports/reviews", false),
        ["ExportRecognitions"] = ("mic.auditor", "/api/v1/exports/recognitions", false),
        ["ListReportEvidence"] = ("mps.coordinator", $"/api/v1/tasks/{taskId}/reports/{reportId}/evidence", false),
        ["GetEvidenceContent"] = ("mps.coordinator", $"/api/v1/evidence/{evidenceId}/content", false),
        ["ExportEvidence"] = ("mic.auditor", "/api/v1/exports/evidence?format=csv", false),
    };

    private List<(string Name, RouteEndpoint Endpoint)> GetOperations() =>
    [
        .. Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true
                        && e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains("GET") == true)
            .Select(e => (e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? e.RoutePattern.RawText!, e)),
    ];

    [Test]
    public void Every_GET_operation_is_read_here_or_declared_unable_to_return_classified_data()
    {
        var reads = Reads();
        var operations = GetOperations();
        Assert.That(operations, Has.Count.GreaterThan(30), "the endpoint data source lists the API's operations");
        Assert.Multiple(() =>
        {
            foreach (var (name, endpoint) in operations)
            {
                var declared = endpoint.Metadata.GetMetadata<NoClassifiedData>() is not null;
                Assert.That(declared ^ reads.ContainsKey(name), Is.True,
                    $"GET {endpoint.RoutePattern.RawText} ({name}) must either be read in this test with a secret record, or be declared ReturnsNoClassifiedData()");
            }

            Assert.That(reads.Keys, Is.SubsetOf(operations.Select(o => o.Name)), "every read names an existing operation");
        });
    }

    [Test]
    public async Task Every_read_of_the_secret_task_leaves_exactly_one_audit_entry()
    {
        await Assert.MultipleAsync(async () =>
        {
            foreach (var (name, (user, url, holdsText)) in Reads())
            {
                var client = As(user);
                var before = await LastEntryId();
                using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
                var body = await response.Content.ReadAsStringAsync();
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{name}: {body}");
                if (holdsText)
                {
                    Assert.That(body, Does.Contain(marker).Or.Contain($"\"taskId\":{taskId}").Or.Contain($"\"id\":{taskId}"), $"{name} returns the secret task");
                }

                var entries = await EntriesAfter(before, user);
                Assert.That(entries, Has.Count.EqualTo(1), $"{name}: one audit entry per response, got {string.Join(" | ", entries.Select(e => e.Action))}");
                if (entries.Count == 1 && !name.StartsWith("Export", StringComparison.Ordinal) && name != "ListAuditEntries")
                {
                    Assert.That(entries[0].Classification, Is.GreaterThanOrEqualTo(2), $"{name}: the entry is as classified as the task");
                    Assert.That(entries[0].AfterJson, Does.Contain($"\"id\":\"{taskId}\""), $"{name}: the entry names the task");
                    Assert.That(entries[0].AfterJson, Does.Contain(name), $"{name}: the entry names the operation");
                }
            }
        });
    }

    [Test]
    public async Task A_declared_operation_returns_nothing_of_the_secret_task_and_leaves_no_entry()
    {
        var declared = GetOperations().Where(o => o.Endpoint.Metadata.GetMetadata<NoClassifiedData>() is not null).ToList();
        // 22, the register's agencies, units and persons (issue 18), which hold no classified record, and a version's Akoma
        // Ntoso text (like GetVersionText), and a review's minutes (who met, where, what they decided: no task) and their
        // evidence files (unclassified, like the minutes), a review's comments, each and their revisions (a review is
        // unclassified, and so are they), a person's unread count and notification preferences, and the three webhook reads
        // (subscriptions and their delivery log hold no record of the register).
        Assert.That(declared, Has.Count.LessThanOrEqualTo(38), "declarations stay few");
        await Assert.MultipleAsync(async () =>
        {
            foreach (var (name, endpoint) in declared)
            {
                var url = Fill(endpoint);
                foreach (var user in new[] { "mps.coordinator", "mic.auditor", "mps.admin" })
                {
                    var before = await LastEntryId();
                    using var response = await As(user).GetAsync(new Uri(url, UriKind.Relative));
                    if (response.StatusCode == HttpStatusCode.Forbidden)
                    {
                        continue;
                    }

                    var body = await response.Content.ReadAsStringAsync();
                    Assert.That((int)response.StatusCode, Is.LessThan(500), $"{name} {url}: {body}");
                    Assert.That(body, Does.Not.Contain(marker), $"{name} {url} returns the secret task's text but is declared unable to");
                    Assert.That(await EntriesAfter(before, user), Is.Empty, $"{name} {url} left a read entry");
                    break;
                }
            }
        });
    }

    [Test]
    public async Task A_page_of_many_secret_tasks_is_one_entry_not_one_per_task()
    {
        var coordinator = As("mps.coordinator");
        var pageMarker = Marker("Magpie");
        foreach (var classification in new[] { "secret", "secret", "top-secret" })
        {
            await Create(coordinator, NewTask(title: $"{classification} {pageMarker}", classification: classification));
        }

        var before = await LastEntryId();
        var page = await GetJson<JsonElement>(As("mic.auditor"), $"/api/v1/tasks?q={pageMarker}&limit=200");
        var secret = page.GetProperty("items").EnumerateArray().Count(t => t.GetProperty("classification").GetString() is "secret" or "top-secret");

        var entries = await EntriesAfter(before, "mic.auditor");
        Assert.That(secret, Is.EqualTo(3), "the three tasks made here, all on one page");
        Assert.That(entries, Has.Count.EqualTo(1));
        Assert.That(entries[0].AfterJson!.Split("\"type\":\"task\"").Length - 1, Is.EqualTo(secret), "the one entry lists every secret task of the page");
    }

    private static string Fill(RouteEndpoint endpoint)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["regulationId"] = "1", ["id"] = "1", ["code"] = "MPS", ["number"] = "1", ["aknId"] = "chp_2__art_4", ["key"] = "to-lam", ["commentId"] = "1",
        };
        var path = "/" + string.Join('/', endpoint.RoutePattern.PathSegments.Select(s => string.Concat(s.Parts.Select(p => p switch
        {
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart parameter => values[parameter.Name],
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternSeparatorPart separator => separator.Content,
            _ => "",
        }))));
        return path + (endpoint.RoutePattern.RawText!.EndsWith("/compare", StringComparison.Ordinal) ? "?from=1&to=1" : "");
    }

    private async Task<long> LastEntryId()
    {
        await using var connection = await Factory.Services.GetRequiredService<DbConnectionFactory>().OpenAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT COALESCE(MAX(id), 0) FROM audit_entries");
    }

    private async Task<List<EntryRow>> EntriesAfter(long id, string user)
    {
        await using var connection = await Factory.Services.GetRequiredService<DbConnectionFactory>().OpenAsync();
        // Signing in is audited too: only the reader's other entries count.
        return (await connection.QueryAsync<EntryRow>(
            "SELECT action AS Action, classification AS Classification, after_json AS AfterJson FROM audit_entries WHERE id > @Id AND actor_name = @User AND action <> 'auth.sign-in' ORDER BY id",
            new { Id = id, User = user })).AsList();
    }

    private sealed record EntryRow
    {
        public string Action { get; init; } = "";

        public int Classification { get; init; }

        public string? AfterJson { get; init; }
    }
}
