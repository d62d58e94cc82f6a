using CoordinationApi.Features.Dashboard;

namespace CoordinationApi.Tests.Features.Dashboard;

/// <summary>How often a kept dashboard is recomputed in the background, for changes another instance wrote.</summary>
public sealed class DashboardCacheTests
{
    private static readonly DateTimeOffset Computed = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);

    [TestCase(50, 4.9, false)]
    [TestCase(50, 5.0, true)]
    [TestCase(3_700, 30.0, false)]
    [TestCase(3_700, 37.0, true)]
    public void A_dashboard_is_refreshed_after_five_seconds_or_ten_times_its_computing_time(int tookMs, double ageSeconds, bool stale)
    {
        var entry = new DashboardCache.Kept(null!, Computed, TimeSpan.FromMilliseconds(tookMs));

        Assert.That(DashboardCache.IsStale(entry, Computed.AddSeconds(ageSeconds)), Is.EqualTo(stale));
    }
}
