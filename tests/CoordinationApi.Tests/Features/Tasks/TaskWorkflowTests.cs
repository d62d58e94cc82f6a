using System.Net;
using System.Text.Json;
using CoordinationApi.Tests.Infrastructure;
using static CoordinationApi.Tests.Features.Tasks.TaskApi;

namespace CoordinationApi.Tests.Features.Tasks;

[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class TaskWorkflowTests(string provider) : ApiTest(provider)
{
    [Test]
    public async Task Create_assign_start_report_complete_with_every_step_audited()
    {
        var coordinator = As("mps.coordinator");
        var officer = As("mps.officer");
        var counterpart = As("mic.officer");

        var created = await Json(await Post(coordinator, "/api/v1/tasks", NewTask()), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt32();
        Assert.That(created.GetProperty("status").GetString(), Is.EqualTo("draft"));
        Assert.That(created.GetProperty("code").GetString(), Does.Match(@"^QC2021-T\d{2,}$"));

        await Json(await Transition(coordinator, id, "assigned", "Assigned at the Offices' meeting"), HttpStatusCode.OK);
        await Json(await Transition(officer, id, "in_progress"), HttpStatusCode.OK);
        var report = await Json(await Report(counterpart, id, 50, unit: "MIC-ATTT"), HttpStatusCode.Created);
        var halfway = await GetJson<JsonElement>(officer, $"/api/v1/tasks/{id}");
        var completed = await Json(await Transition(officer, id, "completed", "Done"), HttpStatusCode.OK);

        Assert.Multiple(() =>
        {
            Assert.That(report.GetProperty("percent").GetInt32(), Is.EqualTo(50));
            Assert.That(halfway.GetProperty("progress").GetInt32(), Is.EqualTo(50), "progress follows the latest report");
            Assert.That(completed.GetProperty("status").GetString(), Is.EqualTo("completed"));
            Assert.That(completed.GetProperty("progress").GetInt32(), Is.EqualTo(100));
        });

        var audit = await GetJson<JsonElement>(As("mic.auditor"), $"/api/v1/audit?entityType=task&entityId={id}&limit=50");
        var actions = audit.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("action").GetString()).Reverse().ToList();
        Assert.That(actions, Is.EqualTo(new[] { "task.create", "task.assigned", "task.in_progress", "task.completed" }));
        var reportAudit = await GetJson<JsonElement>(As("mic.auditor"), $"/api/v1/audit?action=task.report&entityId={report.GetProperty("id").GetInt32()}");
        Assert.That(reportAudit.GetProperty("items").GetArrayLength(), Is.EqualTo(1));

        var history = await GetAllPages(officer, $"/api/v1/tasks/{id}/history?limit=2");
        Assert.That(history.Select(h => h.GetProperty("kind").GetString()),
            Is.EqualTo(new[] { "created", "transition", "transition", "report", "transition" }));
    }

    [Test]
    public async Task A_same_level_violation_is_a_400_naming_the_field()
    {
        var division = await Post(As("mps.coordinator"), "/api/v1/tasks", NewTask(counterparts: ["MIC-NCSC"]));
        var ownAgency = await Post(As("mps.coordinator"), "/api/v1/tasks", NewTask(counterparts: ["MPS-VP"]));

        var problem = await ProblemAssert.HasFieldErrors(division, "counterpartUnitCodes[0]");
        Assert.That(problem.GetProperty("errors").GetProperty("counterpartUnitCodes[0]")[0].GetString(), Does.Contain("same-level"));
        await ProblemAssert.HasFieldErrors(ownAgency, "counterpartUnitCodes[0]");
    }

    [Test]
    public async Task Field_rules_answer_with_field_errors()
    {
        var body = new Dictionary<string, object?>
        {
            ["regulationId"] = 1, ["titleVi"] = "", ["titleEn"] = "x", ["citations"] = Array.Empty<object>(), ["leadUnitCode"] = "MPS-A05",
            ["classification"] = "cosmic", ["kind"] = "recurring", ["recurrence"] = null, ["planYear"] = 2026,
            ["startDate"] = "2026-05-01", ["dueDate"] = "2026-04-01", ["priority"] = "whenever",
        };

        var response = await Post(As("mps.coordinator"), "/api/v1/tasks", body);

        await ProblemAssert.HasFieldErrors(response, "titleVi", "citations", "classification", "recurrence", "dueDate", "priority");
    }

    [Test]
    public async Task A_citation_missing_from_the_text_and_a_classification_above_clearance_are_field_errors()
    {
        var missing = await Post(As("mps.coordinator"), "/api/v1/tasks", NewTask(cite: "chp_9__art_99"));
        var tooHigh = await Post(As("mic.coordinator"), "/api/v1/tasks", NewTask(lead: "MIC-ATTT", counterparts: ["MPS-A05"], classification: "top-secret"));

        await ProblemAssert.HasFieldErrors(missing, "citations[0].aknId");
        await ProblemAssert.HasFieldErrors(tooHigh, "classification");
    }

    [Test]
    public async Task An_illegal_move_is_a_409_naming_the_allowed_ones_and_a_move_not_yours_is_a_403()
    {
        var id = (await Json(await Post(As("mps.coordinator"), "/api/v1/tasks", NewTask()), HttpStatusCode.Created)).GetProperty("id").GetInt32();

        var illegal = await Transition(As("mps.coordinator"), id, "completed");
        var notYours = await Transition(As("mps.officer"), id, "assigned");

        var problem = await ProblemAssert.IsProblem(illegal, HttpStatusCode.Conflict);
        Assert.That(problem.GetProperty("allowed").EnumerateArray().Select(a => a.GetString()), Is.EqualTo(new[] { "assigned", "cancelled" }));
        await ProblemAssert.IsProblem(notYours, HttpStatusCode.Forbidden);
        var task = await GetJson<JsonElement>(As("mps.coordinator"), $"/api/v1/tasks/{id}");
        Assert.That(task.GetProperty("status").GetString(), Is.EqualTo("draft"));
        Assert.That(task.GetProperty("allowedTransitions").EnumerateArray().Select(a => a.GetString()), Is.EqualTo(new[] { "assigned", "cancelled" }));
    }

    [Test]
    public async Task Progress_cannot_go_down_unless_a_coordinator_corrects_it()
    {
        var id = await StartedTask();
        await Json(await Report(As("mps.officer"), id, 60), HttpStatusCode.Created);

        var lower = await Report(As("mps.officer"), id, 40);
        await ProblemAssert.HasFieldErrors(lower, "percent");
        var correction = await Json(await Report(As("mps.coordinator"), id, 40, unit: "MPS-A05"), HttpStatusCode.Created);

        Assert.That(correction.GetProperty("isCorrection").GetBoolean(), Is.True);
        Assert.That((await GetJson<JsonElement>(Client, $"/api/v1/tasks/{id}")).GetProperty("progress").GetInt32(), Is.EqualTo(40));
    }

    [Test]
    public async Task A_unit_not_on_the_task_cannot_report()
    {
        var id = await StartedTask();
        var (_, key) = await ProvisionApiKey("MIC", "confidential", "tasks:write");
        var outsider = await Report(As("mps.viewer"), id, 10);
        var future = await Report(As("mps.officer"), id, 10, date: "2099-01-01");

        Assert.That(outsider.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        await ProblemAssert.HasFieldErrors(future, "reportDate");
        var system = await Report(WithApiKey(key), id, 20, unit: "MIC-ATTT");
        Assert.That(system.StatusCode, Is.EqualTo(HttpStatusCode.Created), await system.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task A_stale_if_match_is_a_412_and_changes_nothing()
    {
        var coordinator = As("mps.coordinator");
        var created = await Post(coordinator, "/api/v1/tasks", NewTask());
        var id = (await Json(created, HttpStatusCode.Created)).GetProperty("id").GetInt32();
        var etag = created.Headers.ETag!.Tag;

        var first = await Put(coordinator, $"/api/v1/tasks/{id}", Edit(NewTask(title: "Renamed once")), etag);
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK), await first.Content.ReadAsStringAsync());
        var stale = await Put(coordinator, $"/api/v1/tasks/{id}", Edit(NewTask(title: "Renamed twice")), etag);
        var missing = await Put(coordinator, $"/api/v1/tasks/{id}", Edit(NewTask(title: "Renamed thrice")), null);

        await ProblemAssert.IsProblem(stale, HttpStatusCode.PreconditionFailed);
        await ProblemAssert.IsProblem(missing, HttpStatusCode.PreconditionRequired);
        var task = await GetJson<JsonElement>(coordinator, $"/api/v1/tasks/{id}");
        Assert.That(task.GetProperty("titleEn").GetString(), Is.EqualTo("Renamed once"));
        var history = await GetAllPages(coordinator, $"/api/v1/tasks/{id}/history");
        Assert.That(history.Last().GetProperty("changes").GetProperty("titleEn")[1].GetString(), Is.EqualTo("Renamed once"));
    }

    [Test]
    public async Task The_same_idempotent_create_twice_gives_one_task_and_another_body_is_a_422()
    {
        var coordinator = As("mps.coordinator");
        var key = Guid.NewGuid().ToString();
        var before = (await GetJson<JsonElement>(coordinator, "/api/v1/dashboard?regulationId=1")).GetProperty("counts").GetProperty("total").GetInt32();

        var first = await Json(await Post(coordinator, "/api/v1/tasks", NewTask(title: "Idempotent"), key), HttpStatusCode.Created);
        var second = await Json(await Post(coordinator, "/api/v1/tasks", NewTask(title: "Idempotent"), key), HttpStatusCode.Created);
        var other = await Post(coordinator, "/api/v1/tasks", NewTask(title: "Something else"), key);

        Assert.That(second.GetProperty("id").GetInt32(), Is.EqualTo(first.GetProperty("id").GetInt32()));
        await ProblemAssert.IsProblem(other, HttpStatusCode.UnprocessableEntity);
        var after = (await GetJson<JsonElement>(coordinator, "/api/v1/dashboard?regulationId=1")).GetProperty("counts").GetProperty("total").GetInt32();
        Assert.That(after, Is.EqualTo(before + 1));
    }

    [Test]
    public async Task A_recurring_task_produces_its_occurrences_once()
    {
        var coordinator = As("mps.coordinator");
        var id = (await Json(await Post(coordinator, "/api/v1/tasks", NewTask(kind: "recurring", recurrence: "quarterly")), HttpStatusCode.Created))
            .GetProperty("id").GetInt32();

        var first = await Json(await Post(coordinator, $"/api/v1/tasks/{id}/occurrences", new { planYear = 2027 }), HttpStatusCode.OK);
        var again = await Json(await Post(coordinator, $"/api/v1/tasks/{id}/occurrences", new { planYear = 2027 }), HttpStatusCode.OK);
        var oneOff = (await Json(await Post(coordinator, "/api/v1/tasks", NewTask()), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        var notRecurring = await Post(coordinator, $"/api/v1/tasks/{oneOff}/occurrences", new { planYear = 2027 });

        Assert.That(first.GetProperty("created").EnumerateArray().Select(o => o.GetProperty("dueDate").GetString()),
            Is.EqualTo(new[] { "2027-03-31", "2027-06-30", "2027-09-30", "2027-12-31" }));
        Assert.That(again.GetProperty("created").GetArrayLength(), Is.Zero);
        Assert.That(again.GetProperty("alreadyPresent").GetInt32(), Is.EqualTo(4));
        await ProblemAssert.IsProblem(notRecurring, HttpStatusCode.Conflict);

        // Each occurrence is a one-off copy of the series into the year: its units, citations, contacts and level, titled with its period.
        var series = await GetJson<JsonElement>(coordinator, $"/api/v1/tasks/{id}");
        var first2027 = await GetJson<JsonElement>(coordinator, $"/api/v1/tasks/{first.GetProperty("created")[0].GetProperty("id").GetInt32()}");
        foreach (var kept in new[] { "descriptionVi", "descriptionEn", "citations", "leadUnit", "counterpartUnits", "contacts", "classification", "priority" })
        {
            Assert.That(first2027.GetProperty(kept).GetRawText(), Is.EqualTo(series.GetProperty(kept).GetRawText()), kept);
        }

        Assert.That(first2027.GetProperty("titleEn").GetString(), Is.EqualTo($"{series.GetProperty("titleEn").GetString()} (Q1/2027)"));
        Assert.That(first2027.GetProperty("titleVi").GetString(), Is.EqualTo($"{series.GetProperty("titleVi").GetString()} (Q1/2027)"));
        Assert.That(first2027.GetProperty("kind").GetString(), Is.EqualTo("one_off"));
        Assert.That(first2027.GetProperty("recurrence").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(first2027.GetProperty("seriesTaskId").GetInt32(), Is.EqualTo(id));
        Assert.That(first2027.GetProperty("status").GetString(), Is.EqualTo("draft"), "the series is a draft");
        Assert.That(first2027.GetProperty("progress").GetInt32(), Is.Zero);
        Assert.That(first2027.GetProperty("startDate").GetString(), Is.EqualTo("2027-01-01"));
    }

    private async Task<int> StartedTask()
    {
        var id = (await Json(await Post(As("mps.coordinator"), "/api/v1/tasks", NewTask()), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        await Json(await Transition(As("mps.coordinator"), id, "assigned"), HttpStatusCode.OK);
        await Json(await Transition(As("mps.officer"), id, "in_progress"), HttpStatusCode.OK);
        return id;
    }
}
