using System.Globalization;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.Security;
using Dapper;

namespace CoordinationApi.Features.Tasks;

/// <summary>The filters of the task list (and of the dashboard and the exports, which must count the same tasks).</summary>
public sealed record TaskFilter
{
    public int? RegulationId { get; init; }

    public IReadOnlyList<string> Statuses { get; init; } = [];

    public bool Overdue { get; init; }

    public int? LeadAgencyId { get; init; }

    public int? LeadUnitId { get; init; }

    public int? CounterpartUnitId { get; init; }

    public string? Article { get; init; }

    public int? PlanYear { get; init; }

    public int? Classification { get; init; }

    public DateOnly? DueFrom { get; init; }

    public DateOnly? DueTo { get; init; }

    /// <summary>Words that must all occur in the task's code, titles or descriptions (folded: case and diacritics ignored).</summary>
    public IReadOnlyList<string> Terms { get; init; } = [];
}

/// <summary>
/// Builds the task list's SQL from its filters: one WHERE per filter given, the caller's scope and clearance
/// always, and keyset paging on the sort key. Every shape it can produce is parsed as T-SQL by the tests
/// (<see cref="TasksListSql.Variants"/>).
/// </summary>
public static class TaskListQuery
{
    /// <summary>What makes a task exist for the caller: its regulation has the caller's agency as a party, and its classification is within the caller's clearance.</summary>
    public static readonly string Visible = $"{Scope.RegulationVisible("t.regulation_id")} AND {Scope.WithinClearance("t.classification")}";

    public static readonly string[] Sorts = ["due", "-due", "code", "-updated"];

    private static readonly string OpenStatuses = string.Join(", ", TaskStatuses.Open.Select(s => $"'{s}'"));

    public const string SummaryColumns = $"""
        t.id AS {nameof(TaskSummaryRow.Id)}, t.regulation_id AS {nameof(TaskSummaryRow.RegulationId)}, t.code AS {nameof(TaskSummaryRow.Code)},
        t.seq AS {nameof(TaskSummaryRow.Seq)}, t.title_vi AS {nameof(TaskSummaryRow.TitleVi)}, t.title_en AS {nameof(TaskSummaryRow.TitleEn)},
        lu.code AS {nameof(TaskSummaryRow.LeadUnitCode)}, la.code AS {nameof(TaskSummaryRow.LeadAgencyCode)},
        t.classification AS {nameof(TaskSummaryRow.Classification)}, t.kind AS {nameof(TaskSummaryRow.Kind)}, t.plan_year AS {nameof(TaskSummaryRow.PlanYear)},
        t.start_date AS {nameof(TaskSummaryRow.StartDate)}, t.due_date AS {nameof(TaskSummaryRow.DueDate)}, t.priority AS {nameof(TaskSummaryRow.Priority)},
        t.status AS {nameof(TaskSummaryRow.Status)}, t.progress AS {nameof(TaskSummaryRow.Progress)}, t.updated_at AS {nameof(TaskSummaryRow.UpdatedAt)}
        """;

    /// <summary>The WHERE clause (without the keyword) for a filter; parameters named as in <see cref="Parameters"/>.</summary>
    public static string Where(TaskFilter filter)
    {
        var clauses = new List<string> { Visible };
        if (filter.RegulationId is not null)
        {
            clauses.Add("t.regulation_id = @RegulationId");
        }

        var overdue = $"(t.status IN ({OpenStatuses}) AND t.due_date < @Today)";
        // One parameter per status, written out here: cheaper than Dapper rewriting "IN @list" on every call.
        var statuses = $"t.status IN ({string.Join(", ", filter.Statuses.Select((_, i) => $"@Status{i}"))})";
        switch (filter.Statuses.Count > 0, filter.Overdue)
        {
            case (true, true):
                clauses.Add($"({statuses} OR {overdue})");
                break;
            case (true, false):
                clauses.Add(statuses);
                break;
            case (false, true):
                clauses.Add(overdue);
                break;
        }

        if (filter.LeadAgencyId is not null)
        {
            clauses.Add("t.lead_agency_id = @LeadAgencyId");
        }

        if (filter.LeadUnitId is not null)
        {
            clauses.Add("t.lead_unit_id = @LeadUnitId");
        }

        if (filter.CounterpartUnitId is not null)
        {
            clauses.Add("EXISTS (SELECT 1 FROM task_counterparts tcf WHERE tcf.task_id = t.id AND tcf.unit_id = @CounterpartUnitId)");
        }

        if (filter.Article is not null)
        {
            // The article itself or anything under it (its clauses and points).
            clauses.Add("EXISTS (SELECT 1 FROM task_citations cf WHERE cf.task_id = t.id AND (cf.akn_id = @Article OR cf.akn_id LIKE @ArticlePrefix ESCAPE '\\'))");
        }

        if (filter.PlanYear is not null)
        {
            clauses.Add("t.plan_year = @PlanYear");
        }

        if (filter.Classification is not null)
        {
            clauses.Add("t.classification = @Classification");
        }

        if (filter.DueFrom is not null)
        {
            clauses.Add("t.due_date >= @DueFrom");
        }

        if (filter.DueTo is not null)
        {
            clauses.Add("t.due_date <= @DueTo");
        }

        for (var i = 0; i < filter.Terms.Count; i++)
        {
            clauses.Add($"EXISTS (SELECT 1 FROM search_documents sd WHERE sd.kind = 'task' AND sd.entity_id = t.id AND (sd.folded_heading LIKE @Term{i} OR sd.folded_body LIKE @Term{i}))");
        }

        return string.Join("\n  AND ", clauses);
    }

