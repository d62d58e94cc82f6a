using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using CoordinationApi.Features.Documents;
using CoordinationApi.Tests.Infrastructure;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;
using C = DocumentFormat.OpenXml.Drawing.Charts;

namespace CoordinationApi.Tests.Features.Reviews;

/// <summary>
/// The official documents (issue 18, Decree 30/2020/NĐ-CP): every document in every language opens without an error in
/// the Open XML SDK's validator, and read back has the layout the decree sets (page, margins, font, header, number and
/// symbol, place and date, recipients, signature, page numbers); each holds only what its reader may see, is marked after
/// it, is audited like an export; a review or regulation the caller cannot read is a 404.
/// </summary>
[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class OfficialDocumentTests(string provider) : ReviewRecordsTest(provider)
{
    private const string DocxMediaType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    /// <summary>Every document (each kind of a review, and the summary), by name, with its URL in a language.</summary>
    private IEnumerable<(string Name, string Url)> Documents(string lang, int? reviewId = null) =>
    [
        .. OfficialDocuments.Kinds.Select(kind => (kind, $"/api/v1/reviews/{reviewId ?? ReviewId}/documents/{kind}?lang={lang}")),
        ("summary", $"/api/v1/reviews/summary/document?regulationId={RegulationId}&fromYear=2023&toYear=2026&lang={lang}"),
    ];

    [Test]
    public async Task Every_document_in_every_language_opens_without_validator_errors_and_downloads_as_an_audited_attachment()
    {
        foreach (var lang in OfficialDocuments.Languages)
        {
            foreach (var (name, url) in Documents(lang))
            {
                var exports = await AuditCount("export");
                var response = await As("mps.coordinator").GetAsync(new Uri(url, UriKind.Relative));
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), () => $"{url}: {response.Content.ReadAsStringAsync().Result}\n{ServerErrors()}");
                Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo(DocxMediaType));
                Assert.That(response.Content.Headers.ContentDisposition?.DispositionType, Is.EqualTo("attachment"));
                Assert.That(response.Content.Headers.ContentDisposition?.FileName?.Trim('"'), Does.EndWith($"-{lang}.docx"));
                using var document = WordprocessingDocument.Open(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), false);
                var errors = new OpenXmlValidator(FileFormatVersions.Office2019).Validate(document).ToList();
                Assert.That(errors.Select(e => $"{e.Part?.Uri} {e.Path?.XPath}: {e.Description}"), Is.Empty, $"{name} ({lang})");
                Assert.That(await AuditCount("export"), Is.EqualTo(exports + 1), $"{name} ({lang}): the download is audited");
            }
        }
    }

    [TestCase("vi", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Số:", "Nơi nhận:", "Hà Nội, ngày 15 tháng 12 năm 2024", "BỘ CÔNG AN", "VĂN PHÒNG BỘ CÔNG AN")]
    [TestCase("en", "SOCIALIST REPUBLIC OF VIET NAM", "Independence - Freedom - Happiness", "No.:", "Recipients:", "Hanoi, 15 December 2024", "MINISTRY OF PUBLIC SECURITY", "OFFICE OF THE MINISTRY OF PUBLIC SECURITY")]
    public async Task Each_document_has_the_layout_of_decree_30(
        string lang, string nation, string motto, string number, string recipients, string placeAndDate, string agency, string office)
    {
        var symbols = new Dictionary<string, string> { ["report"] = "/BC-VP", ["plan"] = "/KH-VP", ["minutes"] = "/BB-VP", ["summary"] = "/BC-VP" };
        var types = lang == "vi"
            ? new Dictionary<string, string> { ["report"] = "BÁO CÁO", ["plan"] = "KẾ HOẠCH", ["minutes"] = "BIÊN BẢN", ["summary"] = "BÁO CÁO" }
            : new Dictionary<string, string> { ["report"] = "REPORT", ["plan"] = "PLAN", ["minutes"] = "MINUTES", ["summary"] = "REPORT" };
        foreach (var (name, url) in Documents(lang))
        {
            using var document = await Download(As("mps.coordinator"), url);
            var main = document.MainDocumentPart!;
            var body = main.Document!.Body!;
            var section = body.Elements<SectionProperties>().Single();
            var size = section.GetFirstChild<PageSize>()!;
            var margin = section.GetFirstChild<PageMargin>()!;
            Assert.Multiple(() =>
            {
                Assert.That((size.Width!.Value, size.Height!.Value), Is.EqualTo((11906u, 16838u)), $"{name}: A4");
                Assert.That(margin.Top!.Value, Is.InRange(Mm(20), Mm(25)), $"{name}: top margin");
                Assert.That(margin.Bottom!.Value, Is.InRange(Mm(20), Mm(25)), $"{name}: bottom margin");
                Assert.That((int)margin.Left!.Value, Is.InRange(Mm(30), Mm(35)), $"{name}: left margin");
                Assert.That((int)margin.Right!.Value, Is.InRange(Mm(15), Mm(20)), $"{name}: right margin");
            });

            // Times New Roman everywhere, 11 to 14 pt.
            var fonts = main.StyleDefinitionsPart!.Styles!.DocDefaults!.Descendants<RunFonts>().Single();
            Assert.That(new[] { fonts.Ascii?.Value, fonts.HighAnsi?.Value, fonts.ComplexScript?.Value }, Is.All.EqualTo("Times New Roman"), name);
            Assert.That(body.Descendants<RunFonts>(), Is.Empty, $"{name}: no run changes the font");
            Assert.That(body.Descendants<Run>().Select(SizeOf), Is.All.InRange(22, 28), $"{name}: 11–14 pt");

            // The header: issuing body on the left, national title and motto on the right, each with a rule under it.
            var head = body.Elements<Table>().First();
            var cells = head.Descendants<TableCell>().ToList();
            Assert.That(head.Descendants<TableBorders>().Single().Elements<BorderType>().Select(b => b.Val?.Value), Is.All.EqualTo(BorderValues.None), $"{name}: borderless header");
            var left = cells[0].Elements<Paragraph>().ToList();
            var right = cells[1].Elements<Paragraph>().ToList();
            Assert.Multiple(() =>
            {
                Assert.That(left[0].InnerText, Is.EqualTo(agency), $"{name}: superior agency, upper case");
                Assert.That(left[1].InnerText, Is.EqualTo(office), $"{name}: issuing office");
                Assert.That(IsBold(left[1]), Is.True, $"{name}: issuing office in bold");
                Assert.That(HasRule(left[2]), Is.True, $"{name}: a rule under the issuing body");
                Assert.That(left[3].InnerText, Does.StartWith(number).And.EndWith(symbols[name]), $"{name}: number and symbol");
                Assert.That(right[0].InnerText, Is.EqualTo(nation));
                Assert.That(IsBold(right[0]) && right[0].Descendants<Run>().All(r => SizeOf(r) is 24 or 26), Is.True, $"{name}: national title bold 12–13 pt");
                Assert.That(right[1].InnerText, Is.EqualTo(motto));
                Assert.That(IsBold(right[1]) && right[1].Descendants<Run>().All(r => SizeOf(r) is 26 or 28), Is.True, $"{name}: motto bold 13–14 pt");
                Assert.That(HasRule(right[2]), Is.True, $"{name}: a rule under the motto");
                if (name != "summary")
                {
                    Assert.That(right[3].InnerText, Is.EqualTo(placeAndDate), $"{name}: place and date");
                }

                Assert.That(right[3].Descendants<Run>().All(r => r.RunProperties?.Italic is not null), Is.True, $"{name}: place and date in italics");
            });

            // The document type and title, centred and bold; a justified body with a first-line indent.
            var afterHead = body.Elements().SkipWhile(e => e != head).Skip(1).OfType<Paragraph>().ToList();
            Assert.That(afterHead[0].InnerText, Is.EqualTo(types[name]), $"{name}: document type");
            Assert.That(afterHead[0].ParagraphProperties!.Justification!.Val!.Value, Is.EqualTo(JustificationValues.Center));
            Assert.That(IsBold(afterHead[0]) && IsBold(afterHead[1]), Is.True, $"{name}: type and title in bold");
            Assert.That(body.Elements<Paragraph>().Count(p => p.ParagraphProperties?.Justification?.Val?.Value == JustificationValues.Both
                && p.ParagraphProperties.Indentation?.FirstLine is not null && p.InnerText.Length > 0), Is.GreaterThan(2), $"{name}: justified body, first line indented");

            // Recipients bottom left, the signature block bottom right.
            var closing = body.Elements<Table>().Last().Descendants<TableCell>().ToList();
            var recipientLines = closing[0].Elements<Paragraph>().ToList();
            Assert.Multiple(() =>
            {
                Assert.That(recipientLines[0].InnerText, Is.EqualTo(recipients));
                Assert.That(recipientLines[0].Descendants<Run>().All(r => r.RunProperties?.Bold is not null && r.RunProperties.Italic is not null && SizeOf(r) == 24),
                    Is.True, $"{name}: recipients' label bold italic 12 pt");
                Assert.That(recipientLines.Skip(1).Select(p => p.Descendants<Run>().Select(SizeOf).Single()), Is.Not.Empty.And.All.EqualTo(22), $"{name}: recipients 11 pt");
                Assert.That(recipientLines.Skip(1).Select(p => p.InnerText), Has.Some.Contains(lang == "vi" ? "Văn phòng Bộ Thông tin và Truyền thông" : "Office of the Ministry of Information and Communications"));
            });
            var signature = closing[1].Elements<Paragraph>().Where(p => p.InnerText.Length > 0).ToList();
            Assert.That(signature, Has.Count.GreaterThanOrEqualTo(2), $"{name}: authority, title and signer");
            Assert.That(signature.All(IsBold), Is.True, $"{name}: the signature block in bold");
            if (name != "summary")
            {
                Assert.That(signature[^1].InnerText, Is.EqualTo("Nguyễn Văn Chủ Trì"), $"{name}: the signer's full name (the chair the minutes record)");
                Assert.That(signature[^2].InnerText, Is.EqualTo("CHÁNH VĂN PHÒNG"), $"{name}: the signer's title");
            }

            // Page numbers from page 2, centred in the header.
            Assert.That(section.GetFirstChild<TitlePage>(), Is.Not.Null, $"{name}: a first page of its own");
            var headers = section.Elements<HeaderReference>().ToDictionary(h => h.Type!.Value, h => (HeaderPart)main.GetPartById(h.Id!.Value!));
            Assert.That(headers[HeaderFooterValues.First].Header!.InnerText, Is.Empty, $"{name}: no number on page 1");
            var numbered = headers[HeaderFooterValues.Default].Header!;
            Assert.That(numbered.Descendants<SimpleField>().Select(f => f.Instruction?.Value?.Trim()), Is.EqualTo(new[] { "PAGE" }), name);
            Assert.That(numbered.Descendants<Justification>().Single().Val!.Value, Is.EqualTo(JustificationValues.Center), name);
        }
    }

    [Test]
    public async Task A_viewer_below_secret_never_finds_the_secret_task_in_any_document()
    {
        foreach (var lang in OfficialDocuments.Languages)
        {
            foreach (var (name, url) in Documents(lang))
            {
                var viewer = PackageText(await Download(As("mps.viewer"), url));
                Assert.That(viewer, Does.Not.Contain(SecretMarker), $"{name} ({lang}) for an unclassified viewer");
                Assert.That(viewer, Does.Not.Contain("TỐI MẬT").And.Not.Contain(">SECRET<"), $"{name} ({lang}): nothing classified, no marking");
                if (name is "report" or "plan")
                {
                    Assert.That(viewer, Does.Contain(OpenMarker), $"{name} ({lang}): the viewer's document holds the tasks they may see");
                    var cleared = PackageText(await Download(As("mic.coordinator"), url));
                    Assert.That(cleared, Does.Contain(SecretMarker), $"{name} ({lang}): one cleared for secret reads the task");
                    Assert.That(cleared, Does.Contain(lang == "vi" ? "TỐI MẬT" : "SECRET"), $"{name} ({lang}): and the document is marked");
                }
            }
        }
    }

    /// <summary>
    /// The report's "work carried over" table names, on each row, the original task by its own code and title and its
    /// successor in the next plan year by its own code and title: read back from the .docx, each row is a pair the API links
    /// (<c>carriedOverToTaskId</c> one way, <c>continuesTaskId</c> the other), and every carried-over task the reader sees is there.
    /// </summary>
    [Test]
    public async Task The_report_pairs_each_carried_over_task_with_its_successor_by_their_own_codes_and_titles()
    {
        foreach (var user in new[] { "mps.coordinator", "mps.viewer" })
        {
            var client = As(user);
            var pairs = new List<(JsonElement Original, JsonElement Successor)>();
            foreach (var evaluation in await GetAllPages(client, $"/api/v1/reviews/{ReviewId}/evaluations?limit=200"))
            {
                var original = await GetJson<JsonElement>(client, $"/api/v1/tasks/{evaluation.GetProperty("task").GetProperty("id").GetInt32()}");
                if (original.GetProperty("carriedOverToTaskId") is { ValueKind: JsonValueKind.Number } next)
                {
                    var successor = await GetJson<JsonElement>(client, $"/api/v1/tasks/{next.GetInt32()}");
                    Assert.That(successor.GetProperty("continuesTaskId").GetInt32(), Is.EqualTo(original.GetProperty("id").GetInt32()), "the API links them both ways");
                    pairs.Add((original, successor));
                }
            }

            Assert.That(pairs, Has.Count.EqualTo(user == "mps.viewer" ? 1 : 2), $"{user}: the open tasks the review carried over, as far as they may see");
            foreach (var lang in OfficialDocuments.Languages)
            {
                string Named(JsonElement task) => $"{task.GetProperty("code").GetString()}: {task.GetProperty(lang == "vi" ? "titleVi" : "titleEn").GetString()}";
                using var document = await Download(client, $"/api/v1/reviews/{ReviewId}/documents/report?lang={lang}");
                var table = document.MainDocumentPart!.Document!.Body!.Elements<Table>()
                    .Single(t => t.Elements<TableRow>().First().Elements<TableCell>().Last().InnerText == (lang == "vi" ? "Nhiệm vụ năm sau" : "Next year's task"));
                var rows = table.Elements<TableRow>().Skip(1)
                    .Select(r => r.Elements<TableCell>().Select(c => string.Join("\n", c.Elements<Paragraph>().Select(p => p.InnerText))).ToList())
                    .Select(cells => (Original: cells[1], Successor: cells[2])).ToList();
                Assert.That(rows, Is.EquivalentTo(pairs.Select(p => (Named(p.Original), Named(p.Successor)))),
                    $"{user} ({lang}): each row is an original and its own successor, each by its own code and title");
            }
        }
    }

    [Test]
    public async Task The_summary_charts_cache_the_results_the_summary_counts()
    {
        var summary = await GetJson<JsonElement>(As("mps.coordinator"), $"/api/v1/reviews/summary?regulationId={RegulationId}&fromYear=2023&toYear=2026");
        var years = summary.GetProperty("years").EnumerateArray().Select(y => y.GetInt32()).ToList();
        var results = summary.GetProperty("articles").EnumerateArray().SelectMany(a => a.GetProperty("tasks").EnumerateArray())
            .DistinctBy(t => t.GetProperty("taskId").GetInt32())
            .SelectMany(t => t.GetProperty("results").EnumerateObject()).Count();
        Assert.That(results, Is.EqualTo(3), "the annual review of 2024 recorded a result for each of the three tasks");

        using var document = await Download(As("mps.coordinator"), $"/api/v1/reviews/summary/document?regulationId={RegulationId}&fromYear=2023&toYear=2026");
        var charts = document.MainDocumentPart!.ChartParts.ToList();
        Assert.That(charts, Has.Count.EqualTo(2), "results per year, completion per agency");
        Assert.That(document.MainDocumentPart.Document!.Body!.Descendants<C.ChartReference>().Count(), Is.EqualTo(2), "both drawn in the body");
        var bar = charts[0].ChartSpace!.Descendants<C.BarChart>().Single();
        var series = bar.Elements<C.BarChartSeries>().ToList();
        Assert.That(series, Has.Count.EqualTo(4), "one series per result");
        var categories = series[0].GetFirstChild<C.CategoryAxisData>()!.Descendants<C.StringPoint>().Select(p => p.InnerText);
        Assert.That(categories, Is.EqualTo(years.Select(y => y.ToString(System.Globalization.CultureInfo.InvariantCulture))), "a category per year, cached");
        var cached = series.Sum(s => s.GetFirstChild<C.Values>()!.Descendants<C.NumericPoint>().Sum(p => double.Parse(p.InnerText, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(cached, Is.EqualTo(results), "the cached values are the results the summary holds");
    }

    [Test]
    public async Task A_document_of_a_review_or_regulation_the_caller_cannot_read_is_a_404_and_bad_values_a_400()
    {
        foreach (var user in new[] { "mps.viewer", "mps.coordinator" })
        {
            foreach (var (name, url) in Documents("vi", HiddenReviewId).Where(d => d.Name != "summary")
                .Concat(Documents("en", 999999).Where(d => d.Name != "summary")))
            {
                await ProblemAssert.IsProblem(await As(user).GetAsync(new Uri(url, UriKind.Relative)), HttpStatusCode.NotFound);
            }

            await ProblemAssert.IsProblem(await As(user).GetAsync(new Uri("/api/v1/reviews/summary/document?regulationId=999999", UriKind.Relative)), HttpStatusCode.NotFound);
        }

        var hidden = await As("mic.viewer").GetAsync(new Uri($"/api/v1/reviews/{HiddenReviewId}/documents/minutes", UriKind.Relative));
        Assert.That(hidden.StatusCode, Is.EqualTo(HttpStatusCode.OK), "its parties read it");
        await ProblemAssert.HasFieldErrors(await As("mps.viewer").GetAsync(new Uri($"/api/v1/reviews/{ReviewId}/documents/letter", UriKind.Relative)), "kind");
        await ProblemAssert.HasFieldErrors(await As("mps.viewer").GetAsync(new Uri($"/api/v1/reviews/{ReviewId}/documents/report?lang=fr", UriKind.Relative)), "lang");
        await ProblemAssert.HasFieldErrors(await As("mps.viewer").GetAsync(new Uri($"/api/v1/reviews/summary/document?regulationId={RegulationId}&lang=fr", UriKind.Relative)), "lang");
    }

    private static int Mm(int millimetres) => (int)Math.Round(millimetres * 1440 / 25.4);

    private static int SizeOf(Run run) => int.Parse(run.RunProperties?.FontSize?.Val?.Value ?? "28", System.Globalization.CultureInfo.InvariantCulture);

    private static bool IsBold(Paragraph paragraph) => paragraph.Descendants<Run>().Any() && paragraph.Descendants<Run>().All(r => r.RunProperties?.Bold is not null);

    private static bool HasRule(Paragraph paragraph) =>
        paragraph.InnerText.Length == 0 && paragraph.ParagraphProperties?.ParagraphBorders?.BottomBorder?.Val?.Value == BorderValues.Single;

    private static async Task<WordprocessingDocument> Download(HttpClient client, string url)
    {
        var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), () => $"{url}: {System.Text.Encoding.UTF8.GetString(bytes)}");
        return WordprocessingDocument.Open(new MemoryStream(bytes), false);
    }

    /// <summary>The text of every part of the package (body, headers, charts, properties), to look for a word anywhere in it.</summary>
    private static string PackageText(WordprocessingDocument document)
    {
        using (document)
        {
            var parts = document.GetAllParts().Where(p => p.ContentType.EndsWith("xml", StringComparison.Ordinal)).ToList();
            return string.Join("\n", parts.Select(p =>
            {
                using var stream = p.GetStream();
                return XDocument.Load(stream).ToString();
            })) + (document.PackageProperties.Title ?? "");
        }
    }
}
