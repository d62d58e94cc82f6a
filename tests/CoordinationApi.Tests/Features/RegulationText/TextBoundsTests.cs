using System.Net;
using System.Text;
using System.Text.Json;
using CoordinationApi.Tests.Infrastructure;
using Dapper;

namespace CoordinationApi.Tests.Features.RegulationText;

/// <summary>
/// What a version may hold (issue 14, class 1): at most 2,000 provisions, 200 under one parent, 100,000 characters of
/// text per language in one article with its clauses and points, 1,000,000 characters of headings and text per language
/// in the version. Each bound admits its last provision and refuses the next with a problem naming the field, and a
/// refused request changes nothing.
/// </summary>
[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class TextBoundsTests(string provider) : RegulationTextTest(provider)
{
    private const int MaxProvisionsPerVersion = 2_000;
    private const int MaxChildren = 200;
    private const int MaxArticleText = 100_000;
    private const int MaxVersionText = 1_000_000;

    private string versions = "";
    private int draftId;

    [OneTimeSetUp]
    public async Task StartDraft()
    {
        versions = $"/api/v1/regulations/{DemoId}/versions";
        await Json(await Send(As("mps.coordinator"), HttpMethod.Post, versions, new { note = "Bounds" }), HttpStatusCode.Created);
        await using var connection = await OpenDatabase();
        draftId = await connection.ExecuteScalarAsync<int>(
            "SELECT id FROM regulation_versions WHERE regulation_id = @DemoId AND number = 2", new { DemoId });
    }

    [SetUp]
    public async Task RemoveFillers()
    {
        await using var connection = await OpenDatabase();
        await connection.ExecuteAsync("DELETE FROM provisions WHERE version_id = @DraftId AND (akn_id LIKE 'chp_9%' OR akn_id LIKE 'chp_8%')", new { DraftId = draftId });
    }

    [Test]
    public async Task The_issue_example_is_refused_once_the_article_holds_its_most_text()
    {
        var coordinator = As("mps.coordinator");
        var words = OneLetterWords(20_000, 'a');
        var article = await ArticleTextLength("chp_1__art_1");
        var accepted = (MaxArticleText - article) / words.Length;
        for (var i = 0; i < accepted; i++)
        {
            await Json(await Send(coordinator, HttpMethod.Post, $"{versions}/2/provisions", Clause("chp_1__art_1", 100 + i, words)), HttpStatusCode.Created);
        }

        var before = await Provisions();
        await ProblemAssert.HasFieldErrors(await Send(coordinator, HttpMethod.Post, $"{versions}/2/provisions", Clause("chp_1__art_1", 100 + accepted, words)), "textVi");
        Assert.That(await Provisions(), Is.EqualTo(before), "the refused clause is not stored");

        // Growing an existing clause beyond the article's bound is refused the same way.
        var (clause, etag) = await GetWithETag(coordinator, $"{versions}/2/provisions/chp_1__art_1__para_100");
        using var grown = await Send(coordinator, HttpMethod.Put, $"{versions}/2/provisions/chp_1__art_1__para_100", new
        {
            headingVi = (string?)null, headingEn = (string?)null, textVi = clause.GetProperty("textVi").GetString(),
            textEn = OneLetterWords(MaxArticleText - words.Length * (accepted - 1) - article + 2, 'b'), isSummary = true,
        }, etag);
        await ProblemAssert.HasFieldErrors(grown, "textEn");
        var (unchanged, _) = await GetWithETag(coordinator, $"{versions}/2/provisions/chp_1__art_1__para_100");
        Assert.That(unchanged.GetProperty("textEn").GetString(), Is.EqualTo(words));
    }

    [Test]
    public async Task A_parent_takes_its_last_child_and_refuses_the_next()
    {
        await InsertFillers("chp_9", articles: 1, clausesEach: MaxChildren - 1, textLength: 10);
        var coordinator = As("mps.coordinator");
        await Json(await Send(coordinator, HttpMethod.Post, $"{versions}/2/provisions", Clause("chp_9__art_9000", MaxChildren, "Khoản cuối.")), HttpStatusCode.Created);

        var before = await Provisions();
        await ProblemAssert.HasFieldErrors(
            await Send(coordinator, HttpMethod.Post, $"{versions}/2/provisions", Clause("chp_9__art_9000", MaxChildren + 1, "Khoản thừa.")), "parentAknId");
        Assert.That(await Provisions(), Is.EqualTo(before));
    }

    [Test]
    public async Task A_version_takes_its_last_provision_and_refuses_the_next_with_a_conflict()
    {
        // Filler rows up to one short of the bound: two chapters (2 rows) and one article (1 row) of the rest, and articles of 99 clauses.
        var room = MaxProvisionsPerVersion - await Provisions() - 1 - 3;
        var articles = room / 100;
        await InsertFillers("chp_9", articles, clausesEach: 99, textLength: 10);
        await InsertFillers("chp_8", articles: 1, clausesEach: room - articles * 100, textLength: 10);
        Assert.That(await Provisions(), Is.EqualTo(MaxProvisionsPerVersion - 1));

        var coordinator = As("mps.coordinator");
        await Json(await Send(coordinator, HttpMethod.Post, $"{versions}/2/provisions", Clause("chp_1__art_1", 300, "Khoản cuối.")), HttpStatusCode.Created);
        using var refused = await Send(coordinator, HttpMethod.Post, $"{versions}/2/provisions", Clause("chp_1__art_1", 301, "Khoản thừa."));
        var problem = await Json(refused, HttpStatusCode.Conflict);
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("2,000"));
        Assert.That(await Provisions(), Is.EqualTo(MaxProvisionsPerVersion));

        await using var connection = await OpenDatabase();
        await connection.ExecuteAsync("DELETE FROM provisions WHERE version_id = @DraftId AND akn_id = 'chp_1__art_1__para_300'", new { DraftId = draftId });
    }

    [Test]
    public async Task A_version_refuses_text_beyond_its_most_in_either_language()
    {
        string fuller;
        await using (var connection = await OpenDatabase())
        {
            var languages = (await connection.QueryAsync<long>("""
                SELECT COALESCE(SUM(LENGTH(COALESCE(heading_vi, '')) + LENGTH(COALESCE(text_vi, ''))), 0) FROM provisions WHERE version_id = @DraftId
                UNION ALL
                SELECT COALESCE(SUM(LENGTH(COALESCE(heading_en, '')) + LENGTH(COALESCE(text_en, ''))), 0) FROM provisions WHERE version_id = @DraftId
                """, new { DraftId = draftId })).ToList();
            var held = languages.Max();
            fuller = languages[1] > languages[0] ? "textEn" : "textVi";
            // Fill to a few hundred characters short of the bound (the filler's headings and rounding take some), in articles of 20 clauses.
            var fill = MaxVersionText - held - 500;
            await InsertFillers("chp_9", articles: (int)(fill / 100_000) + 1, clausesEach: 20, textLength: (int)(fill / (((fill / 100_000) + 1) * 20)));
        }

        var coordinator = As("mps.coordinator");
        var before = await Provisions();
        using var refused = await Send(coordinator, HttpMethod.Post, $"{versions}/2/provisions", Clause("chp_1__art_2", 400, OneLetterWords(1_000, 'c')));
        Assert.That(await refused.Content.ReadAsStringAsync(), Does.Contain("1,000,000"));
        await ProblemAssert.HasFieldErrors(refused, fuller);
        Assert.That(await Provisions(), Is.EqualTo(before));
        await Json(await Send(coordinator, HttpMethod.Post, $"{versions}/2/provisions", Clause("chp_1__art_2", 400, "Đủ chỗ.")), HttpStatusCode.Created);
        await using var cleanup = await OpenDatabase();
        await cleanup.ExecuteAsync("DELETE FROM provisions WHERE version_id = @DraftId AND akn_id = 'chp_1__art_2__para_400'", new { DraftId = draftId });
    }

    private static object Clause(string parent, int num, string text) =>
        new { parentAknId = parent, kind = "clause", num = num.ToString(System.Globalization.CultureInfo.InvariantCulture), textVi = text, textEn = text, isSummary = true };

    /// <summary>Words of one letter from <paramref name="first"/> on, separated by spaces, <paramref name="length"/> characters in all.</summary>
    internal static string OneLetterWords(int length, char first)
    {
        var text = new StringBuilder(length);
        for (var i = 0; text.Length < length; i++)
        {
            text.Append(text.Length % 2 == 1 ? ' ' : (char)(first + (i / 2 % 7)));
        }

        return text.ToString().TrimEnd().PadRight(length, '.');
    }

    private async Task<int> Provisions()
    {
        await using var connection = await OpenDatabase();
        return await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM provisions WHERE version_id = @DraftId", new { DraftId = draftId });
    }

    private async Task<int> ArticleTextLength(string article)
    {
        await using var connection = await OpenDatabase();
        return await connection.ExecuteScalarAsync<int>(
            "SELECT COALESCE(SUM(LENGTH(COALESCE(text_vi, ''))), 0) FROM provisions WHERE version_id = @DraftId AND (akn_id = @Article OR akn_id LIKE @Under)",
            new { DraftId = draftId, Article = article, Under = article + "__%" });
    }

    /// <summary>Writes a chapter with articles and clauses straight into the draft, to reach a bound without thousands of requests.</summary>
    private async Task InsertFillers(string chapter, int articles, int clausesEach, int textLength)
    {
        var text = OneLetterWords(textLength, 'f');
        var rows = new List<object> { Row(chapter, null, "chapter", 1, chapter[4..], heading: "Chương đệm") };
        for (var a = 0; a < articles; a++)
        {
            var article = $"{chapter}__art_{chapter[4..]}{a:000}";
            rows.Add(Row(article, chapter, "article", a + 1, $"{chapter[4..]}{a:000}", heading: "Điều đệm"));
            rows.AddRange(Enumerable.Range(1, clausesEach).Select(c => Row($"{article}__para_{c}", article, "clause", c, $"{c}", text: text)));
        }

        await using var connection = await OpenDatabase();
        await connection.ExecuteAsync("""
            INSERT INTO provisions (version_id, akn_id, parent_akn_id, kind, ordinal, num, heading_vi, heading_en, text_vi, text_en, is_summary, row_version)
            VALUES (@VersionId, @AknId, @ParentAknId, @Kind, @Ordinal, @Num, @Heading, @Heading, @Text, @Text, 1, 1)
            """, rows);

        object Row(string aknId, string? parent, string kind, int ordinal, string num, string? heading = null, string? text = null) => new
        {
            VersionId = draftId, AknId = aknId, ParentAknId = parent, Kind = kind, Ordinal = ordinal, Num = num, Heading = heading, Text = text,
        };
    }
}

