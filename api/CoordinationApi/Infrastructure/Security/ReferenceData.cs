using System.Collections.Frozen;
using CoordinationApi.Infrastructure.Data;
using Dapper;

namespace CoordinationApi.Infrastructure.Security;

public sealed record AgencyRef(int Id, string Code);

public sealed record UnitRef(int Id, string Code, int AgencyId, string AgencyCode, string Tier, string NameVi, string NameEn);

/// <summary>
/// Agencies and units change rarely and are read on every request (the caller's agency, a task's units):
/// kept in memory, reloaded when a code or id is not found, and when the database's change marker
/// (<see cref="DataGenerationSql"/>) has moved, which any instance's audited write does. The marker is read at most once
/// per <see cref="CheckInterval"/>, so a change made on another instance is seen here within that time.
/// </summary>
public sealed class ReferenceData(DbConnectionFactory db)
{
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    private readonly Lock gate = new();
    private Snapshot? snapshot;
    private long checkedAt;

    public AgencyRef? Agency(string? code) => code is null ? null : Find(s => s.AgenciesByCode.GetValueOrDefault(code.ToUpperInvariant()));

    public AgencyRef? Agency(int id) => Find(s => s.AgenciesById.GetValueOrDefault(id));

    public UnitRef? Unit(string? code) => code is null ? null : Find(s => s.UnitsByCode.GetValueOrDefault(code.ToUpperInvariant()));

    public UnitRef? Unit(int id) => Find(s => s.UnitsById.GetValueOrDefault(id));

    /// <summary>Forget what is cached, after a write to agencies or units.</summary>
    public void Invalidate()
    {
        lock (gate)
        {
            snapshot = null;
        }
    }

    private T? Find<T>(Func<Snapshot, T?> lookup)
        where T : class
    {
        var found = lookup(Current());
        if (found is not null)
        {
            return found;
        }

        Invalidate();
        return lookup(Current());
    }

    private Snapshot Current()
    {
        lock (gate)
        {
            var now = Environment.TickCount64;
            if (snapshot is not null && now - checkedAt < (long)CheckInterval.TotalMilliseconds)
            {
                return snapshot;
            }

            using var connection = db.OpenAsync().GetAwaiter().GetResult();
            var generation = connection.ExecuteScalar<long>(DataGenerationSql.Read);
            checkedAt = now;
            if (snapshot is null || snapshot.Generation != generation)
            {
                snapshot = Load(connection, generation);
            }

            return snapshot;
        }
    }

    private static Snapshot Load(System.Data.Common.DbConnection connection, long generation)
    {
        var agencies = connection.Query<AgencyRow>(ReferenceDataSql.Agencies).Select(a => new AgencyRef(a.Id, a.Code)).ToList();
        var agencyCodes = agencies.ToDictionary(a => a.Id, a => a.Code);
        var units = connection.Query<UnitRow>(ReferenceDataSql.Units)
            .Select(u => new UnitRef(u.Id, u.Code, u.AgencyId, agencyCodes[u.AgencyId], u.Tier, u.NameVi, u.NameEn)).ToList();
        return new Snapshot(
            generation,
            agencies.ToFrozenDictionary(a => a.Code), agencies.ToFrozenDictionary(a => a.Id),
            units.ToFrozenDictionary(u => u.Code), units.ToFrozenDictionary(u => u.Id));
    }

    private sealed record Snapshot(
        long Generation,
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
