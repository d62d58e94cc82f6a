using System.Net;
using System.Text.Json;
using CoordinationApi.Tests.Infrastructure;
using static CoordinationApi.Tests.Features.Tasks.TaskApi;

namespace CoordinationApi.Tests.Features.Tasks;

[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class TaskListTests(string provider) : ApiTest(provider)
{
    [Test]
    public async Task A_confidential_user_never_sees_a_secret_task_anywhere()
    {
        var coordinator = As("mps.coordinator");
        var secret = await Create(coordinator, NewTask(title: $"Secret {Marker("Kestrel")}", classification: "secret"));
        var confidential = await Create(coordinator, NewTask(title: $"Confidential {Marker("Kestrel")}", classification: "confidential"));
        var secretTasks = Ids(await ReadAll(coordinator, "/api/v1/tasks?regulationId=1&classification=secret"));
        Assert.That(secretTasks, Does.Contain(secret));
        var officer = As("mic.officer");

        var listed = await ReadAll(officer, "/api/v1/tasks?regulationId=1");
        var filtered = await ReadAll(officer, "/api/v1/tasks?regulationId=1&classification=secret");
        var dashboard = await GetJson<JsonElement>(officer, "/api/v1/dashboard?regulationId=1");

        Assert.That(listed.Select(t => t.GetProperty("classification").GetString()), Is.All.AnyOf("unclassified", "confidential"));
        Assert.That(Ids(listed), Does.Contain(confidential), "a confidential task is listed for a confidential user");
        Assert.That(filtered, Is.Empty);
        Assert.That(dashboard.GetProperty("counts").GetProperty("total").GetInt32(), Is.EqualTo(listed.Count));
        foreach (var id in secretTasks)
        {
            foreach (var path in new[] { $"/api/v1/tasks/{id}", $"/api/v1/tasks/{id}/history", $"/api/v1/tasks/{id}/reports" })
            {
                await ProblemAssert.IsProblem(await officer.GetAsync(new Uri(path, UriKind.Relative)), HttpStatusCode.NotFound);
            }

            await ProblemAssert.IsProblem(await Transition(officer, id, "cancelled"), HttpStatusCode.NotFound);
        }
    }

    [Test]
    public async Task Reading_a_secret_task_is_audited()
    {
        var secret = await Create(As("mps.coordinator"), NewTask(title: $"Secret {Marker("Osprey")}", classification: "secret"));

        await GetJson<JsonElement>(As("mps.coordinator"), $"/api/v1/tasks/{secret}");

        var audit = await GetJson<JsonElement>(As("mic.auditor"), $"/api/v1/audit?action=task.read&entityId={secret}&actor=mps.coordinator");
        Assert.That(audit.GetProperty("items").GetArrayLength(), Is.EqualTo(1));
        var lowAuditor = await GetJson<JsonElement>(As("mps.auditor"), $"/api/v1/audit?action=task.read&entityId={secret}");
        Assert.That(lowAuditor.GetProperty("items").GetArrayLength(), Is.Zero, "the entry is as classified as the task");
    }

    [Test]
    public async Task Filters_narrow_the_list()
    {
        var client = As("mps.coordinator");
        var officer = As("mps.officer");
        var lateOpen = await Create(client, NewTask(planYear: 2025, start: "2025-01-10", due: "2025-02-10"), "assigned");
        var lateDone = await Create(client, NewTask(planYear: 2025, start: "2025-01-10", due: "2025-02-10"), "completed", officer);
        var ledByMic = await Create(As("mic.coordinator"), NewTask(lead: "MIC-ATTT", counterparts: ["MPS-A05"]));
        var citingArticle8 = await Create(client, NewTask(cite: "chp_3__art_8__para_1"));
        var early2024 = await Create(client, NewTask(planYear: 2024, due: "2024-03-31"));
        var late2024 = await Create(client, NewTask(planYear: 2024, due: "2024-11-30"));

        var overdue = await ReadAll(client, "/api/v1/tasks?status=overdue");
        var mic = await ReadAll(client, "/api/v1/tasks?leadAgency=MIC");
        var article = await ReadAll(client, "/api/v1/tasks?article=chp_3__art_8");
        var year = await ReadAll(client, "/api/v1/tasks?planYear=2024&sort=-due");
        var counterpart = await ReadAll(client, "/api/v1/tasks?counterpartUnit=MIC-ATTT");

        Assert.Multiple(() =>
        {
            Assert.That(Ids(overdue), Does.Contain(lateOpen).And.Not.Contain(lateDone), "open and past due, not completed");
            Assert.That(overdue.Select(t => t.GetProperty("overdue").GetBoolean()), Is.All.True);
            Assert.That(Ids(mic), Does.Contain(ledByMic).And.Not.Contain(lateOpen));
            Assert.That(mic.Select(t => t.GetProperty("leadAgencyCode").GetString()), Is.All.EqualTo("MIC"));
            Assert.That(Ids(article), Does.Contain(citingArticle8).And.Not.Contain(lateOpen), "a clause of article 8 cites the article");
            Assert.That(Ids(year), Does.Contain(early2024).And.Contain(late2024).And.Not.Contain(lateOpen));
            Assert.That(Ids(year).IndexOf(late2024), Is.LessThan(Ids(year).IndexOf(early2024)), "the later due date first");
            Assert.That(year.Select(t => t.GetProperty("planYear").GetInt32()), Is.All.EqualTo(2024));
            Assert.That(year.Select(t => t.GetProperty("dueDate").GetString()), Is.Ordered.Descending);
            Assert.That(Ids(counterpart), Does.Contain(lateOpen).And.Not.Contain(ledByMic));
            Assert.That(counterpart.Select(t => t.GetProperty("counterpartUnitCodes").EnumerateArray().Select(c => c.GetString())), Has.All.Contains("MIC-ATTT"));
        });
    }

    [Test]
    public async Task Text_search_ignores_case_and_diacritics_and_covers_tasks_everywhere()
    {
        var client = As("mps.coordinator");
        var marker = Marker("Heron");
        var id = await Create(client, NewTask(title: $"Gỡ bỏ thông tin xấu, độc trên mạng {marker}"));
        var plain = await ReadAll(client, $"/api/v1/tasks?q=thong tin xau doc {marker}");
        var marked = await ReadAll(client, $"/api/v1/tasks?q=THÔNG TIN XẤU, ĐỘC {marker.ToUpperInvariant()}");
        var decomposed = await ReadAll(client, $"/api/v1/tasks?q={Uri.EscapeDataString($"thông tin xấu độc {marker}".Normalize(System.Text.NormalizationForm.FormD))}");
        var search = await GetJson<JsonElement>(client, $"/api/v1/search?q=thong tin xau doc {marker}");

        Assert.That(Ids(plain), Is.EqualTo(new[] { id }));
        Assert.That(Ids(marked), Is.EqualTo(Ids(plain)));
        Assert.That(Ids(decomposed), Is.EqualTo(Ids(plain)));
        var taskHits = search.GetProperty("items").EnumerateArray().Where(h => h.GetProperty("kind").GetString() == "task").ToList();
        Assert.That(taskHits.Select(h => h.GetProperty("entityId").GetInt32()), Is.EqualTo(Ids(plain)));
    }

    [Test]
    public async Task Search_never_returns_a_task_above_the_callers_clearance()
    {
        var words = $"Quản lý khóa mật mã {Marker("Falcon")}";
        var secret = await Create(As("mps.coordinator"), NewTask(title: words, classification: "secret"));

        var forCoordinator = await GetJson<JsonElement>(As("mps.coordinator"), $"/api/v1/search?q={Uri.EscapeDataString(words)}");
        var forViewer = await GetJson<JsonElement>(As("mps.viewer"), $"/api/v1/search?q={Uri.EscapeDataString(words)}");
        var listForViewer = await ReadAll(As("mps.viewer"), $"/api/v1/tasks?q={Uri.EscapeDataString(words)}");

        int[] HitIds(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Where(h => h.GetProperty("kind").GetString() == "task").Select(h => h.GetProperty("entityId").GetInt32())];
        Assert.That(HitIds(forCoordinator), Does.Contain(secret));
        Assert.That(HitIds(forViewer), Does.Not.Contain(secret));
        Assert.That(Ids(listForViewer), Does.Not.Contain(secret));
    }

    [Test]
    public async Task Keyset_pages_are_stable_while_tasks_are_added()
    {
        var client = As("mps.coordinator");
        var marker = Marker("Plover");
        for (var i = 0; i < 7; i++)
        {
            await Create(client, NewTask(title: $"{marker} page {i}"));
        }

        var url = $"/api/v1/tasks?q={marker}&limit=5&sort=code";
        var first = await GetJson<JsonElement>(client, url);
        await Create(client, NewTask(title: $"{marker} inserted between pages"));
        var rest = await ReadAll(client, url, first.GetProperty("nextCursor").GetString());
        var all = await ReadAll(client, $"/api/v1/tasks?q={marker}&sort=code&limit=7");

        var paged = first.GetProperty("items").EnumerateArray().Concat(rest).Select(t => t.GetProperty("code").GetString()).ToList();
        Assert.That(first.GetProperty("items").GetArrayLength(), Is.EqualTo(5));
        Assert.That(all, Has.Count.EqualTo(8), "the seven tasks and the one added between the pages");
        Assert.That(paged, Is.Unique);
        Assert.That(paged, Is.EqualTo(all.Select(t => t.GetProperty("code").GetString())));
    }

    [Test]
    public async Task Bad_filters_are_field_errors()
    {
        var response = await As("mps.viewer").GetAsync(new Uri("/api/v1/tasks?status=lost&sort=random&classification=cosmic&leadUnit=NOPE&limit=500", UriKind.Relative));

        await ProblemAssert.HasFieldErrors(response, "status[0]", "sort", "classification", "limit");
        var unit = await As("mps.viewer").GetAsync(new Uri("/api/v1/tasks?leadUnit=NOPE", UriKind.Relative));
        await ProblemAssert.HasFieldErrors(unit, "leadUnit");
        var cursor = await As("mps.viewer").GetAsync(new Uri("/api/v1/tasks?sort=code&cursor=ZHVlfDIwMjQtMDEtMDF8Mw", UriKind.Relative));
        await ProblemAssert.HasFieldErrors(cursor, "cursor");
    }

    private static List<int> Ids(IEnumerable<JsonElement> tasks) => [.. tasks.Select(t => t.GetProperty("id").GetInt32())];

    private async Task<List<JsonElement>> ReadAll(HttpClient client, string url, string? cursor = null)
    {
        var items = new List<JsonElement>();
        do
        {
            var page = await GetJson<JsonElement>(client, cursor is null ? url : $"{url}{(url.Contains('?') ? '&' : '?')}cursor={cursor}");
            items.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.GetProperty("nextCursor").ValueKind == JsonValueKind.Null ? null : page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);
        return items;
    }
}
