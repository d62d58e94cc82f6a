using System.Net;
using System.Text.Json;
using CoordinationApi.Tests.Infrastructure;
using static CoordinationApi.Tests.Features.Tasks.TaskApi;

namespace CoordinationApi.Tests.Features.Tasks;

[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class TaskListTests(string provider) : ApiTest(provider)
{
    [Test]
    public async Task The_demo_has_over_thirty_tasks_spread_over_2022_to_2026()
    {
        var all = await ReadAll(As("mps.coordinator"), "/api/v1/tasks?regulationId=1");

        Assert.That(all, Has.Count.GreaterThanOrEqualTo(30));
        Assert.That(all.Select(t => t.GetProperty("planYear").GetInt32()).Distinct().Order(), Is.EqualTo(new[] { 2022, 2023, 2024, 2025, 2026 }));
        Assert.That(all.Select(t => t.GetProperty("classification").GetString()).Distinct(), Does.Contain("secret").And.Contain("top-secret"));
    }

    [Test]
    public async Task A_confidential_user_never_sees_a_secret_task_anywhere()
    {
        var coordinator = As("mps.coordinator");
        var secretTasks = (await ReadAll(coordinator, "/api/v1/tasks?regulationId=1&classification=secret")).Select(t => t.GetProperty("id").GetInt32()).ToList();
        Assert.That(secretTasks, Is.Not.Empty);
        var officer = As("mic.officer");

        var listed = await ReadAll(officer, "/api/v1/tasks?regulationId=1");
        var filtered = await ReadAll(officer, "/api/v1/tasks?regulationId=1&classification=secret");
        var dashboard = await GetJson<JsonElement>(officer, "/api/v1/dashboard?regulationId=1");

        Assert.That(listed.Select(t => t.GetProperty("classification").GetString()), Is.All.AnyOf("unclassified", "confidential"));
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
        var secret = (await ReadAll(As("mps.coordinator"), "/api/v1/tasks?regulationId=1&classification=secret"))[0].GetProperty("id").GetInt32();

        await GetJson<JsonElement>(As("mps.coordinator"), $"/api/v1/tasks/{secret}");

        var audit = await GetJson<JsonElement>(As("mic.auditor"), $"/api/v1/audit?action=task.read&entityId={secret}&actor=mps.coordinator");
        Assert.That(audit.GetProperty("items").GetArrayLength(), Is.GreaterThanOrEqualTo(1));
        var lowAuditor = await GetJson<JsonElement>(As("mps.auditor"), $"/api/v1/audit?action=task.read&entityId={secret}");
        Assert.That(lowAuditor.GetProperty("items").GetArrayLength(), Is.Zero, "the entry is as classified as the task");
    }

    [Test]
    public async Task Filters_narrow_the_list()
    {
        var client = As("mps.coordinator");
        var overdue = await ReadAll(client, "/api/v1/tasks?status=overdue");
        var mic = await ReadAll(client, "/api/v1/tasks?leadAgency=MIC");
        var article = await ReadAll(client, "/api/v1/tasks?article=chp_3__art_8");
        var year = await ReadAll(client, "/api/v1/tasks?planYear=2024&sort=-due");
        var counterpart = await ReadAll(client, "/api/v1/tasks?counterpartUnit=MIC-ATTT");

        Assert.Multiple(() =>
        {
            Assert.That(overdue, Is.Not.Empty);
            Assert.That(overdue.Select(t => t.GetProperty("overdue").GetBoolean()), Is.All.True);
            Assert.That(mic.Select(t => t.GetProperty("leadAgencyCode").GetString()), Is.All.EqualTo("MIC"));
            Assert.That(article, Is.Not.Empty);
            Assert.That(year.Select(t => t.GetProperty("planYear").GetInt32()), Is.All.EqualTo(2024));
            Assert.That(year.Select(t => t.GetProperty("dueDate").GetString()), Is.Ordered.Descending);
            Assert.That(counterpart.Select(t => t.GetProperty("counterpartUnitCodes").EnumerateArray().Select(c => c.GetString())), Has.All.Contains("MIC-ATTT"));
        });
    }

    [Test]
    public async Task Text_search_ignores_case_and_diacritics_and_covers_tasks_everywhere()
    {
        var client = As("mps.coordinator");
        var plain = await ReadAll(client, "/api/v1/tasks?q=thong tin xau doc");
        var marked = await ReadAll(client, "/api/v1/tasks?q=THÔNG TIN XẤU, ĐỘC");
        var decomposed = await ReadAll(client, $"/api/v1/tasks?q={Uri.EscapeDataString("thông tin xấu độc".Normalize(System.Text.NormalizationForm.FormD))}");
        var search = await GetJson<JsonElement>(client, "/api/v1/search?q=thong tin xau doc");

        Assert.That(plain, Is.Not.Empty);
        Assert.That(marked.Select(t => t.GetProperty("id").GetInt32()), Is.EqualTo(plain.Select(t => t.GetProperty("id").GetInt32())));
        Assert.That(decomposed.Select(t => t.GetProperty("id").GetInt32()), Is.EqualTo(plain.Select(t => t.GetProperty("id").GetInt32())));
        var taskHits = search.GetProperty("items").EnumerateArray().Where(h => h.GetProperty("kind").GetString() == "task").ToList();
        Assert.That(taskHits.Select(h => h.GetProperty("entityId").GetInt32()), Is.SupersetOf(plain.Select(t => t.GetProperty("id").GetInt32())));
    }

    [Test]
    public async Task Search_never_returns_a_task_above_the_callers_clearance()
    {
        var secret = (await ReadAll(As("mps.coordinator"), "/api/v1/tasks?classification=secret"))[0];
        var words = secret.GetProperty("titleVi").GetString()!;

        var forCoordinator = await GetJson<JsonElement>(As("mps.coordinator"), $"/api/v1/search?q={Uri.EscapeDataString(words)}");
        var forViewer = await GetJson<JsonElement>(As("mps.viewer"), $"/api/v1/search?q={Uri.EscapeDataString(words)}");
        var listForViewer = await ReadAll(As("mps.viewer"), $"/api/v1/tasks?q={Uri.EscapeDataString(words)}");

        int[] Ids(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Where(h => h.GetProperty("kind").GetString() == "task").Select(h => h.GetProperty("entityId").GetInt32())];
        Assert.That(Ids(forCoordinator), Does.Contain(secret.GetProperty("id").GetInt32()));
        Assert.That(Ids(forViewer), Does.Not.Contain(secret.GetProperty("id").GetInt32()));
        Assert.That(listForViewer.Select(t => t.GetProperty("id").GetInt32()), Does.Not.Contain(secret.GetProperty("id").GetInt32()));
    }

    [Test]
    public async Task Keyset_pages_are_stable_while_tasks_are_added()
    {
        var client = As("mps.coordinator");
        var first = await GetJson<JsonElement>(client, "/api/v1/tasks?regulationId=1&limit=5&sort=code");
        await Json(await Post(client, "/api/v1/tasks", NewTask(title: "Inserted between pages")), HttpStatusCode.Created);
        var rest = await ReadAll(client, "/api/v1/tasks?regulationId=1&limit=5&sort=code", first.GetProperty("nextCursor").GetString());
        var all = await ReadAll(client, "/api/v1/tasks?regulationId=1&sort=code&limit=7");

        var paged = first.GetProperty("items").EnumerateArray().Concat(rest).Select(t => t.GetProperty("code").GetString()).ToList();
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
