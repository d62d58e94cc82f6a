using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CoordinationApi.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static CoordinationApi.Tests.Features.Tasks.TaskApi;

namespace CoordinationApi.Tests.Features.Exports;

[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class ExportTests(string provider) : ApiTest(provider)
{
    /// <summary>Tasks this fixture creates, one for each filter of the row-for-row test, so none of its lists is empty.</summary>
    private readonly Dictionary<string, int> made = [];

    [OneTimeSetUp]
    public async Task CreateTasksForEachFilter()
    {
        var coordinator = As("mps.coordinator");
        made["unclassified"] = await Create(coordinator, NewTask(title: "Exported as it is listed"));
        made["completed"] = await Create(coordinator, NewTask(title: "Exported once completed", classification: "secret"), "completed", As("mps.officer"));
        made["MIC 2024"] = await Create(As("mic.coordinator"), NewTask(title: "Exported for MIC, 2024", lead: "MIC-ATTT", counterparts: ["MPS-A05"], planYear: 2024));
    }

    [TestCase("mps.auditor", "", "unclassified")]
    [TestCase("mic.auditor", "&status=completed&sort=-due", "completed")]
    [TestCase("mps.coordinator", "&leadAgency=MIC&planYear=2024", "MIC 2024")]
    public async Task Exported_tasks_equal_the_list_items_row_for_row(string user, string filters, string created)
    {
        var client = As(user);
        var listed = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var page = await GetJson<JsonElement>(client, $"/api/v1/tasks?regulationId=1&limit=7{filters}{(cursor is null ? "" : $"&cursor={cursor}")}");
            listed.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.GetProperty("nextCursor").ValueKind == JsonValueKind.Null ? null : page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        var exported = JsonDocument.Parse(await client.GetStringAsync(new Uri($"/api/v1/exports/tasks?format=json&regulationId=1{filters}", UriKind.Relative)))
            .RootElement.EnumerateArray().ToList();

        Assert.That(listed.Select(l => l.GetProperty("id").GetInt32()), Does.Contain(made[created]));
        Assert.That(exported.Select(e => e.GetProperty("id").GetInt32()), Is.EqualTo(listed.Select(l => l.GetProperty("id").GetInt32())));
        foreach (var (e, l) in exported.Zip(listed))
        {
            foreach (var field in new[] { "code", "titleVi", "titleEn", "leadUnitCode", "leadAgencyCode", "classification", "kind", "startDate", "dueDate", "priority", "status" })
            {
                Assert.That(e.GetProperty(field).GetString(), Is.EqualTo(l.GetProperty(field).GetString()), field);
            }

            Assert.That(e.GetProperty("progress").GetInt32(), Is.EqualTo(l.GetProperty("progress").GetInt32()));
            Assert.That(e.GetProperty("overdue").GetBoolean(), Is.EqualTo(l.GetProperty("overdue").GetBoolean()));
            Assert.That(e.GetProperty("counterpartUnitCodes").EnumerateArray().Select(c => c.GetString()),
                Is.EqualTo(l.GetProperty("counterpartUnitCodes").EnumerateArray().Select(c => c.GetString())));
        }
    }

    [Test]
    public async Task A_secret_task_never_appears_in_an_export_by_a_confidential_auditor()
    {
        var officer = As("mps.officer");
        var secret = await Create(As("mps.coordinator"), NewTask(title: "Secret and reported on", classification: "secret"), "in_progress", officer);
        await Json(await Report(officer, secret, 30), HttpStatusCode.Created);

        var all = await As("mic.auditor").GetStringAsync(new Uri("/api/v1/exports/tasks?format=json", UriKind.Relative));
        var allReports = await As("mic.auditor").GetStringAsync(new Uri("/api/v1/exports/progress-reports?format=json", UriKind.Relative));
        var confidential = await As("mps.auditor").GetStringAsync(new Uri("/api/v1/exports/tasks?format=json", UriKind.Relative));
        var reports = await As("mps.auditor").GetStringAsync(new Uri("/api/v1/exports/progress-reports?format=json", UriKind.Relative));
        var secretIds = JsonDocument.Parse(all).RootElement.EnumerateArray()
            .Where(t => t.GetProperty("classification").GetString() is "secret" or "top-secret").Select(t => t.GetProperty("id").GetInt32()).ToList();

        Assert.That(secretIds, Does.Contain(secret));
        Assert.That(JsonDocument.Parse(allReports).RootElement.EnumerateArray().Select(r => r.GetProperty("taskId").GetInt32()), Does.Contain(secret), "its report is exported to a cleared auditor");
        Assert.That(JsonDocument.Parse(confidential).RootElement.EnumerateArray().Select(t => t.GetProperty("id").GetInt32()), Has.None.AnyOf(secretIds.Cast<object>().ToArray()));
        Assert.That(JsonDocument.Parse(reports).RootElement.EnumerateArray().Select(r => r.GetProperty("taskId").GetInt32()), Has.None.AnyOf(secretIds.Cast<object>().ToArray()));
    }

    [Test]
    public async Task Csv_is_utf8_with_bom_rfc4180_and_neutralises_formulas()
    {
        var coordinator = As("mps.coordinator");
        await Json(await Post(coordinator, "/api/v1/tasks", NewTask(title: "=HYPERLINK(\"http://evil\",\"click\"), with \"quotes\"")), HttpStatusCode.Created);

        var response = await As("mps.auditor").GetAsync(new Uri("/api/v1/exports/tasks?q=kiem tra phoi hop trung tam du lieu", UriKind.Relative));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var text = Encoding.UTF8.GetString(bytes);

        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/csv"));
        Assert.That(response.Content.Headers.ContentDisposition?.FileName, Does.Match("^\"?tasks-\\d{8}T\\d{6}Z\\.csv\"?$"));
        Assert.That(bytes.Take(3), Is.EqualTo(new byte[] { 0xEF, 0xBB, 0xBF }));
        var lines = text.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[0], Does.StartWith("id,regulationId,code,titleVi,titleEn,leadUnitCode"));
        Assert.That(text, Does.Contain("\"'=HYPERLINK(\"\"http://evil\"\",\"\"click\"\"), with \"\"quotes\"\"\""));
        Assert.That(text, Does.Contain("Kiểm tra phối hợp"), "Vietnamese survives");
    }

    [Test]
    public async Task Xlsx_is_a_spreadsheet_with_the_rows()
    {
        var award = $"Commendation {Marker("Wren")}";
        var recognition = await As("mic.coordinator").PostAsJsonAsync(new Uri("/api/v1/recognitions", UriKind.Relative), new
        {
            awardVi = "Bằng khen", awardEn = award, recipientUnitCode = "MPS-A05", awardedOn = "2026-11-01",
            occasionVi = "Tổng kết năm", occasionEn = "Annual review", regulationId = 1,
        });
        Assert.That(recognition.StatusCode, Is.EqualTo(HttpStatusCode.Created), await recognition.Content.ReadAsStringAsync());
        var response = await As("mic.auditor").GetAsync(new Uri("/api/v1/exports/recognitions?format=xlsx", UriKind.Relative));
        var bytes = await response.Content.ReadAsByteArrayAsync();

        using var zip = new ZipArchive(new MemoryStream(bytes));
        Assert.That(zip.Entries.Select(e => e.FullName), Does.Contain("[Content_Types].xml").And.Contain("xl/worksheets/sheet1.xml"));
        using var sheet = new StreamReader(zip.GetEntry("xl/worksheets/sheet1.xml")!.Open());
        var xml = await sheet.ReadToEndAsync();
        var recognitions = await GetAllPages(As("mic.auditor"), "/api/v1/recognitions");
        Assert.That(System.Text.RegularExpressions.Regex.Count(xml, "<row"), Is.EqualTo(recognitions.Count + 1), "a header and a row per recognition");
        Assert.That(xml, Does.Contain(award).And.Contain("Bằng khen"));
    }

    [TestCase("units", "")]
    [TestCase("articles", "&regulationId=1")]
    [TestCase("progress-reports", "")]
    [TestCase("reviews", "")]
    [TestCase("evaluations", "")]
    [TestCase("recognitions", "")]
    [TestCase("audit", "")]
    public async Task Every_dataset_exports_and_each_export_is_audited(string dataset, string filters)
    {
        foreach (var format in new[] { "csv", "json", "jsonl", "xlsx" })
        {
            var response = await As("mic.auditor").GetAsync(new Uri($"/api/v1/exports/{dataset}?format={format}{filters}", UriKind.Relative));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{dataset} {format}");
            var bytes = await response.Content.ReadAsByteArrayAsync();
            if (format != "jsonl")
            {
                // An empty dataset is an empty JSON-lines file, but every other format still has its header or brackets.
                Assert.That(bytes, Is.Not.Empty);
            }
        }

        var audit = await GetJson<JsonElement>(As("mic.auditor"), $"/api/v1/audit?action=export&entityId={dataset}&limit=10");
        var entries = audit.GetProperty("items").EnumerateArray().ToList();
        Assert.That(entries, Has.Count.GreaterThanOrEqualTo(4));
        var after = entries[0].GetProperty("after");
        Assert.Multiple(() =>
        {
            Assert.That(entries[0].GetProperty("actorName").GetString(), Is.EqualTo("mic.auditor"));
            Assert.That(after.GetProperty("dataset").GetString(), Is.EqualTo(dataset));
            Assert.That(after.GetProperty("format").GetString(), Is.EqualTo("xlsx"));
            Assert.That(after.GetProperty("rows").GetInt64(), Is.GreaterThanOrEqualTo(0));
            Assert.That(after.GetProperty("completed").GetBoolean(), Is.True);
        });
    }

    [Test]
    public async Task The_audit_export_row_count_matches_the_file()
    {
        var text = await As("mic.auditor").GetStringAsync(new Uri("/api/v1/exports/units?format=jsonl", UriKind.Relative));
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        var entry = (await GetJson<JsonElement>(As("mic.auditor"), "/api/v1/audit?action=export&entityId=units&limit=1")).GetProperty("items")[0];
        Assert.That(entry.GetProperty("after").GetProperty("rows").GetInt64(), Is.EqualTo(lines.Length));
        Assert.That(lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("code").GetString()), Does.Contain("MIC-ATTT"));
    }

    [Test]
    public async Task Bad_input_is_a_problem_and_viewers_cannot_export()
    {
        await ProblemAssert.HasFieldErrors(await As("mps.auditor").GetAsync(new Uri("/api/v1/exports/tasks?format=pdf&status=lost", UriKind.Relative)), "format", "status[0]");
        await ProblemAssert.IsProblem(await As("mps.auditor").GetAsync(new Uri("/api/v1/exports/nothing", UriKind.Relative)), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblem(await As("mps.viewer").GetAsync(new Uri("/api/v1/exports/tasks", UriKind.Relative)), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblem(await As("mps.coordinator").GetAsync(new Uri("/api/v1/exports/audit", UriKind.Relative)), HttpStatusCode.Forbidden);
    }
}

/// <summary>An export the client aborts is audited with the rows it was sent, not 0 (issue 14, class 5).</summary>
public sealed class AbortedExportTests() : ApiTest("Sqlite")
{
    [Test]
    public async Task An_aborted_export_records_the_rows_it_sent()
    {
        await Factory.Services.GetRequiredService<CoordinationApi.Features.Demo.ScaleGenerator>().GenerateAsync(4000, 7);
        var received = 0L;
        using (var response = await As("mic.auditor").GetAsync(new Uri("/api/v1/exports/tasks?format=csv", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            await using var body = await response.Content.ReadAsStreamAsync();
            var buffer = new byte[16 * 1024];
            while (received < 200_000)
            {
                var read = await body.ReadAsync(buffer);
                Assert.That(read, Is.GreaterThan(0), "the export is longer than what the client reads");
                received += read;
            }
        }

        // The server notices the abort and writes its entry afterwards.
        JsonElement? after = null;
        for (var attempt = 0; attempt < 100 && after is null; attempt++)
        {
            await Task.Delay(50);
            var items = (await GetJson<JsonElement>(As("mic.auditor"), "/api/v1/audit?action=export&entityId=tasks&limit=1")).GetProperty("items");
            after = items.GetArrayLength() == 1 ? items[0].GetProperty("after") : null;
        }

        Assert.That(after, Is.Not.Null, "the aborted export is audited");
        Assert.That(after!.Value.GetProperty("completed").GetBoolean(), Is.False);
        Assert.That(after.Value.GetProperty("rows").GetInt64(), Is.GreaterThan(100), $"the client received {received} bytes");
        Assert.That(after.Value.GetProperty("rows").GetInt64(), Is.LessThan(4000 + 200), "not more than the export holds");
    }
}
