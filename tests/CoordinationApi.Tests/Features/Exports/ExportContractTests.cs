using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CoordinationApi.Infrastructure.OpenApi;
using CoordinationApi.Tests.Infrastructure;
using CoordinationApi.Tests.Infrastructure.Contract;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using static CoordinationApi.Tests.Features.Tasks.TaskApi;

namespace CoordinationApi.Tests.Features.Exports;

/// <summary>
/// Every export operation (the endpoints carrying export metadata, cross-checked with the document) in every format, read
/// as a client generated from the document would: the media type it was promised, a body that parses as that format and,
/// for JSON and JSON lines, rows with exactly the documented row schema's members and types. Then content negotiation:
/// <c>Accept</c> chooses when <c>format</c> is absent, 406 when nothing fits, <c>format</c> wins over <c>Accept</c>.
/// </summary>
public sealed class ExportContractTests() : ApiTest("Sqlite")
{
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The <c>format</c> values and the media type each is documented with.</summary>
    private static readonly Dictionary<string, string> Formats = new()
    {
        ["csv"] = "text/csv", ["json"] = "application/json", ["jsonl"] = "application/x-ndjson", ["xlsx"] = Xlsx,
    };

    private JsonObject document = null!;

    [OneTimeSetUp]
    public async Task ReadDocumentAndMakeRows()
    {
        document = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "api", "openapi", "v1.json")))!.AsObject();

        // So that no dataset is empty: a task with a progress report and an evaluation, and a recognition (the seed has
        // units, text and reviews).
        var officer = As("mps.officer");
        var coordinator = As("mps.coordinator");
        var task = await Create(coordinator, NewTask(title: "Exported in every format", planYear: 2025), "in_progress", officer);
        var report = (await Json(await Report(officer, task, 40), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        using (var evidence = new ByteArrayContent("%PDF-1.7 exported"u8.ToArray()))
        {
            evidence.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
            await Json(await officer.PostAsync(new Uri($"/api/v1/tasks/{task}/reports/{report}/evidence?fileName=exported.pdf", UriKind.Relative), evidence),
                HttpStatusCode.Created);
        }

        // A review of 2025 held now (the demo's annual review of 2025 is concluded and takes no more evaluations).
        var review = await CoordinationApi.Tests.Features.Reviews.ReviewApi.HeldReview(coordinator, 1, 2025);
        await Json(await Put(coordinator, $"/api/v1/reviews/{review.GetProperty("id").GetInt32()}/evaluations/{task}",
            new { result = "partly_achieved", comment = "Exported" },
            await CoordinationApi.Tests.Features.Reviews.ReviewApi.EvaluationETag(coordinator, review.GetProperty("id").GetInt32(), task)), HttpStatusCode.OK);
        var recognition = await As("mic.coordinator").PostAsJsonAsync(new Uri("/api/v1/recognitions", UriKind.Relative), new
        {
            awardVi = "Bằng khen", awardEn = "Commendation", recipientUnitCode = "MPS-A05", awardedOn = "2026-11-01",
            occasionVi = "Tổng kết năm", occasionEn = "Annual review", regulationId = 1,
        });
        Assert.That(recognition.StatusCode, Is.EqualTo(HttpStatusCode.Created), await recognition.Content.ReadAsStringAsync());
    }

    [Test]
    public void The_export_operations_are_found_in_the_endpoints_and_the_document_alike()
    {
        var documented = document["paths"]!.AsObject().Where(p => p.Key.StartsWith("/api/v1/exports/", StringComparison.Ordinal)).Select(p => p.Key);
        Assert.That(ExportPaths(), Is.EquivalentTo(documented));
        Assert.That(ExportPaths(), Has.Count.GreaterThanOrEqualTo(8), "units, articles, tasks, progress reports, reviews, evaluations, recognitions, audit, evidence");
    }

    [Test]
    public void Each_export_documents_exactly_the_four_media_types_with_their_schemas_and_a_406()
    {
        foreach (var path in ExportPaths())
        {
            var responses = document["paths"]![path]!["get"]!["responses"]!;
            var content = responses["200"]!["content"]!.AsObject();
            Assert.That(content.Select(c => c.Key), Is.EquivalentTo(Formats.Values), path);
            Assert.Multiple(() =>
            {
                Assert.That(TypeAndFormat(content, "text/csv"), Is.EqualTo(("string", (string?)null)), $"{path}: CSV is text");
                Assert.That(TypeAndFormat(content, "application/x-ndjson"), Is.EqualTo(("string", (string?)null)), $"{path}: JSON lines are text");
                Assert.That(TypeAndFormat(content, Xlsx), Is.EqualTo(("string", "binary")), $"{path}: XLSX is a file");
                var json = content["application/json"]!["schema"]!;
                Assert.That(json["type"]?.GetValue<string>(), Is.EqualTo("array"), $"{path}: JSON is an array");
                var rowReference = json["items"]?["$ref"]?.GetValue<string>();
                Assert.That(rowReference, Does.StartWith("#/components/schemas/"), $"{path}: of a named row schema");
                Assert.That(content["application/x-ndjson"]!["x-item-schema"]?["$ref"]?.GetValue<string>(), Is.EqualTo(rowReference),
                    $"{path}: each JSON line is the same row");
                var row = RowSchema(path);
                Assert.That(row["type"]?.GetValue<string>(), Is.EqualTo("object"));
                Assert.That(row["properties"]!.AsObject(), Is.Not.Empty);
                Assert.That(responses["406"]?["content"]?["application/problem+json"], Is.Not.Null, $"{path}: documents its 406");
            });
        }
    }

    [Test]
    public async Task Every_format_of_every_export_arrives_with_its_media_type_and_parses_as_documented()
    {
        foreach (var path in ExportPaths())
        {
            foreach (var (format, mediaType) in Formats)
            {
                using var response = await Send(path, $"format={format}", accept: null);
                var bytes = await response.Content.ReadAsByteArrayAsync();
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{path} {format}: {Encoding.UTF8.GetString(bytes)}");
                Assert.That(response.Content.Headers.ContentType?.ToString(), Is.EqualTo(mediaType), $"{path} {format}");
                AssertParses(path, mediaType, bytes);
            }
        }
    }

    [Test]
    public async Task Accept_chooses_the_format_when_format_is_absent()
    {
        foreach (var path in ExportPaths())
        {
            foreach (var mediaType in Formats.Values)
            {
                foreach (var accept in new[] { mediaType, $"image/png, {mediaType};q=0.8", $"{mediaType}, */*;q=0.1" })
                {
                    using var response = await Send(path, "", accept);
                    var bytes = await response.Content.ReadAsByteArrayAsync();
                    Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{path} Accept: {accept}");
                    Assert.That(response.Content.Headers.ContentType?.ToString(), Is.EqualTo(mediaType), $"{path} Accept: {accept}");
                    AssertParses(path, mediaType, bytes);
                }
            }

            foreach (var (accept, expected) in new (string?, string)[]
            {
                (null, "text/csv"), ("*/*", "text/csv"), ("application/*", "application/json"),
                ("text/csv;q=0.2, application/x-ndjson;q=0.9, application/json;q=0.5", "application/x-ndjson"),
                ("application/json, application/*;q=0", "application/json"),
            })
            {
                using var response = await Send(path, "", accept);
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{path} Accept: {accept}");
                Assert.That(response.Content.Headers.ContentType?.ToString(), Is.EqualTo(expected), $"{path} Accept: {accept ?? "(none)"}");
            }
        }
    }

    [Test]
    public async Task An_Accept_that_no_format_satisfies_is_a_406_problem_and_records_nothing()
    {
        foreach (var path in ExportPaths())
        {
            foreach (var accept in new[] { "image/png", "text/csv;q=0, image/png", "application/pdf, text/html" })
            {
                var before = await Scalar("SELECT COUNT(*) FROM audit_entries");
                using var response = await Send(path, "", accept);
                var problem = await ProblemAssert.IsProblem(response, HttpStatusCode.NotAcceptable);
                Assert.That(problem.GetProperty("status").GetInt32(), Is.EqualTo(406));
                Assert.That(await Scalar("SELECT COUNT(*) FROM audit_entries"), Is.EqualTo(before), $"{path} Accept: {accept}: no export recorded");
            }
        }
    }

    [Test]
    public async Task Format_wins_over_Accept()
    {
        foreach (var path in ExportPaths())
        {
            foreach (var (format, mediaType) in Formats)
            {
                var other = Formats.Values.First(m => m != mediaType);
                foreach (var accept in new[] { "image/png", other })
                {
                    using var response = await Send(path, $"format={format}", accept);
                    Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{path} format={format} Accept: {accept}");
                    Assert.That(response.Content.Headers.ContentType?.ToString(), Is.EqualTo(mediaType), $"{path} format={format} Accept: {accept}");
                }
            }
        }
    }

    /// <summary>The paths of the endpoints whose metadata declares an export, as the document writes them.</summary>
    private List<string> ExportPaths() => [.. Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
        .Where(e => e.Metadata.GetMetadata<ExportContentMetadata>() is not null)
        .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
        .Distinct()
        .Order(StringComparer.Ordinal)];

    /// <summary>Sends the export as the auditor of the lead agency (cleared for everything), with its required parameters.</summary>
    private async Task<HttpResponseMessage> Send(string path, string query, string? accept)
    {
        var required = document["paths"]![path]!["get"]!["parameters"]?.AsArray()
            .Where(p => p!["required"]?.GetValue<bool>() == true && p["in"]!.GetValue<string>() == "query")
            .Select(p => $"{p!["name"]!.GetValue<string>()}=1") ?? [];
        var all = string.Join('&', required.Append(query).Where(q => q.Length > 0));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(all.Length == 0 ? path : $"{path}?{all}", UriKind.Relative));
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        return await As("mic.auditor").SendAsync(request);
    }

    private static (string?, string?) TypeAndFormat(JsonObject content, string mediaType) =>
        (content[mediaType]!["schema"]!["type"]?.GetValue<string>(), content[mediaType]!["schema"]!["format"]?.GetValue<string>());

    private JsonObject RowSchema(string path)
    {
        var reference = document["paths"]![path]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]!["items"]!["$ref"]!.GetValue<string>();
        return document["components"]!["schemas"]![reference[(reference.LastIndexOf('/') + 1)..]]!.AsObject();
    }

    private void AssertParses(string path, string mediaType, byte[] bytes)
    {
        var row = RowSchema(path);
        var columns = row["properties"]!.AsObject().Select(p => p.Key).ToList();
        switch (mediaType)
        {
            case "text/csv":
                Assert.That(bytes.Take(3), Is.EqualTo(new byte[] { 0xEF, 0xBB, 0xBF }), $"{path}: UTF-8 with BOM");
                var lines = Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF').Split("\r\n");
                Assert.That(lines[0], Is.EqualTo(string.Join(',', columns)), $"{path}: the header row is the row schema's members");
                Assert.That(lines.Length, Is.GreaterThan(2), $"{path}: rows follow the header");
                break;
            case "application/x-ndjson":
                var jsonLines = Encoding.UTF8.GetString(bytes).Split('\n');
                Assert.That(jsonLines[^1], Is.Empty, $"{path}: each line ends with a line feed");
                Assert.That(jsonLines.Length, Is.GreaterThan(1), $"{path}: not empty");
                foreach (var line in jsonLines[..^1])
                {
                    AssertRow(path, row, JsonDocument.Parse(line).RootElement);
                }

                break;
            case "application/json":
                var array = JsonDocument.Parse(bytes).RootElement;
                Assert.That(array.ValueKind, Is.EqualTo(JsonValueKind.Array), path);
                Assert.That(array.GetArrayLength(), Is.GreaterThan(0), $"{path}: not empty");
                foreach (var item in array.EnumerateArray())
                {
                    AssertRow(path, row, item);
                }

                break;
            default:
                using (var workbook = SpreadsheetDocument.Open(new MemoryStream(bytes), false))
                {
                    var sheet = workbook.WorkbookPart!.WorksheetParts.Single().Worksheet!;
                    var strings = workbook.WorkbookPart.SharedStringTablePart?.SharedStringTable;
                    var rows = sheet.Descendants<Row>().ToList();
                    Assert.That(rows.First().Elements<Cell>().Select(c => Text(c, strings)), Is.EqualTo(columns), $"{path}: the header row");
                    Assert.That(rows, Has.Count.GreaterThan(1), $"{path}: rows follow the header");
                }

                break;
        }
    }

    private static string Text(Cell cell, SharedStringTable? strings) =>
        cell.DataType?.Value == CellValues.SharedString && strings is not null
            ? strings.ElementAt(int.Parse(cell.InnerText, CultureInfo.InvariantCulture)).InnerText
            : cell.InnerText;

    /// <summary>The schema a property refers to: a shared vocabulary is a <c>$ref</c>, nullable ones <c>oneOf</c> it or null.</summary>
    private JsonObject Resolved(JsonObject schema)
    {
        while (true)
        {
            if ((string?)schema["$ref"] is { } reference)
            {
                schema = document["components"]!["schemas"]![reference[(reference.LastIndexOf('/') + 1)..]]!.AsObject();
            }
            else if (schema["allOf"] is JsonArray { Count: 1 } allOf)
            {
                schema = allOf[0]!.AsObject();
            }
            else if (SchemaTypes.NullableWrapped(schema) is { } wrapped)
            {
                schema = wrapped;
            }
            else
            {
                return schema;
            }
        }
    }

    /// <summary>A JSON row has exactly the schema's members, each of its type (null only where the schema allows it).</summary>
    private void AssertRow(string path, JsonObject schema, JsonElement row)
    {
        Assert.That(row.ValueKind, Is.EqualTo(JsonValueKind.Object), path);
        var properties = schema["properties"]!.AsObject();
        Assert.That(row.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(properties.Select(p => p.Key)), $"{path}: the row's members");
        foreach (var member in row.EnumerateObject())
        {
            var declared = properties[member.Name]!.AsObject();
            var property = Resolved(declared);
            var where = $"{path}: {member.Name} = {member.Value.GetRawText()}";
            if (member.Value.ValueKind == JsonValueKind.Null)
            {
                Assert.That(OpenApiContract.Committed.AllowsNull(JsonSerializer.SerializeToElement(declared)), Is.True, $"{where}: null where the schema does not allow it");
                continue;
            }

            if (property["enum"] is JsonArray values)
            {
                Assert.That(values.Select(v => (string?)v), Does.Contain(member.Value.GetString()), $"{where}: a value of its vocabulary");
            }

            switch (SchemaTypes.Of(property))
            {
                case "integer":
                    Assert.That(member.Value.ValueKind == JsonValueKind.Number && member.Value.TryGetInt64(out _), Is.True, where);
                    break;
                case "boolean":
                    Assert.That(member.Value.ValueKind, Is.AnyOf(JsonValueKind.True, JsonValueKind.False), where);
                    break;
                case "array":
                    Assert.That(member.Value.ValueKind, Is.EqualTo(JsonValueKind.Array), where);
                    Assert.That(member.Value.EnumerateArray().Select(i => i.ValueKind), Is.All.EqualTo(JsonValueKind.String), where);
                    break;
                default:
                    Assert.That(member.Value.ValueKind, Is.EqualTo(JsonValueKind.String), where);
                    var text = member.Value.GetString()!;
                    switch (property["format"]?.GetValue<string>())
                    {
                        case "date":
                            Assert.That(DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _), Is.True, where);
                            break;
                        case "date-time":
                            Assert.That(DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _), Is.True, where);
                            break;
                    }

                    break;
            }
        }
    }
}
