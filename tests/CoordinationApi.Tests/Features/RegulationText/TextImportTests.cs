using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
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

    [Test]
    public async Task An_import_with_an_idempotency_key_answers_its_first_201_again_and_creates_no_second_draft()
    {
        var mic = As("mic.coordinator");
        var target = await AddRegulationWithoutMps("QC-AKN-IDEM");
        var docx = WordDocument(["Chương I", "Những quy định chung", "Điều 1. Phạm vi", "1. Quy chế này"]);
        var other = WordDocument(["Chương I", "Những quy định chung", "Điều 1. Phạm vi", "1. Quy chế này quy định khác"]);
        var key = $"import-{Guid.NewGuid():N}";

        // A preview creates nothing and ignores the key: the import after it with the same key is the first create.
        var preview = await Import(mic, target, docx, Docx, "?preview=true", key);
        Assert.That(preview.StatusCode, Is.EqualTo(HttpStatusCode.OK), await preview.Content.ReadAsStringAsync());
        var first = await Import(mic, target, docx, Docx, "", key);
        var firstBody = await first.Content.ReadAsStringAsync();
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created), firstBody);
        var writes = await Writes();
        var audited = await AuditCount("version.import");

        // Lost answer, retried: the first 201 again (body and Location), no second draft, no 409.
        var again = await Import(mic, target, docx, Docx, "", key);
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Created), await again.Content.ReadAsStringAsync());
        Assert.That(JsonNode.DeepEquals(JsonNode.Parse(await again.Content.ReadAsStringAsync()), JsonNode.Parse(firstBody)), Is.True, "the same body");
        Assert.That(again.Headers.Location, Is.EqualTo(first.Headers.Location));
        Assert.That(first.Headers.Location?.ToString(), Is.EqualTo($"/api/v1/regulations/{target}/versions/1"));
        Assert.That(await Writes(), Is.EqualTo(writes), "the replay created nothing");
        Assert.That(await AuditCount("version.import"), Is.EqualTo(audited));

        // The same key with another document, or the same document with another query, is a 422; nothing is written.
        var reused = await ProblemAssert.IsProblem(await Import(mic, target, other, Docx, "", key), HttpStatusCode.UnprocessableEntity);
        Assert.That(reused.GetProperty("type").GetString(), Is.EqualTo(CoordinationApi.Infrastructure.Http.ProblemTypes.IdempotencyKeyReused));
        await ProblemAssert.IsProblem(await Import(mic, target, docx, Docx, "?summary=true", key), HttpStatusCode.UnprocessableEntity);
        await ProblemAssert.HasFieldErrors(await Import(mic, target, docx, Docx, "", " "), "Idempotency-Key");
        Assert.That(await Writes(), Is.EqualTo(writes));

        // Without the key (or with a new one) a second import meets the one-draft rule, as before.
        await ProblemAssert.IsProblem(await Import(mic, target, docx, Docx), HttpStatusCode.Conflict);
        await ProblemAssert.IsProblem(await Import(mic, target, docx, Docx, "", $"import-{Guid.NewGuid():N}"), HttpStatusCode.Conflict);
        Assert.That(await Writes(), Is.EqualTo(writes));
    }

    private static async Task<HttpResponseMessage> Import(HttpClient client, int regulationId, byte[] body, string mediaType, string query = "", string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/v1/regulations/{regulationId}/versions/import{query}", UriKind.Relative))
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }

        return await client.SendAsync(request);
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
    private static byte[] WordDocument(JsonElement chapters) => WordDocument(TreeParagraphs(chapters, english: false));

    /// <summary>
    /// The paragraphs of the tree in the standard structure, in Vietnamese (<c>Chương I</c>, <c>Điều 1.</c>) or in English
    /// (<c>Chapter I</c>, <c>Article 1.</c>), each with its level when it is a numbered article (0), clause (1) or point (2).
    /// </summary>
    private static List<(string[] Runs, int? Level, string Num)> TreeParagraphs(JsonElement chapters, bool english)
    {
        var paragraphs = new List<(string[] Runs, int? Level, string Num)>();
        string[] header = english
            ? ["MINISTRY OF PUBLIC SECURITY – MINISTRY OF INFORMATION AND COMMUNICATIONS", "SOCIALIST REPUBLIC OF VIET NAM", "REGULATION", "On coordination between the two Ministries"]
            : ["BỘ CÔNG AN – BỘ THÔNG TIN VÀ TRUYỀN THÔNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "QUY CHẾ", "Phối hợp công tác giữa Bộ Công an và Bộ Thông tin và Truyền thông"];
        paragraphs.AddRange(header.Select(h => (new[] { h }, (int?)null, "")));
        var (headingOf, textOf) = english ? ("headingEn", "textEn") : ("headingVi", "textVi");
        static IEnumerable<string> Lines(JsonElement p, string name) =>
            p.GetProperty(name).ValueKind == JsonValueKind.Null || p.GetProperty(name).GetString() is "" ? [] : p.GetProperty(name).GetString()!.Split('\n');
        void Write(JsonElement list)
        {
            foreach (var p in list.EnumerateArray())
            {
                var num = p.GetProperty("num").GetString()!;
                var heading = p.GetProperty(headingOf).GetString();
                var text = Lines(p, textOf).ToList();
                switch (p.GetProperty("kind").GetString())
                {
                    case "chapter":
                        paragraphs.Add(([english ? $"Chapter {num}" : $"Chương {num}"], null, num));
                        paragraphs.Add(([heading!], null, ""));
                        break;
                    case "article":
                        // The number and the heading in separate runs, as a bold "Điều 1." is typed.
                        paragraphs.Add(([english ? $"Article {num}." : $"Điều {num}.", $" {heading}"], 0, num));
                        break;
                    case "clause":
                        paragraphs.Add(([$"{num}. ", text[0]], 1, num));
                        text.RemoveAt(0);
                        break;
                    default:
                        paragraphs.Add(([$"{num}) {text[0]}"], 2, num));
                        text.RemoveAt(0);
                        break;
                }

                paragraphs.AddRange(text.Select(line => (new[] { line }, (int?)null, "")));
                Write(p.GetProperty("children"));
            }
        }

        Write(chapters);
        return paragraphs;
    }

    private static byte[] WordDocument(List<(string[] Runs, int? Level, string Num)> paragraphs) => WordDocument(paragraphs.Select(p => p.Runs));

    /// <summary>
    /// The same paragraphs as Word writes them when articles, clauses and points are numbered automatically: the numbers are
    /// not in the text but in numbering.xml (one list: <c>Điều %1.</c>, <c>%2.</c>, <c>%3)</c> in lower letters), and the
    /// chapter headings are numbered by their paragraph style (<c>Chương %1</c> in upper Roman numerals).
    /// </summary>
    private static byte[] AutoNumberedDocument(List<(string[] Runs, int? Level, string Num)> paragraphs)
    {
        static Level Level(int index, NumberFormatValues format, string text) => new(
            new StartNumberingValue { Val = 1 }, new NumberingFormat { Val = format }, new LevelText { Val = text },
            new LevelSuffix { Val = LevelSuffixValues.Space })
        { LevelIndex = index };
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            main.AddNewPart<NumberingDefinitionsPart>().Numbering = new Numbering(
                new AbstractNum(Level(0, NumberFormatValues.Decimal, "Điều %1."), Level(1, NumberFormatValues.Decimal, "%2."), Level(2, NumberFormatValues.LowerLetter, "%3)"))
                { AbstractNumberId = 10 },
                new AbstractNum(Level(0, NumberFormatValues.UpperRoman, "Chương %1")) { AbstractNumberId = 20 },
                new NumberingInstance(new AbstractNumId { Val = 10 }) { NumberID = 1 },
                new NumberingInstance(new AbstractNumId { Val = 20 }) { NumberID = 2 });
            main.AddNewPart<StyleDefinitionsPart>().Styles = new Styles(
                new Style(new StyleName { Val = "Chapter heading" }, new StyleParagraphProperties(new NumberingProperties(new NumberingId { Val = 2 })))
                { Type = StyleValues.Paragraph, StyleId = "ChapterHeading" });
            var body = new Body();
            foreach (var (runs, level, num) in paragraphs)
            {
                var chapter = level is null && num.Length > 0;
                var numbered = level is not null || chapter;
                // The typed number is left out: the first run holds it (for a point, the start of the first run).
                var texts = !numbered ? runs : level == 2 ? [runs[0][(num.Length + 2)..]] : chapter ? [] : runs.Skip(1).Select(r => r.TrimStart()).ToArray();
                var properties = chapter
                    ? new ParagraphProperties(new ParagraphStyleId { Val = "ChapterHeading" })
                    : level is { } ilvl ? new ParagraphProperties(new NumberingProperties(new NumberingLevelReference { Val = ilvl }, new NumberingId { Val = 1 })) : null;
                var paragraph = new Paragraph(texts.Select(t => new Run(new Text(t) { Space = SpaceProcessingModeValues.Preserve })));
                if (properties is not null)
                {
                    paragraph.PrependChild(properties);
                }

                body.Append(paragraph);
            }

            main.Document = new Document(body);
        }

        return stream.ToArray();
    }

    [Test]
    public async Task Word_automatic_numbering_reads_as_the_typed_numbers()
    {
        var coordinator = As("mps.coordinator");
        var seeded = await GetJson<JsonElement>(coordinator, $"/api/v1/regulations/{DemoId}/versions/1/text");
        var paragraphs = TreeParagraphs(seeded.GetProperty("chapters"), english: false);
        var numbered = AutoNumberedDocument(paragraphs);
        using (var check = WordprocessingDocument.Open(new MemoryStream(numbered), false))
        {
            var body = check.MainDocumentPart!.Document!.Body!;
            Assert.That(body.InnerText, Does.Not.Contain("Điều 1.").And.Not.Contain("Chương I"), "the numbers are Word's, not typed");
            Assert.That(body.Descendants<NumberingProperties>().Count(), Is.GreaterThan(40));
        }

        var typed = await Json(await Import(coordinator, DemoId, WordDocument(paragraphs), Docx, "?preview=true&summary=true"), HttpStatusCode.OK);
        var auto = await Json(await Import(coordinator, DemoId, numbered, Docx, "?preview=true&summary=true"), HttpStatusCode.OK);
        Assert.That(Flatten(auto.GetProperty("chapters"), english: false), Is.EqualTo(Flatten(typed.GetProperty("chapters"), english: false)));
        Assert.That(Flatten(auto.GetProperty("chapters"), english: false), Is.EqualTo(Flatten(seeded.GetProperty("chapters"), english: false)),
            "articles counted through the whole text, clauses from 1 in each article, points from a) in each clause");
    }

    [TestCase(new[] { "Chương I", "Quy định chung", "Điều 1. Phạm vi", "1. Quy chế này", "Chương III", "Tổ chức thực hiện", "Điều 2. Hiệu lực", "1. Có hiệu lực" }, 5)]
    [TestCase(new[] { "Chương I", "Quy định chung", "Điều 1. Phạm vi", "1. Quy chế này", "Chương II", "Nội dung", "Điều 2. Nội dung", "1. Trao đổi", "Chương II", "Nhắc lại", "Điều 3. Hiệu lực", "1. Có hiệu lực" }, 9)]
    [TestCase(new[] { "Chương II", "Nội dung", "Điều 1. Phạm vi", "1. Quy chế này" }, 1)]
    [TestCase(new[] { "Chương I", "Quy định chung", "Điều 1. Phạm vi", "1. Quy chế này", "Chương IIa Nội dung", "Điều 2. Nội dung", "1. Trao đổi" }, 5)]
    [TestCase(new[] { "Điều 1. Phạm vi", "1. Quy chế này", "Chương I", "Quy định chung", "Điều 2. Nội dung", "1. Trao đổi" }, 3)]
    [TestCase(new[] { "Chương I", "Quy định chung", "Điều 3. Phạm vi", "1. Quy chế này", "Điều 2. Nội dung", "1. Trao đổi" }, 5)]
    [TestCase(new[] { "Chương I", "Quy định chung", "Điều 1. Phạm vi", "1. Quy chế này", "Điều 3 Không chấm", "1. Trao đổi" }, 5)]
    [TestCase(new[] { "Chương I", "Quy định chung", "Điều 1. Phạm vi", "1. Quy chế này", "Điều 1 Nhắc lại", "1. Trao đổi" }, 5)]
    [TestCase(new[] { "Điều 1. Phạm vi", "1. Quy chế này", "Điều 2a Nội dung", "1. Trao đổi" }, 3)]
    [TestCase(new[] { "Điều 1. Phạm vi", "1. Quy chế này", "Điều 5 của Luật này được hiểu như sau", "Điều 2. Nội dung", "1. Trao đổi" }, 3)]
    [TestCase(new[] { "Điều 1.", "Điều 3 Không chấm", "1. Quy chế này" }, 2)]
    [TestCase(new[] { "Chương I", "Quy định chung", "Điều 1. Phạm vi", "1. Quy chế này", "Chương ii", "Nội dung", "Điều 2. Nội dung", "1. Trao đổi" }, 5)]
    public async Task A_misplaced_chapter_heading_or_article_is_a_problem_naming_its_paragraph(string[] paragraphs, int misplaced)
    {
        var coordinator = As("mps.coordinator");
        var writes = await Writes();
        foreach (var query in new[] { "?preview=true", "" })
        {
            var key = $"paragraphs[{misplaced}]";
            var problem = await ProblemAssert.HasFieldErrors(await Import(coordinator, DemoId, WordDocument(paragraphs), Docx, query), key);
            Assert.That(problem.GetProperty("errors").GetProperty(key)[0].GetString(),
                Does.Contain($"Paragraph {misplaced} ('{paragraphs[misplaced - 1]}')"), "the number and the start of its text");
        }

        Assert.That(await Writes(), Is.EqualTo(writes), "nothing written");
    }

    /// <summary>
    /// The next article's heading written <c>Điều 2.</c>, <c>Điều 2:</c>, <c>Điều 2</c> and the heading, or <c>Điều 2</c> alone
    /// with the heading below (and the chapter's alike) is the same heading: article 2 is read, never folded into article 1.
    /// </summary>
    [TestCase("Điều 2: Nội dung")]
    [TestCase("Điều 2 Nội dung")]
    [TestCase("Điều 2 . Nội dung")]
    [TestCase("ĐIỀU 2 Nội dung")]
    [TestCase("Điều 2", "Nội dung")]
    [TestCase("Điều\u00a02 Nội dung")]
    public async Task An_article_heading_without_its_dot_is_read_as_the_next_article(params string[] heading)
    {
        string[] Document(string[] chapter, string[] article) =>
            ["Chương I", "Quy định chung", "Điều 1. Phạm vi", "1. Quy chế này", .. chapter, .. article, "1. Trao đổi"];
        var mic = As("mic.coordinator");
        var canonical = await Json(await Import(mic, DemoId, WordDocument(Document(["Chương II", "Nội dung chính"], ["Điều 2. Nội dung"])), Docx, "?preview=true"),
            HttpStatusCode.OK);
        var expected = Flatten(canonical.GetProperty("chapters"), english: false);
        Assert.That(expected, Has.Some.StartsWith("1 | chp_2__art_2 | article | 2 | Nội dung | "), "the canonical document holds article 2");

        foreach (var chapter in new[] { new[] { "Chương II Nội dung chính" }, ["Chương II: Nội dung chính"], ["Chương II. Nội dung chính"], ["Chương II", "Nội dung chính"] })
        {
            var paragraphs = Document(chapter, heading);
            var preview = await Json(await Import(mic, DemoId, WordDocument(paragraphs), Docx, "?preview=true"), HttpStatusCode.OK);
            Assert.That(Flatten(preview.GetProperty("chapters"), english: false), Is.EqualTo(expected), string.Join(" / ", paragraphs));

            var target = await AddRegulationWithoutMps($"QC-U{Guid.NewGuid():N}"[..12]);
            var created = await Json(await Import(mic, target, WordDocument(paragraphs), Docx), HttpStatusCode.Created);
            Assert.That(Flatten(created.GetProperty("chapters"), english: false), Is.EqualTo(expected), "the real import: " + string.Join(" / ", paragraphs));
        }
    }

    [Test]
    public async Task The_english_rendering_imports_into_the_same_draft_when_its_structure_matches()
    {
        var mic = As("mic.coordinator");
        var seeded = await GetJson<JsonElement>(mic, $"/api/v1/regulations/{DemoId}/versions/1/text");
        var target = await AddRegulationWithoutMps("QC-EN-IMPORT");
        var english = TreeParagraphs(seeded.GetProperty("chapters"), english: true);

        await ProblemAssert.IsProblem(await Import(mic, target, WordDocument(english), Docx, "?lang=en"), HttpStatusCode.Conflict);
        await Json(await Import(mic, target, WordDocument(seeded.GetProperty("chapters")), Docx, "?summary=true"), HttpStatusCode.Created);
        var vietnameseOnly = await GetJson<JsonElement>(mic, $"/api/v1/regulations/{target}/versions/1/text");
        await ProblemAssert.HasFieldErrors(await Import(mic, target, WordDocument(english), Akn, "?lang=en"), "lang");

        // A clause left out: the first paragraph that does not match the draft is named, and nothing is written.
        var clause = english.FindIndex(p => p.Level == 1 && p.Num == "2");
        var missing = english.Where((_, i) => i != clause).ToList();
        var firstOff = clause + 1;
        var key = $"paragraphs[{firstOff}]";
        var problem = await ProblemAssert.HasFieldErrors(await Import(mic, target, WordDocument(missing), Docx, "?lang=en"), key);
        Assert.That(problem.GetProperty("errors").GetProperty(key)[0].GetString(), Does.Contain($"Paragraph {firstOff} ('{string.Concat(missing[firstOff - 1].Runs)}"));
        Assert.That(Flatten((await GetJson<JsonElement>(mic, $"/api/v1/regulations/{target}/versions/1/text")).GetProperty("chapters"), english: true),
            Is.EqualTo(Flatten(vietnameseOnly.GetProperty("chapters"), english: true)), "nothing written");

        var preview = await Json(await Import(mic, target, WordDocument(english), Docx, "?lang=en&preview=true"), HttpStatusCode.OK);
        Assert.That(Flatten(preview.GetProperty("chapters"), english: true), Is.EqualTo(Flatten(seeded.GetProperty("chapters"), english: true)));
        var imported = await Json(await Import(mic, target, WordDocument(english), Docx, "?lang=en"), HttpStatusCode.OK);
        var draft = await GetJson<JsonElement>(mic, $"/api/v1/regulations/{target}/versions/1/text");
        Assert.Multiple(() =>
        {
            Assert.That(Flatten(draft.GetProperty("chapters"), english: true), Is.EqualTo(Flatten(seeded.GetProperty("chapters"), english: true)),
                "the draft holds both languages as the seeded text does");
            Assert.That(Flatten(imported.GetProperty("chapters"), english: true), Is.EqualTo(Flatten(draft.GetProperty("chapters"), english: true)));
            Assert.That(draft.GetProperty("version").GetProperty("status").GetString(), Is.EqualTo("draft"));
        });
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
