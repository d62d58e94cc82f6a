using System.Net;
using System.Text.Json;
using CoordinationApi.Tests.Infrastructure;

namespace CoordinationApi.Tests.Features.Regulations;

[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class RegulationsTests(string provider) : ApiTest(provider)
{
    [Test]
    public async Task The_list_holds_the_seeded_regulation_with_both_parties()
    {
        var page = await GetJson<JsonElement>("/api/v1/regulations");

        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.That(items.Select(i => i.GetProperty("code").GetString()), Is.EqualTo(new[] { "QC2021" }));
        Assert.Multiple(() =>
        {
            Assert.That(items[0].GetProperty("signedOn").GetString(), Is.EqualTo("2021-11-24"));
            Assert.That(items[0].GetProperty("status").GetString(), Is.EqualTo("in_force"));
            Assert.That(items[0].GetProperty("parties").EnumerateArray().Select(p => p.GetString()), Is.EqualTo(new[] { "MPS", "MIC" }));
            Assert.That(page.GetProperty("nextCursor").ValueKind, Is.EqualTo(JsonValueKind.Null));
        });
    }

    [Test]
    public async Task The_detail_has_three_chapters_and_ten_articles_numbered_through()
    {
        var detail = await GetRegulation();

        var chapters = detail.GetProperty("chapters").EnumerateArray().ToList();
        var articles = chapters.SelectMany(c => c.GetProperty("children").EnumerateArray()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(chapters.Select(c => c.GetProperty("aknId").GetString()), Is.EqualTo(new[] { "chp_1", "chp_2", "chp_3" }));
            Assert.That(articles, Has.Count.EqualTo(10));
            Assert.That(articles.Select(a => a.GetProperty("kind").GetString()), Is.All.EqualTo("article"));
            Assert.That(articles.Select(a => a.GetProperty("num").GetString()), Is.EqualTo(Enumerable.Range(1, 10).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture))));
            Assert.That(articles.Select(a => a.GetProperty("aknId").GetString()), Is.All.Match(@"^chp_\d__art_\d+$"));
            Assert.That(articles.Select(a => a.GetProperty("headingVi").GetString()), Is.All.Not.Empty);
            Assert.That(articles.Select(a => a.GetProperty("headingEn").GetString()), Is.All.Not.Empty);
        });
    }

    [Test]
    public async Task The_detail_names_parties_standing_bodies_signatories_and_review_policy()
    {
        var detail = await GetRegulation();

        var parties = detail.GetProperty("parties").EnumerateArray().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(parties.Select(p => p.GetProperty("agencyCode").GetString()), Is.EqualTo(new[] { "MPS", "MIC" }));
            Assert.That(parties.Select(p => p.GetProperty("standingUnit").GetProperty("code").GetString()), Is.EqualTo(new[] { "MPS-VP", "MIC-VP" }));
            Assert.That(detail.GetProperty("signatories").EnumerateArray().Select(s => s.GetProperty("fullName").GetString()),
                Is.EqualTo(new[] { "Tô Lâm", "Nguyễn Mạnh Hùng" }));
            Assert.That(detail.GetProperty("signedAt").GetString(), Is.EqualTo("Hà Nội"));
            Assert.That(detail.GetProperty("reviewPolicy").GetProperty("preliminaryAfterYears").GetInt32(), Is.EqualTo(5));
            Assert.That(detail.GetProperty("reviewPolicy").GetProperty("annualRotating").GetBoolean(), Is.True);
            Assert.That(detail.GetProperty("currentVersion").GetProperty("effectiveFrom").GetString(), Is.EqualTo("2021-11-24"));
        });
    }

    [Test]
    public async Task Every_provision_of_the_demo_is_marked_as_a_summary()
    {
        var detail = await GetRegulation();

        static IEnumerable<JsonElement> All(JsonElement provision) =>
            new[] { provision }.Concat(provision.GetProperty("children").EnumerateArray().SelectMany(All));
        var provisions = detail.GetProperty("chapters").EnumerateArray().SelectMany(All).ToList();
        Assert.That(provisions.Select(p => p.GetProperty("isSummary").GetBoolean()), Is.All.True);
        Assert.That(provisions.Where(p => p.GetProperty("kind").GetString() == "clause"), Is.Not.Empty);
    }

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
    public async Task A_page_of_one_ends_with_no_cursor_when_nothing_follows()
    {
        var page = await GetJson<JsonElement>("/api/v1/regulations?limit=1");

        Assert.That(page.GetProperty("items").GetArrayLength(), Is.EqualTo(1));
        Assert.That(page.GetProperty("nextCursor").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    private async Task<JsonElement> GetRegulation()
    {
        var page = await GetJson<JsonElement>("/api/v1/regulations");
        var id = page.GetProperty("items")[0].GetProperty("id").GetInt32();
        return await GetJson<JsonElement>($"/api/v1/regulations/{id}");
    }
}
