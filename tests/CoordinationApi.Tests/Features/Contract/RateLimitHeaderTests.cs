using System.Globalization;
using System.Net;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.Security;
using CoordinationApi.Tests.Infrastructure;

namespace CoordinationApi.Tests.Features.Contract;

/// <summary>
/// The RateLimit fields are the limiter's own state: with an allowance of 5 a minute, a caller's responses count down
/// 4, 3, 2, 1, 0 within one window whose reset only comes nearer, and the sixth request is a 429 whose Retry-After is the
/// window's end; another caller's allowance is untouched.
/// </summary>
public sealed class RateLimitHeaderTests() : ApiTest("Sqlite", new Dictionary<string, string?> { ["RateLimits:PerCallerPerMinute"] = "5" })
{
    private const int Allowance = 5;

    [Test]
    public async Task Exhausting_a_small_allowance_counts_down_to_a_429_whose_retry_after_is_the_windows_end()
    {
        var viewer = As("mps.viewer");
        var resets = new List<int>();
        for (var expected = Allowance - 1; expected >= 0; expected--)
        {
            var response = await viewer.GetAsync(new Uri("/api/v1/agencies", UriKind.Relative));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
            Assert.That(Read(response, RateLimitHeadersMiddleware.LimitHeader), Is.EqualTo(Allowance));
            Assert.That(Read(response, RateLimitHeadersMiddleware.RemainingHeader), Is.EqualTo(expected), "the count goes down by one a request");
            resets.Add(Read(response, RateLimitHeadersMiddleware.ResetHeader));
        }

        Assert.That(resets, Is.All.InRange(1, 60), "a window is open and ends within the minute");
        Assert.That(resets, Is.Ordered.Descending, "the same window: its end only comes nearer");

        var refused = await viewer.GetAsync(new Uri("/api/v1/agencies", UriKind.Relative));
        var problem = await ProblemAssert.IsProblem(refused, HttpStatusCode.TooManyRequests);
        var retryAfter = (int)refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds;
        Assert.Multiple(() =>
        {
            Assert.That(problem.GetProperty("type").GetString(), Is.EqualTo(ProblemTypes.RateLimited));
            Assert.That(Read(refused, RateLimitHeadersMiddleware.RemainingHeader), Is.Zero);
            Assert.That(retryAfter, Is.InRange(1, resets[^1]), "Retry-After is the time left in the window");
            Assert.That(Read(refused, RateLimitHeadersMiddleware.ResetHeader), Is.InRange(retryAfter - 1, retryAfter), "Reset and Retry-After agree");
        });

        var other = await As("mic.viewer").GetAsync(new Uri("/api/v1/agencies", UriKind.Relative));
        Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.OK), "another caller has an allowance of its own");
        Assert.That(Read(other, RateLimitHeadersMiddleware.RemainingHeader), Is.EqualTo(Allowance - 1));
    }

    private static int Read(HttpResponseMessage response, string header) =>
        int.Parse(response.Headers.GetValues(header).Single(), CultureInfo.InvariantCulture);
}
