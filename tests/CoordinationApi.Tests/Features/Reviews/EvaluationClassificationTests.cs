using System.Net;
using System.Text.Json;
using CoordinationApi.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using static CoordinationApi.Tests.Features.Tasks.TaskApi;

namespace CoordinationApi.Tests.Features.Reviews;

/// <summary>
/// Side channels (issue 14): an evaluation keeps the classification its task had when it was written, so that after the
/// task is declassified its comment stays with the callers cleared for that level (grid and export); audit entries that
/// list several tasks (a review's conclusion, evaluations from the baseline) take the highest classification among them.
/// </summary>
[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class EvaluationClassificationTests(string provider) : ApiTest(provider)
{
    private static readonly string[] Levels = ["unclassified", "confidential", "secret", "top-secret"];

    /// <summary>Every demo user who may read a review, with their clearance.</summary>
    private static readonly (string User, int Clearance)[] Readers =
    [
        ("mps.viewer", 0), ("mps.auditor", 1), ("mps.officer", 2), ("mps.coordinator", 3),
        ("mic.viewer", 0), ("mic.officer", 1), ("mic.coordinator", 2), ("mic.auditor", 3),
    ];

    /// <summary>The readers who may export (auditors and coordinators).</summary>
    private static readonly string[] Exporters = ["mps.auditor", "mps.coordinator", "mic.coordinator", "mic.auditor"];

    /// <summary>
    /// For every level a task can be lowered from and to: a comment written while it was classified, then the
    /// declassification; every reader cleared for the new level sees the result, and the comment only when cleared for the old one.
    /// </summary>
    [Test]
    public async Task A_comment_written_before_a_declassification_stays_with_those_cleared_for_its_level()
    {
        var coordinator = As("mps.coordinator");
        var reviewId = (await ReviewApi.HeldReview(coordinator, 1, 2025)).GetProperty("id").GetInt32();
        var tasks = new List<(int Id, int Original, int Lowered)>();
        for (var original = 1; original < Levels.Length; original++)
        {
            for (var lowered = 0; lowered < original; lowered++)
            {
                var body = TaskBody(Levels[original], 2025);
                var id = (await Json(await Post(coordinator, "/api/v1/tasks", body), HttpStatusCode.Created)).GetProperty("id").GetInt32();
                await Json(await Put(coordinator, $"/api/v1/reviews/{reviewId}/evaluations/{id}",
                    new { result = "not_achieved", comment = $"secret words {id}" }, "\"0\""), HttpStatusCode.OK);
                body["classification"] = Levels[lowered];
                await Json(await Put(coordinator, $"/api/v1/tasks/{id}", Edit(body), await ETag(coordinator, id)), HttpStatusCode.OK);
                tasks.Add((id, original, lowered));
            }
        }

        foreach (var (user, clearance) in Readers)
        {
            var grid = (await GetAllPages(As(user), $"/api/v1/reviews/{reviewId}/evaluations?limit=200"))
                .ToDictionary(e => e.GetProperty("task").GetProperty("id").GetInt32());
            var exported = Exporters.Contains(user)
                ? JsonDocument.Parse(await As(user).GetStringAsync(new Uri($"/api/v1/exports/evaluations?format=json&reviewId={reviewId}", UriKind.Relative)))
                    .RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("taskId").GetInt32())
                : null;
            foreach (var (id, original, lowered) in tasks)
            {
                var context = $"{Levels[original]} → {Levels[lowered]}, read by {user}";
                Assert.That(grid.ContainsKey(id), Is.EqualTo(clearance >= lowered), context);
                if (clearance < lowered)
                {
                    continue;
                }

                var hidden = clearance < original;
                var row = grid[id];
                Assert.That(row.GetProperty("result").GetString(), Is.EqualTo("not_achieved"), $"{context}: that it was evaluated shows");
                Assert.That(row.GetProperty("redacted").GetBoolean(), Is.EqualTo(hidden), context);
                Assert.That(row.GetProperty("comment").GetString(), Is.EqualTo(hidden ? null : $"secret words {id}"), context);
                if (exported is not null)
                {
                    Assert.That(exported[id].GetProperty("result").GetString(), Is.EqualTo("not_achieved"), $"{context}: export");
                    Assert.That(exported[id].GetProperty("redacted").GetBoolean(), Is.EqualTo(hidden), $"{context}: export");
                    Assert.That(exported[id].GetProperty("comment").GetString(), Is.EqualTo(hidden ? null : $"secret words {id}"), $"{context}: export");
                }
            }

            var texts = grid.Values.Concat(exported?.Values.AsEnumerable() ?? []).Select(e => e.GetRawText()).ToList();
            foreach (var (id, _, _) in tasks.Where(t => t.Original > clearance))
            {
                Assert.That(texts, Has.None.Contains($"secret words {id}"), user);
            }
        }

        // A comment shown above its task's level is a classified read: audited at the comment's level (grid and export).
        var reads = (await GetAllPages(As("mic.auditor"), "/api/v1/audit?actor=mps.coordinator&limit=200"))
            .Where(e => e.GetProperty("after").ValueKind == JsonValueKind.Object && e.GetProperty("after").TryGetProperty("records", out _))
            .Select(e => (Operation: e.GetProperty("after").GetProperty("operation").GetString(), Records: e.GetProperty("after").GetProperty("records")
                .EnumerateArray().Select(r => (Type: r.GetProperty("type").GetString(), Id: r.GetProperty("id").GetString(), Level: r.GetProperty("classification").GetString()))
                .ToList()))
            .ToList();
        foreach (var (id, original, lowered) in tasks.Where(t => t.Original >= 2))
        {
            var record = ("review-evaluation", $"{reviewId}/{id}", Levels[original]);
            Assert.That(reads.Count(r => r.Records.Contains(record)), Is.EqualTo(1), $"{Levels[original]} → {Levels[lowered]}: the grid read");
        }

        // (The export's entry names no one regulation, so no demo auditor both sees MPS's entries and is cleared for it: read in the database.)
        await using (var connection = await Factory.Services.GetRequiredService<CoordinationApi.Infrastructure.Data.DbConnectionFactory>().OpenAsync())
        {
            var exportLevel = await connection.QuerySingleAsync<int>(
                "SELECT classification FROM audit_entries WHERE action = 'export' AND entity_id = 'evaluations' AND actor_name = 'mps.coordinator';");
            Assert.That(exportLevel, Is.EqualTo(3), "the export is as classified as the comments it sent");
        }

        // Written after the declassification, a comment has the task's new level.
        var (openId, _, openLevel) = tasks.First(t => t.Lowered == 0);
        await Json(await Put(coordinator, $"/api/v1/reviews/{reviewId}/evaluations/{openId}", new { result = "achieved", comment = "open words" },
            await ReviewApi.EvaluationETag(coordinator, reviewId, openId)),
            HttpStatusCode.OK);
        var seen = (await GetAllPages(As("mic.viewer"), $"/api/v1/reviews/{reviewId}/evaluations?limit=200"))
            .Single(e => e.GetProperty("task").GetProperty("id").GetInt32() == openId);
        Assert.That(openLevel, Is.Zero);
        Assert.That(seen.GetProperty("redacted").GetBoolean(), Is.False);
        Assert.That(seen.GetProperty("comment").GetString(), Is.EqualTo("open words"));
    }

    /// <summary>Starting from the baseline lists the tasks it copied: its audit entry takes the highest classification among them.</summary>
    [Test]
    public async Task Evaluations_copied_from_the_baseline_are_audited_at_the_highest_level_they_list()
    {
        var coordinator = As("mps.coordinator");
        // The baseline: a review of 2024 held and concluded in the test (the demo's annual reviews are concluded already), which
        // evaluates the top-secret task, cancelled so that the conclusion does not carry it over; the review of 2025 held after it.
        var baselineId = (await ReviewApi.HeldReview(coordinator, 1, 2024)).GetProperty("id").GetInt32();
        var body = TaskBody("top-secret", 2024);
        var secretId = (await Json(await Post(coordinator, "/api/v1/tasks", body), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        await Json(await Transition(coordinator, secretId, "cancelled", "Not needed"), HttpStatusCode.OK);
        foreach (var entry in await GetAllPages(coordinator, $"/api/v1/reviews/{baselineId}/evaluations?limit=200"))
        {
            var taskId = entry.GetProperty("task").GetProperty("id").GetInt32();
            await Json(await Put(coordinator, $"/api/v1/reviews/{baselineId}/evaluations/{taskId}",
                taskId == secretId ? new { result = "achieved", comment = "top words" } : new { result = "not_applicable", comment = "Baseline" },
                entry.GetProperty("etag").GetString()), HttpStatusCode.OK);
        }

        await Json(await Post(coordinator, $"/api/v1/reviews/{baselineId}/transitions", new { to = "concluded" }), HttpStatusCode.OK);
        var reviewId = (await ReviewApi.HeldReview(coordinator, 1, 2025)).GetProperty("id").GetInt32();
        Assert.That((await GetJson<JsonElement>(coordinator, $"/api/v1/reviews/{reviewId}")).GetProperty("baselineReviewId").GetInt32(), Is.EqualTo(baselineId));
        body = TaskBody("top-secret", 2025);
        await Json(await Put(coordinator, $"/api/v1/tasks/{secretId}", Edit(body), await ETag(coordinator, secretId)), HttpStatusCode.OK);

        var copied = await Json(await Post(coordinator, $"/api/v1/reviews/{reviewId}/evaluations/from-baseline", new { }), HttpStatusCode.OK);

        Assert.That(copied.EnumerateArray().Single(e => e.GetProperty("task").GetProperty("id").GetInt32() == secretId).GetProperty("result").GetString(),
            Is.EqualTo("achieved"));
        var seen = await Entries("mic.auditor", reviewId, "review.evaluate-from-baseline");
        Assert.That(seen, Has.Count.EqualTo(1));
        Assert.That(seen[0].GetProperty("after").GetRawText(), Does.Contain($"\"taskId\":{secretId}"));
        Assert.That(seen[0].GetProperty("classification").GetString(), Is.EqualTo("top-secret"));
        Assert.That(await Entries("mps.auditor", reviewId, "review.evaluate-from-baseline"), Is.Empty);
    }

    private async Task<List<JsonElement>> Entries(string user, int reviewId, string action) =>
        [.. (await GetAllPages(As(user), $"/api/v1/audit?entityType=review&entityId={reviewId}&limit=200"))
            .Where(e => e.GetProperty("action").GetString() == action)];

    private static async Task<string> ETag(HttpClient client, int id)
    {
        var response = await client.GetAsync(new Uri($"/api/v1/tasks/{id}", UriKind.Relative));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return response.Headers.ETag!.ToString();
    }

    internal static Dictionary<string, object?> TaskBody(string classification, int planYear) => new()
    {
        ["regulationId"] = 1, ["titleVi"] = "Nhiệm vụ đánh giá", ["titleEn"] = "Evaluated task", ["descriptionVi"] = "Mô tả",
        ["descriptionEn"] = "Description", ["citations"] = new[] { new { aknId = "chp_2__art_4__para_1", versionId = (int?)null } },
        ["leadUnitCode"] = "MPS-A05", ["counterpartUnitCodes"] = new[] { "MIC-ATTT" }, ["contacts"] = Array.Empty<object>(),
        ["classification"] = classification, ["kind"] = "one_off", ["recurrence"] = null, ["planYear"] = planYear,
        ["startDate"] = $"{planYear}-01-10", ["dueDate"] = $"{planYear}-12-20", ["priority"] = "high",
    };
}

/// <summary>
/// A review's conclusion (its own fixture: concluding carries over the 2024 tasks that the other tests evaluate) lists every
/// task of the next plan: its audit entry takes the highest classification among them.
/// </summary>
[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class ConclusionAuditClassificationTests(string provider) : ApiTest(provider)
{
    /// <summary>A review of 2024 concluded with a top-secret task unfinished: the plan carries it over and lists it.</summary>
    [Test]
    public async Task A_conclusion_listing_a_top_secret_task_is_audited_as_top_secret()
    {
        var coordinator = As("mps.coordinator");
        var reviewId = (await ReviewApi.HeldReview(coordinator, 1, 2024)).GetProperty("id").GetInt32();
        var secretId = (await Json(await Post(coordinator, "/api/v1/tasks", EvaluationClassificationTests.TaskBody("top-secret", 2024)), HttpStatusCode.Created))
            .GetProperty("id").GetInt32();
        foreach (var entry in await GetAllPages(coordinator, $"/api/v1/reviews/{reviewId}/evaluations?limit=200"))
        {
            await Json(await Put(coordinator, $"/api/v1/reviews/{reviewId}/evaluations/{entry.GetProperty("task").GetProperty("id").GetInt32()}",
                new { result = "partly_achieved", comment = "Evaluated in the test" }, entry.GetProperty("etag").GetString()), HttpStatusCode.OK);
        }

        await Json(await Post(coordinator, $"/api/v1/reviews/{reviewId}/transitions", new { to = "concluded" }), HttpStatusCode.OK);

        var seenByTopSecret = await Entries("mic.auditor", reviewId, "review.concluded");
        Assert.That(seenByTopSecret, Has.Count.EqualTo(1));
        Assert.That(seenByTopSecret[0].GetProperty("after").GetRawText(), Does.Contain($"\"sourceTaskId\":{secretId}"), "the plan lists the top-secret task");
        Assert.That(seenByTopSecret[0].GetProperty("classification").GetString(), Is.EqualTo("top-secret"));
        Assert.That(await Entries("mps.auditor", reviewId, "review.concluded"), Is.Empty, "a confidential auditor is not cleared for a task the entry lists");
    }

    private async Task<List<JsonElement>> Entries(string user, int reviewId, string action) =>
        [.. (await GetAllPages(As(user), $"/api/v1/audit?entityType=review&entityId={reviewId}&limit=200"))
            .Where(e => e.GetProperty("action").GetString() == action)];
}
