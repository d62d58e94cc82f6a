using System.Net;
using System.Text.Json;
using CoordinationApi.Tests.Features.Tasks;
using CoordinationApi.Tests.Infrastructure;
using Dapper;

namespace CoordinationApi.Tests.Features.RegulationText;

/// <summary>Reading the text: versions, the tree by version or date and language, one provision with the tasks citing it, coverage.</summary>
[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class ReadingTextTests(string provider) : RegulationTextTest(provider)
{
    private int foreignId;

    /// <summary>A regulation made here whose one article only a secret task cites.</summary>
    private int citedId;

    [OneTimeSetUp]
    public async Task AddTasksAndAForeignRegulation()
    {
        foreignId = await AddRegulationWithoutMps();
        var coordinator = As("mps.coordinator");
        citedId = (await Json(await Send(coordinator, HttpMethod.Post, "/api/v1/regulations", Regulation("QC-CITED", ("MPS", "MPS-VP"), ("MIC", "MIC-VP"))), HttpStatusCode.Created))
            .GetProperty("id").GetInt32();
        await PublishSingleArticle(coordinator, citedId, "Phối hợp", "Nội dung phối hợp.");
        await using var connection = await OpenDatabase();
        // Besides the demo tasks: an unclassified task citing a clause of the demo's article 4, and a secret one citing the
        // only article of the regulation made here (no other task cites it, whatever the demo holds).
        foreach (var (regulationId, seq, code, classification, aknId) in new[] { (DemoId, 101, "NV-01", 0, "chp_2__art_4__para_1"), (citedId, 102, "NV-02", 2, "chp_1__art_1") })
        {
            var version1 = await connection.ExecuteScalarAsync<int>("SELECT id FROM regulation_versions WHERE regulation_id = @Id AND number = 1;", new { Id = regulationId });
            await connection.ExecuteAsync("""
                INSERT INTO tasks (regulation_id, seq, code, title_vi, title_en, lead_unit_id, lead_agency_id, classification, kind, plan_year,
                                   start_date, due_date, priority, status, progress, is_demo, row_version, created_at, updated_at)
                SELECT @RegulationId, @Seq, @Code, @TitleVi, @TitleEn, u.id, u.agency_id, @Classification, 'one_off', 2024,
                       @Start, @Due, 'normal', 'assigned', 0, 0, 1, @Now, @Now
                FROM units u WHERE u.code = 'MPS-A05';
                INSERT INTO task_citations (task_id, version_id, akn_id)
                SELECT id, @VersionId, @AknId FROM tasks WHERE regulation_id = @RegulationId AND code = @Code;
                """, new
            {
                RegulationId = regulationId, Seq = seq, Code = code, TitleVi = $"Nhiệm vụ {code}", TitleEn = $"Task {code}", Classification = classification,
                Start = new DateOnly(2024, 1, 1), Due = new DateOnly(2024, 12, 31), Now = DateTimeOffset.UtcNow, VersionId = version1, AknId = aknId,
            });
        }
    }

    [Test]
    public async Task The_demo_has_version_1_in_force_since_the_signing()
    {
        var versions = await GetJson<JsonElement>($"/api/v1/regulations/{DemoId}/versions");

        var v1 = versions.GetProperty("items").EnumerateArray().Single();
        Assert.Multiple(() =>
        {
            Assert.That(v1.GetProperty("number").GetInt32(), Is.EqualTo(1));
            Assert.That(v1.GetProperty("status").GetString(), Is.EqualTo("published"));
            Assert.That(v1.GetProperty("effectiveFrom").GetString(), Is.EqualTo("2021-11-24"));
            Assert.That(v1.GetProperty("inForce").GetBoolean(), Is.True);
        });
    }

    [Test]
    public async Task The_text_of_version_1_has_three_chapters_and_ten_articles_in_both_languages()
    {
        var text = await GetJson<JsonElement>($"/api/v1/regulations/{DemoId}/versions/1/text");

        var chapters = text.GetProperty("chapters").EnumerateArray().ToList();
        var articles = chapters.SelectMany(c => c.GetProperty("children").EnumerateArray()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(text.GetProperty("lang").GetString(), Is.EqualTo("both"));
            Assert.That(chapters.Select(c => c.GetProperty("aknId").GetString()), Is.EqualTo(new[] { "chp_1", "chp_2", "chp_3" }));
            Assert.That(articles.Select(a => a.GetProperty("num").GetString()), Is.EqualTo(Enumerable.Range(1, 10).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture))));
            Assert.That(articles.Select(a => a.GetProperty("headingVi").GetString()), Is.All.Not.Null);
            Assert.That(articles.Select(a => a.GetProperty("headingEn").GetString()), Is.All.Not.Null);
        });
    }

    [TestCase("vi", "headingVi", "headingEn")]
    [TestCase("en", "headingEn", "headingVi")]
    public async Task One_language_leaves_the_other_out(string lang, string present, string absent)
    {
        var text = await GetJson<JsonElement>($"/api/v1/regulations/{DemoId}/versions/1/text?lang={lang}");

        var articles = text.GetProperty("chapters").EnumerateArray().SelectMany(c => c.GetProperty("children").EnumerateArray()).ToList();
        Assert.That(articles.Select(a => a.GetProperty(present).ValueKind), Is.All.EqualTo(JsonValueKind.String));
        Assert.That(articles.Select(a => a.GetProperty(absent).ValueKind), Is.All.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task An_unknown_language_is_a_field_error()
    {
        await ProblemAssert.HasFieldErrors(await Client.GetAsync(new Uri($"/api/v1/regulations/{DemoId}/versions/1/text?lang=fr", UriKind.Relative)), "lang");
    }

    [Test]
    public async Task As_of_a_date_before_any_version_there_is_no_text_and_from_the_signing_version_1()
    {
        var before = await Client.GetAsync(new Uri($"/api/v1/regulations/{DemoId}/text?asOf=2021-11-23", UriKind.Relative));
        var onTheDay = await GetJson<JsonElement>($"/api/v1/regulations/{DemoId}/text?asOf=2021-11-24");
        var today = await GetJson<JsonElement>($"/api/v1/regulations/{DemoId}/text");

        var problem = await ProblemAssert.IsProblem(before, HttpStatusCode.NotFound);
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("2021-11-23"));
        Assert.That(onTheDay.GetProperty("version").GetProperty("number").GetInt32(), Is.EqualTo(1));
        Assert.That(today.GetProperty("version").GetProperty("number").GetInt32(), Is.EqualTo(1));
    }

    [Test]
    public async Task A_provision_by_its_id_has_its_children_its_etag_and_the_tasks_citing_it_within_clearance()
    {
        var (article4, etag) = await GetWithETag(Client, $"/api/v1/regulations/{DemoId}/versions/1/provisions/chp_2__art_4");
        var citedForViewer = await GetJson<JsonElement>($"/api/v1/regulations/{citedId}/versions/1/provisions/chp_1__art_1");
        var citedForCoordinator = await GetJson<JsonElement>(As("mps.coordinator"), $"/api/v1/regulations/{citedId}/versions/1/provisions/chp_1__art_1");

        var clauses = article4.GetProperty("children").EnumerateArray().ToList();
        var citedBy = article4.GetProperty("citedBy").EnumerateArray().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(etag, Is.Not.Empty);
            Assert.That(article4.GetProperty("kind").GetString(), Is.EqualTo("article"));
            Assert.That(article4.GetProperty("parentAknId").GetString(), Is.EqualTo("chp_2"));
            Assert.That(clauses.Select(c => c.GetProperty("aknId").GetString()).ToList(), Has.Count.EqualTo(6).And.All.StartWith("chp_2__art_4__para_"));
            Assert.That(clauses[0].GetProperty("children").EnumerateArray().Select(p => p.GetProperty("aknId").GetString()),
                Is.EqualTo(new[] { "chp_2__art_4__para_1__point_a", "chp_2__art_4__para_1__point_b", "chp_2__art_4__para_1__point_c" }));
            Assert.That(citedBy.Select(t => t.GetProperty("code").GetString()), Does.Contain("NV-01"));
            var probe = citedBy.Single(t => t.GetProperty("code").GetString() == "NV-01");
            Assert.That(probe.GetProperty("citedAknId").GetString(), Is.EqualTo("chp_2__art_4__para_1"));
            Assert.That(probe.GetProperty("status").GetString(), Is.EqualTo("assigned"));
            Assert.That(probe.GetProperty("titleEn").GetString(), Is.EqualTo("Task NV-01"));
            Assert.That(citedForViewer.GetProperty("citedBy").GetArrayLength(), Is.Zero, "the secret task does not exist for an unclassified viewer");
            Assert.That(citedForCoordinator.GetProperty("citedBy").EnumerateArray().Select(t => t.GetProperty("code").GetString()), Is.EqualTo(new[] { "NV-02" }));
        });
    }

    [Test]
    public async Task Traceability_is_empty_where_no_task_cites()
    {
        var coordinator = As("mps.coordinator");
        var created = await Json(await Send(coordinator, HttpMethod.Post, "/api/v1/regulations", Regulation("QC-TRACE", ("MPS", "MPS-VP"), ("MIC", "MIC-VP"))), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt32();
        await PublishSingleArticle(coordinator, id, "Phạm vi", "Phạm vi phối hợp.");
        // A task of the demo regulation citing its article of the same id: it cites that article, not the new regulation's.
        var task = await TaskApi.Create(coordinator, TaskApi.NewTask(cite: "chp_1__art_1"));

        var uncited = await GetJson<JsonElement>(coordinator, $"/api/v1/regulations/{id}/versions/1/provisions/chp_1__art_1");
        var cited = await GetJson<JsonElement>(coordinator, $"/api/v1/regulations/{DemoId}/versions/1/provisions/chp_1__art_1");

        Assert.That(uncited.GetProperty("citedBy").GetArrayLength(), Is.Zero);
        Assert.That(cited.GetProperty("citedBy").EnumerateArray().Select(t => t.GetProperty("taskId").GetInt32()), Does.Contain(task));
    }

    [Test]
    public async Task Coverage_lists_the_articles_no_task_the_caller_may_see_cites()
    {
        var forViewer = await GetJson<JsonElement>($"/api/v1/regulations/{DemoId}/versions/1/coverage");
        var forCoordinator = await GetJson<JsonElement>(As("mps.coordinator"), $"/api/v1/regulations/{DemoId}/versions/1/coverage");

        var text = await GetJson<JsonElement>($"/api/v1/regulations/{DemoId}/versions/1/text");
        var articles = text.GetProperty("chapters").EnumerateArray()
            .SelectMany(c => c.GetProperty("children").EnumerateArray()).Select(a => a.GetProperty("aknId").GetString()!).ToList();

        // An article is uncited for a caller when the task list, filtered by that article, shows them no task.
        async Task<List<string>> UncitedFor(HttpClient client)
        {
            var uncited = new List<string>();
            foreach (var akn in articles)
            {
                if ((await GetAllPages(client, $"/api/v1/tasks?regulationId={DemoId}&article={akn}")).Count == 0)
                {
                    uncited.Add(akn);
                }
            }

            return uncited;
        }

        var uncitedForViewer = await UncitedFor(Client);
        var uncitedForCoordinator = await UncitedFor(As("mps.coordinator"));
        static List<string?> Uncited(JsonElement coverage) => [.. coverage.GetProperty("uncited").EnumerateArray().Select(a => a.GetProperty("aknId").GetString())];
        var onlySecretlyCitedForViewer = await GetJson<JsonElement>($"/api/v1/regulations/{citedId}/versions/1/coverage");
        var onlySecretlyCitedForCoordinator = await GetJson<JsonElement>(As("mps.coordinator"), $"/api/v1/regulations/{citedId}/versions/1/coverage");
        Assert.Multiple(() =>
        {
            Assert.That(Uncited(onlySecretlyCitedForViewer), Is.EqualTo(new[] { "chp_1__art_1" }), "cited only by a task above the viewer's clearance");
            Assert.That(onlySecretlyCitedForViewer.GetProperty("citedArticles").GetInt32(), Is.Zero);
            Assert.That(Uncited(onlySecretlyCitedForCoordinator), Is.Empty);
            Assert.That(onlySecretlyCitedForCoordinator.GetProperty("citedArticles").GetInt32(), Is.EqualTo(1));
            Assert.That(forViewer.GetProperty("articles").GetInt32(), Is.EqualTo(articles.Count));
            Assert.That(Uncited(forViewer), Is.EqualTo(uncitedForViewer));
            Assert.That(forViewer.GetProperty("citedArticles").GetInt32(), Is.EqualTo(articles.Count - uncitedForViewer.Count));
            Assert.That(Uncited(forCoordinator), Is.EqualTo(uncitedForCoordinator));
            Assert.That(forCoordinator.GetProperty("citedArticles").GetInt32(), Is.EqualTo(articles.Count - uncitedForCoordinator.Count));
        });
    }

    [TestCase("/versions")]
    [TestCase("/versions/1")]
    [TestCase("/versions/1/text")]
    [TestCase("/text")]
    [TestCase("/versions/1/provisions/chp_1")]
    [TestCase("/versions/1/coverage")]
    [TestCase("/compare?from=1&to=1")]
    public async Task A_regulation_the_callers_agency_is_not_party_to_is_a_404(string path)
    {
        var response = await As("mps.coordinator").GetAsync(new Uri($"/api/v1/regulations/{foreignId}{path}", UriKind.Relative));

        await ProblemAssert.IsProblem(response, HttpStatusCode.NotFound);
    }

    [TestCase("/versions/7")]
    [TestCase("/versions/7/text")]
    [TestCase("/versions/1/provisions/chp_9")]
    [TestCase("/compare?from=1&to=7")]
    public async Task An_unknown_version_or_provision_is_a_404(string path)
    {
        var response = await Client.GetAsync(new Uri($"/api/v1/regulations/{DemoId}{path}", UriKind.Relative));

        await ProblemAssert.IsProblem(response, HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Comparing_needs_both_version_numbers()
    {
        await ProblemAssert.HasFieldErrors(await Client.GetAsync(new Uri($"/api/v1/regulations/{DemoId}/compare?from=0", UriKind.Relative)), "from", "to");
    }

    [Test]
    public async Task Comparing_a_version_with_itself_shows_no_change()
    {
        var comparison = await GetJson<JsonElement>($"/api/v1/regulations/{DemoId}/compare?from=1&to=1");

        Assert.That(comparison.GetProperty("articles").GetArrayLength(), Is.Zero);
    }
}
