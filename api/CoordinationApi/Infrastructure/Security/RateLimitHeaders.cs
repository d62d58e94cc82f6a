using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.RateLimiting;

namespace CoordinationApi.Infrastructure.Security;

/// <summary>
/// The per-caller limiter every request passes (<c>RateLimits:PerCallerPerMinute</c>), and the limiter of each rate-limiting
/// policy an endpoint names (<c>sign-in</c>: <c>RateLimits:SignInPerMinute</c> per address), kept to report their state.
/// </summary>
public sealed record CallerRateLimit(CallerRateLimiter Limiter, int PerMinute, IReadOnlyDictionary<string, CallerRateLimiter> Policies)
{
    /// <summary>The limiter that decides this request: the endpoint's policy when it names one, else the per-caller one.</summary>
    public CallerRateLimiter For(HttpContext http) =>
        http.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute>()?.PolicyName is { } policy
        && Policies.TryGetValue(policy, out var limiter) ? limiter : Limiter;
}

/// <summary>
/// The per-caller allowance: a fixed one-minute window per user, API client or anonymous address, opened by the caller's
/// first request. It both decides (it is the global limiter) and reports (<see cref="StateOf"/>): the response headers
/// read the same window that admitted or refused the request, so <c>RateLimit-Remaining</c> and <c>RateLimit-Reset</c>
/// are measured, not estimated. Windows that have ended are dropped once a minute.
/// </summary>
public sealed class CallerRateLimiter(int perMinute, TimeProvider clock, Func<HttpContext, string>? partitionOf = null) : PartitionedRateLimiter<HttpContext>
{
    private readonly Func<HttpContext, string> partitionOf = partitionOf ?? PartitionOf;
    private static readonly TimeSpan Period = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, Window> windows = new(StringComparer.Ordinal);
    private long nextSweepTicks;

    public int PerMinute => perMinute;

    /// <summary>The caller's partition: the same caller on every request (a person, a system, or an anonymous address).</summary>
    public static string PartitionOf(HttpContext http) =>
        Caller.From(http) is { } caller ? $"{caller.Kind}:{caller.Id}" : $"ip:{http.Connection.RemoteIpAddress}";

    /// <summary>Where the caller stands now: permits left in its window and whole seconds until the window ends (0: none open).</summary>
    public (int Remaining, int ResetSeconds) StateOf(HttpContext http)
    {
        var now = clock.GetUtcNow();
        if (!windows.TryGetValue(partitionOf(http), out var window))
        {
            return (perMinute, 0);
        }

        lock (window)
        {
            var left = window.Start + Period - now;
            return left <= TimeSpan.Zero ? (perMinute, 0) : (Math.Max(0, perMinute - window.Used), (int)Math.Ceiling(left.TotalSeconds));
        }
    }

    public override RateLimiterStatistics? GetStatistics(HttpContext resource) =>
        new() { CurrentAvailablePermits = StateOf(resource).Remaining, CurrentQueuedCount = 0 };

    protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount) => Acquire(partitionOf(resource), permitCount);

    /// <summary>
    /// As a rate-limiting policy: one partition per key (the policy's <see cref="RateLimitPartition"/>), each acquiring from
    /// this limiter's window of that key, so the policy decides with the same windows <see cref="StateOf"/> reports.
    /// </summary>
    public RateLimitPartition<string> PartitionFor(HttpContext http) =>
        RateLimitPartition.Get(partitionOf(http), key => new KeyedLimiter(this, key));

    private Lease Acquire(string partition, int permitCount)
    {
        var now = clock.GetUtcNow();
        Sweep(now);
        while (true)
        {
            var window = windows.GetOrAdd(partition, _ => new Window { Start = now });
            lock (window)
            {
                if (window.Dropped)
                {
                    continue;
                }

                if (now >= window.Start + Period)
                {
                    window.Start = now;
                    window.Used = 0;
                }

                if (window.Used + permitCount <= perMinute)
                {
                    window.Used += permitCount;
                    return Lease.Acquired;
                }

                return new Lease(window.Start + Period - now);
            }
        }
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(resource, permitCount));

    /// <summary>Drops the windows that have ended, at most once a minute (a dropped window is never counted in again).</summary>
    private void Sweep(DateTimeOffset now)
    {
        var due = Interlocked.Read(ref nextSweepTicks);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref nextSweepTicks, (now + Period).UtcTicks, due) != due)
        {
            return;
        }

        foreach (var (key, window) in windows)
        {
            lock (window)
            {
                if (now >= window.Start + Period)
                {
                    window.Dropped = true;
                    windows.TryRemove(new KeyValuePair<string, Window>(key, window));
                }
            }
        }
    }

    private sealed class KeyedLimiter(CallerRateLimiter windows, string key) : RateLimiter
    {
        public override TimeSpan? IdleDuration => null;

        public override RateLimiterStatistics? GetStatistics() => null;

        protected override RateLimitLease AttemptAcquireCore(int permitCount) => windows.Acquire(key, permitCount);

        protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
            ValueTask.FromResult<RateLimitLease>(windows.Acquire(key, permitCount));
    }

    private sealed class Window
    {
        public DateTimeOffset Start { get; set; }

        public int Used { get; set; }

        public bool Dropped { get; set; }
    }

    private sealed class Lease(TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Acquired = new(null);

        public override bool IsAcquired => retryAfter is null;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter;
            return retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
        }
    }
}

/// <summary>
/// Tells every caller where it stands with the allowance that applies to the endpoint (the endpoint's policy, such as
/// sign-in's per address, else the per-caller one), in the IETF draft fields: <c>RateLimit-Limit</c>
/// (requests per minute), <c>RateLimit-Remaining</c> (left in the current window) and <c>RateLimit-Reset</c> (seconds until
/// the window ends and the allowance is whole again), all read from the limiter's window for this caller. Runs after
/// authentication, so the partition is the caller's own, and before the limiter, so a 429 carries them too (with
/// <c>Retry-After</c>, the same wait).
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
            var limiter = limit.For(context);
            var (remaining, reset) = limiter.StateOf(context);
            var headers = context.Response.Headers;
            headers[LimitHeader] = limiter.PerMinute.ToString(CultureInfo.InvariantCulture);
            headers[RemainingHeader] = remaining.ToString(CultureInfo.InvariantCulture);
            headers[ResetHeader] = reset.ToString(CultureInfo.InvariantCulture);
            return Task.CompletedTask;
        });
        return next(context);
    }
}
