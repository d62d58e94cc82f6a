using Dapper;

namespace CoordinationApi.Infrastructure.Data;

/// <summary>
/// The agencies and units retired from the register (<c>active = 0</c>), read in the write that names them, so a unit retired
/// a moment ago is refused at once. A unit is retired with its agency. Nothing new may name them; a record that already does
/// keeps them (a body read back and PUT unchanged is accepted).
/// </summary>
public sealed record RetiredReferences(IReadOnlySet<int> AgencyIds, IReadOnlySet<int> UnitIds)
{
    public static async Task<RetiredReferences> ReadAsync(ReadScope read)
    {
        var rows = (await read.Connection.QueryAsync<(string Kind, int Id)>(Sql, transaction: read.Transaction)).AsList();
        return new(rows.Where(r => r.Kind == "agency").Select(r => r.Id).ToHashSet(), rows.Where(r => r.Kind == "unit").Select(r => r.Id).ToHashSet());
    }

    /// <summary>The message of a field that names a retired agency or unit.</summary>
    public static string Message(string code) => $"'{code}' is retired: it takes no new work (records that already name it keep it).";

    private const string Sql = """
        SELECT 'agency' AS Kind, a.id AS Id FROM agencies a WHERE a.active = 0
        UNION ALL
        SELECT 'unit', u.id FROM units u JOIN agencies a ON a.id = u.agency_id WHERE u.active = 0 OR a.active = 0;
        """;
}
