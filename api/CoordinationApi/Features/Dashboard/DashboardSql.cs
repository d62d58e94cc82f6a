using CoordinationApi.Features.Tasks;
using CoordinationApi.Infrastructure.Data;

namespace CoordinationApi.Features.Dashboard;

/// <summary>The dashboard's statements over the task list's filter (<see cref="TaskListSql"/>) (so they count the same tasks as the list).</summary>
internal static class DashboardQueries
{
    /// <summary>
    /// Over exactly the tasks the list shows the caller: how many per regulation, lead agency, lead unit and status, how
    /// many of them overdue, and their progress summed. The dashboard's counts and its progress by unit both come from
    /// these rows: one pass in the order of ix_tasks_dashboard, which covers every column read here.
    /// </summary>
    public static string Tally(TaskListSql tasks) => $"""
        SELECT t.lead_agency_id AS {nameof(TallyRow.LeadAgencyId)}, t.lead_unit_id AS {nameof(TallyRow.LeadUnitId)}, t.status AS {nameof(TallyRow.Status)},
               COUNT(*) AS {nameof(TallyRow.Tasks)},
               SUM(CASE WHEN {TaskListSql.OverdueCondition} THEN 1 ELSE 0 END) AS {nameof(TallyRow.Overdue)},
               SUM(CAST(t.progress AS BIGINT)) AS {nameof(TallyRow.ProgressSum)}
        FROM tasks t
        WHERE {tasks.Where()}
        GROUP BY t.regulation_id, t.lead_agency_id, t.lead_unit_id, t.status;
        """;
}

internal static class DashboardSql
{
    private static readonly TaskListSql ByRegulation = new() { RegulationId = 0 };
    private static readonly TaskListSql Everything = new();

    /// <summary>Whether the regulation exists for the caller (a dashboard of another is a 404).</summary>
    public static readonly string RegulationExists = $"SELECT COUNT(*) FROM regulations r WHERE r.id = @RegulationId AND {Infrastructure.Security.Scope.RegulationVisible("r.id")};";

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
            yield return DashboardQueries.Tally(filter);
        }

        foreach (var coverage in RegulationText.ArticleCoverage.Variants(dialect))
        {
            yield return coverage;
        }
    }
}

internal sealed record TallyRow
{
    public int LeadAgencyId { get; init; }

    public int LeadUnitId { get; init; }

    public string Status { get; init; } = "";

    public int Tasks { get; init; }

    public int Overdue { get; init; }

    public long ProgressSum { get; init; }
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
