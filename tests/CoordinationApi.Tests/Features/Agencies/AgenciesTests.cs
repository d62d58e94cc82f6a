using System.Net;
using System.Text.Json;
using CoordinationApi.Tests.Infrastructure;

namespace CoordinationApi.Tests.Features.Agencies;

[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class AgenciesTests(string provider) : ApiTest(provider)
{
    [Test]
    public async Task Both_ministries_are_listed()
    {
        var agencies = await GetJson<JsonElement>("/api/v1/agencies");

        Assert.That(agencies.EnumerateArray().Select(a => a.GetProperty("code").GetString()), Is.EquivalentTo(new[] { "MPS", "MIC" }));
    }

    [Test]
    public async Task Units_come_as_a_tree_under_the_ministry()
    {
        var roots = await GetJson<JsonElement>("/api/v1/agencies/mic/units");

        var root = roots.EnumerateArray().Single();
        var departments = root.GetProperty("children").EnumerateArray().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("tier").GetString(), Is.EqualTo("ministry"));
            Assert.That(departments.Select(d => d.GetProperty("code").GetString()), Does.Contain("MIC-VP").And.Contain("MIC-ATTT"));
            Assert.That(departments.Single(d => d.GetProperty("code").GetString() == "MIC-ATTT").GetProperty("children").GetArrayLength(), Is.GreaterThan(0));
        });
    }

    [Test]
    public async Task An_unknown_agency_is_a_404_problem()
    {
        var response = await Client.GetAsync(new Uri("/api/v1/agencies/XYZ/units", UriKind.Relative));

        await ProblemAssert.IsProblem(response, HttpStatusCode.NotFound);
    }
}