    private static (string Order, string Keyset) OrderOf(string sort) => sort switch
    {
        "-due" => ("t.due_date DESC, t.id DESC", "(t.due_date < @KeyDate OR (t.due_date = @KeyDate AND t.id < @KeyId))"),
        "code" => ("t.seq, t.id", "(t.seq > @KeySeq OR (t.seq = @KeySeq AND t.id > @KeyId))"),
        "-updated" => ("t.updated_at DESC, t.id DESC", "(t.updated_at < @KeyInstant OR (t.updated_at = @KeyInstant AND t.id < @KeyId))"),
        _ => ("t.due_date, t.id", "(t.due_date > @KeyDate OR (t.due_date = @KeyDate AND t.id > @KeyId))"),
    };

    /// <summary>Every row of the filter, in the list's order, with counterparts and citations joined by <c>|</c>: the export, one statement, streamed.</summary>
    public static string Export(SqlDialect dialect, TaskFilter filter, string sort) => $"""
        SELECT {SummaryColumns},
               (SELECT {dialect.StringAgg("u.code", "'|'", "u.code")} FROM task_counterparts tc JOIN units u ON u.id = tc.unit_id WHERE tc.task_id = t.id) AS CounterpartCodes,
               (SELECT {dialect.StringAgg("c.akn_id", "'|'", "c.akn_id")} FROM task_citations c WHERE c.task_id = t.id) AS Citations
        FROM tasks t
        JOIN units lu ON lu.id = t.lead_unit_id
        JOIN agencies la ON la.id = t.lead_agency_id
        WHERE {Where(filter)}
        ORDER BY {OrderOf(sort).Order};
        """;

    /// <summary>A page: the filter, the keyset condition after the cursor, the sort, the limit (one more row than asked).</summary>
    public static string Page(SqlDialect dialect, TaskFilter filter, string sort, bool afterCursor)
    {
        var (order, keyset) = OrderOf(sort);
        return $"""
            SELECT {SummaryColumns}
            FROM tasks t
            JOIN units lu ON lu.id = t.lead_unit_id
            JOIN agencies la ON la.id = t.lead_agency_id
            WHERE {Where(filter)}{(afterCursor ? $"\n  AND {keyset}" : "")}
            ORDER BY {order}
            {dialect.Limit("@Take")};
            """;
    }

    public static DynamicParameters Parameters(Caller caller, TaskFilter filter, DateOnly today)
    {
        var parameters = CallerParameters.For(caller, new
        {
            filter.RegulationId,
            filter.LeadAgencyId,
            filter.LeadUnitId,
            filter.CounterpartUnitId,
            filter.Article,
            ArticlePrefix = filter.Article is null ? null : filter.Article.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "\\_\\_%",
            filter.PlanYear,
            filter.Classification,
            filter.DueFrom,
            filter.DueTo,
            Today = today,
        });
        for (var i = 0; i < filter.Statuses.Count; i++)
        {
            parameters.Add($"Status{i}", filter.Statuses[i]);
        }

        for (var i = 0; i < filter.Terms.Count; i++)
        {
            // Whole words: the folded columns keep a space before and after every word.
            parameters.Add($"Term{i}", $"% {filter.Terms[i]} %");
        }

        return parameters;
    }

