namespace CoordinationApi.Infrastructure.Security;

/// <summary>
/// The one place that writes the SQL predicates of SPEC §4. Every query that reads scoped or classified
/// data includes them, with the caller's values bound from <see cref="CallerParameters"/>.
/// </summary>
public static class Scope
{
    /// <summary>
    /// The regulation whose id is in <paramref name="regulationIdColumn"/> has the caller's agency as a party.
    /// Qualify the column with its table alias (<c>t.regulation_id</c>): unqualified, it would bind inside the subquery.
    /// </summary>
    public static string RegulationVisible(string regulationIdColumn) => !regulationIdColumn.Contains('.', StringComparison.Ordinal)
        ? throw new ArgumentException("Qualify the column with its table alias.", nameof(regulationIdColumn))
        : $"EXISTS (SELECT 1 FROM regulation_parties scope_p WHERE scope_p.regulation_id = {regulationIdColumn} AND scope_p.agency_id = @CallerAgencyId)";

    /// <summary>The record's classification level in <paramref name="classificationColumn"/> is within the caller's clearance.</summary>
    public static string WithinClearance(string classificationColumn) => $"{classificationColumn} <= @CallerClearance";
}

/// <summary>Binds the caller's agency and clearance next to a query's own parameters.</summary>
public static class CallerParameters
{
    public static Dapper.DynamicParameters For(Caller caller, object? parameters = null)
    {
        var bag = new Dapper.DynamicParameters(parameters);
        bag.Add("CallerAgencyId", caller.AgencyId);
        bag.Add("CallerClearance", (int)caller.Clearance);
        return bag;
    }
}
