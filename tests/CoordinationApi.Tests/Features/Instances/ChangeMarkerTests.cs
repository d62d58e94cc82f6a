using System.Text.Json;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Security;
using CoordinationApi.Tests.Features.Robustness;
using CoordinationApi.Tests.Infrastructure;

namespace CoordinationApi.Tests.Features.Instances;

/// <summary>
/// What an instance keeps from the data follows the database's change marker, which any instance's write moves: a change
/// written by "another instance" (here: straight into the database, then the marker moved, as that instance's audited
/// write does) is served by this one.
/// </summary>
[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class ChangeMarkerTests(string provider) : ApiTest(provider)
{
    [Test]
    public async Task Every_audited_write_moves_the_marker_in_its_transaction()
    {
        var before = await RobustnessChecks.Scalar(Factory, DataGenerationSql.Read);
        var created = await Tasks.TaskApi.Post(As("mps.coordinator"), "/api/v1/tasks", Tasks.TaskApi.NewTask());
        Assert.That(created.IsSuccessStatusCode, Is.True, await created.Content.ReadAsStringAsync());

        Assert.That(await RobustnessChecks.Scalar(Factory, DataGenerationSql.Read), Is.GreaterThan(before));
    }

    [Test]
    public async Task A_unit_renamed_elsewhere_is_served_renamed_once_the_marker_moves()
    {
        var coordinator = As("mps.coordinator");
        await Tasks.TaskApi.Create(coordinator, Tasks.TaskApi.NewTask(lead: "MPS-A05"));
        Assert.That(UnitName(await GetJson<JsonElement>(coordinator, "/api/v1/dashboard"), "MPS-A05"), Is.Not.Null, "a task led by MPS-A05 is on the dashboard");
        var renamed = $"Renamed elsewhere {Guid.NewGuid():N}";

        await RobustnessChecks.Scalar(Factory, "UPDATE units SET name_en = @Name WHERE code = 'MPS-A05'", new { Name = renamed });
        await RobustnessChecks.Scalar(Factory, DataGenerationSql.Bump);
        await Task.Delay(ReferenceData.CheckInterval + TimeSpan.FromMilliseconds(200));

        Assert.That(UnitName(await GetJson<JsonElement>(coordinator, "/api/v1/dashboard"), "MPS-A05"), Is.EqualTo(renamed));
    }

    private static string? UnitName(JsonElement dashboard, string code) => dashboard.GetProperty("progressByUnit").EnumerateArray()
        .Where(u => u.GetProperty("unitCode").GetString() == code).Select(u => u.GetProperty("nameEn").GetString()).FirstOrDefault();
}