    /// <summary>Reads rows of the list and the codes of their counterpart units, in two round trips.</summary>
    internal static async Task<(List<TaskSummaryRow> Rows, ILookup<int, string> Counterparts)> ReadAsync(
        System.Data.Common.DbConnection connection, SqlDialect dialect, TaskFilter filter, string sort, bool afterCursor,
        DynamicParameters parameters, CancellationToken cancellationToken)
    {
        var rows = (await connection.QueryAsync<TaskSummaryRow>(new CommandDefinition(
            Page(dialect, filter, sort, afterCursor), parameters, cancellationToken: cancellationToken))).AsList();
        var counterparts = (rows.Count == 0
            ? []
            : await connection.QueryAsync<CounterpartCodeRow>(new CommandDefinition(
                TasksSql.CounterpartCodes(dialect), new { Ids = SqlDialect.JsonList(rows.Select(r => r.Id)) }, cancellationToken: cancellationToken)))
            .ToLookup(c => c.TaskId, c => c.Code);
        return (rows, counterparts);
    }

    /// <summary>The cursor of the row after which the next page starts: the sort key and the id.</summary>
    internal static string CursorOf(TaskSummaryRow row, string sort) => sort switch
    {
        "code" => string.Create(CultureInfo.InvariantCulture, $"{sort}|{row.Seq}|{row.Id}"),
        "-updated" => string.Create(CultureInfo.InvariantCulture, $"{sort}|{row.UpdatedAt.UtcTicks}|{row.Id}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{sort}|{row.DueDate:yyyy-MM-dd}|{row.Id}"),
    };

    /// <summary>A cursor position of the task list, of any sort (the list checks that it is of the sort asked).</summary>
    internal static bool IsCursorPosition(string key) => key.Split('|') is [var sort, _, _] && Sorts.Contains(sort) && TryAddCursor(new DynamicParameters(), key, sort);

    /// <summary>Adds the keyset parameters from a cursor; false when the cursor is not one of this sort.</summary>
    internal static bool TryAddCursor(DynamicParameters parameters, string key, string sort)
    {
        var parts = key.Split('|');
        if (parts.Length != 3 || parts[0] != sort || !Cursors.IsId(parts[2]))
        {
            return false;
        }

        parameters.Add("KeyId", Cursors.ParseId(parts[2]));
        switch (sort)
        {
            case "code" when int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var seq):
                parameters.Add("KeySeq", seq);
                return true;
            case "-updated" when long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && ticks >= Bounds.MinInstant.UtcTicks && ticks <= Bounds.MaxInstant.UtcTicks:
                parameters.Add("KeyInstant", new DateTimeOffset(ticks, TimeSpan.Zero));
                return true;
            case "due" or "-due" when DateOnly.TryParseExact(parts[1], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date):
                parameters.Add("KeyDate", date);
                return true;
            default:
                return false;
        }
    }
}

/// <summary>The shapes of the task list's SQL, for the T-SQL parse test.</summary>
internal static class TasksListSql
{
    public static IEnumerable<string> Variants(SqlDialect dialect)
    {
        var all = new TaskFilter
        {
            RegulationId = 1, Statuses = [TaskStatuses.Assigned], Overdue = true, LeadAgencyId = 1, LeadUnitId = 1, CounterpartUnitId = 2,
            Article = "chp_1__art_1", PlanYear = 2024, Classification = 1, DueFrom = new DateOnly(2024, 1, 1), DueTo = new DateOnly(2024, 12, 31),
            Terms = ["bao", "ve"],
        };
        foreach (var sort in TaskListQuery.Sorts)
        {
            yield return TaskListQuery.Page(dialect, new TaskFilter(), sort, afterCursor: false);
            yield return TaskListQuery.Page(dialect, all, sort, afterCursor: true);
        }

        yield return TaskListQuery.Page(dialect, new TaskFilter { Overdue = true }, "due", afterCursor: false);
        yield return TaskListQuery.Export(dialect, all, "code");
        yield return TaskListQuery.Export(dialect, new TaskFilter(), "due");
        yield return TaskListQuery.Page(dialect, new TaskFilter { Statuses = [TaskStatuses.Draft, TaskStatuses.Completed] }, "due", afterCursor: false);
    }
}
