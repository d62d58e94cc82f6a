using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Tests.Features.RegulationText;
using CoordinationApi.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using TaskApi = CoordinationApi.Tests.Features.Tasks.TaskApi;

namespace CoordinationApi.Tests.Features.Events;

/// <summary>
/// The outbox's producers (issue 19): every write operation of the task and review features, as the committed OpenAPI
/// document lists them, is sent through HTTP, and each request is held to the events it must leave in the outbox, no
/// more: the kinds, in order, with the task's classification, the subject code and the payload of the contract; a
/// rejected request (400, 404, 409, 412) leaves none, and a replayed Idempotency-Key none twice. An operation of those
/// features missing from the walk fails the test, so a new write endpoint must say what it publishes. The consumers and
/// the reminder job are off (<c>Outbox:Enabled=false</c>): nothing but the requests writes events.
/// </summary>
[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed partial class EventPublishingTests(string provider)
    : RegulationTextTest(provider, new Dictionary<string, string?> { ["Outbox:Enabled"] = "false" })
{
    private static readonly string[] Features = ["Tasks", "Reviews"];

    private readonly Dictionary<string, (int Changes, int Rejections)> walked = [];

    private static readonly Lazy<List<(string OperationId, HttpMethod Method, Regex Path)>> Operations = new(() =>
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "api", "openapi", "v1.json")));
        var operations = new List<(string, HttpMethod, Regex)>();
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name is "post" or "put" or "patch" or "delete"))
            {
                if (operation.Value.GetProperty("tags").EnumerateArray().Any(t => Features.Contains(t.GetString())))
                {
                    var pattern = "^" + Parameter().Replace(Regex.Escape(path.Name), "[^/]+") + "(\\?.*)?$";
                    operations.Add((operation.Value.GetProperty("operationId").GetString()!, new HttpMethod(operation.Name.ToUpperInvariant()), new Regex(pattern)));
                }
            }
        }

        return operations;
    });

    [Test]
    public async Task Every_write_of_tasks_and_reviews_publishes_exactly_its_events_and_a_rejected_one_none()
    {
        var coordinator = As("mps.coordinator");
        var officer = As("mps.officer");
        var regulationId = await NewRegulation(coordinator, "QC-EVENTS");

        // A draft is given to no one: creating it publishes nothing.
        var created = await Expect("CreateTask", coordinator, HttpMethod.Post, "/api/v1/tasks",
            Task(regulationId, "secret joint check", 2024, "secret"), HttpStatusCode.Created);
        var id = created.Body.GetProperty("id").GetInt32();
        var code = created.Body.GetProperty("code").GetString()!;
        Assert.That(created.Events, Is.Empty, "a draft");

        // Assigning it: the move, then the units it gives the task to.
        var assigned = await Expect("TransitionTask", coordinator, HttpMethod.Post, $"/api/v1/tasks/{id}/transitions", new { to = "assigned" }, HttpStatusCode.OK,
            "task.status_changed", "task.assigned");
        foreach (var e in assigned.Events)
        {
            Assert.That((e.Classification, e.TaskId, e.RegulationId, e.SubjectCode, e.ReviewId), Is.EqualTo((2, (int?)id, (int?)regulationId, code, (int?)null)), e.Kind);
        }

        AssertPayload(assigned.Events[0], new { taskId = id, taskCode = code, regulationId, fromStatus = "draft", toStatus = "assigned" });
        AssertPayload(assigned.Events[1], new
        {
            taskId = id, taskCode = code, regulationId, leadUnitCode = "MPS-A05", counterpartUnitCodes = new[] { "MIC-ATTT" },
            assignedUnitCodes = new[] { "MPS-A05", "MIC-ATTT" },
        });

        // A counterpart added: task.assigned names the unit newly given the task; an edit of the title alone publishes nothing.
        var (_, etag) = await GetWithETag(coordinator, $"/api/v1/tasks/{id}");
        var withCounterpart = TaskApi.Edit(Task(regulationId, "secret joint check", 2024, "secret"));
        withCounterpart["counterpartUnitCodes"] = new JsonArray("MIC-ATTT", "MIC-BC");
        var edited = await ExpectPut("UpdateTask", coordinator, $"/api/v1/tasks/{id}", withCounterpart, HttpStatusCode.OK, etag, "task.assigned");
        AssertPayload(edited.Events[0], new
        {
            taskId = id, taskCode = code, regulationId, leadUnitCode = "MPS-A05", counterpartUnitCodes = new[] { "MIC-ATTT", "MIC-BC" },
            assignedUnitCodes = new[] { "MIC-BC" },
        });
        Assert.That(edited.Events[0].Classification, Is.EqualTo(2));
        withCounterpart["titleEn"] = "secret joint check, renamed";
        var renamed = await ExpectPut("UpdateTask", coordinator, $"/api/v1/tasks/{id}", withCounterpart, HttpStatusCode.OK, edited.ETag!);

        // Rejected task writes: nothing published, whatever the reason.
        await ExpectPut("UpdateTask", coordinator, $"/api/v1/tasks/{id}", withCounterpart, HttpStatusCode.PreconditionFailed, etag);
        await ExpectPut("UpdateTask", coordinator, "/api/v1/tasks/999999", withCounterpart, HttpStatusCode.NotFound, "*");
        var badLead = withCounterpart.DeepClone().AsObject();
        badLead["leadUnitCode"] = "NO-SUCH-UNIT";
        await ExpectPut("UpdateTask", coordinator, $"/api/v1/tasks/{id}", badLead, HttpStatusCode.BadRequest, renamed.ETag!);
        await Expect("TransitionTask", coordinator, HttpMethod.Post, $"/api/v1/tasks/{id}/transitions", new { to = "completed" }, HttpStatusCode.Conflict);
        await Expect("TransitionTask", coordinator, HttpMethod.Post, "/api/v1/tasks/999999/transitions", new { to = "assigned" }, HttpStatusCode.NotFound);
        await Expect("CreateProgressReport", officer, HttpMethod.Post, $"/api/v1/tasks/{id}/reports", Report(40), HttpStatusCode.Conflict);
        await Expect("CreateTask", coordinator, HttpMethod.Post, "/api/v1/tasks", Task(999999, "no such regulation", 2024, "secret"), HttpStatusCode.BadRequest);
        await Expect("CreateOccurrences", coordinator, HttpMethod.Post, $"/api/v1/tasks/{id}/occurrences", new { planYear = 2024 }, HttpStatusCode.Conflict);

        // Started by the lead unit's officer, then reported on.
        var started = await Expect("TransitionTask", officer, HttpMethod.Post, $"/api/v1/tasks/{id}/transitions", new { to = "in_progress" }, HttpStatusCode.OK,
            "task.status_changed");
        AssertPayload(started.Events[0], new { taskId = id, taskCode = code, regulationId, fromStatus = "assigned", toStatus = "in_progress" });
        await Expect("CreateProgressReport", officer, HttpMethod.Post, $"/api/v1/tasks/{id}/reports", Report(101), HttpStatusCode.BadRequest);
        var reported = await ExpectKeyed("CreateProgressReport", officer, $"/api/v1/tasks/{id}/reports", Report(40), HttpStatusCode.Created,
            "events-report-1", "task.progress_reported");
        AssertPayload(reported.Events[0], new
        {
            taskId = id, taskCode = code, regulationId, reportId = reported.Body.GetProperty("id").GetInt32(), percentComplete = 40, reportingUnitCode = "MPS-A05",
        });
        Assert.That(reported.Events[0].Classification, Is.EqualTo(2));
        // The same Idempotency-Key again: the first answer replayed, no second event.
        await ExpectKeyed("CreateProgressReport", officer, $"/api/v1/tasks/{id}/reports", Report(40), HttpStatusCode.Created, "events-report-1");

        // A recurring task assigned: each occurrence is a task created assigned, given to the series' units.
        var series = (await Expect("CreateTask", coordinator, HttpMethod.Post, "/api/v1/tasks",
            Task(regulationId, "quarterly report", 2024, "confidential", "recurring", "quarterly"), HttpStatusCode.Created)).Body.GetProperty("id").GetInt32();
        await Expect("TransitionTask", coordinator, HttpMethod.Post, $"/api/v1/tasks/{series}/transitions", new { to = "assigned" }, HttpStatusCode.OK,
            "task.status_changed", "task.assigned");
        var occurrences = await Expect("CreateOccurrences", coordinator, HttpMethod.Post, $"/api/v1/tasks/{series}/occurrences", new { planYear = 2024 }, HttpStatusCode.OK,
            "task.assigned", "task.assigned", "task.assigned", "task.assigned");
        var occurrenceIds = occurrences.Body.GetProperty("created").EnumerateArray().Select(o => o.GetProperty("id").GetInt32()).ToList();
        Assert.That(occurrences.Events.Select(e => e.TaskId), Is.EqualTo(occurrenceIds.Cast<int?>()));
        Assert.That(occurrences.Events.Select(e => e.Classification), Is.All.EqualTo(1));
        Assert.That(occurrences.Events.Select(e => Payload(e)["assignedUnitCodes"]!.ToJsonString()), Is.All.EqualTo("[\"MPS-A05\",\"MIC-ATTT\"]"));
        await Expect("CreateOccurrences", coordinator, HttpMethod.Post, $"/api/v1/tasks/{series}/occurrences", new { planYear = 2024 }, HttpStatusCode.OK);
        await Expect("CreateOccurrences", coordinator, HttpMethod.Post, "/api/v1/tasks/999999/occurrences", new { planYear = 2024 }, HttpStatusCode.NotFound);
        var draft = (await Expect("CreateTask", coordinator, HttpMethod.Post, "/api/v1/tasks", Task(regulationId, "draft plan", 2024, "unclassified"), HttpStatusCode.Created))
            .Body.GetProperty("id").GetInt32();

        // Reviews: generated and created ones are announced, unclassified, with the review as subject.
        var generated = await Expect("GenerateReviewSchedule", coordinator, HttpMethod.Post, $"/api/v1/reviews/generate?regulationId={regulationId}", null, HttpStatusCode.OK,
            "review.scheduled", "review.scheduled", "review.scheduled", "review.scheduled");
        Assert.That(generated.Body.GetProperty("created").GetInt32(), Is.EqualTo(4));
        Assert.That(generated.Events.Select(e => (e.Classification, e.RegulationId, e.TaskId)), Is.All.EqualTo((0, (int?)regulationId, (int?)null)));
        Assert.That(generated.Events.Select(e => e.ReviewId), Is.EquivalentTo(generated.Body.GetProperty("reviews").EnumerateArray().Select(r => (int?)r.GetProperty("id").GetInt32())));
        await Expect("GenerateReviewSchedule", coordinator, HttpMethod.Post, $"/api/v1/reviews/generate?regulationId={regulationId}", null, HttpStatusCode.OK);
        await Expect("GenerateReviewSchedule", coordinator, HttpMethod.Post, "/api/v1/reviews/generate?regulationId=999999", null, HttpStatusCode.NotFound);

        await Expect("CreateReview", coordinator, HttpMethod.Post, "/api/v1/reviews", NewReview(regulationId, "NOPE"), HttpStatusCode.BadRequest);
        var review = await Expect("CreateReview", coordinator, HttpMethod.Post, "/api/v1/reviews", NewReview(regulationId, "MPS"), HttpStatusCode.Created, "review.scheduled");
        var reviewId = review.Body.GetProperty("id").GetInt32();
        AssertPayload(review.Events[0], new { reviewId, regulationId, year = 2024, scheduledOn = (string?)null, hostAgencyCode = "MPS" });
        Assert.That((review.Events[0].Classification, review.Events[0].ReviewId, review.Events[0].SubjectCode), Is.EqualTo((0, (int?)reviewId, "REVIEW-2024")));

        // Scheduling opens the evaluation: the lead agencies are asked to evaluate their tasks of the period.
        var transitions = $"/api/v1/reviews/{reviewId}/transitions";
        await Expect("TransitionReview", coordinator, HttpMethod.Post, transitions, new { to = "held", attendees = "x", minutes = "y" }, HttpStatusCode.Conflict);
        await Expect("TransitionReview", coordinator, HttpMethod.Post, "/api/v1/reviews/999999/transitions", new { to = "scheduled", scheduledOn = "2024-12-15", venue = "Hà Nội", chairs = "Both" },
            HttpStatusCode.NotFound);
        await Expect("TransitionReview", coordinator, HttpMethod.Post, transitions, new { to = "scheduled", venue = "Hà Nội", chairs = "Both" }, HttpStatusCode.BadRequest);
        var scheduled = await Expect("TransitionReview", coordinator, HttpMethod.Post, transitions,
            new { to = "scheduled", scheduledOn = "2024-12-15", venue = "Hà Nội", chairs = "Both Offices" }, HttpStatusCode.OK, "review.scheduled", "review.evaluation_requested");
        AssertPayload(scheduled.Events[0], new { reviewId, regulationId, year = 2024, scheduledOn = "2024-12-15", hostAgencyCode = "MPS" });
        // Unclassified and naming no task, though a secret task awaits evaluation: every party's coordinator hears it, and
        // each reads which tasks in the API, within their clearance.
        AssertPayload(scheduled.Events[1], new { reviewId, regulationId, year = 2024 });
        var grid = (await GetAllPages(coordinator, $"/api/v1/reviews/{reviewId}/evaluations?limit=200")).Select(e => e.GetProperty("task").GetProperty("id").GetInt32()).ToList();
        Assert.That(grid, Does.Contain(id).And.Contain(draft).And.Contain(series), "the grid the coordinator (top-secret) sees");
        Assert.That(scheduled.Events[1].Classification, Is.Zero, "the request names no task");

        var postponed = await Expect("TransitionReview", coordinator, HttpMethod.Post, transitions, new { to = "postponed", reason = "A clash" }, HttpStatusCode.OK, "review.moved");
        AssertPayload(postponed.Events[0], new { reviewId, regulationId, year = 2024, fromDate = "2024-12-15", toDate = (string?)null });
        var moved = await Expect("TransitionReview", coordinator, HttpMethod.Post, transitions,
            new { to = "scheduled", scheduledOn = "2024-12-20", venue = "Hà Nội", chairs = "Both Offices" }, HttpStatusCode.OK, "review.moved", "review.evaluation_requested");
        AssertPayload(moved.Events[0], new { reviewId, regulationId, year = 2024, fromDate = "2024-12-15", toDate = "2024-12-20" });
        await Expect("TransitionReview", coordinator, HttpMethod.Post, transitions, new { to = "held", attendees = "Both Offices", minutes = "Reviewed." }, HttpStatusCode.OK);

        // Conclusion refused while a task is unevaluated, and for a bad new task once all are: nothing published either time.
        await Expect("TransitionReview", coordinator, HttpMethod.Post, transitions, new { to = "concluded" }, HttpStatusCode.Conflict);
        foreach (var taskId in grid)
        {
            var evaluation = $"/api/v1/reviews/{reviewId}/evaluations/{taskId}";
            await ExpectPut("EvaluateTask", coordinator, evaluation, new { result = "nope" }, HttpStatusCode.BadRequest, "*");
            await ExpectPut("EvaluateTask", coordinator, evaluation, new { result = "partly_achieved", comment = "Goes on" }, HttpStatusCode.OK, "*");
        }

        await ExpectPut("EvaluateTask", coordinator, $"/api/v1/reviews/999999/evaluations/{id}", new { result = "achieved" }, HttpStatusCode.NotFound, "*");
        await Expect("EvaluateFromBaseline", coordinator, HttpMethod.Post, "/api/v1/reviews/999999/evaluations/from-baseline", null, HttpStatusCode.NotFound);
        await ExpectPut("UpdateReviewMinutes", coordinator, "/api/v1/reviews/999999/minutes", new { attendees = Array.Empty<object>(), decisions = Array.Empty<string>() }, HttpStatusCode.NotFound, "*");
        var wrongYear = Task(regulationId, "new work", 2030, "top-secret");
        wrongYear.Remove("regulationId");
        await Expect("TransitionReview", coordinator, HttpMethod.Post, transitions, new { to = "concluded", newTasks = new[] { wrongYear } }, HttpStatusCode.BadRequest);

        // Concluded: the secret task and the series carried over (successor assigned, original closed), the draft carried as a
        // draft (closed, no assignment), the occurrences' successors assigned, the new task given; then the review and its plan.
        var newTask = Task(regulationId, "new work", 2025, "top-secret");
        newTask.Remove("regulationId");
        var concluded = await ExpectChange("TransitionReview", coordinator, transitions, new { to = "concluded", newTasks = new[] { newTask } });
        var plan = await GetJson<JsonElement>(coordinator, $"/api/v1/reviews/{reviewId}/plan");
        var items = plan.GetProperty("items").EnumerateArray().ToList();
        var byKind = concluded.Events.GroupBy(e => e.Kind).ToDictionary(g => g.Key, g => g.ToList());
        var carried = items.Where(i => i.GetProperty("origin").GetString() == "carried_over").ToList();
        Assert.That(byKind["task.status_changed"].Select(e => e.TaskId), Is.EquivalentTo(carried.Select(i => (int?)i.GetProperty("sourceTaskId").GetInt32())),
            "each original closed as carried over");
        Assert.That(byKind["task.status_changed"].Select(e => Payload(e)["toStatus"]!.GetValue<string>()), Is.All.EqualTo("carried_over"));
        var draftSuccessor = carried.Single(i => i.GetProperty("sourceTaskId").GetInt32() == draft).GetProperty("task").GetProperty("id").GetInt32();
        Assert.That(byKind["task.assigned"].Select(e => e.TaskId), Is.EquivalentTo(items.Select(i => (int?)i.GetProperty("task").GetProperty("id").GetInt32()).Where(t => t != draftSuccessor)),
            "every task of the plan but the draft is given to its units");
        Assert.That(byKind["task.assigned"].Single(e => e.TaskId == carried.Single(i => i.GetProperty("sourceTaskId").GetInt32() == id).GetProperty("task").GetProperty("id").GetInt32()).Classification,
            Is.EqualTo(2), "the successor keeps the secret task's level");
        Assert.That(byKind["task.assigned"].Max(e => e.Classification), Is.EqualTo(3), "the new top-secret task");
        Assert.That(concluded.Events.TakeLast(2).Select(e => e.Kind), Is.EqualTo(new[] { "review.concluded", "plan.adopted" }));
        Assert.That(byKind.Keys, Is.EquivalentTo(new[] { "task.status_changed", "task.assigned", "review.concluded", "plan.adopted" }));
        AssertPayload(byKind["review.concluded"][0], new { reviewId, regulationId, year = 2024 });
        Assert.That(byKind["review.concluded"][0].Classification, Is.Zero);
        AssertPayload(byKind["plan.adopted"][0], new { reviewId, regulationId, planYear = 2025 });
        Assert.That(byKind["plan.adopted"][0].Classification, Is.Zero, "the plan's event names no task and counts none, though it holds a top-secret task");
        await Expect("TransitionReview", coordinator, HttpMethod.Post, transitions, new { to = "concluded" }, HttpStatusCode.Conflict);

        // The walk covered every write operation of the two features, each with a change and with a rejection.
        var operations = Operations.Value.Select(o => o.OperationId).ToList();
        Assert.That(operations, Is.Not.Empty);
        Assert.That(walked.Keys, Is.EquivalentTo(operations), "every write operation of Tasks and Reviews in the document is walked");
        Assert.That(walked.Where(w => w.Value.Rejections == 0).Select(w => w.Key), Is.Empty, "each one also rejected");
        Assert.That(walked.Where(w => w.Value.Changes == 0).Select(w => w.Key), Is.EquivalentTo(new[] { "EvaluateFromBaseline", "UpdateReviewMinutes" }),
            "each one that publishes also made a change (these two publish nothing)");
    }

    private sealed record EventRow
    {
        public long Id { get; init; }

        public string Kind { get; init; } = "";

        public int Classification { get; init; }

        public int? RegulationId { get; init; }

        public int? TaskId { get; init; }

        public int? ReviewId { get; init; }

        public string? SubjectCode { get; init; }

        public string PayloadJson { get; init; } = "";
    }

    private sealed record Sent(JsonElement Body, string? ETag, List<EventRow> Events);

    private Task<Sent> Expect(string operationId, HttpClient client, HttpMethod method, string url, object? body, HttpStatusCode status, params string[] kinds) =>
        Walk(operationId, client, method, url, body, status, null, null, kinds);

    /// <summary>A change whose events the caller checks itself (answered in <see cref="Sent.Events"/>).</summary>
    private Task<Sent> ExpectChange(string operationId, HttpClient client, string url, object? body) =>
        Walk(operationId, client, HttpMethod.Post, url, body, HttpStatusCode.OK, null, null, null);

    /// <summary>A PUT, with its If-Match.</summary>
    private Task<Sent> ExpectPut(string operationId, HttpClient client, string url, object? body, HttpStatusCode status, string ifMatch, params string[] kinds) =>
        Walk(operationId, client, HttpMethod.Put, url, body, status, ifMatch, null, kinds);

    /// <summary>A POST with an Idempotency-Key.</summary>
    private Task<Sent> ExpectKeyed(string operationId, HttpClient client, string url, object? body, HttpStatusCode status, string idempotencyKey, params string[] kinds) =>
        Walk(operationId, client, HttpMethod.Post, url, body, status, null, idempotencyKey, kinds);

    /// <summary>
    /// Sends one write of <paramref name="operationId"/> (checked against the document's method and path) and answers the
    /// events it left, which must be exactly <paramref name="kinds"/> in order (none for a rejection).
    /// </summary>
    private async Task<Sent> Walk(
        string operationId, HttpClient client, HttpMethod method, string url, object? body, HttpStatusCode status, string? ifMatch,
        string? idempotencyKey, string[]? kinds)
    {
        var operation = Operations.Value.Single(o => o.OperationId == operationId);
        Assert.That((operation.Method, operation.Path.IsMatch(url)), Is.EqualTo((method, true)), $"{method} {url} is {operationId}");
        var before = await LastEventId();
        using var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative));
        if (body is not null)
        {
            request.Content = System.Net.Http.Json.JsonContent.Create(body);
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        var response = await client.SendAsync(request);
        var answer = await Json(response, status);
        var events = await EventsAfter(before);
        var rejected = (int)status >= 400;
        if (rejected || kinds is not null)
        {
            Assert.That(events.Select(e => e.Kind), Is.EqualTo(rejected ? [] : kinds), $"{operationId} {method} {url} → {(int)status}");
        }

        var (changes, rejections) = walked.GetValueOrDefault(operationId);
        walked[operationId] = rejected ? (changes, rejections + 1) : (changes + 1, rejections);
        return new Sent(answer, response.Headers.ETag?.ToString(), events);
    }

    private async Task<long> LastEventId()
    {
        await using var connection = await Factory.Services.GetRequiredService<DbConnectionFactory>().OpenAsync();
        return await connection.ExecuteScalarAsync<long?>("SELECT MAX(id) FROM events") ?? 0;
    }

    private async Task<List<EventRow>> EventsAfter(long id)
    {
        await using var connection = await Factory.Services.GetRequiredService<DbConnectionFactory>().OpenAsync();
        return (await connection.QueryAsync<EventRow>("""
            SELECT id AS Id, kind AS Kind, classification AS Classification, regulation_id AS RegulationId, task_id AS TaskId,
                   review_id AS ReviewId, subject_code AS SubjectCode, payload_json AS PayloadJson
            FROM events WHERE id > @id ORDER BY id
            """, new { id })).AsList();
    }

    private static JsonObject Payload(EventRow e) => JsonNode.Parse(e.PayloadJson)!.AsObject();

    /// <summary>The payload is exactly <paramref name="expected"/>: the same members, the same values.</summary>
    private static void AssertPayload(EventRow e, object expected) =>
        Assert.That(JsonNode.DeepEquals(Payload(e), JsonSerializer.SerializeToNode(expected, JsonSerializerOptions.Web)), Is.True,
            $"{e.Kind}: {e.PayloadJson} is not {JsonSerializer.Serialize(expected, JsonSerializerOptions.Web)}");

    private static object Report(int percent) => new { reportDate = "2024-06-01", percent, narrative = "Done so far" };

    private static object NewReview(int regulationId, string host) => new
    {
        regulationId, periodYear = 2024, hostAgencyCode = host, scheduledOn = (string?)null, venue = "Hà Nội", reason = "The events test's review",
    };

    private static JsonObject Task(int regulationId, string title, int planYear, string classification, string kind = "one_off", string? recurrence = null)
    {
        var body = JsonSerializer.SerializeToNode(TaskApi.NewTask(title: title, kind: kind, recurrence: recurrence, planYear: planYear, cite: "chp_1__art_1",
            classification: classification))!.AsObject();
        body["regulationId"] = regulationId;
        return body;
    }

    private async Task<int> NewRegulation(HttpClient coordinator, string code)
    {
        var response = await Send(coordinator, HttpMethod.Post, "/api/v1/regulations", Regulation(code, ("MPS", "MPS-VP"), ("MIC", "MIC-VP")));
        var id = (await Json(response, HttpStatusCode.Created)).GetProperty("id").GetInt32();
        await PublishSingleArticle(coordinator, id, "Điều một", "Nội dung điều một", "Article one's text");
        return id;
    }

    [GeneratedRegex(@"\\\{[^/]+?\}")]
    private static partial Regex Parameter();
}
