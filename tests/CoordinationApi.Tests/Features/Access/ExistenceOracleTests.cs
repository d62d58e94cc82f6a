using System.Net;
using System.Text.Json;
using CoordinationApi.Tests.Features.Reviews;
using CoordinationApi.Tests.Infrastructure;
using static CoordinationApi.Tests.Features.Tasks.TaskApi;

namespace CoordinationApi.Tests.Features.Access;

/// <summary>
/// A refusal tells a caller nothing about records it may not see: a regulation code held by a regulation of other
/// agencies is refused exactly as a code held by one the caller sees (neither named nor confirmed), and a review that
/// cannot be concluded because of tasks above the caller's clearance answers in the same words as one with tasks the
/// caller sees, listing only those.
/// </summary>
public sealed class ExistenceOracleTests() : ApiTest("Sqlite")
{
    [Test]
    public async Task A_code_taken_by_a_hidden_regulation_is_refused_as_a_visible_one_is_without_naming_it()
    {
        // MPS and a fourth agency sign a regulation MIC is not party to, so MIC cannot see it.
        var agency = Marker("OR")[..8].ToUpperInvariant();
        await Json(await Post(As("mps.registry_admin"), "/api/v1/agencies", new { code = agency, nameVi = $"Bộ {agency}", nameEn = $"Ministry {agency}" }), HttpStatusCode.Created);
        var hiddenCode = Marker("HID-").ToUpperInvariant();
        var hidden = await Json(await Post(As("mps.coordinator"), "/api/v1/regulations", Regulation(hiddenCode, ("MPS", "MPS-VP"), (agency, agency))), HttpStatusCode.Created);
        var mic = As("mic.coordinator");
        Assert.That((await GetAllPages(mic, "/api/v1/regulations?limit=200")).Select(r => r.GetProperty("code").GetString()), Does.Not.Contain(hiddenCode), "MIC cannot see it");
        var visibleCode = (await GetAllPages(mic, "/api/v1/regulations?limit=200")).First().GetProperty("code").GetString()!;

        var before = await Scalar("SELECT COUNT(*) FROM regulations");
        var onHidden = await ProblemAssert.IsProblem(await Post(mic, "/api/v1/regulations", Regulation(hiddenCode, ("MIC", "MIC-VP"), ("MPS", "MPS-VP"))), HttpStatusCode.Conflict);
        var onVisible = await ProblemAssert.IsProblem(await Post(mic, "/api/v1/regulations", Regulation(visibleCode, ("MIC", "MIC-VP"), ("MPS", "MPS-VP"))), HttpStatusCode.Conflict);
        Assert.That(await Scalar("SELECT COUNT(*) FROM regulations"), Is.EqualTo(before), "nothing was created");
        Assert.Multiple(() =>
        {
            foreach (var member in new[] { "type", "title", "detail", "errors" })
            {
                Assert.That(onHidden.GetProperty(member).GetRawText(), Is.EqualTo(onVisible.GetProperty(member).GetRawText()), $"{member}: the same answer whoever holds the code");
            }

            Assert.That(onHidden.GetProperty("errors").EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "code" }));
            var text = onHidden.GetRawText();
            foreach (var secret in new[] { hiddenCode, hidden.GetProperty("titleVi").GetString()!, hidden.GetProperty("titleEn").GetString()!, agency, "Another regulation" })
            {
                Assert.That(text, Does.Not.Contain(secret), "the refusal neither names nor confirms the hidden regulation");
            }
        });
    }

    [Test]
    public async Task A_review_held_up_by_tasks_above_the_callers_clearance_says_no_more_than_one_held_up_by_visible_ones()
    {
        // A review of 2023 hosted by MIC, whose coordinator is cleared for secret, not top-secret (the demo's own 2023
        // review is concluded already).
        var coordinator = As("mps.coordinator");
        await Create(coordinator, NewTask(title: Marker("Oracle top secret "), classification: "top-secret", planYear: 2023));
        await Create(coordinator, NewTask(title: Marker("Oracle visible "), planYear: 2023));
        var low = As("mic.coordinator");

        var id = (await ReviewApi.HeldReview(low, 1, 2023, host: "MIC")).GetProperty("id").GetInt32();
        var transitions = $"/api/v1/reviews/{id}/transitions";
        var withVisible = await ProblemAssert.IsProblem(await Post(low, transitions, new { to = "concluded" }), HttpStatusCode.Conflict);
        Assert.That(withVisible.GetProperty("unevaluated").GetArrayLength(), Is.GreaterThan(0), "the tasks the caller sees are listed");

        foreach (var entry in await GetAllPages(low, $"/api/v1/reviews/{id}/evaluations?limit=200"))
        {
            var taskId = entry.GetProperty("task").GetProperty("id").GetInt32();
            await Json(await Put(low, $"/api/v1/reviews/{id}/evaluations/{taskId}", new { result = "achieved", comment = "Evaluated in the test" }, entry.GetProperty("etag").GetString()), HttpStatusCode.OK);
        }

        var withHiddenOnly = await ProblemAssert.IsProblem(await Post(low, transitions, new { to = "concluded" }), HttpStatusCode.Conflict);
        Assert.Multiple(() =>
        {
            Assert.That(withHiddenOnly.GetProperty("unevaluated").GetArrayLength(), Is.Zero, "a task above the caller's clearance is not listed");
            foreach (var member in new[] { "type", "title", "detail" })
            {
                Assert.That(withHiddenOnly.GetProperty(member).GetString(), Is.EqualTo(withVisible.GetProperty(member).GetString()), $"{member}: the same words however many and whose");
            }

            Assert.That(withHiddenOnly.GetProperty("detail").GetString(), Does.Not.Contain("clearance").And.Not.Match("[0-9]"), "neither a count nor a mention of hidden tasks");
        });
    }

    private static Dictionary<string, object?> Regulation(string code, params (string Agency, string Unit)[] parties) => new()
    {
        ["code"] = code,
        ["titleVi"] = $"Quy chế phối hợp {code}",
        ["titleEn"] = $"Coordination regulation {code}",
        ["signedOn"] = "2023-06-01",
        ["signedAt"] = "Hà Nội",
        ["status"] = "in_force",
        ["parties"] = parties.Select(p => new { agencyCode = p.Agency, standingUnitCode = p.Unit }).ToList(),
        ["signatories"] = new List<string>(),
        ["reviewPolicy"] = new { annualRotating = true, firstHostAgencyCode = parties[0].Agency, reviewMonth = 12, preliminaryAfterYears = 3, note = (string?)null },
    };
}
