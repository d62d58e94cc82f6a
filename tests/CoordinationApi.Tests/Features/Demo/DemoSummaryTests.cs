using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using CoordinationApi.Tests.Infrastructure;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace CoordinationApi.Tests.Features.Demo;

/// <summary>
/// The five-year summary of the demo regulation tells one story (ATTACK18 F1): each plan year has the figures of that year's
/// review report (its .docx, read back), the chart's results per year are that review's evaluations, and the totals per
/// article and per agency count each piece of work (a task and the tasks that continue it through carry-over) once —
/// in the JSON and in the .docx alike.
/// </summary>
[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed partial class DemoSummaryTests(string provider) : ApiTest(provider)
{
    private const string Summary = "/api/v1/reviews/summary?regulationId=1";

    [Test]
    public async Task Each_year_of_the_summary_and_its_document_has_the_figures_of_that_years_review_report()
    {
        var coordinator = As("mps.coordinator");
        var table = YearTable(await Download(coordinator, "/api/v1/reviews/summary/document?regulationId=1&lang=en"));

        // The document's year table against each concluded annual review's report, read back.
        var concluded = (await GetAllPages(coordinator, "/api/v1/reviews?regulationId=1&limit=50"))
            .Where(r => r.GetProperty("kind").GetString() == "annual" && r.GetProperty("status").GetString() == "concluded").ToList();
        Assert.That(concluded, Has.Count.GreaterThanOrEqualTo(4), "the reviews of 2022–2025");
        foreach (var review in concluded)
        {
            var report = ReportFigures().Match(Body(await Download(coordinator, $"/api/v1/reviews/{review.GetProperty("id").GetInt32()}/documents/report?lang=en")));
            Assert.That(report.Success, Is.True);
            var y = review.GetProperty("periodYear").GetInt32();
            Assert.That(table[y], Is.EqualTo((Number(report, "tasks"), Number(report, "completed"))), $"{y}: the summary document's year table and that year's report");
        }

        var summary = await GetJson<JsonElement>(coordinator, Summary);
        var years = summary.GetProperty("byYear").EnumerateArray().ToList();
        Assert.That(years.Select(y => y.GetProperty("year").GetInt32()), Is.EqualTo(summary.GetProperty("years").EnumerateArray().Select(y => y.GetInt32())));
        var reviewed = 0;
        foreach (var year in years)
        {
            var y = year.GetProperty("year").GetInt32();
            Assert.That(table[y], Is.EqualTo((year.GetProperty("tasks").GetInt32(), year.GetProperty("completed").GetInt32())), $"{y}: the document's year table and the API");
            if (year.GetProperty("reviewId").ValueKind != JsonValueKind.Number)
            {
                continue;
            }

            var reviewId = year.GetProperty("reviewId").GetInt32();
            var report = Body(await Download(coordinator, $"/api/v1/reviews/{reviewId}/documents/report?lang=en"));
            var figures = ReportFigures().Match(report);
            Assert.That(figures.Success, Is.True, report);
            Assert.That(table[y], Is.EqualTo((Number(figures, "tasks"), Number(figures, "completed"))), $"{y}: the summary's year table and the report of review {reviewId}");
            Assert.That(year.GetProperty("evaluated").GetInt32(), Is.EqualTo(Number(figures, "evaluated")), $"{y}: evaluated");

            // The chart's results of the year: that review's evaluations of its (uncancelled) tasks.
            var grid = await GetAllPages(coordinator, $"/api/v1/reviews/{reviewId}/evaluations?limit=200");
            var uncancelled = grid.Where(e => e.GetProperty("task").GetProperty("status").GetString() != "cancelled").ToList();
            Assert.That(uncancelled, Has.Count.EqualTo(year.GetProperty("tasks").GetInt32()), $"{y}: the review's tasks");
            foreach (var (result, member) in new[] { ("achieved", "achieved"), ("partly_achieved", "partlyAchieved"), ("not_achieved", "notAchieved"), ("not_applicable", "notApplicable") })
            {
                Assert.That(year.GetProperty(member).GetInt32(), Is.EqualTo(uncancelled.Count(e => e.GetProperty("result").GetString() == result)), $"{y}: {result}");
            }

            // The agencies' and units' years split the same figures.
            foreach (var groups in new[] { "agencies", "units" })
            {
                var ofYear = summary.GetProperty(groups).EnumerateArray().SelectMany(a => a.GetProperty("byYear").EnumerateArray()).Where(b => b.GetProperty("year").GetInt32() == y).ToList();
                Assert.That(ofYear.Sum(b => b.GetProperty("tasks").GetInt32()), Is.EqualTo(year.GetProperty("tasks").GetInt32()), $"{y}: {groups}");
                Assert.That(ofYear.Sum(b => b.GetProperty("completed").GetInt32()), Is.EqualTo(year.GetProperty("completed").GetInt32()), $"{y}: {groups} completed");
            }

            reviewed++;
        }

        Assert.That(reviewed, Is.GreaterThanOrEqualTo(4), "the reviews of 2022–2025");
    }

    [Test]
    public async Task The_summary_counts_each_piece_of_work_once_per_article_and_per_agency_in_the_json_and_the_document()
    {
        var coordinator = As("mps.coordinator");
        var summary = await GetJson<JsonElement>(coordinator, Summary);
        var details = new Dictionary<int, JsonElement>();
        async Task<JsonElement> Task(int id) => details.TryGetValue(id, out var known) ? known : details[id] = await GetJson<JsonElement>(coordinator, $"/api/v1/tasks/{id}");

        // The first task of a piece of work: follow continuesTaskId back.
        async Task<int> Origin(int id)
        {
            var task = await Task(id);
            while (task.TryGetProperty("continuesTaskId", out var previous) && previous.ValueKind == JsonValueKind.Number)
            {
                task = await Task(previous.GetInt32());
            }

            return task.GetProperty("id").GetInt32();
        }

        var articleCounts = new Dictionary<string, int>();
        var listed = new HashSet<int>();
        foreach (var article in summary.GetProperty("articles").EnumerateArray())
        {
            var ids = article.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("taskId").GetInt32()).ToList();
            var origins = new List<int>();
            foreach (var id in ids)
            {
                Assert.That((await Task(id)).GetProperty("status").GetString(), Is.Not.EqualTo("carried_over").And.Not.EqualTo("cancelled"), $"task {id}: a piece of work's latest task");
                origins.Add(await Origin(id));
            }

            Assert.That(origins, Is.Unique, $"article {article.GetProperty("num").GetString()}: each piece of work once");
            articleCounts[article.GetProperty("num").GetString()!] = ids.Count;
            listed.UnionWith(ids);
        }

        // Per agency: the pieces of work of the regulation (the task list holds each once, as its latest task), cancelled aside.
        var list = await GetAllPages(coordinator, "/api/v1/tasks?regulationId=1&limit=200");
        var counted = list.Where(t => t.GetProperty("status").GetString() != "cancelled").ToList();
        var pieces = new HashSet<int>();
        foreach (var task in counted)
        {
            pieces.Add(await Origin(task.GetProperty("id").GetInt32()));
        }

        Assert.That(pieces, Has.Count.EqualTo(counted.Count), "the task list holds each piece of work once");
        var agencies = summary.GetProperty("agencies").EnumerateArray().ToList();
        Assert.That(agencies.Sum(a => a.GetProperty("total").GetProperty("tasks").GetInt32()), Is.EqualTo(pieces.Count), "per agency");
        Assert.That(agencies.Sum(a => a.GetProperty("total").GetProperty("completed").GetInt32()),
            Is.EqualTo(counted.Count(t => t.GetProperty("status").GetString() == "completed")), "completed per agency");
        foreach (var agency in agencies)
        {
            var code = agency.GetProperty("code").GetString();
            Assert.That(agency.GetProperty("total").GetProperty("tasks").GetInt32(), Is.EqualTo(counted.Count(t => t.GetProperty("leadAgencyCode").GetString() == code)), code);
        }

        Assert.That(listed, Is.SubsetOf(counted.Select(t => t.GetProperty("id").GetInt32())), "the article table's tasks are the task list's");

        // The document's article table says what the API says.
        var document = ArticleTable(await Download(coordinator, "/api/v1/reviews/summary/document?regulationId=1&lang=en"));
        Assert.That(document, Is.EquivalentTo(articleCounts), "the document's article table");
    }

    [GeneratedRegex(@"Tasks: (?<tasks>\d+)[^;]*; completed: (?<completed>\d+) \([^)]*\); evaluated: (?<evaluated>\d+)\.")]
    private static partial Regex ReportFigures();

    [GeneratedRegex(@"^Article (?<num>[^.]+)\.")]
    private static partial Regex ArticleCell();

    private static int Number(Match match, string group) => int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    private static async Task<WordprocessingDocument> Download(HttpClient client, string url)
    {
        var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), () => $"{url}: {System.Text.Encoding.UTF8.GetString(bytes)}");
        return WordprocessingDocument.Open(new MemoryStream(bytes), false);
    }

    private static string Body(WordprocessingDocument document)
    {
        using (document)
        {
            return string.Join("\n", document.MainDocumentPart!.Document!.Body!.Descendants<Paragraph>().Select(p => p.InnerText));
        }
    }

    /// <summary>The rows of the body's table whose header row starts with <paramref name="header"/>, as cell texts.</summary>
    private static List<List<string>> Rows(WordprocessingDocument document, string header, int column)
    {
        using (document)
        {
            var table = document.MainDocumentPart!.Document!.Body!.Descendants<Table>()
                .Single(t => t.Elements<TableRow>().First().Elements<TableCell>().ElementAt(column).InnerText == header);
            return [.. table.Elements<TableRow>().Skip(1).Select(r => r.Elements<TableCell>().Select(c => c.InnerText).ToList())];
        }
    }

    /// <summary>The summary document's year table: year → (tasks, completed).</summary>
    private static Dictionary<int, (int, int)> YearTable(WordprocessingDocument document) =>
        Rows(document, "Year", 0).ToDictionary(r => int.Parse(r[0], CultureInfo.InvariantCulture),
            r => (int.Parse(r[1], CultureInfo.InvariantCulture), int.Parse(r[2], CultureInfo.InvariantCulture)));

    /// <summary>The summary document's article table: article number → tasks.</summary>
    private static Dictionary<string, int> ArticleTable(WordprocessingDocument document) =>
        Rows(document, "Article", 1).ToDictionary(r => ArticleCell().Match(r[1]).Groups["num"].Value, r => int.Parse(r[2], CultureInfo.InvariantCulture));
}
