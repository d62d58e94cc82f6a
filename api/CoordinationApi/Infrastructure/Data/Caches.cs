using Microsoft.Extensions.Caching.Hybrid;

namespace CoordinationApi.Infrastructure.Data;

/// <summary>
/// What an instance keeps in memory (users and API keys, agencies and units, dashboards, search rankings) lives in one
/// <see cref="HybridCache"/>, local to the instance. Every entry's key holds the database marker it was computed under
/// (the access generation for users and keys, the change marker <see cref="DataGenerationSql"/> for the rest, the search
/// index's generation for rankings), and each user of the cache reads that marker before it looks an entry up: a write
/// on any instance moves the marker in its own transaction, so from then on every instance looks under a new key and
/// never serves an entry computed before the write. Entries of an old marker are no longer asked for; they leave by
/// their expiry or when the memory bound (<see cref="SizeLimit"/>, in approximate bytes) needs the room.
/// </summary>
public static class Caches
{
    /// <summary>The approximate bytes all kept entries may take together.</summary>
    public const long SizeLimit = 256L * 1024 * 1024;

    public static IServiceCollection AddCoordinationCaches(this IServiceCollection services)
    {
        services.AddMemoryCache(options =>
        {
            options.SizeLimit = SizeLimit;
            options.TrackStatistics = true;
        });
        services.AddHybridCache(options => options.DefaultEntryOptions = Local(TimeSpan.FromMinutes(10), 1024));
        return services;
    }

    /// <summary>
    /// Options for an entry kept by this instance only (what instances share is the database, not a distributed cache),
    /// with its approximate size in bytes for <see cref="SizeLimit"/>.
    /// </summary>
    public static HybridCacheEntryOptions Local(TimeSpan expiration, long size) => new()
    {
        Expiration = expiration,
        LocalCacheExpiration = expiration,
        LocalSize = size,
        Flags = HybridCacheEntryFlags.DisableDistributedCache,
    };
}
