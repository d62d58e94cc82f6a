using System.Text.Json;
using CoordinationApi.Tests.Infrastructure;

namespace CoordinationApi.Tests.Features.Demo;

/// <summary>
/// What the built-in demo holds (database/seed): its tasks, its review schedule, the recognitions of the signing. These
/// tests change with the seed, on purpose; the tests of every other feature create the records they count.
/// </summary>
[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class DemoDataTests(string provider) : ApiTest(provider)
{
    [Test]
    public async Task The_demo_has_over_thirty_tasks_spread_over_2022_to_2026()
    {
        var all = await GetAllPages(As("mps.coordinator"), "/api/v1/tasks?regulationId=1&limit=200");

        Assert.That(all, Has.Count.GreaterThanOrEqualTo(30));
        Assert.That(all.Select(t => t.GetProperty("planYear").GetInt32()).Distinct().Order(), Is.EqualTo(new[] { 2022, 2023, 2024, 2025, 2026 }));
        Assert.That(all.Select(t => t.GetProperty("classification").GetString()).Distinct(), Does.Contain("secret").And.Contain("top-secret"));
    }

    [Test]
    public async Task The_demo_schedule_rotates_hosts_and_ends_with_the_preliminary_review()
    {
        var reviews = await GetAllPages(Client, "/api/v1/reviews?regulationId=1&limit=2");

        var annual = reviews.Where(r => r.GetProperty("kind").GetString() == "annual").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(annual.Select(r => r.GetProperty("periodYear").GetInt32()), Is.EqualTo(new[] { 2022, 2023, 2024, 2025, 2026 }));
            Assert.That(annual.Select(r => r.GetProperty("hostAgencyCode").GetString()), Is.EqualTo(new[] { "MPS", "MIC", "MPS", "MIC", "MPS" }));
            var preliminary = reviews.Single(r => r.GetProperty("kind").GetString() == "preliminary");
            Assert.That(preliminary.GetProperty("periodYear").GetInt32(), Is.EqualTo(2026));
        });
    }

    [Test]
    public async Task The_recognitions_of_the_signing_are_registered()
    {
        var all = await GetAllPages(Client, "/api/v1/recognitions");
        var byMic = await GetAllPages(Client, "/api/v1/recognitions?awardingAgency=MIC");

        Assert.That(byMic, Is.Not.Empty);
        Assert.That(byMic.Select(r => r.GetProperty("recipient").GetProperty("agencyCode").GetString()), Is.All.EqualTo("MPS"));
        Assert.That(all.Select(r => r.GetProperty("recipient").GetProperty("fullName").GetString()), Does.Contain("Tô Lâm").And.Contain("Nguyễn Mạnh Hùng"));
    }
}
