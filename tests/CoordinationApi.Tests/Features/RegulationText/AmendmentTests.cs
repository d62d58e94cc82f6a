using System.Net;
using System.Text.Json;
using CoordinationApi.Tests.Infrastructure;

namespace CoordinationApi.Tests.Features.RegulationText;

/// <summary>The acceptance of issue 4: amend the demo regulation through the API, compare, read as of a date; a published version never changes.</summary>
[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class AmendmentTests(string provider) : RegulationTextTest(provider)
{
    private const string Article9Clause1 = "chp_3__art_9__para_1";
    private const string NewTextVi = "Định kỳ hằng năm, 2 Bộ luân phiên tổ chức hội nghị đánh giá kết quả phối hợp và thống nhất kế hoạch năm sau.";

    [Test]
    public async Task An_amendment_changes_one_article_compares_exactly_and_reads_by_date()
    {
        var coordinator = As("mps.coordinator");
        var versions = $"/api/v1/regulations/{DemoId}/versions";
        var v1 = (await GetJson<JsonElement>($"{versions}/1/text")).GetProperty("chapters");
        var oldText = ClauseText(v1);

        // Start the amendment: version 2, a draft copy of version 1.
        var started = await Json(await Send(coordinator, HttpMethod.Post, versions, new { note = "Amendment of article 9" }), HttpStatusCode.Created);
        Assert.Multiple(() =>
        {
            Assert.That(started.GetProperty("number").GetInt32(), Is.EqualTo(2));
            Assert.That(started.GetProperty("status").GetString(), Is.EqualTo("draft"));
            Assert.That(started.GetProperty("basedOnNumber").GetInt32(), Is.EqualTo(1));
            Assert.That(started.GetProperty("inForce").GetBoolean(), Is.False);
        });
        var draftText = await GetJson<JsonElement>($"{versions}/2/text");
        Assert.That(Articles(draftText.GetProperty("chapters")), Has.Count.EqualTo(Articles(v1).Count), "the draft copies every article of version 1");

        // Change one clause of article 9.
        var (clause, etag) = await GetWithETag(coordinator, $"{versions}/2/provisions/{Article9Clause1}");
        var updated = await Json(await Send(coordinator, HttpMethod.Put, $"{versions}/2/provisions/{Article9Clause1}", new
        {
            headingVi = (string?)null, headingEn = (string?)null, textVi = NewTextVi,
            textEn = clause.GetProperty("textEn").GetString(), isSummary = true,
        }, etag), HttpStatusCode.OK);
        Assert.That(updated.GetProperty("textVi").GetString(), Is.EqualTo(NewTextVi));

        // Publish it, effective 2025-01-01, with the draft's ETag.
        var (_, versionETag) = await GetWithETag(coordinator, $"{versions}/2");
        var published = await Json(await Send(coordinator, HttpMethod.Post, $"{versions}/2/publish", new { effectiveFrom = "2025-01-01" }, versionETag), HttpStatusCode.OK);
        Assert.That(published.GetProperty("status").GetString(), Is.EqualTo("published"));
        Assert.That(published.GetProperty("effectiveFrom").GetString(), Is.EqualTo("2025-01-01"));

        // Compare 1 ↔ 2: exactly that change, with a word diff.
        var comparison = await GetJson<JsonElement>($"/api/v1/regulations/{DemoId}/compare?from=1&to=2");
        var changes = comparison.GetProperty("articles").EnumerateArray().ToList();
        Assert.That(changes.Select(c => c.GetProperty("aknId").GetString()), Is.EqualTo(new[] { "chp_3__art_9" }));
        var change = changes[0];
        var diff = change.GetProperty("textViDiff").EnumerateArray().Select(o => (Op: o.GetProperty("op").GetString(), Text: o.GetProperty("text").GetString()!)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(change.GetProperty("change").GetString(), Is.EqualTo("changed"));
            Assert.That(change.GetProperty("headingChanged").GetBoolean(), Is.False);
            Assert.That(change.GetProperty("textChanged").GetBoolean(), Is.True);
            Assert.That(change.GetProperty("textEnDiff").EnumerateArray().Select(o => o.GetProperty("op").GetString()), Is.All.EqualTo("equal"));
            Assert.That(string.Concat(diff.Where(o => o.Op != "insert").Select(o => o.Text)), Does.Contain(oldText));
            Assert.That(string.Concat(diff.Where(o => o.Op != "delete").Select(o => o.Text)), Does.Contain(NewTextVi));
            Assert.That(diff.Where(o => o.Op == "insert").Select(o => o.Text), Has.Some.Contains("hội nghị"));
            Assert.That(diff.Where(o => o.Op == "equal").Select(o => o.Text), Has.Some.Contains("luân phiên tổ chức"));
        });

        // As of the day before the amendment: version 1; from its effective date: version 2.
        var before = await GetJson<JsonElement>($"/api/v1/regulations/{DemoId}/text?asOf=2024-12-31&lang=vi");
        var after = await GetJson<JsonElement>($"/api/v1/regulations/{DemoId}/text?asOf=2025-01-01&lang=vi");
        Assert.Multiple(() =>
        {
            Assert.That(before.GetProperty("version").GetProperty("number").GetInt32(), Is.EqualTo(1));
            Assert.That(ClauseText(before.GetProperty("chapters")), Is.EqualTo(oldText));
            Assert.That(after.GetProperty("version").GetProperty("number").GetInt32(), Is.EqualTo(2));
            Assert.That(ClauseText(after.GetProperty("chapters")), Is.EqualTo(NewTextVi));
        });

        // The list says which version is in force today.
        var list = await GetJson<JsonElement>(versions);
        Assert.That(list.GetProperty("items").EnumerateArray().Select(v => (v.GetProperty("number").GetInt32(), v.GetProperty("inForce").GetBoolean())),
            Is.EqualTo(new[] { (1, false), (2, true) }));

        // Every write left one audit entry.
        Assert.That(new[] { await AuditCount("version.create"), await AuditCount("provision.update"), await AuditCount("version.publish") },
            Is.EqualTo(new[] { 1, 1, 1 }));

        await A_published_version_cannot_change_and_nothing_changes_when_that_is_tried(coordinator, versions);
    }

    private async Task A_published_version_cannot_change_and_nothing_changes_when_that_is_tried(HttpClient coordinator, string versions)
    {
        var textBefore = await GetJson<JsonElement>($"{versions}/2/text");
        var (versionBefore, versionETag) = await GetWithETag(coordinator, $"{versions}/2");
        var (_, etag) = await GetWithETag(coordinator, $"{versions}/2/provisions/{Article9Clause1}");
        var auditBefore = await AuditCount();

        var attempts = new[]
        {
            await Send(coordinator, HttpMethod.Put, $"{versions}/2/provisions/{Article9Clause1}", new { textVi = "Đã sửa.", isSummary = false }, etag),
            await Send(coordinator, HttpMethod.Delete, $"{versions}/2/provisions/{Article9Clause1}", ifMatch: etag),
            await Send(coordinator, HttpMethod.Post, $"{versions}/2/provisions", new { isSummary = false, parentAknId = "chp_3__art_9", kind = "clause", num = "3", textVi = "Khoản mới." }),
            await Send(coordinator, HttpMethod.Post, $"{versions}/2/publish", new { effectiveFrom = "2026-01-01" }, versionETag),
            await Send(coordinator, HttpMethod.Post, $"{versions}/1/provisions", new { isSummary = false, kind = "chapter", num = "IV", headingVi = "Chương mới" }),
        };

        foreach (var response in attempts)
        {
            var problem = await ProblemAssert.IsProblem(response, HttpStatusCode.Conflict);
            Assert.That(problem.GetProperty("title").GetString(), Is.EqualTo("A published version never changes."));
        }

        var (versionAfter, versionETagAfter) = await GetWithETag(coordinator, $"{versions}/2");
        var textAfter = await GetJson<JsonElement>($"{versions}/2/text");
        var auditAfter = await AuditCount();
        Assert.Multiple(() =>
        {
            Assert.That(JsonSerializer.Serialize(textAfter), Is.EqualTo(JsonSerializer.Serialize(textBefore)));
            Assert.That(JsonSerializer.Serialize(versionAfter), Is.EqualTo(JsonSerializer.Serialize(versionBefore)));
            Assert.That(versionETagAfter, Is.EqualTo(versionETag));
            Assert.That(auditAfter, Is.EqualTo(auditBefore));
        });
    }

    private static List<JsonElement> Articles(JsonElement chapters) =>
        [.. chapters.EnumerateArray().SelectMany(c => c.GetProperty("children").EnumerateArray())];

    private static string ClauseText(JsonElement chapters) =>
        Articles(chapters).Single(a => a.GetProperty("aknId").GetString() == "chp_3__art_9")
            .GetProperty("children").EnumerateArray().Single(c => c.GetProperty("aknId").GetString() == Article9Clause1)
            .GetProperty("textVi").GetString()!;
}
