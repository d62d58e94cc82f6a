using System.Net;
using System.Text.Json;
using CoordinationApi.Tests.Infrastructure;
using static CoordinationApi.Tests.Features.Tasks.TaskApi;

namespace CoordinationApi.Tests.Features.Dashboard;

/// <summary>The dashboard agrees with the task list each caller sees: its counts, progress by unit and coverage.</summary>
[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class DashboardTests(string provider) : ApiTest(provider)
{
    private static readonly string[] DemoUsers =
    [
        "mps.admin", "mps.coordinator", "mps.officer", "mps.viewer", "mps.auditor",
        "mic.admin", "mic.coordinator", "mic.officer", "mic.viewer", "mic.auditor",
    ];

    /// <summary>A task in every status (overdue included), led by both agencies, at several levels: no count is zero for anyone.</summary>
    [OneTimeSetUp]
    public async Task CreateTasksInEveryStatus()
    {
        var mps = As("mps.coordinator");
        var mpsOfficer = As("mps.officer");
        foreach (var classification in new[] { "unclassified", "confidential", "secret" })
        {
            foreach (var to in new[] { "draft", "assigned", "in_progress", "completed" })
            {
                await Create(mps, NewTask(title: $"Dashboard {to}", classification: classification), to, mpsOfficer);
            }

            await Create(mps, NewTask(title: "Dashboard overdue", classification: classification, planYear: 2025, start: "2025-01-10", due: "2025-02-10"), "in_progress", mpsOfficer);
            var cancelled = await Create(mps, NewTask(title: "Dashboard cancelled", classification: classification));
            await Json(await Transition(mps, cancelled, "cancelled", "Not needed"), HttpStatusCode.OK);
            await Create(As("mic.coordinator"), NewTask(title: "Dashboard led by MIC", lead: "MIC-ATTT", counterparts: ["MPS-A05"], classification: classification, cite: "chp_3__art_9__para_1"), "assigned");
        }
    }

    [TestCaseSource(nameof(DemoUsers))]
    public async Task The_dashboard_counts_equal_the_list_counts(string user)
    {
        var client = As(user);
        var dashboard = await GetJson<JsonElement>(client, "/api/v1/dashboard?regulationId=1");
        var counts = dashboard.GetProperty("counts");

        Assert.Multiple(async () =>
        {
            Assert.That(counts.GetProperty("total").GetInt32(), Is.EqualTo((await GetAllPages(client, "/api/v1/tasks?regulationId=1")).Count));
            foreach (var (status, field) in new[] { ("draft", "draft"), ("assigned", "assigned"), ("in_progress", "inProgress"), ("completed", "completed"), ("cancelled", "cancelled"), ("overdue", "overdue") })
            {
                var listed = await GetAllPages(client, $"/api/v1/tasks?regulationId=1&status={status}");
                Assert.That(listed, Is.Not.Empty, $"{user}: a task made here is {status}");
                Assert.That(counts.GetProperty(field).GetInt32(), Is.EqualTo(listed.Count), $"{user}: {status}");
            }

            Assert.That(dashboard.GetProperty("byAgency").EnumerateArray().Select(a => a.GetProperty("agencyCode").GetString()), Is.SupersetOf(new[] { "MIC", "MPS" }));
            foreach (var agency in dashboard.GetProperty("byAgency").EnumerateArray())
            {
                var code = agency.GetProperty("agencyCode").GetString();
                var listed = await GetAllPages(client, $"/api/v1/tasks?regulationId=1&leadAgency={code}");
                Assert.That(agency.GetProperty("counts").GetProperty("total").GetInt32(), Is.EqualTo(listed.Count), $"{user}: {code}");
            }
        });
    }

    [TestCase("mps.coordinator")]
    [TestCase("mic.officer")]
    public async Task The_dashboard_progress_by_unit_and_coverage_equal_the_lists(string user)
    {
        var client = As(user);
        var dashboard = await GetJson<JsonElement>(client, "/api/v1/dashboard?regulationId=1");
        var all = await GetAllPages(client, "/api/v1/tasks?regulationId=1");
        var notCancelled = all.Where(t => t.GetProperty("status").GetString() != "cancelled").ToList();
        var units = dashboard.GetProperty("progressByUnit").EnumerateArray().ToList();

        Assert.That(units.Select(u => u.GetProperty("unitCode").GetString()),
            Is.EquivalentTo(notCancelled.Select(t => t.GetProperty("leadUnitCode").GetString()).Distinct()), "every lead unit of a task not cancelled");
        Assert.Multiple(async () =>
        {
            foreach (var unit in units)
            {
                var code = unit.GetProperty("unitCode").GetString();
                var led = notCancelled.Where(t => t.GetProperty("leadUnitCode").GetString() == code).ToList();
                Assert.That(unit.GetProperty("tasks").GetInt32(), Is.EqualTo(led.Count), $"{user}: {code}");
                Assert.That(unit.GetProperty("completed").GetInt32(), Is.EqualTo(led.Count(t => t.GetProperty("status").GetString() == "completed")), $"{user}: {code}");
                Assert.That(unit.GetProperty("averageProgress").GetDouble(), Is.EqualTo(Math.Round(led.Average(t => t.GetProperty("progress").GetInt32()), 1)), $"{user}: {code}");
            }

            foreach (var article in dashboard.GetProperty("coverage").EnumerateArray())
            {
                var akn = article.GetProperty("aknId").GetString();
                var citing = await GetAllPages(client, $"/api/v1/tasks?regulationId=1&article={akn}");
                Assert.That(article.GetProperty("cited").GetBoolean(), Is.EqualTo(citing.Count > 0), $"{user}: {akn}");
            }
        });
    }
}
