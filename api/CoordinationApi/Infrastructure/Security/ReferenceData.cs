using System.Collections.Frozen;
using System.ComponentModel;
using System.Globalization;
using CoordinationApi.Infrastructure.Data;
using Dapper;
using Microsoft.Extensions.Caching.Hybrid;

namespace CoordinationApi.Infrastructure.Security;

public sealed record AgencyRef(int Id, string Code);

public sealed record UnitRef(int Id, string Code, int AgencyId, string AgencyCode, string Tier, string NameVi, string NameEn);

/// <summary>
/// Agencies and units change rarely and are read on every request (the caller's agency, a task's units): kept in
/// memory (<see cref="Caches"/>) under the database's change marker (<see cref="DataGenerationSql"/>), which any
/// instance's audited write moves. The marker is read at most once per <see cref="CheckInterval"/>, asynchronously as
/// each request is authenticated (<see cref="RefreshAsync"/>), so a change made on another instance is seen here within
/// that time; the set for a marker is loaded once however many requests ask for it at the same time, and nothing waits on
/// a lock meanwhile. A code or id that is not found makes the lookup read the marker again (a new unit written here), and
/// reload the set for an unchanged marker at most once per <see cref="CheckInterval"/> (rows written outside an audited
/// write, such as the demo seed). Lookups stay synchronous (validators and the caller's binding use them); only when no
/// request has refreshed the set recently, or on a miss, does a lookup wait for the database.
/// </summary>
public sealed class ReferenceData(DbConnectionFactory db, HybridCache cache)
{
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    private volatile Checked? latest;

    public AgencyRef? Agency(string? code) => code is null ? null : Find(s => s.AgenciesByCode.GetValueOrDefault(code.ToUpperInvariant()));

    public AgencyRef? Agency(int id) => Find(s => s.AgenciesById.GetValueOrDefault(id));

    public UnitRef? Unit(string? code) => code is null ? null : Find(s => s.UnitsByCode.GetValueOrDefault(code.ToUpperInvariant()));

    public UnitRef? Unit(int id) => Find(s => s.UnitsById.GetValueOrDefault(id));

    /// <summary>Brings the kept set up to the database's change marker, reading it at most once per <see cref="CheckInterval"/>.</summary>
    public async ValueTask RefreshAsync(CancellationToken cancellationToken)
    {
        if (latest is { } known && Environment.TickCount64 - known.At < (long)CheckInterval.TotalMilliseconds)
        {
            return;
        }

        await CheckAsync(reloadUnchanged: false, cancellationToken);
    }

    private T? Find<T>(Func<Snapshot, T?> lookup)
        where T : class
    {
        var known = latest;
        if (known is null || Environment.TickCount64 - known.At >= (long)CheckInterval.TotalMilliseconds)
        {
            known = CheckAsync(reloadUnchanged: false, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        }

        return lookup(known.Snapshot) ?? lookup(CheckAsync(reloadUnchanged: true, CancellationToken.None).AsTask().GetAwaiter().GetResult().Snapshot);
    }

    private async ValueTask<Checked> CheckAsync(bool reloadUnchanged, CancellationToken cancellationToken)
    {
        long generation;
        await using (var connection = await db.OpenAsync(cancellationToken))
        {
            generation = await connection.ExecuteScalarAsync<long>(new CommandDefinition(DataGenerationSql.Read, cancellationToken: cancellationToken));
        }

        var key = string.Create(CultureInfo.InvariantCulture, $"reference:{generation}");
        var snapshot = await SnapshotAsync(key, generation, cancellationToken);
        if (reloadUnchanged && Environment.TickCount64 - snapshot.LoadedAt >= (long)CheckInterval.TotalMilliseconds)
        {
            await cache.RemoveAsync(key, cancellationToken);
            snapshot = await SnapshotAsync(key, generation, cancellationToken);
        }

        var now = new Checked(snapshot, Environment.TickCount64);
        // A check that began earlier and ends later must not put an older set back.
        if (latest is not { } prior || prior.Snapshot.Generation <= snapshot.Generation)
        {
            latest = now;
        }

        return now;
    }

    private ValueTask<Snapshot> SnapshotAsync(string key, long generation, CancellationToken cancellationToken) => cache.GetOrCreateAsync(
        key,
        (db, generation),
        static async (state, cancellationToken) =>
        {
            await using var connection = await state.db.OpenAsync(cancellationToken);
            return await LoadAsync(connection, state.generation, cancellationToken);
        },
        Entry,
        cancellationToken: cancellationToken);

    /// <summary>The whole set: a few hundred units at most, well under a megabyte.</summary>
    private static readonly HybridCacheEntryOptions Entry = Caches.Local(TimeSpan.FromMinutes(10), 1024 * 1024);

    private sealed record Checked(Snapshot Snapshot, long At);

    private static async Task<Snapshot> LoadAsync(System.Data.Common.DbConnection connection, long generation, CancellationToken cancellationToken)
    {
        var agencies = (await connection.QueryAsync<AgencyRow>(new CommandDefinition(ReferenceDataSql.Agencies, cancellationToken: cancellationToken)))
            .Select(a => new AgencyRef(a.Id, a.Code)).ToList();
        var agencyCodes = agencies.ToDictionary(a => a.Id, a => a.Code);
        var units = (await connection.QueryAsync<UnitRow>(new CommandDefinition(ReferenceDataSql.Units, cancellationToken: cancellationToken)))
            .Select(u => new UnitRef(u.Id, u.Code, u.AgencyId, agencyCodes[u.AgencyId], u.Tier, u.NameVi, u.NameEn)).ToList();
        return new Snapshot(
            generation, Environment.TickCount64,
            agencies.ToFrozenDictionary(a => a.Code), agencies.ToFrozenDictionary(a => a.Id),
            units.ToFrozenDictionary(u => u.Code), units.ToFrozenDictionary(u => u.Id));
    }

    /// <summary>Agencies and units as of one marker, kept and shared as they are (never changed once loaded).</summary>
    [ImmutableObject(true)]
    private sealed record Snapshot(
        long Generation,
        long LoadedAt,
        FrozenDictionary<string, AgencyRef> AgenciesByCode,
        FrozenDictionary<int, AgencyRef> AgenciesById,
        FrozenDictionary<string, UnitRef> UnitsByCode,
        FrozenDictionary<int, UnitRef> UnitsById);

    private sealed record AgencyRow
    {
        public int Id { get; init; }

        public string Code { get; init; } = "";
    }

    private sealed record UnitRow
    {
        public int Id { get; init; }

        public string Code { get; init; } = "";

        public int AgencyId { get; init; }

        public string Tier { get; init; } = "";

        public string NameVi { get; init; } = "";

        public string NameEn { get; init; } = "";
    }
}

internal static class ReferenceDataSql
{
    public const string Agencies = "SELECT id AS Id, code AS Code FROM agencies;";

    public const string Units = "SELECT id AS Id, code AS Code, agency_id AS AgencyId, tier AS Tier, name_vi AS NameVi, name_en AS NameEn FROM units;";
}
