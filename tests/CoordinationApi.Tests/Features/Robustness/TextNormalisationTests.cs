using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CoordinationApi.Tests.Features.Tasks;
using CoordinationApi.Tests.Infrastructure;

namespace CoordinationApi.Tests.Features.Robustness;

/// <summary>
/// Vietnamese arrives precomposed (NFC) from most keyboards and decomposed (NFD) from some systems (macOS file
/// names, older converters); both look the same. The register stores NFC, so the two forms are one text for
/// storage, length limits, idempotent retries and search.
/// </summary>
[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class TextNormalisationTests(string provider) : ApiTest(provider)
{
    private const string TitleNfc = "Bảo vệ an ninh mạng lưới thông tin quốc gia — đợt kiểm tra đặc biệt";
    private static readonly string TitleNfd = TitleNfc.Normalize(NormalizationForm.FormD);

    [Test]
    public async Task Decomposed_text_is_stored_precomposed()
    {
        Assert.That(TitleNfd, Is.Not.EqualTo(TitleNfc), "the test sends a different sequence of code points");
        var created = await TaskApi.Json(await TaskApi.Post(As("mps.coordinator"), "/api/v1/tasks", Body(TitleNfd, $"decomposed {Guid.NewGuid():N}")), HttpStatusCode.Created);
        var read = await GetJson<JsonElement>(As("mps.coordinator"), $"/api/v1/tasks/{created.GetProperty("id").GetInt32()}");
        Assert.Multiple(() =>
        {
            Assert.That(created.GetProperty("titleVi").GetString(), Is.EqualTo(TitleNfc));
            Assert.That(read.GetProperty("titleVi").GetString(), Is.EqualTo(TitleNfc));
            Assert.That(read.GetProperty("contacts")[0].GetProperty("name").GetString(), Is.EqualTo("Nguyễn Thị Đào"));
        });
    }

    [Test]
    public async Task A_length_limit_counts_the_text_not_its_encoding()
    {
        // 500 characters precomposed is the limit; decomposed, the same text is far longer than 500 UTF-16 units.
        var longest = string.Concat(Enumerable.Repeat("ộ", 500));
        Assert.That(longest.Normalize(NormalizationForm.FormD), Has.Length.EqualTo(1500));
        var response = await TaskApi.Post(As("mps.coordinator"), "/api/v1/tasks", Body(longest.Normalize(NormalizationForm.FormD), $"long {Guid.NewGuid():N}"));
        var task = await TaskApi.Json(response, HttpStatusCode.Created);
        Assert.That(task.GetProperty("titleVi").GetString(), Is.EqualTo(longest));
    }

    [Test]
    public async Task A_retry_in_the_other_form_is_the_same_request()
    {
        var key = Guid.NewGuid().ToString();
        var titleEn = $"retried {Guid.NewGuid():N}";
        var first = await TaskApi.Json(await TaskApi.Post(As("mps.coordinator"), "/api/v1/tasks", Body(TitleNfc, titleEn), key), HttpStatusCode.Created);
        var retry = await TaskApi.Json(await TaskApi.Post(As("mps.coordinator"), "/api/v1/tasks", Body(TitleNfd, titleEn), key), HttpStatusCode.Created);
        Assert.That(retry.GetProperty("id").GetInt32(), Is.EqualTo(first.GetProperty("id").GetInt32()), "a replay, not a 422 for another request");
    }

    [Test]
    public async Task Search_finds_the_same_whichever_form_the_text_and_the_query_take()
    {
        var titleEn = $"searched {Guid.NewGuid():N}";
        var created = await TaskApi.Json(await TaskApi.Post(As("mps.coordinator"), "/api/v1/tasks", Body(TitleNfd, titleEn)), HttpStatusCode.Created);
        var code = created.GetProperty("code").GetString();
        const string query = "kiểm tra đặc biệt";
        var precomposed = await Hits(query);
        var decomposed = await Hits(query.Normalize(NormalizationForm.FormD));
        Assert.Multiple(() =>
        {
            Assert.That(precomposed, Does.Contain(code));
            Assert.That(decomposed, Is.EqualTo(precomposed));
        });
    }

    [Test]
    public async Task Text_that_is_not_unicode_is_refused_and_nothing_is_created()
    {
        var marker = $"surrogate{Guid.NewGuid():N}";
        var json = Body("x", marker).ToJsonString().Replace("\"titleVi\":\"x\"", "\"titleVi\":\"ab\\ud800cd\"", StringComparison.Ordinal);
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        var response = await As("mps.coordinator").PostAsync(new Uri("/api/v1/tasks", UriKind.Relative), content);
        await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest);
        var found = await GetJson<JsonElement>(As("mps.coordinator"), $"/api/v1/tasks?q={marker}");
        Assert.That(found.GetProperty("items").GetArrayLength(), Is.Zero);
    }

    private async Task<List<string?>> Hits(string query)
    {
        var page = await GetJson<JsonElement>(As("mps.coordinator"), $"/api/v1/search?q={Uri.EscapeDataString(query)}&limit=50");
        return [.. page.GetProperty("items").EnumerateArray().Select(h => Text(h, "taskCode") ?? Text(h, "aknId"))];

        static string? Text(JsonElement hit, string name) =>
            hit.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }

    private static JsonObject Body(string titleVi, string titleEn)
    {
        var body = JsonSerializer.SerializeToNode(TaskApi.NewTask(title: titleEn))!.AsObject();
        body["titleVi"] = titleVi;
        body["contacts"]![0]!["name"] = "Nguyễn Thị Đào".Normalize(NormalizationForm.FormD);
        return body;
    }
}
