using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CoordinationApi.Tests.Infrastructure;

namespace CoordinationApi.Tests.Features.Regulations;

[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class RegulationsTests(string provider) : ApiTest(provider)
{
    [Test]
    public async Task An_unknown_regulation_is_a_404_problem()
    {
        var response = await Client.GetAsync(new Uri("/api/v1/regulations/9999", UriKind.Relative));

        var problem = await ProblemAssert.IsProblem(response, HttpStatusCode.NotFound);
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("9999"));
    }

    [Test]
    public async Task A_bad_page_size_and_a_forged_cursor_are_field_errors()
    {
        var response = await Client.GetAsync(new Uri("/api/v1/regulations?limit=0&cursor=not-ours!", UriKind.Relative));

        await ProblemAssert.HasFieldErrors(response, "limit", "cursor");
    }

    [Test]
    public async Task Pages_of_one_lead_to_the_last_page_which_ends_with_no_cursor()
    {
        var created = await As("mps.coordinator").PostAsJsonAsync(new Uri("/api/v1/regulations", UriKind.Relative), new
        {
            code = "QC-PAGES", titleVi = "Quy chế phối hợp QC-PAGES", titleEn = "Coordination regulation QC-PAGES", signedOn = "2023-06-01",
            signedAt = "Hà Nội", status = "in_force", signatories = Array.Empty<string>(),
            parties = new[] { new { agencyCode = "MPS", standingUnitCode = "MPS-VP" }, new { agencyCode = "MIC", standingUnitCode = "MIC-VP" } },
            reviewPolicy = new { annualRotating = true, firstHostAgencyCode = "MPS", reviewMonth = 12, preliminaryAfterYears = 3, note = (string?)null },
        });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());

        var all = await GetAllPages(Client, "/api/v1/regulations?limit=1");
        var page = await GetJson<JsonElement>($"/api/v1/regulations?limit={all.Count}");

        Assert.That(all, Has.Count.GreaterThanOrEqualTo(2), "the demo regulation and the one made here");
        Assert.That(all.Select(r => r.GetProperty("code").GetString()), Is.Unique.And.Contains("QC-PAGES"));
        Assert.That(page.GetProperty("items").GetArrayLength(), Is.EqualTo(all.Count));
        Assert.That(page.GetProperty("nextCursor").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }
}
