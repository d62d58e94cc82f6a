using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.Security;
using CoordinationApi.Tests.Infrastructure;

namespace CoordinationApi.Tests.Features.Contract;

/// <summary>
/// The RateLimit fields state the policy that applies to the operation: sign-in has its own allowance per address
/// (<c>RateLimits:SignInPerMinute</c>), and its answers count it down to a 429 whose fields and Retry-After are that
/// window's, while every other operation reports the per-caller allowance.
/// </summary>
public sealed class SignInRateLimitTests() : ApiTest("Sqlite", new Dictionary<string, string?>
{
    ["RateLimits:SignInPerMinute"] = "3",
    ["RateLimits:PerCallerPerMinute"] = "1000",
})
{
    [Test]
    public async Task Sign_ins_report_and_exhaust_the_sign_in_window_not_the_per_caller_one()
    {
        for (var expected = 2; expected >= 0; expected--)
        {
            using var response = await Anonymous.PostAsJsonAsync(new Uri("/api/v1/auth/token", UriKind.Relative), new { username = "mps.viewer", password = DemoPassword });
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
            Assert.That(Read(response, RateLimitHeadersMiddleware.LimitHeader), Is.EqualTo(3), "a sign-in advertises the sign-in allowance");
            Assert.That(Read(response, RateLimitHeadersMiddleware.RemainingHeader), Is.EqualTo(expected));
        }

        using var refused = await Anonymous.PostAsJsonAsync(new Uri("/api/v1/auth/token", UriKind.Relative), new { username = "mps.viewer", password = DemoPassword });
        var problem = await ProblemAssert.IsProblem(refused, HttpStatusCode.TooManyRequests);
        var retryAfter = (int)refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds;
        Assert.Multiple(() =>
        {
            Assert.That(problem.GetProperty("type").GetString(), Is.EqualTo(ProblemTypes.RateLimited));
            Assert.That(Read(refused, RateLimitHeadersMiddleware.LimitHeader), Is.EqualTo(3));
            Assert.That(Read(refused, RateLimitHeadersMiddleware.RemainingHeader), Is.Zero);
            Assert.That(Read(refused, RateLimitHeadersMiddleware.ResetHeader), Is.InRange(retryAfter - 1, retryAfter), "Reset and Retry-After agree");
        });

        using var agencies = await Anonymous.GetAsync(new Uri("/api/v1/agencies", UriKind.Relative));
        Assert.That(Read(agencies, RateLimitHeadersMiddleware.LimitHeader), Is.EqualTo(1000), "another operation reports the per-caller allowance");
    }

    private static int Read(HttpResponseMessage response, string header) =>
        int.Parse(response.Headers.GetValues(header).Single(), CultureInfo.InvariantCulture);
}
