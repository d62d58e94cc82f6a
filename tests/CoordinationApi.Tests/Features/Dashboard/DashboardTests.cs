using System.Text.Json;
using CoordinationApi.Tests.Infrastructure;

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
                Assert.That(counts.GetProperty(field).GetInt32(), Is.EqualTo(listed.Count), $"{user}: {status}");
            }

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
