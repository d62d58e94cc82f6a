using System.Net;
using System.Text.Json;
using CoordinationApi.Tests.Infrastructure;

namespace CoordinationApi.Tests.Features.Demo;

/// <summary>
/// The demo's five-year history: the annual reviews of 2022–2025 held, evaluated and concluded through the product's own
/// conclusion, so the demo regulation's numbers agree everywhere. Every count (dashboard, reviews summary, task list per
/// status, exports) is the number of distinct pieces of work the seed holds (database/seed/demo-tasks.json), no plan year
/// holds an occurrence twice, and each concluded review's carried-over originals point to their successors in the next year.
/// </summary>
[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class DemoHistoryTests(string provider) : ApiTest(provider)
{
    private static readonly string[] Statuses = ["draft", "assigned", "in_progress", "completed", "cancelled"];

    /// <summary>The pieces of work of the demo: its seeded tasks (a conclusion carries work over, it adds none).</summary>
    private static int SeededPieces()
    {
        using var seed = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "database", "seed", "demo-tasks.json")));
        return seed.RootElement.GetProperty("tasks").GetArrayLength();
    }

    private async Task<List<JsonElement>> AnnualReviews(HttpClient client) =>
        [.. (await GetAllPages(client, "/api/v1/reviews?regulationId=1&limit=50")).Where(r => r.GetProperty("kind").GetString() == "annual")];

    [Test]
    public async Task The_reviews_of_2022_to_2025_are_concluded_with_every_task_evaluated_plausibly()
    {
        var coordinator = As("mps.coordinator");
        var reviews = await AnnualReviews(coordinator);
        var results = new List<string>();
        var comments = new List<string>();
        foreach (var review in reviews)
        {
            var year = review.GetProperty("periodYear").GetInt32();
            Assert.That(review.GetProperty("status").GetString(), Is.EqualTo(year < 2026 ? "concluded" : "scheduled"), $"{year}");
            if (year >= 2026)
            {
                continue;
            }

            Assert.That(review.GetProperty("adoptedPlanYear").GetInt32(), Is.EqualTo(year + 1));
            var grid = await GetAllPages(coordinator, $"/api/v1/reviews/{review.GetProperty("id").GetInt32()}/evaluations?limit=200");
            Assert.That(grid, Is.Not.Empty);
            Assert.That(grid.Select(e => e.GetProperty("result").ValueKind), Is.All.EqualTo(JsonValueKind.String), $"every task of {year} evaluated");
            Assert.That(grid.Select(e => e.GetProperty("evaluatedAt").GetDateTimeOffset().Year), Is.All.EqualTo(year), "evaluated at the review, not at seeding");
            results.AddRange(grid.Select(e => e.GetProperty("result").GetString()!));
            comments.AddRange(grid.Select(e => e.GetProperty("comment").GetString()!));
        }

        Assert.That(results.Distinct(), Is.SupersetOf(new[] { "achieved", "partly_achieved", "not_achieved", "not_applicable" }), "varied results");
        Assert.That(comments, Has.All.Match("[ạảấầẩậắằẳặẹẻẽếềểệịọỏốồổộớờởợụủứừửựỳỵỷỹđ]").And.All.Match("[A-Za-z]+ [a-z]+ [a-z]+"),
            "each comment in Vietnamese with its English");
        Assert.That(comments.Distinct().Count(), Is.GreaterThanOrEqualTo(4), "not one comment for all");
    }

    [Test]
    public async Task Every_count_of_the_demo_regulation_is_the_number_of_distinct_pieces_of_work()
    {
        var pieces = SeededPieces();
        var coordinator = As("mps.coordinator");
        var list = await GetAllPages(coordinator, "/api/v1/tasks?regulationId=1&limit=200");
        Assert.That(list, Has.Count.EqualTo(pieces), "task list");
        Assert.That(list.Select(t => t.GetProperty("status").GetString()), Has.None.EqualTo("carried_over"));
        Assert.That(list.Select(t => $"{t.GetProperty("planYear").GetInt32()}|{t.GetProperty("titleEn").GetString()}"), Is.Unique,
            "no piece of work, no occurrence, twice in a plan year");

        var dashboard = await GetJson<JsonElement>(coordinator, "/api/v1/dashboard?regulationId=1");
        var counts = dashboard.GetProperty("counts");
        Assert.That(counts.GetProperty("total").GetInt32(), Is.EqualTo(pieces), "dashboard total");
        var perStatus = 0;
        foreach (var status in Statuses)
        {
            var ofStatus = await GetAllPages(coordinator, $"/api/v1/tasks?regulationId=1&status={status}&limit=200");
            var member = status == "in_progress" ? "inProgress" : status;
            Assert.That(counts.GetProperty(member).GetInt32(), Is.EqualTo(ofStatus.Count), $"dashboard and list agree on {status}");
            Assert.That(ofStatus.Count, Is.EqualTo(list.Count(t => t.GetProperty("status").GetString() == status)), $"list total of {status}");
            perStatus += ofStatus.Count;
        }

        Assert.That(perStatus, Is.EqualTo(pieces), "the task list's totals per status");
        Assert.That(dashboard.GetProperty("byAgency").EnumerateArray().Sum(a => a.GetProperty("counts").GetProperty("total").GetInt32()), Is.EqualTo(pieces), "dashboard by agency");
        var overdue = await GetAllPages(coordinator, "/api/v1/tasks?regulationId=1&status=overdue&limit=200");
        Assert.That(counts.GetProperty("overdue").GetInt32(), Is.EqualTo(overdue.Count), "dashboard overdue");
        var byYear = 0;
        foreach (var year in list.Select(t => t.GetProperty("planYear").GetInt32()).Distinct())
        {
            var total = (await GetJson<JsonElement>(coordinator, $"/api/v1/dashboard?regulationId=1&planYear={year}")).GetProperty("counts").GetProperty("total").GetInt32();
            Assert.That(total, Is.EqualTo(list.Count(t => t.GetProperty("planYear").GetInt32() == year)), $"dashboard of plan year {year}");
            byYear += total;
        }

        Assert.That(byYear, Is.EqualTo(pieces), "dashboard per plan year");

        // The five-year summary counts each piece of work once (cancelled work is not counted in completion).
        var summary = await GetJson<JsonElement>(coordinator, "/api/v1/reviews/summary?regulationId=1&fromYear=2022&toYear=2026");
        var counted = list.Where(t => t.GetProperty("status").GetString() != "cancelled").ToList();
        var overall = summary.GetProperty("agencies").EnumerateArray().Select(a => a.GetProperty("total")).ToList();
        Assert.That(overall.Sum(o => o.GetProperty("tasks").GetInt32()), Is.EqualTo(counted.Count), "summary total");
        Assert.That(overall.Sum(o => o.GetProperty("completed").GetInt32()), Is.EqualTo(counted.Count(t => t.GetProperty("status").GetString() == "completed")), "summary completed");
        Assert.That(summary.GetProperty("units").EnumerateArray().Sum(u => u.GetProperty("total").GetProperty("tasks").GetInt32()), Is.EqualTo(counted.Count), "summary per unit");
        // (Its years are those of each year's review report, carried-over originals included: DemoSummaryTests.)

        // Exports: one row per piece of work in every format.
        foreach (var format in new[] { "json", "jsonl", "csv" })
        {
            var export = await coordinator.GetAsync(new Uri($"/api/v1/exports/tasks?format={format}&regulationId=1", UriKind.Relative));
            Assert.That(export.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            var body = await export.Content.ReadAsStringAsync();
            var rows = format switch
            {
                "json" => JsonDocument.Parse(body).RootElement.GetArrayLength(),
                "jsonl" => body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length,
                _ => CsvRecords(body) - 1,
            };
            Assert.That(rows, Is.EqualTo(pieces), $"{format} export rows");
        }

        // No occurrence twice for one series and period, in any plan year (the carried-over originals included).
        Assert.That(await Scalar("""
            SELECT COUNT(*) FROM (
                SELECT COALESCE(series_origin_id, series_task_id) AS origin, plan_year, due_date FROM tasks
                WHERE regulation_id = 1 AND series_task_id IS NOT NULL AND status <> 'carried_over'
                GROUP BY COALESCE(series_origin_id, series_task_id), plan_year, due_date HAVING COUNT(*) > 1) d
            """), Is.Zero);
    }

    [Test]
    public async Task Each_concluded_review_carries_its_unfinished_work_into_the_next_year_and_a_later_review_takes_it_up()
    {
        var coordinator = As("mps.coordinator");
        var reviews = await AnnualReviews(coordinator);
        var carried = 0;
        var grids = new Dictionary<int, List<int>>();
        foreach (var review in reviews)
        {
            var id = review.GetProperty("id").GetInt32();
            var year = review.GetProperty("periodYear").GetInt32();
            grids[year] = [.. (await GetAllPages(coordinator, $"/api/v1/reviews/{id}/evaluations?limit=200")).Select(e => e.GetProperty("task").GetProperty("id").GetInt32())];
            if (review.GetProperty("status").GetString() != "concluded")
            {
                continue;
            }

            var plan = await GetJson<JsonElement>(coordinator, $"/api/v1/reviews/{id}/plan");
            Assert.That(plan.GetProperty("adopted").GetBoolean(), Is.True);
            Assert.That(plan.GetProperty("planYear").GetInt32(), Is.EqualTo(year + 1));
            foreach (var item in plan.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("origin").GetString() == "carried_over"))
            {
                carried++;
                var successorId = item.GetProperty("task").GetProperty("id").GetInt32();
                var original = await GetJson<JsonElement>(coordinator, $"/api/v1/tasks/{item.GetProperty("sourceTaskId").GetInt32()}");
                var successor = await GetJson<JsonElement>(coordinator, $"/api/v1/tasks/{successorId}");
                Assert.Multiple(() =>
                {
                    Assert.That(original.GetProperty("status").GetString(), Is.EqualTo("carried_over"));
                    Assert.That(original.GetProperty("carriedOverToTaskId").GetInt32(), Is.EqualTo(successorId), "the original points to its successor");
                    Assert.That(successor.GetProperty("continuesTaskId").GetInt32(), Is.EqualTo(original.GetProperty("id").GetInt32()));
                    Assert.That(successor.GetProperty("planYear").GetInt32(), Is.EqualTo(year + 1), "the successor is in the next year");
                    Assert.That(grids[year], Does.Contain(original.GetProperty("id").GetInt32()), "the review evaluated what it carried over");
                });
            }
        }

        var originals = await GetAllPages(coordinator, "/api/v1/tasks?regulationId=1&status=carried_over&limit=200");
        Assert.That(originals, Has.Count.EqualTo(carried).And.Count.GreaterThanOrEqualTo(3), "every carried-over original is in a concluded review's plan");

        // Work left open in 2023 comes back in the reviews of 2024 and 2025, and is still on the table for 2026.
        foreach (var year in new[] { 2024, 2025, 2026 })
        {
            var continued = new List<int>();
            foreach (var taskId in grids[year])
            {
                var task = await GetJson<JsonElement>(coordinator, $"/api/v1/tasks/{taskId}");
                if (task.GetProperty("continuesTaskId").ValueKind == JsonValueKind.Number)
                {
                    continued.Add(task.GetProperty("continuesTaskId").GetInt32());
                }
            }

            Assert.That(continued, Is.Not.Empty, $"the review of {year} evaluates work carried over from earlier years");
            Assert.That(continued, Is.SubsetOf(grids[year - 1]), $"from the review of {year - 1}");
        }
    }

    /// <summary>The records of a CSV document (quoted fields may hold line breaks).</summary>
    private static int CsvRecords(string csv)
    {
        var records = 0;
        var quoted = false;
        var content = false;
        foreach (var c in csv)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }

            if (c == '\n' && !quoted)
            {
                records += content ? 1 : 0;
                content = false;
            }
            else if (c != '\r')
            {
                content = true;
            }
        }

        return records + (content ? 1 : 0);
    }
}
