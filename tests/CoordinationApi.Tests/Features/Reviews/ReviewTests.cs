using System.Net;
using System.Text.Json;
using System.Net.Http.Json;
using CoordinationApi.Tests.Infrastructure;
using static CoordinationApi.Tests.Features.Tasks.TaskApi;

namespace CoordinationApi.Tests.Features.Reviews;

[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class ReviewTests(string provider) : ApiTest(provider)
{
    [Test]
    public async Task A_review_of_a_year_cannot_be_dated_before_that_year_begins()
    {
        var coordinator = As("mps.coordinator");
        var early = await Post(coordinator, "/api/v1/reviews", new
        {
            regulationId = 1, periodYear = 2031, hostAgencyCode = "MPS", scheduledOn = "2030-12-20", venue = "Hà Nội", reason = "Dated a year early",
        });
        await ProblemAssert.HasFieldErrors(early, "scheduledOn");

        var review = await Json(await Post(coordinator, "/api/v1/reviews", new
        {
            regulationId = 1, periodYear = 2031, hostAgencyCode = "MPS", scheduledOn = (string?)null, venue = "Hà Nội", reason = "A review of 2031",
        }), HttpStatusCode.Created);
        var url = $"/api/v1/reviews/{review.GetProperty("id").GetInt32()}";
        var before = await GetJson<JsonElement>(coordinator, url);
        var scheduled = await Post(coordinator, $"{url}/transitions", new { to = "scheduled", scheduledOn = "2030-12-20", venue = "Hà Nội", chairs = "Both Offices" });
        await ProblemAssert.HasFieldErrors(scheduled, "scheduledOn");
        Assert.That((await GetJson<JsonElement>(coordinator, url)).GetRawText(), Is.EqualTo(before.GetRawText()), "a refused scheduling changes nothing");

        await Json(await Post(coordinator, $"{url}/transitions", new { to = "scheduled", scheduledOn = "2031-12-20", venue = "Hà Nội", chairs = "Both Offices" }),
            HttpStatusCode.OK);
    }

    [Test]
    public async Task Generating_again_changes_nothing()
    {
        var before = await GetJson<JsonElement>(Client, "/api/v1/reviews?regulationId=1");

        var result = await Json(await Post(As("mic.coordinator"), "/api/v1/reviews/generate?regulationId=1", new { }), HttpStatusCode.OK);

        Assert.That(result.GetProperty("created").GetInt32(), Is.Zero);
        Assert.That(result.GetProperty("updated").GetInt32(), Is.Zero);
        var after = await GetJson<JsonElement>(Client, "/api/v1/reviews?regulationId=1");
        Assert.That(after.GetRawText(), Is.EqualTo(before.GetRawText()));
    }

    [Test]
    public async Task Concluding_with_unevaluated_tasks_is_a_409_listing_them_then_the_plan_carries_unfinished_tasks_over()
    {
        var coordinator = As("mps.coordinator");
        var unfinishedTask = await Create(coordinator, NewTask(title: "Unfinished in 2024", planYear: 2024), "assigned");
        var finishedTask = await Create(coordinator, NewTask(title: "Finished in 2024", planYear: 2024), "completed", As("mps.officer"));
        // A review of 2024 held now: the demo's annual review of 2024 is concluded, and its tasks are closed or carried over.
        var review = await ReviewApi.HeldReview(coordinator, 1, 2024);
        var id = review.GetProperty("id").GetInt32();
        var grid = await GetAllPages(coordinator, $"/api/v1/reviews/{id}/evaluations?limit=7");
        var unfinished = grid.Where(e => e.GetProperty("task").GetProperty("status").GetString() is not ("completed" or "cancelled" or "carried_over"))
            .Select(e => e.GetProperty("task").GetProperty("id").GetInt32()).ToList();
        Assert.That(grid.Select(e => e.GetProperty("task").GetProperty("id").GetInt32()), Does.Contain(finishedTask), "every task of the plan year is evaluated");
        var statusBefore = grid.ToDictionary(e => e.GetProperty("task").GetProperty("id").GetInt32(), e => e.GetProperty("task").GetProperty("status").GetString());
        Assert.That(unfinished, Does.Contain(unfinishedTask).And.Not.Contain(finishedTask));

        var early = await Post(coordinator, $"/api/v1/reviews/{id}/transitions", new { to = "concluded" });
        var problem = await ProblemAssert.IsProblem(early, HttpStatusCode.Conflict);
        Assert.That(problem.GetProperty("unevaluated").GetArrayLength(), Is.EqualTo(grid.Count));

        foreach (var entry in grid)
        {
            var taskId = entry.GetProperty("task").GetProperty("id").GetInt32();
            var result = unfinished.Contains(taskId) ? "partly_achieved" : "achieved";
            await Json(await Put(As("mic.coordinator") is var other && entry.GetProperty("task").GetProperty("classification").GetString() is "top-secret" ? coordinator : other,
                $"/api/v1/reviews/{id}/evaluations/{taskId}", new { result, comment = "Evaluated in the test" }, entry.GetProperty("etag").GetString()), HttpStatusCode.OK);
        }

        var concluded = await Json(await Post(coordinator, $"/api/v1/reviews/{id}/transitions", new { to = "concluded" }), HttpStatusCode.OK);
        Assert.That(concluded.GetProperty("status").GetString(), Is.EqualTo("concluded"));
        Assert.That(concluded.GetProperty("adoptedPlanYear").GetInt32(), Is.EqualTo(2025));

        var plan = await GetJson<JsonElement>(coordinator, $"/api/v1/reviews/{id}/plan");
        var carried = plan.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("origin").GetString() == "carried_over").ToList();
        Assert.That(plan.GetProperty("adopted").GetBoolean(), Is.True);
        Assert.That(carried.Select(i => i.GetProperty("sourceTaskId").GetInt32()), Is.EquivalentTo(unfinished));
        foreach (var item in carried)
        {
            var task = await GetJson<JsonElement>(coordinator, $"/api/v1/tasks/{item.GetProperty("task").GetProperty("id").GetInt32()}");
            Assert.That(task.GetProperty("planYear").GetInt32(), Is.EqualTo(2025));
            Assert.That(task.GetProperty("continuesTaskId").GetInt32(), Is.EqualTo(item.GetProperty("sourceTaskId").GetInt32()));
            // The copy into the plan year keeps what the task is and who does it, and takes the year's dates.
            var source = await GetJson<JsonElement>(coordinator, $"/api/v1/tasks/{item.GetProperty("sourceTaskId").GetInt32()}");
            foreach (var kept in new[] { "descriptionVi", "descriptionEn", "citations", "leadUnit", "counterpartUnits", "contacts",
                         "classification", "kind", "recurrence", "priority", "progress" })
            {
                Assert.That(task.GetProperty(kept).GetRawText(), Is.EqualTo(source.GetProperty(kept).GetRawText()), kept);
            }

            var sourceDue = DateOnly.Parse(source.GetProperty("dueDate").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.That(task.GetProperty("startDate").GetString(), Is.EqualTo("2025-01-01"));
            Assert.That(task.GetProperty("dueDate").GetString(),
                Is.EqualTo(new DateOnly(2025, sourceDue.Month, Math.Min(sourceDue.Day, DateTime.DaysInMonth(2025, sourceDue.Month))).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
            // A draft stays a draft; the plan year a title names becomes the new one; the original is closed, linked to its successor.
            var sourceId = item.GetProperty("sourceTaskId").GetInt32();
            Assert.That(task.GetProperty("status").GetString(), Is.EqualTo(statusBefore[sourceId] == "draft" ? "draft" : "assigned"));
            foreach (var title in new[] { "titleVi", "titleEn" })
            {
                Assert.That(task.GetProperty(title).GetString(), Is.EqualTo(source.GetProperty("seriesTaskId").ValueKind == JsonValueKind.Null
                    ? CoordinationApi.Features.Tasks.PlanYearTitles.Carry(source.GetProperty(title).GetString()!, source.GetProperty("planYear").GetInt32(), 2025)
                    : source.GetProperty(title).GetString()), title);
            }

            Assert.That(source.GetProperty("status").GetString(), Is.EqualTo("carried_over"));
            Assert.That(source.GetProperty("carriedOverToTaskId").GetInt32(), Is.EqualTo(task.GetProperty("id").GetInt32()));
            Assert.That(task.GetProperty("seriesTaskId").ValueKind, Is.EqualTo(JsonValueKind.Null));
        }

        var again = await Post(coordinator, $"/api/v1/reviews/{id}/transitions", new { to = "concluded" });
        await ProblemAssert.IsProblem(again, HttpStatusCode.Conflict);
    }

    [Test]
    public async Task Only_the_host_agency_manages_and_illegal_moves_are_409()
    {
        var review = await Review(2026, "annual");
        var id = review.GetProperty("id").GetInt32();

        var notHost = await Post(As("mic.coordinator"), $"/api/v1/reviews/{id}/transitions", new { to = "postponed", reason = "x" });
        var illegal = await Post(As("mps.coordinator"), $"/api/v1/reviews/{id}/transitions", new { to = "concluded" });
        var notYet = await Post(As("mps.coordinator"), $"/api/v1/reviews/{id}/transitions", new { to = "held", attendees = "a", minutes = "m" });
        var noReason = await Post(As("mps.coordinator"), $"/api/v1/reviews/{id}/transitions", new { to = "postponed" });

        await ProblemAssert.IsProblem(notHost, HttpStatusCode.Forbidden);
        var problem = await ProblemAssert.IsProblem(illegal, HttpStatusCode.Conflict);
        Assert.That(problem.GetProperty("allowed").EnumerateArray().Select(a => a.GetString()), Is.EqualTo(new[] { "held", "postponed", "cancelled" }));
        await ProblemAssert.IsProblem(notYet, HttpStatusCode.Conflict);
        await ProblemAssert.HasFieldErrors(noReason, "reason");
        Assert.That((await Review(2026, "annual")).GetProperty("status").GetString(), Is.EqualTo("scheduled"));
    }

    [Test]
    public async Task An_extraordinary_review_can_be_added_and_scheduled()
    {
        var coordinator = As("mic.coordinator");
        var created = await Json(await Post(coordinator, "/api/v1/reviews", new
        {
            regulationId = 1, periodYear = 2026, hostAgencyCode = "MIC", scheduledOn = (string?)null, venue = (string?)null, reason = "Cyber incident follow-up",
        }), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt32();

        var scheduled = await Json(await Post(coordinator, $"/api/v1/reviews/{id}/transitions", new
        {
            to = "scheduled", scheduledOn = "2027-01-20", venue = "18 Nguyễn Du, Hà Nội", chairs = "Thứ trưởng hai Bộ",
        }), HttpStatusCode.OK);
        var otherHost = await Post(coordinator, "/api/v1/reviews", new { regulationId = 1, periodYear = 2026, hostAgencyCode = "MPS", reason = "x" });

        Assert.That(created.GetProperty("kind").GetString(), Is.EqualTo("extraordinary"));
        Assert.That(scheduled.GetProperty("scheduledOn").GetString(), Is.EqualTo("2027-01-20"));
        await ProblemAssert.IsProblem(otherHost, HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task The_ics_feed_parses_and_has_one_event_per_scheduled_review()
    {
        var response = await Client.GetAsync(new Uri("/api/v1/reviews.ics?regulationId=1", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        var reviews = (await GetAllPages(Client, "/api/v1/reviews?regulationId=1"))
            .Where(r => r.GetProperty("scheduledOn").ValueKind != JsonValueKind.Null && r.GetProperty("status").GetString() != "cancelled").ToList();

        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/calendar"));
        var calendar = Ical.Net.Calendar.Load(text)!;
        Assert.That(calendar.Events, Has.Count.EqualTo(reviews.Count));
        Assert.That(calendar.Events.Select(e => e.Uid), Is.Unique);
        var earliest = reviews.MinBy(r => r.GetProperty("scheduledOn").GetString(), StringComparer.Ordinal)!;
        var first = calendar.Events.OrderBy(e => e.DtStart!.Value).First();
        Assert.That(first.DtStart!.Date, Is.EqualTo(DateOnly.Parse(earliest.GetProperty("scheduledOn").GetString()!, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(first.Summary, Does.Contain(earliest.GetProperty("periodYear").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture))
            .And.Contain(earliest.GetProperty("hostAgencyCode").GetString()));
    }

    [Test]
    public async Task A_feed_token_opens_the_feed_and_nothing_else()
    {
        var token = (await Json(await Post(As("mic.viewer"), "/api/v1/auth/feed-token", new { }), HttpStatusCode.OK)).GetProperty("token").GetString();

        var feed = await Anonymous.GetAsync(new Uri($"/api/v1/reviews.ics?agency=MIC&token={token}", UriKind.Relative));
        var elsewhere = await Anonymous.GetAsync(new Uri($"/api/v1/tasks?token={token}", UriKind.Relative));
        var forged = await Anonymous.GetAsync(new Uri("/api/v1/reviews.ics?token=cft_forged", UriKind.Relative));

        Assert.That(feed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var events = Ical.Net.Calendar.Load(await feed.Content.ReadAsStringAsync())!.Events;
        Assert.That(events.Select(e => e.Summary), Is.All.Contains("MIC"));
        await ProblemAssert.IsProblem(elsewhere, HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblem(forged, HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task Reminders_list_reviews_and_due_tasks_within_the_window()
    {
        var coordinator = As("mps.coordinator");
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7));
        var soon = today.AddDays(10);
        var task = await Create(coordinator, NewTask(title: "Due within the window", planYear: soon.Year, start: $"{today:yyyy-MM-dd}", due: $"{soon:yyyy-MM-dd}"));
        var later = await Create(coordinator, NewTask(title: "Due after the window", planYear: today.AddDays(60).Year, start: $"{today:yyyy-MM-dd}", due: $"{today.AddDays(60):yyyy-MM-dd}"));
        var review = (await Json(await Post(coordinator, "/api/v1/reviews", new { regulationId = 1, periodYear = soon.Year, hostAgencyCode = "MPS", reason = "Reminder check" }),
            HttpStatusCode.Created)).GetProperty("id").GetInt32();
        await Json(await Post(coordinator, $"/api/v1/reviews/{review}/transitions", new { to = "scheduled", scheduledOn = $"{soon:yyyy-MM-dd}", venue = "44 Yết Kiêu, Hà Nội", chairs = "Văn phòng" }),
            HttpStatusCode.OK);

        var reminders = await GetAllPages(coordinator, "/api/v1/reminders?days=30&limit=200");

        var listed = reminders.Select(r => (r.GetProperty("kind").GetString(), r.GetProperty("id").GetInt32())).ToList();
        Assert.That(listed, Does.Contain(("review", review)).And.Contain(("task", task)).And.Not.Contain(("task", later)));
        Assert.That(reminders.Select(r => r.GetProperty("date").GetString()), Is.Ordered);
        var bad = await As("mps.coordinator").GetAsync(new Uri("/api/v1/reminders?days=0", UriKind.Relative));
        await ProblemAssert.HasFieldErrors(bad, "days");
    }

    [Test]
    public async Task The_preliminary_summary_covers_five_years_per_article_and_agency()
    {
        await Create(As("mps.coordinator"), NewTask(title: "Summarised, led by MPS", planYear: 2024));
        await Create(As("mic.coordinator"), NewTask(title: "Summarised, led by MIC", lead: "MIC-ATTT", counterparts: ["MPS-A05"], planYear: 2025));
        var summary = await GetJson<JsonElement>(As("mps.coordinator"), "/api/v1/reviews/summary?regulationId=1");

        Assert.That(summary.GetProperty("years").EnumerateArray().Select(y => y.GetInt32()), Is.EqualTo(new[] { 2022, 2023, 2024, 2025, 2026 }));
        var text = await GetJson<JsonElement>(As("mps.coordinator"), "/api/v1/regulations/1/versions/1/text");
        var articles = text.GetProperty("chapters").EnumerateArray().Sum(c => c.GetProperty("children").GetArrayLength());
        Assert.That(summary.GetProperty("articles").GetArrayLength(), Is.EqualTo(articles), "every article of the text");
        Assert.That(summary.GetProperty("agencies").EnumerateArray().Select(a => a.GetProperty("code").GetString()), Is.EquivalentTo(new[] { "MIC", "MPS" }));
        var rate = summary.GetProperty("agencies")[0].GetProperty("total").GetProperty("rate").GetDouble();
        Assert.That(rate, Is.InRange(0, 1));
    }

    [Test]
    public async Task Recognitions_come_in_pages_none_repeated_none_missed()
    {
        var award = $"Certificate {Marker("Lark")}";
        for (var i = 0; i < 6; i++)
        {
            var response = await As("mic.coordinator").PostAsJsonAsync(new Uri("/api/v1/recognitions", UriKind.Relative), new
            {
                awardVi = "Bằng khen", awardEn = $"{award} {i}", recipientUnitCode = "MPS-A05", awardedOn = "2026-11-01",
                occasionVi = "Tổng kết năm", occasionEn = "Annual review", regulationId = 1,
            });
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        }

        var all = await GetAllPages(Client, "/api/v1/recognitions?limit=5");
        var onePage = await GetJson<JsonElement>(Client, "/api/v1/recognitions?limit=200");

        var everyId = onePage.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetInt32()).ToList();
        Assert.That(onePage.GetProperty("nextCursor").ValueKind, Is.EqualTo(JsonValueKind.Null), "one page of 200 holds them all");
        Assert.That(all.Count(r => r.GetProperty("awardEn").GetString()!.StartsWith(award, StringComparison.Ordinal)), Is.EqualTo(6));
        Assert.That(all.Select(r => r.GetProperty("id").GetInt32()), Is.Unique.And.EquivalentTo(everyId), "pages of at most 5, none repeated, none missed");
    }

    [TestCase(999_999)]
    [TestCase(int.MaxValue)]
    public async Task A_recognition_of_a_regulation_that_does_not_exist_is_a_field_error_and_stores_nothing(int regulationId)
    {
        var before = await Scalar("SELECT COUNT(*) FROM recognitions");
        var response = await As("mps.coordinator").PostAsJsonAsync(new Uri("/api/v1/recognitions", UriKind.Relative), new
        {
            awardVi = "Bằng khen", awardEn = "Certificate", recipientUnitCode = "MIC-ATTT", awardedOn = "2026-11-01",
            occasionVi = "Tổng kết", occasionEn = "Review", regulationId,
        });

        await ProblemAssert.HasFieldErrors(response, "regulationId");
        Assert.That(await Scalar("SELECT COUNT(*) FROM recognitions"), Is.EqualTo(before));
    }

    private async Task<JsonElement> Review(int year, string kind) =>
        (await GetAllPages(Client, $"/api/v1/reviews?regulationId=1&year={year}"))
        .Single(r => r.GetProperty("kind").GetString() == kind);
}
