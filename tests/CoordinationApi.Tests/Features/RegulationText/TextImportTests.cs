using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using CoordinationApi.Tests.Infrastructure;

namespace CoordinationApi.Tests.Features.RegulationText;

/// <summary>
/// The Akoma Ntoso export of a version and the import of a regulation's text from a Word document or an Akoma Ntoso act
/// into a new draft: round trip, the demo regulation written out as a .docx, misplaced paragraphs, DTDs, preview, media
/// types and size.
/// </summary>
public sealed class TextImportTests() : RegulationTextTest("Sqlite")
{
    private const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    private const string Akn = "application/akn+xml";

    [Test]
    public async Task A_version_exported_as_akoma_ntoso_imports_back_into_the_same_tree()
    {
        var mic = As("mic.coordinator");
        var original = await GetJson<JsonElement>(mic, $"/api/v1/regulations/{DemoId}/versions/1/text");
        var export = await mic.GetAsync(new Uri($"/api/v1/regulations/{DemoId}/versions/1/akn", UriKind.Relative));
        Assert.That(export.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(export.Content.Headers.ContentType?.MediaType, Is.EqualTo(Akn));
        var xml = await export.Content.ReadAsByteArrayAsync();
        var eIds = XDocument.Load(new MemoryStream(xml)).Descendants().Select(e => e.Attribute("eId")?.Value).OfType<string>()
            .Where(id => id != "coordination-api").ToList();
        Assert.That(eIds, Is.EqualTo(Flatten(original.GetProperty("chapters"), english: true).Select(l => l.Split(" | ")[1])), "every provision carries its AKN id as eId, in reading order");

        var target = await AddRegulationWithoutMps("QC-AKN-RT");
        var imported = await Import(mic, target, xml, Akn);
        var created = await Json(imported, HttpStatusCode.Created);
        Assert.That(imported.Headers.Location?.ToString(), Is.EqualTo($"/api/v1/regulations/{target}/versions/1"));
        Assert.That(created.GetProperty("version").GetProperty("status").GetString(), Is.EqualTo("draft"));
        var draft = await GetJson<JsonElement>(mic, $"/api/v1/regulations/{target}/versions/1/text");

        var expected = Flatten(original.GetProperty("chapters"), english: true);
        Assert.That(expected, Has.Count.GreaterThan(40), "the demo text is all there");
        Assert.That(Flatten(draft.GetProperty("chapters"), english: true), Is.EqualTo(expected));
        Assert.That(Flatten(created.GetProperty("chapters"), english: true), Is.EqualTo(expected), "the answer is the draft's text");
    }

    [Test]
    public async Task The_demo_regulation_written_as_a_docx_imports_into_a_tree_equal_to_the_seeded_one()
    {
        var coordinator = As("mps.coordinator");
        var seeded = await GetJson<JsonElement>(coordinator, $"/api/v1/regulations/{DemoId}/versions/1/text");
        var versionsBefore = (await GetJson<JsonElement>(coordinator, $"/api/v1/regulations/{DemoId}/versions?limit=200")).GetProperty("items").GetArrayLength();
        var docx = WordDocument(seeded.GetProperty("chapters"));
        var audited = await AuditCount("version.import");

        var response = await Import(coordinator, DemoId, docx, Docx, "?summary=true&note=From%20the%20signed%20text");
        var created = await Json(response, HttpStatusCode.Created);
        var number = created.GetProperty("version").GetProperty("number").GetInt32();
        Assert.That(number, Is.EqualTo(versionsBefore + 1));
        var version = await GetJson<JsonElement>(coordinator, $"/api/v1/regulations/{DemoId}/versions/{number}");
        Assert.Multiple(() =>
        {
            Assert.That(version.GetProperty("status").GetString(), Is.EqualTo("draft"));
            Assert.That(version.GetProperty("note").GetString(), Is.EqualTo("From the signed text"));
        });
        var draft = await GetJson<JsonElement>(coordinator, $"/api/v1/regulations/{DemoId}/versions/{number}/text");
        Assert.That(Flatten(draft.GetProperty("chapters"), english: false), Is.EqualTo(Flatten(seeded.GetProperty("chapters"), english: false)));
        Assert.That(await AuditCount("version.import"), Is.EqualTo(audited + 1));

        var again = await Import(coordinator, DemoId, docx, Docx);
        var conflict = await ProblemAssert.IsProblem(again, HttpStatusCode.Conflict);
        Assert.That(conflict.GetProperty("draftNumber").GetInt32(), Is.EqualTo(number), "one draft at a time");
    }

    [Test]
    public async Task A_preview_answers_the_parsed_tree_and_writes_nothing()
    {
        var coordinator = As("mps.coordinator");
        var seeded = await GetJson<JsonElement>(coordinator, $"/api/v1/regulations/{DemoId}/versions/1/text");
        var writes = await Writes();

        var response = await Import(coordinator, DemoId, WordDocument(seeded.GetProperty("chapters")), Docx, "?preview=true&summary=true");
        var preview = await Json(response, HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(preview.GetProperty("format").GetString(), Is.EqualTo("docx"));
            Assert.That(Flatten(preview.GetProperty("chapters"), english: false), Is.EqualTo(Flatten(seeded.GetProperty("chapters"), english: false)));
            Assert.That(preview.GetProperty("provisions").GetInt32(), Is.EqualTo(Flatten(seeded.GetProperty("chapters"), english: false).Count));
            Assert.That(preview.GetProperty("skipped").EnumerateArray().Select(s => s.GetProperty("index").GetInt32()), Is.EqualTo(new[] { 1, 2, 3, 4 }),
                "the header and title before Chương I are listed as skipped");
        });
        Assert.That(await Writes(), Is.EqualTo(writes));
    }

