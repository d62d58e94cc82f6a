using System.Globalization;
using System.Net;
using System.Text.Json;
using CoordinationApi.Tests.Infrastructure;
using static CoordinationApi.Tests.Features.Tasks.TaskApi;

namespace CoordinationApi.Tests.Features.Contract;

/// <summary>
/// <c>updatedSince</c> on tasks, progress reports, reviews and evaluations: what changed since an instant, in the order of
/// the changes, paged without losing records changed at the same instant, resumable, and never above the caller's clearance.
/// </summary>
[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class ChangeFeedTests(string provider) : ApiTest(provider)
{
    [Test]
    public async Task A_changed_task_comes_back_alone_and_a_client_resumes_after_it()
    {
        var coordinator = As("mps.coordinator");
        var marker = Marker("Feed");
        var ids = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await Create(coordinator, NewTask(title: $"{marker} {i}", planYear: 2033)));
        }

        var since = After(await GetJson<JsonElement>(coordinator, $"/api/v1/tasks/{ids[2]}"));
        await Json(await Transition(coordinator, ids[1], "assigned"), HttpStatusCode.OK);

        var changed = await Feed(coordinator, $"/api/v1/tasks?regulationId=1&planYear=2033&updatedSince={since}");
        Assert.That(changed.Select(Id), Is.EqualTo(new[] { ids[1] }), "only the task changed since");

        // Resume: the updatedAt of the last task received; two more changes, in this order.
        var resumeAt = Instant(changed[^1]);
        await Json(await Transition(coordinator, ids[2], "assigned"), HttpStatusCode.OK);
        await Json(await Transition(coordinator, ids[0], "assigned"), HttpStatusCode.OK);
        var next = await Feed(coordinator, $"/api/v1/tasks?regulationId=1&planYear=2033&updatedSince={resumeAt}", limit: 1);

        Assert.That(next.Select(Id), Is.EqualTo(new[] { ids[1], ids[2], ids[0] }), "inclusive of the resume instant, then in the order of the changes");
        Assert.That(next.Select(t => t.GetProperty("updatedAt").GetDateTimeOffset()), Is.Ordered);
    }

    [Test]
    public async Task Tasks_changed_at_the_same_instant_are_not_lost_between_pages()
    {
        var coordinator = As("mps.coordinator");
        var series = await Create(coordinator, NewTask(title: Marker("Series"), kind: "recurring", recurrence: "quarterly", planYear: 2034));
        var since = After(await GetJson<JsonElement>(coordinator, $"/api/v1/tasks/{series}"));
        var created = await Json(await Post(coordinator, $"/api/v1/tasks/{series}/occurrences", new { planYear = 2035 }), HttpStatusCode.OK);
        var occurrences = created.GetProperty("created").EnumerateArray().Select(o => o.GetProperty("id").GetInt32()).ToList();

        var feed = await Feed(coordinator, $"/api/v1/tasks?planYear=2035&updatedSince={since}", limit: 1);
        var stamps = await Task.WhenAll(occurrences.Select(async id => (await GetJson<JsonElement>(coordinator, $"/api/v1/tasks/{id}")).GetProperty("updatedAt").GetString()));

        Assert.That(occurrences, Has.Count.EqualTo(4));
        Assert.That(stamps.Distinct().Count(), Is.EqualTo(1), "one write stamps the four occurrences with one instant");
        Assert.That(feed.Select(Id), Is.EqualTo(occurrences.Order()), "each page of one ends between two tasks of the same instant: all four come, by id");
    }

    [Test]
    public async Task Reviews_scheduled_at_the_same_instant_are_not_lost_between_pages()
    {
        var coordinator = As("mps.coordinator");
        var code = Marker("QC-SYNC-").ToUpperInvariant();
        var regulation = await Json(await Post(coordinator, "/api/v1/regulations", new
        {
            code, titleVi = $"Quy chế {code}", titleEn = $"Regulation {code}", signedOn = "2020-06-01",
            signedAt = "Hà Nội", status = "in_force", signatories = Array.Empty<string>(),
            parties = new[] { new { agencyCode = "MPS", standingUnitCode = "MPS-VP" }, new { agencyCode = "MIC", standingUnitCode = "MIC-VP" } },
            reviewPolicy = new { annualRotating = true, firstHostAgencyCode = "MPS", reviewMonth = 12, preliminaryAfterYears = 3, note = (string?)null },
        }), HttpStatusCode.Created);
        var id = regulation.GetProperty("id").GetInt32();
        await Json(await Post(coordinator, $"/api/v1/reviews/generate?regulationId={id}", new { }), HttpStatusCode.OK);

        var schedule = await GetAllPages(coordinator, $"/api/v1/reviews?regulationId={id}&limit=200");
        var feed = await Feed(coordinator, $"/api/v1/reviews?regulationId={id}&updatedSince=2000-01-01T00:00:00Z", limit: 1);

        Assert.That(schedule, Has.Count.GreaterThanOrEqualTo(3), "one write schedules the reviews of every year since the signature");
        Assert.That(schedule.Select(r => r.GetProperty("updatedAt").GetString()).Distinct().Count(), Is.EqualTo(1), "all at one instant");
        Assert.That(feed.Select(Id), Is.EqualTo(schedule.Select(Id).Order()), "each page of one ends between two reviews of the same instant: all come, by id");
    }

    [Test]
    public async Task A_task_above_the_callers_clearance_never_appears()
    {
        var coordinator = As("mps.coordinator");
        var open = await Create(coordinator, NewTask(title: Marker("Open"), planYear: 2036));
        var since = After(await GetJson<JsonElement>(coordinator, $"/api/v1/tasks/{open}"));
        var secret = await Create(coordinator, NewTask(title: Marker("Hidden"), classification: "secret", planYear: 2036));
        await Json(await Transition(coordinator, open, "assigned"), HttpStatusCode.OK);

        var viewer = await Feed(As("mps.viewer"), $"/api/v1/tasks?updatedSince={since}");
        var cleared = await Feed(coordinator, $"/api/v1/tasks?updatedSince={since}");

        Assert.That(cleared.Select(Id), Is.EquivalentTo(new[] { open, secret }), () => $"since {since}: " + string.Join(", ", cleared.Select(c => $"{Id(c)} {c.GetProperty("updatedAt")} {c.GetProperty("planYear")}")));
        Assert.That(viewer.Select(Id), Is.EqualTo(new[] { open }));
    }

    [Test]
    public async Task Reports_reviews_and_evaluations_changed_since_come_back()
    {
        var coordinator = As("mps.coordinator");
        var officer = As("mps.officer");
        var task = await Create(coordinator, NewTask(title: Marker("Synced"), planYear: 2037, start: "2026-01-10"), "in_progress", officer);
        var review = await Json(await Post(coordinator, "/api/v1/reviews", new { regulationId = 1, periodYear = 2037, hostAgencyCode = "MPS", reason = "Sync check" }),
            HttpStatusCode.Created);
        var reviewId = review.GetProperty("id").GetInt32();
        var first = await Json(await Report(officer, task, 20, "2026-03-01"), HttpStatusCode.Created);
        var since = After(first, "createdAt");

        var second = await Json(await Report(officer, task, 40, "2026-02-01"), HttpStatusCode.Created);
        var evaluated = await Json(await Put(coordinator, $"/api/v1/reviews/{reviewId}/evaluations/{task}", new { result = "achieved", comment = "done" },
            await CoordinationApi.Tests.Features.Reviews.ReviewApi.EvaluationETag(coordinator, reviewId, task)),
            HttpStatusCode.OK);

        var reports = await Feed(coordinator, $"/api/v1/tasks/{task}/reports?updatedSince={since}");
        var reviews = await Feed(coordinator, $"/api/v1/reviews?regulationId=1&updatedSince={since}");
        var evaluations = await Feed(coordinator, $"/api/v1/reviews/{reviewId}/evaluations?updatedSince={since}");
        var noEvaluationsLater = await Feed(coordinator, $"/api/v1/reviews/{reviewId}/evaluations?updatedSince={After(evaluated, "evaluatedAt")}");

        Assert.Multiple(() =>
        {
            Assert.That(reports.Select(Id), Is.EqualTo(new[] { second.GetProperty("id").GetInt32() }), "the report written since, though dated earlier");
            Assert.That(reviews.Select(Id), Is.EqualTo(new[] { reviewId }), "recording an evaluation changes its review");
            Assert.That(evaluations.Select(e => e.GetProperty("task").GetProperty("id").GetInt32()), Is.EqualTo(new[] { task }));
            Assert.That(evaluations.Single().GetProperty("result").GetString(), Is.EqualTo("achieved"));
            Assert.That(noEvaluationsLater, Is.Empty);
        });
    }

    [TestCase("/api/v1/tasks")]
    [TestCase("/api/v1/reviews")]
    [TestCase("/api/v1/tasks/1/reports")]
    [TestCase("/api/v1/reviews/1/evaluations")]
    public async Task A_bad_updatedSince_is_a_field_error(string url)
    {
        foreach (var bad in new[] { "yesterday", "2026-13-01T00:00:00Z", "1800-01-01T00:00:00Z", "2026-02-30T10:00:00Z" })
        {
            var response = await As("mps.coordinator").GetAsync(new Uri($"{url}?updatedSince={Uri.EscapeDataString(bad)}", UriKind.Relative));
            await ProblemAssert.HasFieldErrors(response, "updatedSince");
        }
    }

    [Test]
    public async Task The_change_order_is_the_only_order_of_the_task_feed()
    {
        var response = await As("mps.coordinator").GetAsync(new Uri("/api/v1/tasks?updatedSince=2026-01-01T00:00:00Z&sort=due", UriKind.Relative));
        await ProblemAssert.HasFieldErrors(response, "sort");
        var changeOrder = await As("mps.coordinator").GetAsync(new Uri("/api/v1/tasks?updatedSince=2026-01-01T00:00:00Z&sort=updated&limit=1", UriKind.Relative));
        Assert.That(changeOrder.StatusCode, Is.EqualTo(HttpStatusCode.OK), await changeOrder.Content.ReadAsStringAsync());
    }

    private static int Id(JsonElement item) => item.GetProperty("id").GetInt32();

    private static string Instant(JsonElement item, string property = "updatedAt") =>
        Uri.EscapeDataString(item.GetProperty(property).GetDateTimeOffset().ToString("O", CultureInfo.InvariantCulture));

    /// <summary>An instant just after the record's change time (one tick): the feed from there holds only later changes.</summary>
    private static string After(JsonElement item, string property = "updatedAt") =>
        Uri.EscapeDataString(item.GetProperty(property).GetDateTimeOffset().AddTicks(1).ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));

    /// <summary>Every item of a feed, a page of <paramref name="limit"/> at a time, asserting no item comes twice.</summary>
    private async Task<List<JsonElement>> Feed(HttpClient client, string url, int limit = 50)
    {
        var items = await GetAllPages(client, $"{url}&limit={limit}");
        Assert.That(items.Select(i => i.GetRawText()), Is.Unique, url);
        return items;
    }
}
