using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Security;
using Dapper;

namespace CoordinationApi.Features.Audit;

/// <summary>
/// The classification of an audit entry whose before/after values name several records: the highest classification
/// among them, so that an entry listing a top-secret task is itself top-secret (issue 14, side channels).
/// </summary>
internal static class AuditClassification
{
    /// <summary>The highest classification of the given tasks, read whatever the caller's clearance (unclassified for none).</summary>
    public static async Task<Clearance> OfTasksAsync(ReadScope read, IEnumerable<int> taskIds)
    {
        var ids = taskIds.Distinct().ToArray();
        if (ids.Length == 0)
        {
            return Clearance.Unclassified;
        }

        var (connection, transaction, dialect) = read;
        var level = await connection.ExecuteScalarAsync<int?>(
            $"SELECT MAX(t.classification) FROM tasks t WHERE {dialect.InList("t.id", "@Ids")};", new { Ids = SqlDialect.JsonList(ids) }, transaction);
        return (Clearance)(level ?? 0);
    }
}
