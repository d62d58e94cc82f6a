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
    public async Task Every_seeded_progress_report_in_a_history_names_its_percent_and_unit()
    {
        var coordinator = As("mps.coordinator"); // top secret: every task of the demo
        var reports = new List<JsonElement>();
        foreach (var task in await GetAllPages(coordinator, "/api/v1/tasks?regulationId=1&limit=200"))
        {
            reports.AddRange((await GetAllPages(coordinator, $"/api/v1/tasks/{task.GetProperty("id").GetInt32()}/history?limit=200"))
                .Where(e => e.GetProperty("kind").GetString() == "report"));
        }

        Assert.That(reports, Is.Not.Empty);
        Assert.Multiple(() =>
        {
            foreach (var entry in reports)
            {
                // The web app writes "Progress report 40% (MIC-VP)" from these: the API's own reports carry them too.
                var changes = entry.GetProperty("changes");
                Assert.That(changes.GetProperty("percent").ValueKind, Is.EqualTo(JsonValueKind.Number), entry.ToString());
                Assert.That(changes.GetProperty("unit").GetString(), Does.Match("^[A-Z]{2,}-"), entry.ToString());
            }
        });
    }

    [Test]
    public async Task The_2026_review_evaluates_the_work_left_open_in_earlier_years()
    {
        var coordinator = As("mps.coordinator");
        // The reviews of 2022–2025 carried what was left open into the next plan year: it is in 2026's plan now, continuing
        // the tasks of earlier years that the conclusions closed as carried over.
        var carriedInto2026 = new List<int>();
        foreach (var listed in await GetAllPages(coordinator, "/api/v1/tasks?regulationId=1&planYear=2026&limit=200"))
        {
            var task = await GetJson<JsonElement>(coordinator, $"/api/v1/tasks/{listed.GetProperty("id").GetInt32()}");
            if (task.GetProperty("continuesTaskId").ValueKind == JsonValueKind.Number)
            {
                carriedInto2026.Add(task.GetProperty("id").GetInt32());
            }
        }

        var review = (await GetAllPages(coordinator, "/api/v1/reviews?regulationId=1&year=2026")).Single(r => r.GetProperty("kind").GetString() == "annual");
        var grid = (await GetAllPages(coordinator, $"/api/v1/reviews/{review.GetProperty("id").GetInt32()}/evaluations?limit=200"))
            .Select(e => e.GetProperty("task").GetProperty("id").GetInt32()).ToList();

        Assert.That(carriedInto2026, Is.Not.Empty, "the demo has work of 2023–2025 still in progress");
        Assert.That(grid, Is.SupersetOf(carriedInto2026));
        Assert.That(await GetAllPages(coordinator, "/api/v1/tasks?regulationId=1&status=draft&status=assigned&status=in_progress&limit=200"),
            Has.None.Matches<JsonElement>(t => t.GetProperty("planYear").GetInt32() < 2026), "nothing of an earlier year is left open beside its successor");
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

    private async Task<JsonElement> GetRegulation()
    {
        var page = await GetJson<JsonElement>("/api/v1/regulations");
        var id = page.GetProperty("items").EnumerateArray().Single(r => r.GetProperty("code").GetString() == "QC2021").GetProperty("id").GetInt32();
        return await GetJson<JsonElement>($"/api/v1/regulations/{id}");
    }
}
