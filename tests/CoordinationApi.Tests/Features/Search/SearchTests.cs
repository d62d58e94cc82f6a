using System.Net;
using System.Text;
using System.Text.Json;
using CoordinationApi.Tests.Features.RegulationText;
using CoordinationApi.Tests.Features.Tasks;
using CoordinationApi.Tests.Infrastructure;
using Dapper;

namespace CoordinationApi.Tests.Features.Search;

/// <summary>Search over the text in force: case and Vietnamese diacritics ignored, ranked, highlighted, paged, scoped.</summary>
[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class SearchTests(string provider) : RegulationTextTest(provider)
{
    private int foreignId;

    [OneTimeSetUp]
    public async Task AddARegulationMpsIsNotPartyTo()
    {
        foreignId = await AddRegulationWithoutMps();
        await PublishSingleArticle(As("mic.coordinator"), foreignId, "Ngân sách", "Phối hợp lập dự toán ngân sách cho dịch vụ số.");
    }

    [Test]
    public async Task With_or_without_diacritics_in_any_case_and_in_NFC_or_NFD_the_hits_are_the_same()
    {
        var plain = await Hits("bao ve an ninh");
        var nfc = await Hits("Bảo vệ an ninh".Normalize(NormalizationForm.FormC));
        var nfd = await Hits("Bảo vệ an ninh".Normalize(NormalizationForm.FormD));
        var upper = await Hits("BẢO VỆ AN NINH");

        Assert.That(plain, Is.Not.Empty);
        Assert.Multiple(() =>
        {
            Assert.That(nfc, Is.EqualTo(plain));
            Assert.That(nfd, Is.EqualTo(plain));
            Assert.That(upper, Is.EqualTo(plain));
        });
    }

    /// <summary>
    /// "BAO VE" matches more provisions than "bao ve an ninh" (every "bảo vệ", and "về"); the one where the phrase stands
    /// earliest ranks first for both, and all of the longer query's hits are among the shorter one's first.
    /// </summary>
    [Test]
    public async Task A_shorter_query_finds_the_same_first_hit_and_the_same_hits_among_its_first()
    {
        var full = await Hits("bao ve an ninh");
        var marked = await Hits("Bảo vệ an ninh");
        var shortPlain = await Hits("BAO VE");
        var shortVietnamese = await Hits("Bảo vệ");

        Assert.That(shortVietnamese, Is.EqualTo(shortPlain));
        Assert.That(marked, Is.EqualTo(full));
        Assert.That(shortPlain[0], Is.EqualTo(full[0]), "the same first hit");
        Assert.That(shortPlain.Take(full.Count + 5), Is.SupersetOf(full));
    }

    [Test]
    public async Task Hits_are_marked_in_the_original_text()
    {
        var page = await Search("bao ve an ninh");

        var snippets = page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("snippet").GetString()!).ToList();
        Assert.That(snippets, Is.All.Contains("<mark>"));
        Assert.That(snippets, Has.Some.Contains("<mark>bảo vệ an ninh</mark>"));
        Assert.That(snippets, Has.Some.Contains("<mark>bảo vệ An ninh</mark>"), "the original's own case is kept");
        var first = page.GetProperty("items")[0];
        Assert.Multiple(() =>
        {
            Assert.That(TextFoldingOf(first.GetProperty("snippet").GetString()!), Does.Contain("<mark>bao ve an ninh</mark>"), "the phrase ranks first");
            Assert.That(first.GetProperty("kind").GetString(), Is.EqualTo("provision"));
            Assert.That(first.GetProperty("regulationId").GetInt32(), Is.EqualTo(DemoId));
            Assert.That(first.GetProperty("versionNumber").GetInt32(), Is.EqualTo(1));
            Assert.That(first.GetProperty("aknId").GetString(), Does.StartWith("chp_"));
            Assert.That(first.GetProperty("score").GetDouble(), Is.GreaterThan(0));
        });
    }

    [Test]
    public async Task D_with_a_stroke_folds_to_d()
    {
        var folded = await Hits("dau tranh phong chong toi pham");
        var upper = await Hits("ĐẤU TRANH PHÒNG, CHỐNG TỘI PHẠM");

        Assert.That(folded, Is.Not.Empty);
        Assert.That(upper, Is.EqualTo(folded));
        var snippet = (await Search("dau tranh")).GetProperty("items")[0].GetProperty("snippet").GetString();
        Assert.That(snippet, Does.Contain("<mark>đấu tranh</mark>"));
    }

    [Test]
    public async Task English_headings_and_texts_are_searched_too()
    {
        var page = await Search("standing body");

        Assert.That(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("aknId").GetString()), Does.Contain("chp_3__art_8"));
    }

    [Test]
    public async Task A_text_sent_in_NFD_is_stored_in_NFC_found_and_marked_exactly()
    {
        var coordinator = As("mps.coordinator");
        var created = await Json(await Send(coordinator, HttpMethod.Post, "/api/v1/regulations", Regulation("QC-NFD", ("MPS", "MPS-VP"), ("MIC", "MIC-VP"))), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt32();
        var textVi = "Phối hợp kiểm định thiết bị mật mã dân sự.".Normalize(NormalizationForm.FormD);
        await PublishSingleArticle(coordinator, id, "Kiểm định".Normalize(NormalizationForm.FormD), textVi);

        var page = await Search($"KIỂM ĐỊNH&regulationId={id}");

        var hit = page.GetProperty("items").EnumerateArray().Single();
        Assert.That(hit.GetProperty("snippet").GetString(), Is.EqualTo("Phối hợp <mark>kiểm định</mark> thiết bị mật mã dân sự.".Normalize(NormalizationForm.FormC)));
        Assert.That(hit.GetProperty("headingVi").GetString(), Is.EqualTo("Kiểm định".Normalize(NormalizationForm.FormC)));
    }

    [Test]
    public async Task Pages_follow_each_other_with_a_cursor()
    {
        var all = await Hits("bao ve");
        var paged = new List<string>();
        string? cursor = null;
        do
        {
            var page = await Search($"bao ve&limit=3{(cursor is null ? "" : $"&cursor={cursor}")}");
            var items = page.GetProperty("items").EnumerateArray().ToList();
            Assert.That(items, Has.Count.LessThanOrEqualTo(3));
            paged.AddRange(items.Select(Key));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        Assert.That(all, Has.Count.GreaterThan(3));
        Assert.That(paged, Is.EqualTo(all));
    }

    [Test]
    public async Task Regulations_the_callers_agency_is_not_party_to_are_not_searched()
    {
        Assert.That(await Hits("ngan sach", As("mps.coordinator")), Is.Empty);
        Assert.That(await Hits("ngan sach", As("mic.viewer")), Is.EqualTo(new[] { $"{foreignId}:chp_1__art_1" }));
        Assert.That(await Hits($"bao ve an ninh&regulationId={foreignId}", As("mic.viewer")), Is.Empty);
    }

    [Test]
    public async Task Records_above_the_callers_clearance_are_not_found()
    {
        // A secret task indexed as a task would be: the search returns it only to callers cleared for it.
        await using (var connection = await OpenDatabase())
        {
            await connection.ExecuteAsync("""
                INSERT INTO tasks (regulation_id, seq, code, title_vi, title_en, lead_unit_id, lead_agency_id, classification, kind, plan_year,
                                   start_date, due_date, priority, status, progress, is_demo, row_version, created_at, updated_at)
                SELECT @RegulationId, 99, 'NV-MAT', @TitleVi, 'Cryptographic key custody', u.id, u.agency_id, 2, 'one_off', 2024,
                       @Start, @Start, 'high', 'assigned', 0, 0, 1, @Now, @Now
                FROM units u WHERE u.code = 'MPS-A05';
                INSERT INTO search_documents (kind, entity_id, regulation_id, version_id, classification, folded_heading, folded_body)
                SELECT 'task', id, regulation_id, NULL, 2, ' quan ly khoa mat ma ', ' cryptographic key custody ' FROM tasks WHERE code = 'NV-MAT';
                """, new { RegulationId = DemoId, TitleVi = "Quản lý khóa mật mã", Start = new DateOnly(2024, 6, 1), Now = DateTimeOffset.UtcNow });
        }

        var forViewer = await Search("khoa mat ma", As("mps.viewer"));
        var forCoordinator = await Search("khóa mật mã", As("mps.coordinator"));

        var forViewerAfterwards = await Search("khoa mat ma", As("mps.viewer"));

        Assert.That(forViewer.GetProperty("items").GetArrayLength(), Is.Zero);
        Assert.That(forViewerAfterwards.GetProperty("items").GetArrayLength(), Is.Zero, "a ranking kept from the coordinator's search is filtered again");
        var hit = forCoordinator.GetProperty("items").EnumerateArray().Single();
        Assert.Multiple(() =>
        {
            Assert.That(hit.GetProperty("kind").GetString(), Is.EqualTo("task"));
            Assert.That(hit.GetProperty("taskCode").GetString(), Is.EqualTo("NV-MAT"));
            Assert.That(hit.GetProperty("snippet").GetString(), Is.EqualTo("Quản lý <mark>khóa mật mã</mark>"));
        });
    }

    /// <summary>A query's ranking is kept between requests (SQLite); every change of what is searched shows in the next search.</summary>
    [Test]
    public async Task A_kept_ranking_gives_way_to_every_change_of_what_is_searched()
    {
        var coordinator = As("mps.coordinator");
        Assert.That(await Hits("balloon overflight", coordinator), Is.Empty);

        var created = await Json(await TaskApi.Post(coordinator, "/api/v1/tasks", TaskApi.NewTask(title: "Balloon overflight permits")), HttpStatusCode.Created);
        var url = $"/api/v1/tasks/{created.GetProperty("id").GetInt32()}";
        var code = created.GetProperty("code").GetString();
        Assert.That(await Hits("balloon overflight", coordinator), Is.EqualTo(new[] { $"{DemoId}:{code}" }), "a new task");

        var (_, etag) = await GetWithETag(coordinator, url);
        await Json(await TaskApi.Put(coordinator, url, TaskApi.Edit(TaskApi.NewTask(title: "Drone overflight permits", classification: "secret")), etag), HttpStatusCode.OK);
        Assert.Multiple(async () =>
        {
            Assert.That(await Hits("balloon overflight", coordinator), Is.Empty, "a title changed");
            Assert.That(await Hits("drone overflight", coordinator), Is.EqualTo(new[] { $"{DemoId}:{code}" }));
            Assert.That(await Hits("drone overflight", Client), Is.Empty, "classified above the viewer's clearance");
        });
    }

    [Test]
    public async Task Searches_at_the_same_time_agree_with_one_alone()
    {
        var mic = As("mic.viewer");
        var together = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => Hits("phoi hop", i % 2 == 0 ? Client : mic)));
        var alone = await Hits("phoi hop");
        var aloneForMic = await Hits("phoi hop", mic);

        Assert.That(alone, Is.Not.Empty);
        Assert.That(aloneForMic, Is.Not.EqualTo(alone), "the two agencies see different regulations");
        Assert.That(together.Where((_, i) => i % 2 == 0), Is.All.EqualTo(alone));
        Assert.That(together.Where((_, i) => i % 2 == 1), Is.All.EqualTo(aloneForMic));
    }

    [Test]
    public async Task Only_the_version_in_force_is_searched()
    {
        var coordinator = As("mps.coordinator");
        var created = await Json(await Send(coordinator, HttpMethod.Post, "/api/v1/regulations", Regulation("QC-AMEND", ("MPS", "MPS-VP"), ("MIC", "MIC-VP"))), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt32();
        await PublishSingleArticle(coordinator, id, "Hợp tác", "Hợp tác về chữ ký số.");
        var versions = $"/api/v1/regulations/{id}/versions";
        await Json(await Send(coordinator, HttpMethod.Post, versions, new { note = "amendment" }), HttpStatusCode.Created);
        var (_, etag) = await GetWithETag(coordinator, $"{versions}/2/provisions/chp_1__art_1");
        await Json(await Send(coordinator, HttpMethod.Put, $"{versions}/2/provisions/chp_1__art_1",
            new { headingVi = "Hợp tác", textVi = "Hợp tác về định danh điện tử.", isSummary = false }, etag), HttpStatusCode.OK);

        Assert.That(await Hits($"dinh danh&regulationId={id}"), Is.Empty, "a draft is not in force");
        Assert.That(await Hits($"chu ky so&regulationId={id}"), Has.Count.EqualTo(1));

        var (_, versionETag) = await GetWithETag(coordinator, $"{versions}/2");
        await Json(await Send(coordinator, HttpMethod.Post, $"{versions}/2/publish", new { effectiveFrom = "2024-01-01" }, versionETag), HttpStatusCode.OK);

        Assert.That(await Hits($"dinh danh&regulationId={id}"), Is.EqualTo(new[] { $"{id}:chp_1__art_1" }));
        Assert.That(await Hits($"chu ky so&regulationId={id}"), Is.Empty);
    }

    [Test]
    public async Task Text_written_before_the_index_existed_is_indexed_at_start_up()
    {
        var before = await Hits("phoi hop ngang cap");
        await using (var connection = await OpenDatabase())
        {
            await connection.ExecuteAsync("DELETE FROM search_documents WHERE kind = 'provision';");
        }

        var emptied = await Hits("phoi hop ngang cap");
        await CoordinationApi.Features.Search.SearchIndex.BackfillAsync(
            Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<CoordinationApi.Infrastructure.Data.WriteScopes>(Factory.Services));

        Assert.That(before, Is.Not.Empty);
        Assert.That(emptied, Is.Empty);
        Assert.That(await Hits("phoi hop ngang cap"), Is.EqualTo(before));
    }

    [TestCase("", "q")]
    [TestCase("%21%21%21", "q")]
    [TestCase("bao&limit=0", "limit")]
    [TestCase("bao&cursor=forged!", "cursor")]
    public async Task Bad_queries_are_field_errors(string query, string field)
    {
        await ProblemAssert.HasFieldErrors(await Client.GetAsync(new Uri($"/api/v1/search?q={query}", UriKind.Relative)), field);
    }

    private static string TextFoldingOf(string text) => CoordinationApi.Infrastructure.Data.TextFolding.Fold(text);

    private Task<JsonElement> Search(string query, HttpClient? client = null) =>
        GetJson<JsonElement>(client ?? Client, $"/api/v1/search?q={query}");

    private async Task<List<string>> Hits(string query, HttpClient? client = null)
    {
        var encoded = query.Contains('&', StringComparison.Ordinal)
            ? Uri.EscapeDataString(query[..query.IndexOf('&', StringComparison.Ordinal)]) + query[query.IndexOf('&', StringComparison.Ordinal)..]
            : Uri.EscapeDataString(query);
        var page = await Search($"{encoded}&limit=200", client);
        return [.. page.GetProperty("items").EnumerateArray().Select(Key)];
    }

    private static string Key(JsonElement hit) => $"{hit.GetProperty("regulationId").GetInt32()}:{hit.GetProperty("aknId").GetString() ?? hit.GetProperty("taskCode").GetString()}";
}
