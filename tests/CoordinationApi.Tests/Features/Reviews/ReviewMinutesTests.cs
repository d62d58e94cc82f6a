using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using CoordinationApi.Tests.Infrastructure;

namespace CoordinationApi.Tests.Features.Reviews;

/// <summary>
/// The minutes of a review's meeting (issue 18): read by everyone who may read the review, recorded by the parties'
/// coordinators and admins under If-Match (the first ones under the ETag "0" a GET answers, as on every PUT), bounded,
/// audited; a review the caller cannot read is a 404.
/// </summary>
[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class ReviewMinutesTests(string provider) : ReviewRecordsTest(provider)
{
    [Test]
    public async Task Minutes_not_recorded_yet_read_empty_with_etag_zero_and_the_first_ones_are_recorded_under_it()
    {
        var coordinator = As("mps.coordinator");
        var url = $"/api/v1/reviews/{ScheduledReviewId}/minutes";
        var (empty, etag) = await GetWithETag(As("mic.viewer"), url);
        Assert.That(etag, Is.EqualTo("\"0\""));
        Assert.That(empty.GetProperty("reviewId").GetInt32(), Is.EqualTo(ScheduledReviewId));
        Assert.That(empty.GetProperty("attendees").GetArrayLength(), Is.Zero);
        Assert.That(empty.GetProperty("updatedAt").ValueKind, Is.EqualTo(JsonValueKind.Null));

        var audited = await AuditCount("review.minutes");
        var first = await Send(coordinator, HttpMethod.Put, url, Minutes("First decision"), etag);
        var recorded = await Json(first, HttpStatusCode.OK);
        Assert.That(ETag(first), Is.EqualTo("\"1\""));
        Assert.That(await AuditCount("review.minutes"), Is.EqualTo(audited + 1));

        // The GET body answers what was recorded, and PUTs back as it is (its read-only members ignored).
        var (read, readETag) = await GetWithETag(As("mps.viewer"), url);
        Assert.That(read.ToString(), Is.EqualTo(recorded.ToString()));
        Assert.That(read.GetProperty("decisions")[0].GetString(), Is.EqualTo("First decision"));
        Assert.That(read.GetProperty("attendees")[1].GetProperty("unitCode").GetString(), Is.EqualTo("MIC-VP"));
        Assert.That(read.GetProperty("attendees")[2].GetProperty("title").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(read.GetProperty("updatedAt").ValueKind, Is.EqualTo(JsonValueKind.String));

        // Once they exist: without If-Match a 428, with a stale one a 412, nothing changed; with the current one a change.
        await ProblemAssert.IsProblem(await Send(coordinator, HttpMethod.Put, url, Minutes("Lost")), HttpStatusCode.PreconditionRequired);
        await ProblemAssert.IsProblem(await Send(coordinator, HttpMethod.Put, url, Minutes("Lost"), "\"0\""), HttpStatusCode.PreconditionFailed);
        var roundTrip = JsonNode.Parse(read.GetRawText())!.AsObject();
        roundTrip["place"] = "Đà Nẵng";
        var changed = await Send(As("mic.coordinator"), HttpMethod.Put, url, roundTrip, readETag);
        Assert.That((await Json(changed, HttpStatusCode.OK)).GetProperty("place").GetString(), Is.EqualTo("Đà Nẵng"), "another party's coordinator");
        Assert.That(ETag(changed), Is.EqualTo("\"2\""));
        var byAdmin = await Send(As("mps.admin"), HttpMethod.Put, url, Minutes("By the admin"), ETag(changed));
        Assert.That((await Json(byAdmin, HttpStatusCode.OK)).GetProperty("decisions")[0].GetString(), Is.EqualTo("By the admin"), "an admin of a party");
        Assert.That(await AuditCount("review.minutes"), Is.EqualTo(audited + 3));
    }

    [Test]
    public async Task The_first_minutes_without_if_match_are_a_428_and_change_nothing()
    {
        var coordinator = As("mps.coordinator");
        var review = await NewReview(coordinator, RegulationId, 2027);
        await Json(await Send(coordinator, HttpMethod.Post, $"/api/v1/reviews/{review}/transitions",
            new { to = "scheduled", scheduledOn = "2027-12-15", venue = "Hà Nội", chairs = "Both Offices" }), HttpStatusCode.OK);
        var url = $"/api/v1/reviews/{review}/minutes";
        var (before, etag) = await GetWithETag(coordinator, url);
        var reviewBefore = (await Json(await coordinator.GetAsync(new Uri($"/api/v1/reviews/{review}", UriKind.Relative)), HttpStatusCode.OK)).ToString();
        var audited = await AuditCount("review.minutes");

        await ProblemAssert.IsProblem(await Send(coordinator, HttpMethod.Put, url, Minutes("Without If-Match")), HttpStatusCode.PreconditionRequired);
        await ProblemAssert.IsProblem(await Send(coordinator, HttpMethod.Put, url, Minutes("Stale"), "\"1\""), HttpStatusCode.PreconditionFailed);

        var (after, afterETag) = await GetWithETag(coordinator, url);
        Assert.That(afterETag, Is.EqualTo("\"0\""));
        Assert.That(after.ToString(), Is.EqualTo(before.ToString()), "no minutes recorded");
        Assert.That((await Json(await coordinator.GetAsync(new Uri($"/api/v1/reviews/{review}", UriKind.Relative)), HttpStatusCode.OK)).ToString(), Is.EqualTo(reviewBefore), "the review unchanged");
        Assert.That(await AuditCount("review.minutes"), Is.EqualTo(audited), "nothing audited");

        // "*" records the first ones too (it matches whatever is current).
        Assert.That(ETag(await Send(coordinator, HttpMethod.Put, url, Minutes("Under *"), "*")), Is.EqualTo("\"1\""));
        Assert.That(etag, Is.EqualTo("\"0\""));
    }

    [Test]
    public async Task Viewers_and_officers_may_not_record_minutes()
    {
        var url = $"/api/v1/reviews/{ScheduledReviewId}/minutes";
        foreach (var user in new[] { "mps.viewer", "mic.officer", "mps.auditor" })
        {
            await ProblemAssert.IsProblem(await Send(As(user), HttpMethod.Put, url, Minutes(), "*"), HttpStatusCode.Forbidden);
        }
    }

    [Test]
    public async Task A_review_the_caller_cannot_read_has_no_minutes_for_them()
    {
        foreach (var user in new[] { "mps.viewer", "mps.coordinator" })
        {
            await ProblemAssert.IsProblem(await As(user).GetAsync(new Uri($"/api/v1/reviews/{HiddenReviewId}/minutes", UriKind.Relative)), HttpStatusCode.NotFound);
            await ProblemAssert.IsProblem(await As(user).GetAsync(new Uri("/api/v1/reviews/999999/minutes", UriKind.Relative)), HttpStatusCode.NotFound);
        }

        await ProblemAssert.IsProblem(await Send(As("mps.coordinator"), HttpMethod.Put, $"/api/v1/reviews/{HiddenReviewId}/minutes", Minutes(), "\"0\""), HttpStatusCode.NotFound);
        var ok = await As("mic.viewer").GetAsync(new Uri($"/api/v1/reviews/{HiddenReviewId}/minutes", UriKind.Relative));
        Assert.That(ok.StatusCode, Is.EqualTo(HttpStatusCode.OK), "its parties read it");
    }

    [Test]
    public async Task A_planned_review_has_no_meeting_to_record()
    {
        var created = await Json(await Send(As("mps.coordinator"), HttpMethod.Post, "/api/v1/reviews", new
        {
            regulationId = RegulationId, periodYear = 2026, hostAgencyCode = "MPS", scheduledOn = (string?)null, venue = (string?)null, reason = "Planned only",
        }), HttpStatusCode.Created);
        await ProblemAssert.IsProblem(await Send(As("mps.coordinator"), HttpMethod.Put, $"/api/v1/reviews/{created.GetProperty("id").GetInt32()}/minutes", Minutes(), "\"0\""),
            HttpStatusCode.Conflict);
    }

    [Test]
    public async Task Out_of_bounds_or_unknown_values_are_400s_naming_the_field_and_change_nothing()
    {
        var url = $"/api/v1/reviews/{ReviewId}/minutes";
        var (before, etag) = await GetWithETag(As("mps.coordinator"), url);
        var cases = new List<(string Field, Action<JsonObject> Break)>
        {
            ("attendees", m => m["attendees"] = new JsonArray([.. Enumerable.Range(0, 201).Select(i => (JsonNode)new JsonObject
                { ["name"] = $"Người {i}", ["title"] = null, ["agencyCode"] = "MPS", ["unitCode"] = null, ["personKey"] = null })])),
            ("decisions", m => m["decisions"] = new JsonArray([.. Enumerable.Range(0, 101).Select(i => (JsonNode)$"Quyết định {i}")])),
            ("decisions[0]", m => m["decisions"]![0] = new string('x', 2001)),
            ("decisions[1]", m => m["decisions"]![1] = ""),
            ("attendees[0].name", m => m["attendees"]![0]!["name"] = new string('x', 201)),
            ("attendees[1].title", m => m["attendees"]![1]!["title"] = new string('x', 201)),
            ("attendees[0].agencyCode", m => m["attendees"]![0]!["agencyCode"] = "MOF"),
            ("attendees[1].unitCode", m => m["attendees"]![1]!["unitCode"] = "MPS-VP"),
            ("attendees[2].personKey", m => m["attendees"]![2]!["personKey"] = "no-such-person"),
            ("chairedBy", m => m["chairedBy"] = new string('x', 201)),
            ("place", m => m["place"] = new string('x', 401)),
            ("heldOn", m => m["heldOn"] = "1800-01-01"),
        };
        foreach (var (field, breakIt) in cases)
        {
            var body = Minutes();
            breakIt(body);
            await ProblemAssert.HasFieldErrors(await Send(As("mps.coordinator"), HttpMethod.Put, url, body, etag), field);
        }

        var (after, afterETag) = await GetWithETag(As("mps.coordinator"), url);
        Assert.That(afterETag, Is.EqualTo(etag));
        Assert.That(after.ToString(), Is.EqualTo(before.ToString()));
    }
}
