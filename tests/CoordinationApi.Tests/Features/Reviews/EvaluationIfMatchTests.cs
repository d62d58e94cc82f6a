using System.Net;
using System.Text.Json;
using CoordinationApi.Tests.Features.RegulationText;
using CoordinationApi.Tests.Infrastructure;
using static CoordinationApi.Tests.Features.Tasks.TaskApi;

namespace CoordinationApi.Tests.Features.Reviews;

/// <summary>
/// An evaluation is recorded by the coordinators of every party, the concurrent writers If-Match exists for: the PUT
/// requires the ETag of the evaluation read (<c>"0"</c> before one is recorded), answers the new one, and the grid lists
/// each row's. A missing If-Match is a 428, a stale one a 412, and neither changes anything.
/// </summary>
public sealed class EvaluationIfMatchTests() : RegulationTextTest("Sqlite")
{
    /// <summary>A task of plan year 2025 in a review of 2025 held by the test, not evaluated yet.</summary>
    private async Task<(int Review, int Task, string Url)> Unevaluated()
    {
        var coordinator = As("mps.coordinator");
        var review = (await ReviewApi.HeldReview(coordinator, 1, 2025)).GetProperty("id").GetInt32();
        var task = await Create(coordinator, NewTask(title: "Evaluated by both parties", planYear: 2025));
        return (review, task, $"/api/v1/reviews/{review}/evaluations/{task}");
    }

    private async Task<JsonElement> Row(HttpClient client, int review, int task) =>
        (await GetAllPages(client, $"/api/v1/reviews/{review}/evaluations?limit=200")).Single(e => e.GetProperty("task").GetProperty("id").GetInt32() == task);

    [Test]
    public async Task An_evaluation_without_if_match_is_a_428_and_records_nothing()
    {
        var coordinator = As("mps.coordinator");
        var (review, task, url) = await Unevaluated();
        var audited = await AuditCount("review.evaluate");
        await ProblemAssert.IsProblem(await Send(coordinator, HttpMethod.Put, url, new { result = "achieved", comment = "No If-Match" }), HttpStatusCode.PreconditionRequired);
        var row = await Row(coordinator, review, task);
        Assert.That(row.GetProperty("result").ValueKind, Is.EqualTo(JsonValueKind.Null), "nothing was recorded");
        Assert.That(row.GetProperty("etag").GetString(), Is.EqualTo("\"0\""), "an evaluation not recorded yet has the ETag \"0\"");
        Assert.That(await AuditCount("review.evaluate"), Is.EqualTo(audited));

        // Once recorded, a PUT without If-Match is still a 428 and leaves the result as it was.
        await Json(await Send(coordinator, HttpMethod.Put, url, new { result = "partly_achieved", comment = "First" }, "\"0\""), HttpStatusCode.OK);
        var recorded = await Row(coordinator, review, task);
        await ProblemAssert.IsProblem(await Send(coordinator, HttpMethod.Put, url, new { result = "achieved", comment = "No If-Match" }), HttpStatusCode.PreconditionRequired);
        var after = await Row(coordinator, review, task);
        Assert.That(after.GetProperty("result").GetString(), Is.EqualTo("partly_achieved"));
        Assert.That(after.GetProperty("etag").GetString(), Is.EqualTo(recorded.GetProperty("etag").GetString()));
    }

    [Test]
    public async Task The_put_answers_the_etag_the_grid_lists_and_a_stale_one_is_a_412()
    {
        var coordinator = As("mps.coordinator");
        var (review, task, url) = await Unevaluated();
        var first = await Send(coordinator, HttpMethod.Put, url, new { result = "partly_achieved", comment = "First" }, "\"0\"");
        var body = await Json(first, HttpStatusCode.OK);
        var etag = first.Headers.ETag?.ToString();
        Assert.That(etag, Is.Not.Null.And.Not.EqualTo("\"0\""), "recording gives the evaluation an ETag of its own");
        Assert.That(body.GetProperty("etag").GetString(), Is.EqualTo(etag), "the body carries the ETag the header does");
        Assert.That((await Row(As("mic.viewer"), review, task)).GetProperty("etag").GetString(), Is.EqualTo(etag),
            "the grid lists the same ETag, whoever reads it");

        var audited = await AuditCount("review.evaluate");
        foreach (var stale in new[] { "\"0\"", "\"nonsense-stale\"", $"W/{etag}" })
        {
            await ProblemAssert.IsProblem(await Send(coordinator, HttpMethod.Put, url, new { result = "not_achieved", comment = "Stale" }, stale),
                HttpStatusCode.PreconditionFailed);
        }

        Assert.That(await AuditCount("review.evaluate"), Is.EqualTo(audited), "a refused evaluation is not audited");
        Assert.That((await Row(coordinator, review, task)).GetProperty("result").GetString(), Is.EqualTo("partly_achieved"));

        var second = await Send(coordinator, HttpMethod.Put, url, new { result = "achieved", comment = "Second" }, etag);
        await Json(second, HttpStatusCode.OK);
        Assert.That(second.Headers.ETag?.ToString(), Is.Not.EqualTo(etag), "every recording changes the ETag");
    }

    [Test]
    public async Task Two_coordinators_reading_the_same_version_the_second_write_is_a_412()
    {
        var mps = As("mps.coordinator");
        var mic = As("mic.coordinator");
        var (review, task, url) = await Unevaluated();
        await Json(await Send(mps, HttpMethod.Put, url, new { result = "partly_achieved", comment = "Agreed at first" }, "\"0\""), HttpStatusCode.OK);

        var readByMps = (await Row(mps, review, task)).GetProperty("etag").GetString();
        var readByMic = (await Row(mic, review, task)).GetProperty("etag").GetString();
        Assert.That(readByMic, Is.EqualTo(readByMps), "both parties read the same version");

        await Json(await Send(mps, HttpMethod.Put, url, new { result = "achieved", comment = "MPS: done" }, readByMps), HttpStatusCode.OK);
        await ProblemAssert.IsProblem(await Send(mic, HttpMethod.Put, url, new { result = "not_achieved", comment = "MIC overrides" }, readByMic),
            HttpStatusCode.PreconditionFailed);

        var kept = await Row(mic, review, task);
        Assert.That(kept.GetProperty("result").GetString(), Is.EqualTo("achieved"), "the first write is not silently overwritten");
        Assert.That(kept.GetProperty("comment").GetString(), Is.EqualTo("MPS: done"));
        Assert.That(kept.GetProperty("evaluatedBy").GetString(), Is.EqualTo("mps.coordinator"));

        // Having read it again, MIC may replace it.
        await Json(await Send(mic, HttpMethod.Put, url, new { result = "not_achieved", comment = "MIC, after reading MPS" }, kept.GetProperty("etag").GetString()),
            HttpStatusCode.OK);
    }
}
