using System.Net;
using System.Text.Json;
using CoordinationApi.Tests.Infrastructure;

namespace CoordinationApi.Tests.Features.RegulationText;

/// <summary>Editing a draft version: AKN ids from parent and number, validation, order, If-Match, audit, permissions.</summary>
[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class DraftEditingTests(string provider) : RegulationTextTest(provider)
{
    private string draft = "";

    [OneTimeSetUp]
    public async Task StartDraft()
    {
        draft = $"/api/v1/regulations/{DemoId}/versions/2";
        await Json(await Send(As("mps.coordinator"), HttpMethod.Post, $"/api/v1/regulations/{DemoId}/versions", new { note = "test draft" }), HttpStatusCode.Created);
    }

    [Test]
    public async Task Only_one_draft_exists_at_a_time()
    {
        var micCoordinator = As("mic.coordinator");
        var audit = await AuditCount();

        var response = await Send(micCoordinator, HttpMethod.Post, $"/api/v1/regulations/{DemoId}/versions", new { note = "another" });

        var problem = await ProblemAssert.IsProblem(response, HttpStatusCode.Conflict);
        Assert.That(problem.GetProperty("draftNumber").GetInt32(), Is.EqualTo(2));
        Assert.That((await GetJson<JsonElement>($"/api/v1/regulations/{DemoId}/versions")).GetProperty("items").GetArrayLength(), Is.EqualTo(2));
        Assert.That(await AuditCount(), Is.EqualTo(audit));
    }

    [Test]
    public async Task Ids_are_derived_from_the_parent_and_the_number_and_the_new_provision_is_audited()
    {
        var coordinator = As("mps.coordinator");
        var audit = await AuditCount("provision.create");

        var chapter = await Json(await Send(coordinator, HttpMethod.Post, $"{draft}/provisions",
            new { isSummary = false, kind = "chapter", num = "IV", headingVi = "Điều khoản bổ sung", headingEn = "Additional provisions" }), HttpStatusCode.Created);
        var article = await Json(await Send(coordinator, HttpMethod.Post, $"{draft}/provisions",
            new { isSummary = false, parentAknId = "chp_4", kind = "article", num = "11", headingVi = "Điều mới", textVi = "Nội dung." }), HttpStatusCode.Created);
        var clause = await Json(await Send(coordinator, HttpMethod.Post, $"{draft}/provisions",
            new { isSummary = false, parentAknId = "chp_4__art_11", kind = "clause", num = "1", textVi = "Khoản một." }), HttpStatusCode.Created);
        var point = await Send(coordinator, HttpMethod.Post, $"{draft}/provisions",
            new { isSummary = false, parentAknId = "chp_4__art_11__para_1", kind = "point", num = "đ", textVi = "Điểm đ." });
        var pointBody = await Json(point, HttpStatusCode.Created);

        Assert.Multiple(() =>
        {
            Assert.That(chapter.GetProperty("aknId").GetString(), Is.EqualTo("chp_4"));
            Assert.That(chapter.GetProperty("position").GetInt32(), Is.EqualTo(4));
            Assert.That(article.GetProperty("aknId").GetString(), Is.EqualTo("chp_4__art_11"));
            Assert.That(clause.GetProperty("aknId").GetString(), Is.EqualTo("chp_4__art_11__para_1"));
            Assert.That(pointBody.GetProperty("aknId").GetString(), Is.EqualTo("chp_4__art_11__para_1__point_dd"));
            Assert.That(pointBody.GetProperty("num").GetString(), Is.EqualTo("đ"));
            Assert.That(point.Headers.Location?.ToString(), Is.EqualTo($"{draft}/provisions/chp_4__art_11__para_1__point_dd"));
            Assert.That(point.Headers.ETag, Is.Not.Null);
        });
        Assert.That(await AuditCount("provision.create"), Is.EqualTo(audit + 4));
        var read = await GetJson<JsonElement>($"{draft}/provisions/chp_4__art_11");
        Assert.That(read.GetProperty("children")[0].GetProperty("children")[0].GetProperty("aknId").GetString(), Is.EqualTo("chp_4__art_11__para_1__point_dd"));
    }

    [Test]
    public async Task A_provision_goes_where_its_position_says_and_its_siblings_move_down()
    {
        var coordinator = As("mps.coordinator");

        await Json(await Send(coordinator, HttpMethod.Post, $"{draft}/provisions",
            new { isSummary = false, parentAknId = "chp_3__art_10", kind = "clause", num = "1a", textVi = "Khoản chèn.", position = 2 }), HttpStatusCode.Created);

        var article = await GetJson<JsonElement>($"{draft}/provisions/chp_3__art_10");
        Assert.That(article.GetProperty("children").EnumerateArray().Select(c => c.GetProperty("aknId").GetString()),
            Is.EqualTo(new[] { "chp_3__art_10__para_1", "chp_3__art_10__para_1a", "chp_3__art_10__para_2" }));
        var moved = await GetJson<JsonElement>($"{draft}/provisions/chp_3__art_10__para_2");
        Assert.That(moved.GetProperty("position").GetInt32(), Is.EqualTo(3));
    }

    [TestCase("section", "1", "chp_1", "kind")]
    [TestCase("article", "x", "chp_1", "num")]
    [TestCase("point", "7", "chp_2__art_4__para_1", "num")]
    [TestCase("clause", "3", null, "parentAknId")]
    [TestCase("chapter", "V", "chp_1", "parentAknId")]
    public async Task Invalid_fields_are_field_errors_and_nothing_is_created(string kind, string num, string? parent, string field)
    {
        var audit = await AuditCount();

        var response = await Send(As("mps.coordinator"), HttpMethod.Post, $"{draft}/provisions",
            new { isSummary = false, parentAknId = parent, kind, num, headingVi = "Tiêu đề", textVi = "Nội dung." });

        await ProblemAssert.HasFieldErrors(response, field);
        Assert.That(await AuditCount(), Is.EqualTo(audit));
    }

    [TestCase("chp_9", "article", "1", "parentAknId")]
    [TestCase("chp_2__art_4", "point", "a", "parentAknId")]
    [TestCase("chp_2__art_4", "clause", "1", "num")]
    [TestCase("chp_2__art_5", "clause", "9", "position")]
    public async Task Rules_that_need_the_text_are_field_errors_too(string parent, string kind, string num, string field)
    {
        var audit = await AuditCount();

        var response = await Send(As("mps.coordinator"), HttpMethod.Post, $"{draft}/provisions",
            new { isSummary = false, parentAknId = parent, kind, num, headingVi = "Tiêu đề", textVi = "Nội dung.", position = field == "position" ? 9 : (int?)null });

        await ProblemAssert.HasFieldErrors(response, field);
        Assert.That(await AuditCount(), Is.EqualTo(audit));
    }

    [Test]
    public async Task Empty_bodies_are_field_errors()
    {
        var coordinator = As("mps.coordinator");
        var (_, etag) = await GetWithETag(coordinator, $"{draft}/provisions/chp_1__art_1");

        await ProblemAssert.HasFieldErrors(await Send(coordinator, HttpMethod.Post, $"{draft}/provisions", new { }), "kind", "num");
        await ProblemAssert.HasFieldErrors(await Send(coordinator, HttpMethod.Put, $"{draft}/provisions/chp_1__art_1", new { }, etag), "isSummary");
        await ProblemAssert.HasFieldErrors(await Send(coordinator, HttpMethod.Put, $"{draft}/provisions/chp_1__art_1", new { isSummary = false }, etag), "headingVi");
        await ProblemAssert.HasFieldErrors(await Send(coordinator, HttpMethod.Post, $"{draft}/publish", new { }, etag), "effectiveFrom");
    }

    [Test]
    public async Task An_article_needs_a_vietnamese_heading()
    {
        var response = await Send(As("mps.coordinator"), HttpMethod.Post, $"{draft}/provisions",
            new { isSummary = false, parentAknId = "chp_1", kind = "article", num = "12", headingEn = "English only" });

        await ProblemAssert.HasFieldErrors(response, "headingVi");
    }

    [Test]
    public async Task An_update_needs_the_current_etag()
    {
        var coordinator = As("mps.coordinator");
        var url = $"{draft}/provisions/chp_2__art_5__para_5";
        var (_, etag) = await GetWithETag(coordinator, url);
        var body = new { textVi = "Các hình thức phối hợp khác do hai Bộ thống nhất.", textEn = "Other forms agreed by both ministries.", isSummary = true };

        await ProblemAssert.IsProblem(await Send(coordinator, HttpMethod.Put, url, body), HttpStatusCode.PreconditionRequired);
        await ProblemAssert.IsProblem(await Send(coordinator, HttpMethod.Put, url, body, "\"999\""), HttpStatusCode.PreconditionFailed);
        var audit = await AuditCount("provision.update");
        var updated = await Send(coordinator, HttpMethod.Put, url, body, etag);
        var json = await Json(updated, HttpStatusCode.OK);

        Assert.Multiple(() =>
        {
            Assert.That(json.GetProperty("textVi").GetString(), Is.EqualTo(body.textVi));
            Assert.That(ETag(updated), Is.Not.EqualTo(etag));
        });
        Assert.That(await AuditCount("provision.update"), Is.EqualTo(audit + 1));
        await ProblemAssert.IsProblem(await Send(coordinator, HttpMethod.Put, url, body, etag), HttpStatusCode.PreconditionFailed);
    }

    [Test]
    public async Task An_update_can_move_a_provision_among_its_siblings()
    {
        var coordinator = As("mps.coordinator");
        var url = $"{draft}/provisions/chp_1__art_3__para_5";
        var (clause, etag) = await GetWithETag(coordinator, url);

        await Json(await Send(coordinator, HttpMethod.Put, url,
            new { textVi = clause.GetProperty("textVi").GetString(), textEn = clause.GetProperty("textEn").GetString(), isSummary = true, position = 1 }, etag),
            HttpStatusCode.OK);

        var article = await GetJson<JsonElement>($"{draft}/provisions/chp_1__art_3");
        Assert.That(article.GetProperty("children").EnumerateArray().Select(c => c.GetProperty("num").GetString()), Is.EqualTo(new[] { "5", "1", "2", "3", "4" }));
    }

    [Test]
    public async Task A_clause_cannot_lose_its_text()
    {
        var coordinator = As("mps.coordinator");
        var url = $"{draft}/provisions/chp_1__art_2__para_2";
        var (_, etag) = await GetWithETag(coordinator, url);

        await ProblemAssert.HasFieldErrors(await Send(coordinator, HttpMethod.Put, url, new { textVi = " ", isSummary = true }, etag), "textVi");
    }

    [Test]
    public async Task Deleting_removes_the_provisions_under_it_and_closes_the_gap()
    {
        var coordinator = As("mps.coordinator");
        var url = $"{draft}/provisions/chp_2__art_4__para_5";
        var (_, etag) = await GetWithETag(coordinator, url);
        var audit = await AuditCount("provision.delete");

        await ProblemAssert.IsProblem(await Send(coordinator, HttpMethod.Delete, url), HttpStatusCode.PreconditionRequired);
        var response = await Send(coordinator, HttpMethod.Delete, url, ifMatch: etag);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        await ProblemAssert.IsProblem(await coordinator.GetAsync(new Uri(url, UriKind.Relative)), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblem(await coordinator.GetAsync(new Uri($"{url}__point_a", UriKind.Relative)), HttpStatusCode.NotFound);
        var sibling = await GetJson<JsonElement>($"{draft}/provisions/chp_2__art_4__para_6");
        Assert.That(sibling.GetProperty("position").GetInt32(), Is.EqualTo(5));
        Assert.That(await AuditCount("provision.delete"), Is.EqualTo(audit + 1));
        var published = await GetJson<JsonElement>($"/api/v1/regulations/{DemoId}/versions/1/provisions/chp_2__art_4__para_5");
        Assert.That(published.GetProperty("children").GetArrayLength(), Is.EqualTo(3), "version 1 keeps its text");
    }

    [Test]
    public async Task Publishing_needs_the_drafts_etag_and_a_date_not_before_the_version_in_force()
    {
        var coordinator = As("mps.coordinator");
        var (_, etag) = await GetWithETag(coordinator, draft);

        await ProblemAssert.IsProblem(await Send(coordinator, HttpMethod.Post, $"{draft}/publish", new { effectiveFrom = "2030-01-01" }), HttpStatusCode.PreconditionRequired);
        await ProblemAssert.HasFieldErrors(await Send(coordinator, HttpMethod.Post, $"{draft}/publish", new { effectiveFrom = "2021-11-23" }, etag), "effectiveFrom");
        await ProblemAssert.HasFieldErrors(await Send(coordinator, HttpMethod.Post, $"{draft}/publish", new { note = "no date" }, etag), "effectiveFrom");
        await ProblemAssert.IsProblem(await Send(coordinator, HttpMethod.Post, $"{draft}/publish", new { effectiveFrom = "2030-01-01" }, "\"1\""), HttpStatusCode.PreconditionFailed);

        var version = await GetJson<JsonElement>(draft);
        Assert.That(version.GetProperty("status").GetString(), Is.EqualTo("draft"));
    }

    [TestCase("mps.viewer")]
    [TestCase("mps.officer")]
    [TestCase("mic.auditor")]
    public async Task Only_coordinators_write(string user)
    {
        var client = As(user);
        var (_, etag) = await GetWithETag(client, $"{draft}/provisions/chp_1__art_1");

        var responses = new[]
        {
            await Send(client, HttpMethod.Post, $"/api/v1/regulations/{DemoId}/versions", new { note = "x" }),
            await Send(client, HttpMethod.Post, $"{draft}/provisions", new { isSummary = false, parentAknId = "chp_1", kind = "article", num = "20", headingVi = "X" }),
            await Send(client, HttpMethod.Put, $"{draft}/provisions/chp_1__art_1", new { headingVi = "X", isSummary = true }, etag),
            await Send(client, HttpMethod.Delete, $"{draft}/provisions/chp_1__art_1", ifMatch: etag),
            await Send(client, HttpMethod.Post, $"{draft}/publish", new { effectiveFrom = "2030-01-01" }, etag),
        };

        foreach (var response in responses)
        {
            await ProblemAssert.IsProblem(response, HttpStatusCode.Forbidden);
        }

        Assert.That((await GetJson<JsonElement>($"{draft}/provisions/chp_1__art_1")).GetProperty("headingVi").GetString(), Is.Not.EqualTo("X"));
    }

    [Test]
    public async Task A_regulation_of_other_agencies_does_not_exist_for_the_coordinator()
    {
        var foreign = await AddRegulationWithoutMps("QC-DRAFT-FOREIGN");
        var coordinator = As("mps.coordinator");

        var start = await Send(coordinator, HttpMethod.Post, $"/api/v1/regulations/{foreign}/versions", new { note = "x" });
        var create = await Send(coordinator, HttpMethod.Post, $"/api/v1/regulations/{foreign}/versions/1/provisions", new { isSummary = false, kind = "chapter", num = "I", headingVi = "X" });

        await ProblemAssert.IsProblem(start, HttpStatusCode.NotFound);
        await ProblemAssert.IsProblem(create, HttpStatusCode.NotFound);
        var versions = await GetJson<JsonElement>(As("mic.viewer"), $"/api/v1/regulations/{foreign}/versions");
        Assert.That(versions.GetProperty("items").GetArrayLength(), Is.Zero);
    }
}