    [Test]
    public async Task A_point_before_any_clause_is_a_problem_naming_its_paragraph_and_nothing_is_written()
    {
        var coordinator = As("mps.coordinator");
        var writes = await Writes();
        var docx = WordDocument(["QUY CHẾ", "Chương I", "Những quy định chung", "Điều 1. Phạm vi điều chỉnh", "a) Trao đổi thông tin về nguy cơ"]);

        foreach (var query in new[] { "", "?preview=true" })
        {
            var problem = await ProblemAssert.HasFieldErrors(await Import(coordinator, DemoId, docx, Docx, query), "paragraphs[5]");
            Assert.That(problem.GetProperty("errors").GetProperty("paragraphs[5]")[0].GetString(), Does.Contain("Paragraph 5 ('a) Trao đổi thông tin về nguy cơ')"));
        }

        var untitled = WordDocument(["Chương I", "Điều 1. Phạm vi điều chỉnh", "1. Quy chế này quy định"]);
        var missing = await ProblemAssert.HasFieldErrors(await Import(coordinator, DemoId, untitled, Docx), "paragraphs[1]");
        Assert.That(missing.GetProperty("errors").GetProperty("paragraphs[1]")[0].GetString(), Does.Contain("heading"));
        Assert.That(await Writes(), Is.EqualTo(writes));
    }

    [Test]
    public async Task A_dtd_or_external_entity_is_refused_in_akoma_ntoso_and_in_word()
    {
        var coordinator = As("mps.coordinator");
        var writes = await Writes();
        var akn = Encoding.UTF8.GetBytes("""
            <?xml version="1.0" encoding="utf-8"?>
            <!DOCTYPE akomaNtoso [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>
            <akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><act name="regulation"><body>
              <article eId="art_1"><num>1</num><heading>&xxe;</heading><content><p>Quy chế này</p></content></article>
            </body></act></akomaNtoso>
            """);
        var refused = await ProblemAssert.HasFieldErrors(await Import(coordinator, DemoId, akn, Akn, "?preview=true"), "document");
        Assert.That(refused.GetProperty("errors").GetProperty("document")[0].GetString(), Does.Contain("DTD"));
        await ProblemAssert.HasFieldErrors(await Import(coordinator, DemoId, akn, Akn), "document");

        var docx = WordDocument(["Chương I", "Những quy định chung", "Điều 1. Phạm vi", "1. XXE_HERE"]);
        var withDtd = Rewrite(docx, "word/document.xml", xml =>
        {
            var root = xml.IndexOf("<w:document", StringComparison.Ordinal);
            return xml[..root] + "<!DOCTYPE w:document [<!ENTITY xxe SYSTEM \"file:///etc/hostname\">]>" + xml[root..].Replace("XXE_HERE", "&xxe;", StringComparison.Ordinal);
        });
        await ProblemAssert.HasFieldErrors(await Import(coordinator, DemoId, withDtd, Docx), "document");
        Assert.That(await Writes(), Is.EqualTo(writes));
    }

