using System.Net;
using System.Text.Json;
using CoordinationApi.Tests.Features.Tasks;

namespace CoordinationApi.Tests.Features.Reviews;

/// <summary>Reviews the tests hold themselves: the demo's annual reviews of 2022–2025 are concluded, as its history says.</summary>
internal static class ReviewApi
{
    /// <summary>
    /// An extraordinary review of the year, hosted by <paramref name="host"/> (MPS unless said), scheduled and held (on 15
    /// December of that year), ready to be evaluated and concluded. Its baseline is the regulation's latest concluded review.
    /// </summary>
    public static async Task<JsonElement> HeldReview(HttpClient coordinator, int regulationId, int year, string host = "MPS")
    {
        var review = await TaskApi.Json(await TaskApi.Post(coordinator, "/api/v1/reviews", new
        {
            regulationId, periodYear = year, hostAgencyCode = host, scheduledOn = $"{year}-12-15", venue = "Hà Nội", reason = "A review the test holds",
        }), HttpStatusCode.Created);
        var transitions = $"/api/v1/reviews/{review.GetProperty("id").GetInt32()}/transitions";
        await TaskApi.Json(await TaskApi.Post(coordinator, transitions, new { to = "scheduled", scheduledOn = $"{year}-12-15", venue = "Hà Nội", chairs = "Both Offices" }),
            HttpStatusCode.OK);
        return await TaskApi.Json(await TaskApi.Post(coordinator, transitions, new { to = "held", attendees = "Both Offices", minutes = "Reviewed." }), HttpStatusCode.OK);
    }

    /// <summary>The ETag of a task's evaluation as the review's evaluation grid lists it (<c>"0"</c> before one is recorded): what a PUT sends in If-Match.</summary>
    public static async Task<string> EvaluationETag(HttpClient client, int reviewId, int taskId)
    {
        string? cursor = null;
        do
        {
            var url = $"/api/v1/reviews/{reviewId}/evaluations?limit=200" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
            var page = await TaskApi.Json(await client.GetAsync(new Uri(url, UriKind.Relative)), HttpStatusCode.OK);
            foreach (var entry in page.GetProperty("items").EnumerateArray())
            {
                if (entry.GetProperty("task").GetProperty("id").GetInt32() == taskId)
                {
                    return entry.GetProperty("etag").GetString()!;
                }
            }

            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);
        throw new InvalidOperationException($"Task {taskId} is not in the evaluation grid of review {reviewId}.");
    }
}