/// <summary>
/// Comparing versions keeps memory flat (issue 14, class 1): a draft with articles of 80,000 characters of one-letter
/// words in each language, compared with its base, with itself and backwards, allocates within a fixed margin per call.
/// </summary>
// Alone: it measures the process's allocated bytes, which other fixtures would add to.
[NonParallelizable]
[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class LargeComparisonTests(string provider) : RegulationTextTest(provider)
{
    /// <summary>Managed bytes one comparison may allocate, whatever it answers (its response here is about 1 MB).</summary>
    private const long AllocationMargin = 64L * 1024 * 1024;

    [Test]
    public async Task Comparing_a_large_draft_allocates_within_a_fixed_margin_and_diffs_word_by_word()
    {
        var coordinator = As("mps.coordinator");
        var versions = $"/api/v1/regulations/{DemoId}/versions";
        await Json(await Send(coordinator, HttpMethod.Post, versions, new { note = "Large" }), HttpStatusCode.Created);
        for (var a = 0; a < 2; a++)
        {
            var article = $"chp_1__art_{100 + a}";
            await Json(await Send(coordinator, HttpMethod.Post, $"{versions}/2/provisions", new
            {
                parentAknId = "chp_1", kind = "article", num = $"{100 + a}", headingVi = "Điều lớn", headingEn = "Large article", isSummary = true,
            }), HttpStatusCode.Created);
            for (var c = 1; c <= 4; c++)
            {
                var text = TextBoundsTests.OneLetterWords(20_000, (char)('a' + c));
                await Json(await Send(coordinator, HttpMethod.Post, $"{versions}/2/provisions", new
                {
                    parentAknId = article, kind = "clause", num = $"{c}", textVi = text, textEn = text, isSummary = true,
                }), HttpStatusCode.Created);
            }
        }

        var viewer = As("mps.viewer");
        await viewer.GetStringAsync(new Uri($"/api/v1/regulations/{DemoId}/compare?from=1&to=2", UriKind.Relative)); // warm up
        var allocated = new Dictionary<string, long>();
        var bodies = new Dictionary<string, JsonElement>();
        foreach (var (from, to) in new[] { (1, 2), (2, 2), (2, 1) })
        {
            var url = $"/api/v1/regulations/{DemoId}/compare?from={from}&to={to}";
            var start = GC.GetTotalAllocatedBytes(precise: true);
            var body = await viewer.GetStringAsync(new Uri(url, UriKind.Relative));
            allocated[url] = GC.GetTotalAllocatedBytes(precise: true) - start;
            bodies[$"{from}-{to}"] = JsonDocument.Parse(body).RootElement.Clone();
            TestContext.Out.WriteLine($"{url}: {body.Length / 1024} KB answered, {allocated[url] / 1_048_576} MB allocated");
        }

        Assert.That(allocated, Has.All.Matches<KeyValuePair<string, long>>(a => a.Value < AllocationMargin),
            string.Join("\n", allocated.Select(a => $"{a.Key}: {a.Value / 1_048_576} MB")));
        Assert.That(bodies["2-2"].GetProperty("articles").GetArrayLength(), Is.Zero, "a version compared with itself has no changes");

        var added = bodies["1-2"].GetProperty("articles").EnumerateArray().Where(c => c.GetProperty("change").GetString() == "added").ToList();
        Assert.That(added.Select(c => c.GetProperty("aknId").GetString()), Is.EquivalentTo(new[] { "chp_1__art_100", "chp_1__art_101" }));
        var removed = bodies["2-1"].GetProperty("articles").EnumerateArray().Where(c => c.GetProperty("change").GetString() == "removed").ToList();
        Assert.That(removed, Has.Count.EqualTo(2));

        var ops = added[0].GetProperty("textViDiff").EnumerateArray().ToList();
        Assert.That(ops, Has.Count.EqualTo(1));
        Assert.That(ops[0].GetProperty("op").GetString(), Is.EqualTo("insert"));
        Assert.That(ops[0].GetProperty("text").GetString(), Does.Contain(TextBoundsTests.OneLetterWords(20_000, 'c')));
    }
}

/// <summary>The word diff (Myers' diff, DiffPlex) on long texts: a one-word change in 20,000 characters is found as that word.</summary>
// Alone: it holds a comparison to a wall-clock bound.
[NonParallelizable]
public sealed class WordDiffTests
{
    [Test]
    public void One_changed_word_in_a_long_text_is_one_deletion_and_one_insertion_between_equal_runs()
    {
        var original = TextBoundsTests.OneLetterWords(20_000, 'a');
        var changed = string.Concat(original.AsSpan(0, 10_000), "Z", original.AsSpan(10_001));
        var ops = CoordinationApi.Features.RegulationText.WordDiff.Diff(original, changed);
        Assert.That(ops.Select(o => o.Op), Is.EqualTo(new[] { "equal", "delete", "insert", "equal" }));
        Assert.That(ops[1].Text + ops[2].Text, Is.EqualTo(string.Concat(original.AsSpan(10_000, 1), "Z")));
        Assert.That(string.Concat(ops.Where(o => o.Op != "insert").Select(o => o.Text)), Is.EqualTo(original));
        Assert.That(string.Concat(ops.Where(o => o.Op != "delete").Select(o => o.Text)), Is.EqualTo(changed));
    }

    [Test]
    public void Scattered_changes_are_diffed_word_by_word_and_both_texts_are_rebuilt()
    {
        var before = "Bộ Công an chủ trì, phối hợp với Bộ Thông tin và Truyền thông thực hiện nhiệm vụ hằng năm.";
        var after = "Bộ Công an chủ trì và phối hợp với Bộ Thông tin thực hiện các nhiệm vụ hằng quý.";
        var ops = CoordinationApi.Features.RegulationText.WordDiff.Diff(before, after);
        Assert.That(string.Concat(ops.Where(o => o.Op != "insert").Select(o => o.Text)), Is.EqualTo(before));
        Assert.That(string.Concat(ops.Where(o => o.Op != "delete").Select(o => o.Text)), Is.EqualTo(after));
        Assert.That(ops.Where(o => o.Op == "equal").Select(o => o.Text), Has.Some.Contains("phối hợp với Bộ Thông tin"));
        Assert.That(ops.Where(o => o.Op == "insert").Select(o => o.Text.Trim()), Does.Contain("quý"));
    }

    [Test]
    public void A_stretch_beyond_the_token_bound_is_deleted_and_inserted_whole_without_running_out_of_time()
    {
        var before = TextBoundsTests.OneLetterWords(60_000, 'a');
        var after = TextBoundsTests.OneLetterWords(60_000, 'b');
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var ops = CoordinationApi.Features.RegulationText.WordDiff.Diff(before, after);
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(2)));
        Assert.That(string.Concat(ops.Where(o => o.Op != "insert").Select(o => o.Text)), Is.EqualTo(before));
        Assert.That(string.Concat(ops.Where(o => o.Op != "delete").Select(o => o.Text)), Is.EqualTo(after));
    }
}
