using CoordinationApi.Features.Tasks;
using CoordinationApi.Infrastructure.Data;

namespace CoordinationApi.Features.RegulationText;

/// <summary>
/// Which articles of a version tasks carry out: one computation for the coverage endpoint and the dashboard. An article is
/// covered when a task of the filter cites it, or a clause or point it has in that version, in any version of the
/// regulation: AKN ids are stable across versions, so a task citing the text of 2021 still covers the amended article.
/// </summary>
internal static class ArticleCoverage
{
    /// <summary>
    /// The provisions of the versions in <c>@VersionIds</c> (<see cref="SqlDialect.JsonList{T}"/>) cited by a task of the
    /// filter, in any version of their regulation: for each provision, its citations until the first by a task of the filter.
    /// </summary>
    public static string CitedProvisions(SqlDialect dialect, TaskListSql tasks) => $"""
        SELECT p.version_id AS {nameof(CitedProvision.VersionId)}, p.akn_id AS {nameof(CitedProvision.AknId)}
        FROM provisions p
        JOIN regulation_versions v ON v.id = p.version_id
        WHERE {dialect.InList("p.version_id", "@VersionIds")}
          AND EXISTS (
            SELECT 1
            FROM regulation_versions cv
            JOIN task_citations c ON c.version_id = cv.id
            CROSS JOIN tasks t
            WHERE cv.regulation_id = v.regulation_id AND c.akn_id = p.akn_id AND t.id = c.task_id
              AND {tasks.Where()});
        """;

    /// <summary>Whether the article is covered: the article itself or a provision under it (ids nest by prefix) is cited.</summary>
    public static bool IsCited(int versionId, string articleAknId, IEnumerable<CitedProvision> cited) =>
        cited.Any(c => c.VersionId == versionId && (c.AknId == articleAknId || c.AknId.StartsWith(articleAknId + "__", StringComparison.Ordinal)));

    /// <summary>The shapes of <see cref="CitedProvisions"/>, for the T-SQL parse test.</summary>
    public static IEnumerable<string> Variants(SqlDialect dialect)
    {
        yield return CitedProvisions(dialect, new TaskListSql { RegulationId = 0 });
        yield return CitedProvisions(dialect, new TaskListSql { RegulationId = 0, PlanYear = 2026 });
        yield return CitedProvisions(dialect, new TaskListSql());
    }
}

internal sealed record CitedProvision
{
    public int VersionId { get; init; }

    public string AknId { get; init; } = "";
}
