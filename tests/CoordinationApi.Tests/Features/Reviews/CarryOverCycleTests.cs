using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using CoordinationApi.Tests.Features.RegulationText;
using CoordinationApi.Tests.Infrastructure;
using TaskApi = CoordinationApi.Tests.Features.Tasks.TaskApi;

namespace CoordinationApi.Tests.Features.Reviews;

/// <summary>
/// The yearly cycle (issue 18) on a regulation the test makes: two successive reviews concluded, then every count — the
/// dashboard's totals, overdue and statuses, the task list, the export and search — sees each piece of work once.
/// </summary>
[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class CarryOverCycleTests(string provider) : RegulationTextTest(provider)
{
    private const string Marker = "Zyxcycle";

    [Test]
    public async Task Two_successive_reviews_leave_every_count_equal_to_the_distinct_pieces_of_work()
    {
        var coordinator = As("mps.coordinator");
        var officer = As("mps.officer");
        var regulationId = await NewRegulation(coordinator, "QC-CYCLE");

        // 2023: left open and overdue; no review of 2023 is ever held, so the review of 2024 must take it up.
        var overdue2023 = await TaskApi.Create(coordinator, Task(regulationId, $"{Marker} overdue 2023", 2023), "assigned");
        // 2024: unfinished, finished, a draft, and a quarterly series with its occurrences of 2024 and (already) 2025.
        var unfinished = await TaskApi.Create(coordinator, Task(regulationId, $"{Marker} joint check 2024", 2024), "assigned");
        var finished = await TaskApi.Create(coordinator, Task(regulationId, $"{Marker} finished 2024", 2024), "completed", officer);
        var draft = await TaskApi.Create(coordinator, Task(regulationId, $"{Marker} draft plan 2024", 2024));
        var series = await TaskApi.Create(coordinator, Task(regulationId, $"{Marker} quarterly report 2024", 2024, "recurring", "quarterly"), "assigned");
        foreach (var year in new[] { 2024, 2025 })
        {
            var made = await TaskApi.Json(await TaskApi.Post(coordinator, $"/api/v1/tasks/{series}/occurrences", new { planYear = year }), HttpStatusCode.OK);
            Assert.That(made.GetProperty("created").GetArrayLength(), Is.EqualTo(4));
        }

        var pieces = 1 + 4 + 8;
        await AssertEachPieceCountedOnce(regulationId, pieces);

        // The review of 2024 evaluates the overdue task of 2023 too, and carries every unfinished task over into 2025.
        var beforeConclusion = DateTimeOffset.UtcNow.AddSeconds(-1).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        var grid2024 = await ConcludeReview(coordinator, regulationId, 2024);
        Assert.That(grid2024, Does.Contain(overdue2023).And.Contain(finished).And.Contain(unfinished).And.Contain(draft).And.Contain(series));
        Assert.That(grid2024, Has.Count.EqualTo(9), "2023's overdue task, four tasks of 2024 and the four occurrences of 2024");
        await AssertEachPieceCountedOnce(regulationId, pieces);

        // The original is closed as carried over, not overdue, and linked to its successor both ways.
        var original = await GetJson<JsonElement>(coordinator, $"/api/v1/tasks/{unfinished}");
        Assert.That(original.GetProperty("status").GetString(), Is.EqualTo("carried_over"));
        Assert.That(original.GetProperty("overdue").GetBoolean(), Is.False);
        Assert.That(original.GetProperty("allowedTransitions").GetArrayLength(), Is.Zero);
        Assert.That(original.GetProperty("mayEdit").GetBoolean() || original.GetProperty("mayReport").GetBoolean(), Is.False, "a closed original offers no edit or report");
        await ProblemAssert.IsProblem(await TaskApi.Put(coordinator, $"/api/v1/tasks/{unfinished}", Task(regulationId, "An edit of a closed task", 2024), "\"999\""),
            HttpStatusCode.Conflict);
        var successorId = original.GetProperty("carriedOverToTaskId").GetInt32();
        var successor = await GetJson<JsonElement>(coordinator, $"/api/v1/tasks/{successorId}");
        Assert.That(successor.GetProperty("continuesTaskId").GetInt32(), Is.EqualTo(unfinished));
        Assert.That(successor.GetProperty("titleEn").GetString(), Is.EqualTo($"{Marker} joint check 2025"), "the plan year in the title is the new one");
        Assert.That(successor.GetProperty("titleVi").GetString(), Is.EqualTo($"{Marker} kiểm tra năm 2025"));
        // A synchronising client hears of the carry-over: the closed originals are changes of the task feed.
        var feed = await GetAllPages(coordinator, $"/api/v1/tasks?regulationId={regulationId}&updatedSince={beforeConclusion}&limit=200");
        Assert.That(feed.Where(t => t.GetProperty("status").GetString() == "carried_over").Select(t => t.GetProperty("id").GetInt32()),
            Does.Contain(unfinished).And.Contain(overdue2023), "the task feed announces the originals closed as carried_over");
        var overdueSuccessor = await GetJson<JsonElement>(coordinator, $"/api/v1/tasks/{(await GetJson<JsonElement>(coordinator, $"/api/v1/tasks/{overdue2023}")).GetProperty("carriedOverToTaskId").GetInt32()}");
        Assert.That(overdueSuccessor.GetProperty("planYear").GetInt32(), Is.EqualTo(2025));
        Assert.That(overdueSuccessor.GetProperty("titleEn").GetString(), Is.EqualTo($"{Marker} overdue 2025"), "the plan year it had becomes the new one");
        var finishedTask = await GetJson<JsonElement>(coordinator, $"/api/v1/tasks/{finished}");
        Assert.That(finishedTask.GetProperty("status").GetString(), Is.EqualTo("completed"));
        Assert.That(finishedTask.GetProperty("carriedOverToTaskId").ValueKind, Is.EqualTo(JsonValueKind.Null));

        // A draft stays a draft.
        var draftSuccessor = await GetJson<JsonElement>(coordinator,
            $"/api/v1/tasks/{(await GetJson<JsonElement>(coordinator, $"/api/v1/tasks/{draft}")).GetProperty("carriedOverToTaskId").GetInt32()}");
        Assert.That(draftSuccessor.GetProperty("status").GetString(), Is.EqualTo("draft"));

        // The series goes on with its successor, which owns 2025's occurrences: generating them again makes none.
        var seriesSuccessor = (await GetJson<JsonElement>(coordinator, $"/api/v1/tasks/{series}")).GetProperty("carriedOverToTaskId").GetInt32();
        var again = await TaskApi.Json(await TaskApi.Post(coordinator, $"/api/v1/tasks/{seriesSuccessor}/occurrences", new { planYear = 2025 }), HttpStatusCode.OK);
        Assert.That(again.GetProperty("created").GetArrayLength(), Is.Zero);
        Assert.That(again.GetProperty("alreadyPresent").GetInt32(), Is.EqualTo(4));
        // Nor for a year its carried-over original already covered.
        var earlier = await TaskApi.Json(await TaskApi.Post(coordinator, $"/api/v1/tasks/{seriesSuccessor}/occurrences", new { planYear = 2024 }), HttpStatusCode.OK);
        Assert.That(earlier.GetProperty("created").GetArrayLength(), Is.Zero);
        await ProblemAssert.IsProblem(await TaskApi.Post(coordinator, $"/api/v1/tasks/{series}/occurrences", new { planYear = 2026 }), HttpStatusCode.Conflict);

        // The review of 2025 carries the 12 open tasks of 2025 into 2026; the series' successor produces 2026's four.
        var grid2025 = await ConcludeReview(coordinator, regulationId, 2025);
        Assert.That(grid2025, Has.Count.EqualTo(12));
        Assert.That(grid2025, Does.Not.Contain(unfinished), "a task carried over is not evaluated again");
        pieces += 4;
        await AssertEachPieceCountedOnce(regulationId, pieces);

        var tasks2025 = await GetAllPages(coordinator, $"/api/v1/tasks?regulationId={regulationId}&planYear=2025&status=carried_over&limit=200");
        Assert.That(tasks2025.Count(t => t.GetProperty("titleEn").GetString()!.EndsWith("/2025)", StringComparison.Ordinal)), Is.EqualTo(4),
            "one occurrence per quarter of 2025, not eight");
    }

    [Test]
    public async Task Dashboard_coverage_is_the_coverage_endpoints_after_an_amendment()
    {
        var coordinator = As("mps.coordinator");
        var regulationId = await NewRegulation(coordinator, "QC-COVER");
        await TaskApi.Create(coordinator, Task(regulationId, $"{Marker} covers article one", 2024), "assigned");

        // Version 2 amends the text; the task still cites version 1's article, whose id is stable.
        var versions = $"/api/v1/regulations/{regulationId}/versions";
        await Json(await Send(coordinator, HttpMethod.Post, versions), HttpStatusCode.Created);
        var (_, etag) = await GetWithETag(coordinator, $"{versions}/2");
        await Json(await Send(coordinator, HttpMethod.Post, $"{versions}/2/publish", new { effectiveFrom = "2025-01-01" }, etag), HttpStatusCode.OK);

        var endpoint = await GetJson<JsonElement>(coordinator, $"{versions}/2/coverage");
        var dashboard = await GetJson<JsonElement>(coordinator, $"/api/v1/dashboard?regulationId={regulationId}");
        var coverage = dashboard.GetProperty("coverage").EnumerateArray().ToList();
        Assert.That(coverage, Has.Count.EqualTo(endpoint.GetProperty("articles").GetInt32()));
        Assert.That(coverage.Count(a => a.GetProperty("cited").GetBoolean()), Is.EqualTo(endpoint.GetProperty("citedArticles").GetInt32()));
        Assert.That(endpoint.GetProperty("citedArticles").GetInt32(), Is.EqualTo(1));

        // Filtered to a plan year without tasks, nothing is covered, and nothing is counted.
        var empty = await GetJson<JsonElement>(coordinator, $"/api/v1/dashboard?regulationId={regulationId}&planYear=2031");
        Assert.That(empty.GetProperty("coverage").EnumerateArray().Count(a => a.GetProperty("cited").GetBoolean()), Is.Zero);
        Assert.That(empty.GetProperty("counts").GetProperty("total").GetInt32(), Is.Zero);
    }

    [Test]
    public async Task A_dashboard_of_a_regulation_that_does_not_exist_for_the_caller_is_a_404()
    {
        await ProblemAssert.IsProblem(await As("mps.viewer").GetAsync(new Uri("/api/v1/dashboard?regulationId=999999", UriKind.Relative)), HttpStatusCode.NotFound);
        var withoutMps = await AddRegulationWithoutMps("QC-MIC-MOF-DASH");
        await ProblemAssert.IsProblem(await As("mps.viewer").GetAsync(new Uri($"/api/v1/dashboard?regulationId={withoutMps}", UriKind.Relative)), HttpStatusCode.NotFound);
        var ok = await As("mic.viewer").GetAsync(new Uri($"/api/v1/dashboard?regulationId={withoutMps}", UriKind.Relative));
        Assert.That(ok.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await ProblemAssert.HasFieldErrors(await As("mps.viewer").GetAsync(new Uri("/api/v1/dashboard?planYear=1999", UriKind.Relative)), "planYear");
    }

    /// <summary>
    /// Every count over the regulation's tasks equals <paramref name="pieces"/>: the dashboard (in total, by status, per plan
    /// year), the task list, the task export and search; no title (so no occurrence's period) appears twice; overdue agrees.
    /// </summary>
    private async Task AssertEachPieceCountedOnce(int regulationId, int pieces)
    {
        var coordinator = As("mps.coordinator");
        var list = await GetAllPages(coordinator, $"/api/v1/tasks?regulationId={regulationId}&limit=200");
        Assert.That(list, Has.Count.EqualTo(pieces), "task list");
        Assert.That(list.Select(t => t.GetProperty("status").GetString()), Has.None.EqualTo("carried_over"));
        Assert.That(list.Select(t => t.GetProperty("titleEn").GetString()), Is.Unique, "no piece of work, no occurrence, twice");

        var dashboard = await GetJson<JsonElement>(coordinator, $"/api/v1/dashboard?regulationId={regulationId}");
        var counts = dashboard.GetProperty("counts");
        Assert.That(counts.GetProperty("total").GetInt32(), Is.EqualTo(pieces), "dashboard total");
        Assert.That(new[] { "draft", "assigned", "inProgress", "completed", "cancelled" }.Sum(s => counts.GetProperty(s).GetInt32()), Is.EqualTo(pieces),
            "dashboard by status");
        var overdue = await GetAllPages(coordinator, $"/api/v1/tasks?regulationId={regulationId}&status=overdue&limit=200");
        Assert.That(counts.GetProperty("overdue").GetInt32(), Is.EqualTo(overdue.Count), "dashboard overdue");
        Assert.That(overdue.Count, Is.EqualTo(list.Count(t => t.GetProperty("overdue").GetBoolean())));
        var byYear = 0;
        foreach (var year in list.Select(t => t.GetProperty("planYear").GetInt32()).Distinct())
        {
            var ofYear = await GetJson<JsonElement>(coordinator, $"/api/v1/dashboard?regulationId={regulationId}&planYear={year}");
            var total = ofYear.GetProperty("counts").GetProperty("total").GetInt32();
            Assert.That(total, Is.EqualTo(list.Count(t => t.GetProperty("planYear").GetInt32() == year)), $"dashboard of plan year {year}");
            byYear += total;
        }

        Assert.That(byYear, Is.EqualTo(pieces), "dashboard per plan year");

        var export = await coordinator.GetAsync(new Uri($"/api/v1/exports/tasks?format=json&regulationId={regulationId}", UriKind.Relative));
        Assert.That(export.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var rows = JsonDocument.Parse(await export.Content.ReadAsStringAsync()).RootElement;
        Assert.That(rows.GetArrayLength(), Is.EqualTo(pieces), "export rows");

        var hits = await GetAllPages(coordinator, $"/api/v1/search?q={Marker}&regulationId={regulationId}&limit=50");
        Assert.That(hits.Count(h => h.GetProperty("kind").GetString() == "task"), Is.EqualTo(pieces), "search");
    }

    /// <summary>An extraordinary review of the year, hosted by MPS: scheduled, held, every task of its scope evaluated, concluded.</summary>
    private async Task<List<int>> ConcludeReview(HttpClient coordinator, int regulationId, int year)
    {
        var review = await TaskApi.Json(await TaskApi.Post(coordinator, "/api/v1/reviews", new
        {
            regulationId, periodYear = year, hostAgencyCode = "MPS", scheduledOn = $"{year}-12-15", venue = "Hà Nội", reason = "The test's review",
        }), HttpStatusCode.Created);
        var id = review.GetProperty("id").GetInt32();
        var transitions = $"/api/v1/reviews/{id}/transitions";
        await TaskApi.Json(await TaskApi.Post(coordinator, transitions, new { to = "scheduled", scheduledOn = $"{year}-12-15", venue = "Hà Nội", chairs = "Both Offices" }), HttpStatusCode.OK);
        await TaskApi.Json(await TaskApi.Post(coordinator, transitions, new { to = "held", attendees = "Both Offices", minutes = "Reviewed." }), HttpStatusCode.OK);
        var rows = (await GetAllPages(coordinator, $"/api/v1/reviews/{id}/evaluations?limit=200"))
            .Select(e => (Id: e.GetProperty("task").GetProperty("id").GetInt32(), ETag: e.GetProperty("etag").GetString())).ToList();
        var grid = rows.Select(r => r.Id).ToList();
        foreach (var (taskId, etag) in rows)
        {
            await TaskApi.Json(await TaskApi.Put(coordinator, $"/api/v1/reviews/{id}/evaluations/{taskId}", new { result = "partly_achieved", comment = "Carried on" }, etag), HttpStatusCode.OK);
        }

        await TaskApi.Json(await TaskApi.Post(coordinator, transitions, new { to = "concluded" }), HttpStatusCode.OK);
        // The concluded review keeps every task it evaluated, the ones it carried over included.
        var after = (await GetAllPages(coordinator, $"/api/v1/reviews/{id}/evaluations?limit=200")).Select(e => e.GetProperty("task").GetProperty("id").GetInt32());
        Assert.That(after, Is.EquivalentTo(grid));
        // The evaluations feed holds every evaluation the review recorded, earlier years' tasks included.
        var feed = (await GetAllPages(coordinator, $"/api/v1/reviews/{id}/evaluations?updatedSince=2000-01-01T00:00:00Z&limit=200"))
            .Select(e => e.GetProperty("task").GetProperty("id").GetInt32());
        Assert.That(feed, Is.EquivalentTo(grid), "the evaluations feed loses none of the review's evaluations");
        return grid;
    }

    private async Task<int> NewRegulation(HttpClient coordinator, string code)
    {
        var response = await Send(coordinator, HttpMethod.Post, "/api/v1/regulations", Regulation(code, ("MPS", "MPS-VP"), ("MIC", "MIC-VP")));
        var id = (await Json(response, HttpStatusCode.Created)).GetProperty("id").GetInt32();
        await PublishSingleArticle(coordinator, id, "Điều một", "Nội dung điều một", "Article one's text");
        return id;
    }

    private static JsonObject Task(int regulationId, string title, int planYear, string kind = "one_off", string? recurrence = null)
    {
        var body = JsonSerializer.SerializeToNode(TaskApi.NewTask(title: title, kind: kind, recurrence: recurrence, planYear: planYear, cite: "chp_1__art_1"))!.AsObject();
        body["regulationId"] = regulationId;
        body["titleVi"] = title.Replace(" joint check ", " kiểm tra năm ", StringComparison.Ordinal);
        return body;
    }
}

/// <summary>The rule for a carried-over title's year, on its own.</summary>
public sealed class PlanYearTitleTests
{
    [TestCase("Kiểm tra năm 2024", "Kiểm tra năm 2025")]
    [TestCase("Plan 2024: joint drills", "Plan 2025: joint drills")]
    [TestCase("Báo cáo (2024)", "Báo cáo (2025)")]
    [TestCase("Hỗ trợ điều tra chuyên án CN-02/2024", "Hỗ trợ điều tra chuyên án CN-02/2024")]
    [TestCase("Báo cáo quý (Q3/2024)", "Báo cáo quý (Q3/2024)")]
    [TestCase("Tổng kết 2023", "Tổng kết 2023")]
    [TestCase("Mã 20245", "Mã 20245")]
    public void The_plan_year_a_title_names_becomes_the_new_one_and_nothing_else_changes(string title, string carried) =>
        Assert.That(CoordinationApi.Features.Tasks.PlanYearTitles.Carry(title, 2024, 2025), Is.EqualTo(carried));
}