    [Test]
    public async Task Another_media_type_is_a_415_and_a_larger_document_a_413_and_nothing_is_written()
    {
        var coordinator = As("mps.coordinator");
        var writes = await Writes();
        await ProblemAssert.IsProblem(await Import(coordinator, DemoId, "{}"u8.ToArray(), "application/json"), HttpStatusCode.UnsupportedMediaType);
        await ProblemAssert.IsProblem(await Import(coordinator, DemoId, "Điều 1. Phạm vi"u8.ToArray(), "text/plain"), HttpStatusCode.UnsupportedMediaType);
        await ProblemAssert.IsProblem(await Import(coordinator, DemoId, new byte[1_000_001], Docx), HttpStatusCode.RequestEntityTooLarge);
        await ProblemAssert.IsProblem(await Import(coordinator, DemoId, new byte[2_000_000], Akn), HttpStatusCode.RequestEntityTooLarge);
        await ProblemAssert.HasFieldErrors(await Import(coordinator, DemoId, "not a zip"u8.ToArray(), Docx), "document");
        Assert.That(await Writes(), Is.EqualTo(writes));
    }

    [Test]
    public async Task A_regulation_the_caller_is_not_party_to_is_a_404_for_export_and_import()
    {
        var hidden = await AddRegulationWithoutMps("QC-AKN-HIDDEN");
        var coordinator = As("mps.coordinator");
        await ProblemAssert.IsProblem(await coordinator.GetAsync(new Uri($"/api/v1/regulations/{hidden}/versions/1/akn", UriKind.Relative)), HttpStatusCode.NotFound);
        var docx = WordDocument(["Chương I", "Những quy định chung", "Điều 1. Phạm vi", "1. Quy chế này"]);
        await ProblemAssert.IsProblem(await Import(coordinator, hidden, docx, Docx, "?preview=true"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblem(await Import(coordinator, hidden, docx, Docx), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblem(await coordinator.GetAsync(new Uri($"/api/v1/regulations/{DemoId}/versions/99/akn", UriKind.Relative)), HttpStatusCode.NotFound);
    }

    private static async Task<HttpResponseMessage> Import(HttpClient client, int regulationId, byte[] body, string mediaType, string query = "")
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return await client.PostAsync(new Uri($"/api/v1/regulations/{regulationId}/versions/import{query}", UriKind.Relative), content);
    }

    private Task<long> Writes() => Scalar("SELECT (SELECT COUNT(*) FROM regulation_versions) + (SELECT COUNT(*) FROM provisions);");

    /// <summary>One line per provision in reading order: depth, id, kind, number, headings, texts, summary flag.</summary>
    private static List<string> Flatten(JsonElement chapters, bool english)
    {
        var lines = new List<string>();
        static string S(JsonElement p, string name) => p.GetProperty(name).ValueKind == JsonValueKind.Null ? "" : p.GetProperty(name).GetString()!;
        void Visit(JsonElement list, int depth)
        {
            foreach (var p in list.EnumerateArray())
            {
                lines.Add(string.Join(" | ", depth, S(p, "aknId"), S(p, "kind"), S(p, "num"), S(p, "headingVi"), S(p, "textVi"),
                    english ? S(p, "headingEn") : "", english ? S(p, "textEn") : "", p.GetProperty("isSummary").GetBoolean()));
                Visit(p.GetProperty("children"), depth + 1);
            }
        }

        Visit(chapters, 0);
        return lines;
    }

    /// <summary>The tree written out in the standard structure of a Vietnamese legal text, after a header and title.</summary>
    private static byte[] WordDocument(JsonElement chapters)
    {
        var paragraphs = new List<string[]>
        {
            new[] { "BỘ CÔNG AN – BỘ THÔNG TIN VÀ TRUYỀN THÔNG" }, new[] { "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" }, new[] { "QUY CHẾ" },
            new[] { "Phối hợp công tác giữa Bộ Công an và Bộ Thông tin và Truyền thông" },
        };
        static IEnumerable<string> Lines(JsonElement p, string name) =>
            p.GetProperty(name).ValueKind == JsonValueKind.Null || p.GetProperty(name).GetString() is "" ? [] : p.GetProperty(name).GetString()!.Split('\n');
        void Write(JsonElement list)
        {
            foreach (var p in list.EnumerateArray())
            {
                var num = p.GetProperty("num").GetString()!;
                var heading = p.GetProperty("headingVi").GetString();
                var text = Lines(p, "textVi").ToList();
                switch (p.GetProperty("kind").GetString())
                {
                    case "chapter":
                        paragraphs.Add([$"Chương {num}"]);
                        paragraphs.Add([heading!]);
                        break;
                    case "article":
                        // The number and the heading in separate runs, as a bold "Điều 1." is typed.
                        paragraphs.Add([$"Điều {num}.", $" {heading}"]);
                        break;
                    case "clause":
                        paragraphs.Add([$"{num}. ", text[0]]);
                        text.RemoveAt(0);
                        break;
                    default:
                        paragraphs.Add([$"{num}) {text[0]}"]);
                        text.RemoveAt(0);
                        break;
                }

                paragraphs.AddRange(text.Select(line => new[] { line }));
                Write(p.GetProperty("children"));
            }
        }

        Write(chapters);
        return WordDocument(paragraphs);
    }

    private static byte[] WordDocument(IEnumerable<string> paragraphs) => WordDocument(paragraphs.Select(p => new[] { p }));

    [Test]
    public async Task Hidden_word_text_never_becomes_regulation_text_and_control_characters_are_named()
    {
        var coordinator = As("mps.coordinator");
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            static Paragraph Visible(string text) => new(new Run(new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
            var hidden = new Paragraph(new Run(new RunProperties(new Vanish()), new Text("2. HIDDEN clause") { Space = SpaceProcessingModeValues.Preserve }));
            document.AddMainDocumentPart().Document = new Document(new Body(
                Visible("Chương I"), Visible("Những quy định chung"), Visible("Điều 1. Phạm vi"), Visible("1. Quy chế này"), hidden));
        }

        var preview = await Import(coordinator, DemoId, stream.ToArray(), Docx, "?preview=true");
        var text = await preview.Content.ReadAsStringAsync();
        Assert.That(preview.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        Assert.That(text, Does.Not.Contain("HIDDEN"), "text Word does not show is not imported");

        var writes = await Writes();
        var control = WordDocument(["Chương I", "Những quy định chung", "Điều 1. Phạm vi", "1. Quy chế\u009B này"]);
        await ProblemAssert.HasFieldErrors(await Import(coordinator, DemoId, control, Docx), "paragraphs[4]");
        Assert.That(await Writes(), Is.EqualTo(writes), "nothing written");
    }

    private static byte[] WordDocument(IEnumerable<string[]> paragraphs)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            main.Document = new Document(new Body(paragraphs.Select(runs =>
                new Paragraph(runs.Select(run => new Run(new Text(run) { Space = SpaceProcessingModeValues.Preserve }))))));
        }

        return stream.ToArray();
    }

    private static byte[] Rewrite(byte[] package, string entryName, Func<string, string> change)
    {
        using var stream = new MemoryStream();
        stream.Write(package);
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = zip.GetEntry(entryName)!;
            string xml;
            using (var reader = new StreamReader(entry.Open()))
            {
                xml = reader.ReadToEnd();
            }

            entry.Delete();
            using var writer = new StreamWriter(zip.CreateEntry(entryName).Open(), new UTF8Encoding(false));
            writer.Write(change(xml));
        }

        return stream.ToArray();
    }
}
