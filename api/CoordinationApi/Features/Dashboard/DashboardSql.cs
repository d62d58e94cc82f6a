using CoordinationApi.Features.Tasks;
using CoordinationApi.Infrastructure.Data;

namespace CoordinationApi.Features.Dashboard;

/// <summary>The dashboard's statements over the task list's filter (so they count the same tasks as the list).</summary>
internal static class DashboardQueries
{
    /// <summary>Counts per lead agency and status, with the overdue ones, over exactly the tasks the list shows the caller.</summary>
    public static string Counts(TaskFilter filter) => $"""
        SELECT la.code AS {nameof(CountRow.AgencyCode)}, t.status AS {nameof(CountRow.Status)}, COUNT(*) AS {nameof(CountRow.Tasks)},
               SUM(CASE WHEN t.status IN ('draft', 'assigned', 'in_progress') AND t.due_date < @Today THEN 1 ELSE 0 END) AS {nameof(CountRow.Overdue)}
        FROM tasks t
        JOIN agencies la ON la.id = t.lead_agency_id
        WHERE {TaskListQuery.Where(filter)}
        GROUP BY la.code, t.status;
        """;

    /// <summary>Per lead unit: how many tasks (cancelled ones aside), their average progress, how many completed.</summary>
    public static string ProgressByUnit(TaskFilter filter) => $"""
        SELECT t.lead_unit_id AS {nameof(UnitProgressRow.UnitId)}, COUNT(*) AS {nameof(UnitProgressRow.Tasks)},
               AVG(CAST(t.progress AS FLOAT)) AS {nameof(UnitProgressRow.AverageProgress)},
               SUM(CASE WHEN t.status = 'completed' THEN 1 ELSE 0 END) AS {nameof(UnitProgressRow.Completed)}
        FROM tasks t
        WHERE {TaskListQuery.Where(filter)} AND t.status <> 'cancelled'
        GROUP BY t.lead_unit_id;
        """;

    /// <summary>The provisions cited by tasks the caller may see, per version.</summary>
    public static string CitedProvisions(TaskFilter filter) => $"""
        SELECT DISTINCT c.version_id AS {nameof(ProvisionKeyRow.VersionId)}, c.akn_id AS {nameof(ProvisionKeyRow.AknId)}
        FROM task_citations c
        JOIN tasks t ON t.id = c.task_id
        WHERE {TaskListQuery.Where(filter)};
        """;

}

internal static class DashboardSql
{
    private static readonly TaskFilter ByRegulation = new() { RegulationId = 0 };
    private static readonly TaskFilter Everything = new();

    /// <summary>The articles of each regulation's version in force today (within the caller's scope).</summary>
    public static string ArticlesInForce(SqlDialect dialect) => $"""
        SELECT p.version_id AS {nameof(ArticleRow.VersionId)}, v.regulation_id AS {nameof(ArticleRow.RegulationId)}, p.akn_id AS {nameof(ArticleRow.AknId)},
               p.num AS {nameof(ArticleRow.Num)}, p.heading_vi AS {nameof(ArticleRow.HeadingVi)}, p.heading_en AS {nameof(ArticleRow.HeadingEn)}
        FROM provisions p
        JOIN regulation_versions v ON v.id = p.version_id
        WHERE p.kind = 'article'
          AND (@RegulationId IS NULL OR v.regulation_id = @RegulationId)
          AND {Infrastructure.Security.Scope.RegulationVisible("v.regulation_id")}
          AND v.id = (SELECT vi.id FROM regulation_versions vi
                      WHERE vi.regulation_id = v.regulation_id AND vi.status = 'published' AND vi.effective_from <= @Today
                      ORDER BY vi.effective_from DESC, vi.number DESC
                      {dialect.Limit("1")})
        ORDER BY v.regulation_id, p.id;
        """;

    /// <summary>Every shape the dashboard's statements take, for the T-SQL parse test.</summary>
    public static IEnumerable<string> Variants(SqlDialect dialect)
    {
        foreach (var filter in new[] { ByRegulation, Everything })
        {
            yield return DashboardQueries.Counts(filter);
            yield return DashboardQueries.ProgressByUnit(filter);
            yield return DashboardQueries.CitedProvisions(filter);
        }
    }
}

internal sealed record CountRow
{
    public string AgencyCode { get; init; } = "";

    public string Status { get; init; } = "";

    public int Tasks { get; init; }

    public int Overdue { get; init; }
}

internal sealed record UnitProgressRow
{
    public int UnitId { get; init; }

    public int Tasks { get; init; }

    public double AverageProgress { get; init; }

    public int Completed { get; init; }
}

internal sealed record ProvisionKeyRow
{
    public int VersionId { get; init; }

    public string AknId { get; init; } = "";
}

internal sealed record ArticleRow
{
    public int VersionId { get; init; }

    public int RegulationId { get; init; }

    public string AknId { get; init; } = "";

    public string Num { get; init; } = "";

    public string? HeadingVi { get; init; }

    public string? HeadingEn { get; init; }
}
