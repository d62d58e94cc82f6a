using CoordinationApi.Features.Reviews;
using CoordinationApi.Features.Tasks;
using CoordinationApi.Infrastructure.Data;

namespace CoordinationApi.Features.MyWork;

/// <summary>"My work" in SQL: the caller's unit (<c>@UnitId</c>), agency and clearance bound as parameters, scope and clearance in every WHERE.</summary>
internal static class MyWorkSql
{
    /// <summary>Work to do: assigned or in progress (a draft is not given to anyone yet; closed tasks are done).</summary>
    private static readonly string Open = $"t.status IN ('{TaskStatuses.Assigned}', '{TaskStatuses.InProgress}')";

    /// <summary>The caller's unit leads the task or is one of its counterparts.</summary>
    private const string MyUnit = "(t.lead_unit_id = @UnitId OR EXISTS (SELECT 1 FROM task_counterparts mc WHERE mc.task_id = t.id AND mc.unit_id = @UnitId))";

    /// <summary>The title in the language asked for, or the caller's own.</summary>
    private const string Title = """
        CASE WHEN COALESCE(@Lang, (SELECT mu.language FROM users mu WHERE mu.username = @Username), 'vi') = 'en' THEN t.title_en ELSE t.title_vi END
        """;

    private static readonly string MyOpenTasks = $"{Open} AND {MyUnit} AND {TaskListSql.Visible}";

    /// <summary>The caller's unit's open tasks, by due date.</summary>
    public static string Tasks(SqlDialect dialect) => $"""
        SELECT t.id AS {nameof(MyWorkTaskRow.Id)}, t.regulation_id AS {nameof(MyWorkTaskRow.RegulationId)}, t.code AS {nameof(MyWorkTaskRow.Code)},
               {Title} AS {nameof(MyWorkTaskRow.Title)}, t.status AS {nameof(MyWorkTaskRow.Status)}, t.progress AS {nameof(MyWorkTaskRow.Progress)},
               t.due_date AS {nameof(MyWorkTaskRow.DueDate)}, t.classification AS {nameof(MyWorkTaskRow.Classification)},
               CASE WHEN t.lead_unit_id = @UnitId THEN 1 ELSE 0 END AS {nameof(MyWorkTaskRow.IsLead)}
        FROM tasks t
        WHERE {MyOpenTasks}
        ORDER BY t.due_date, t.id
        {dialect.Limit("@Take")};
        """;

    /// <summary>How many of all those tasks (not only the listed ones) are due soon and overdue.</summary>
    public static readonly string Counts = $"""
        SELECT SUM(CASE WHEN t.due_date < @Today THEN 1 ELSE 0 END) AS {nameof(MyWorkCountsRow.Overdue)},
               SUM(CASE WHEN t.due_date >= @Today AND t.due_date <= @DueSoonUntil THEN 1 ELSE 0 END) AS {nameof(MyWorkCountsRow.DueSoon)}
        FROM tasks t
        WHERE {MyOpenTasks};
        """;

    /// <summary>
    /// Tasks with no evaluation yet in a review that is scheduled or held (its meeting is set: the lead agencies evaluate
    /// their tasks now): a coordinator's are those their agency leads, anyone else's those their unit leads.
    /// </summary>
    public static string AwaitingEvaluation(SqlDialect dialect) => $"""
        SELECT r.id AS {nameof(AwaitingRow.ReviewId)}, r.period_year AS {nameof(AwaitingRow.Year)}, t.id AS {nameof(AwaitingRow.TaskId)},
               t.code AS {nameof(AwaitingRow.TaskCode)}, {Title} AS {nameof(AwaitingRow.Title)},
               t.classification AS {nameof(AwaitingRow.Classification)}, t.regulation_id AS {nameof(AwaitingRow.RegulationId)}
        FROM reviews r
        JOIN tasks t ON {ReviewScope.Tasks("r.regulation_id", "r.period_year", "r.id")}
        WHERE r.status IN ('{ReviewStatuses.Scheduled}', '{ReviewStatuses.Held}')
          AND {Infrastructure.Security.Scope.RegulationVisible("r.regulation_id")}
          AND {TaskListSql.Visible}
          AND ((@IsCoordinator = 1 AND t.lead_agency_id = @CallerAgencyId) OR t.lead_unit_id = @UnitId)
          AND NOT EXISTS (SELECT 1 FROM review_evaluations e WHERE e.review_id = r.id AND e.task_id = t.id)
        ORDER BY r.period_year, r.id, t.seq, t.id
        {dialect.Limit("@Take")};
        """;
}

internal sealed record MyWorkTaskRow
{
    public int Id { get; init; }

    public int RegulationId { get; init; }

    public string Code { get; init; } = "";

    public string Title { get; init; } = "";

    public string Status { get; init; } = "";

    public int Progress { get; init; }

    public DateOnly DueDate { get; init; }

    public int Classification { get; init; }

    public int IsLead { get; init; }
}

internal sealed record MyWorkCountsRow
{
    public int? Overdue { get; init; }

    public int? DueSoon { get; init; }
}

internal sealed record AwaitingRow
{
    public int ReviewId { get; init; }

    public int Year { get; init; }

    public int TaskId { get; init; }

    public string TaskCode { get; init; } = "";

    public string Title { get; init; } = "";

    public int Classification { get; init; }

    public int RegulationId { get; init; }
}
