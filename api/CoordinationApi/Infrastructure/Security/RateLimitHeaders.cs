using System.Globalization;
using System.Threading.RateLimiting;

namespace CoordinationApi.Infrastructure.Security;

/// <summary>The per-caller limiter every request passes (<c>RateLimits:PerCallerPerMinute</c>), kept to report its state.</summary>
public sealed record CallerRateLimit(PartitionedRateLimiter<HttpContext> Limiter, int PerMinute);

/// <summary>
/// Tells every caller where it stands with its per-caller allowance, in the IETF draft fields: <c>RateLimit-Limit</c>
/// (requests per minute), <c>RateLimit-Remaining</c> (left now) and <c>RateLimit-Reset</c> (seconds until the allowance
/// is whole again; it refills continuously). Runs after authentication, so the partition is the caller's own, and before
/// the limiter, so a 429 carries them too (with <c>Retry-After</c>).
/// </summary>
public sealed class RateLimitHeadersMiddleware(RequestDelegate next, CallerRateLimit limit)
{
    public const string LimitHeader = "RateLimit-Limit";
    public const string RemainingHeader = "RateLimit-Remaining";
    public const string ResetHeader = "RateLimit-Reset";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var available = limit.Limiter.GetStatistics(context)?.CurrentAvailablePermits ?? limit.PerMinute;
            var remaining = Math.Clamp(available, 0, limit.PerMinute);
            var headers = context.Response.Headers;
            headers[LimitHeader] = limit.PerMinute.ToString(CultureInfo.InvariantCulture);
            headers[RemainingHeader] = remaining.ToString(CultureInfo.InvariantCulture);
            headers[ResetHeader] = ((int)Math.Ceiling((limit.PerMinute - remaining) * 60.0 / limit.PerMinute)).ToString(CultureInfo.InvariantCulture);
            return Task.CompletedTask;
        });
        return next(context);
    }
}
