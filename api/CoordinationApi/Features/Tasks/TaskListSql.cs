using System.Data.Common;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.Security;
using Dapper;

namespace CoordinationApi.Features.Tasks;

/// <summary>
/// The task list's SQL for a filter (codes already resolved to ids): one WHERE per filter given, the caller's scope and
/// clearance always, and keyset paging on the sort. The dashboard and the exports use it too, so they count and send
/// exactly the tasks the list shows. Every shape it can produce is parsed and bound as T-SQL by the tests
/// (<see cref="TasksSql.ListVariants"/>).
/// </summary>
public sealed record TaskListSql
{
    /// <summary>What makes a task exist for the caller: its regulation has the caller's agency as a party, and its classification is within the caller's clearance.</summary>
    public static readonly string Visible = $"{Scope.RegulationVisible("t.regulation_id")} AND {Scope.WithinClearance("t.classification")}";

    /// <summary>"Overdue" in SQL: open and past its due date (<c>@Today</c>); <see cref="TaskStatuses.IsOverdue"/> in C#.</summary>
    public static readonly string OverdueCondition = $"(t.status IN ({string.Join(", ", TaskStatuses.Open.Select(s => $"'{s}'"))}) AND t.due_date < @Today)";

    /// <summary>Every task but those closed as carried over (<see cref="TaskStatuses.CarriedOver"/>): each piece of work once.</summary>
    public const string NotCarriedOver = $"t.status <> '{TaskStatuses.CarriedOver}'";

    public const string SummaryColumns = $"""
        t.id AS {nameof(TaskSummaryRow.Id)}, t.regulation_id AS {nameof(TaskSummaryRow.RegulationId)}, t.code AS {nameof(TaskSummaryRow.Code)},
        t.seq AS {nameof(TaskSummaryRow.Seq)}, t.title_vi AS {nameof(TaskSummaryRow.TitleVi)}, t.title_en AS {nameof(TaskSummaryRow.TitleEn)},
        lu.code AS {nameof(TaskSummaryRow.LeadUnitCode)}, la.code AS {nameof(TaskSummaryRow.LeadAgencyCode)},
        t.classification AS {nameof(TaskSummaryRow.Classification)}, t.kind AS {nameof(TaskSummaryRow.Kind)}, t.plan_year AS {nameof(TaskSummaryRow.PlanYear)},
        t.start_date AS {nameof(TaskSummaryRow.StartDate)}, t.due_date AS {nameof(TaskSummaryRow.DueDate)}, t.priority AS {nameof(TaskSummaryRow.Priority)},
        t.status AS {nameof(TaskSummaryRow.Status)}, t.progress AS {nameof(TaskSummaryRow.Progress)}, t.updated_at AS {nameof(TaskSummaryRow.UpdatedAt)}
        """;

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

    /// <summary>Only tasks changed at or after this instant (the change feed).</summary>
    public DateTimeOffset? UpdatedSince { get; init; }

    /// <summary>Words that must all occur in the task's code, titles or descriptions (folded: case and diacritics ignored).</summary>
    public IReadOnlyList<string> Terms { get; init; } = [];

    /// <summary>The WHERE clause (without the keyword); parameters named as in <see cref="Parameters"/>.</summary>
    public string Where()
    {
        var clauses = new List<string> { Visible };
        if (RegulationId is not null)
        {
            clauses.Add("t.regulation_id = @RegulationId");
        }

        // One parameter per status, written out here: cheaper than Dapper rewriting "IN @list" on every call.
        var statuses = $"t.status IN ({string.Join(", ", Statuses.Select((_, i) => $"@Status{i}"))})";
        switch (Statuses.Count > 0, Overdue)
        {
            case (true, true):
                clauses.Add($"({statuses} OR {OverdueCondition})");
                break;
            case (true, false):
                clauses.Add(statuses);
                break;
            case (false, true):
                clauses.Add(OverdueCondition);
                break;
            case (false, false) when UpdatedSince is null:
                // A task a review carried over goes on as its successor: listed, counted and exported once, as the successor,
                // unless asked for by its status. A change feed (updatedSince) announces it: becoming carried_over is a change.
                clauses.Add(NotCarriedOver);
                break;
        }

        if (LeadAgencyId is not null)
        {
            clauses.Add("t.lead_agency_id = @LeadAgencyId");
        }

        if (LeadUnitId is not null)
        {
            clauses.Add("t.lead_unit_id = @LeadUnitId");
        }

        if (CounterpartUnitId is not null)
        {
            clauses.Add("EXISTS (SELECT 1 FROM task_counterparts tcf WHERE tcf.task_id = t.id AND tcf.unit_id = @CounterpartUnitId)");
        }

        if (Article is not null)
        {
            // The article itself or anything under it (its clauses and points).
            clauses.Add("EXISTS (SELECT 1 FROM task_citations cf WHERE cf.task_id = t.id AND (cf.akn_id = @Article OR cf.akn_id LIKE @ArticlePrefix ESCAPE '\\'))");
        }

        if (PlanYear is not null)
        {
            clauses.Add("t.plan_year = @PlanYear");
        }

        if (Classification is not null)
        {
            clauses.Add("t.classification = @Classification");
        }

        if (DueFrom is not null)
        {
            clauses.Add("t.due_date >= @DueFrom");
        }

        if (DueTo is not null)
        {
            clauses.Add("t.due_date <= @DueTo");
        }

        if (UpdatedSince is not null)
        {
            clauses.Add("t.updated_at >= @UpdatedSince");
        }

        for (var i = 0; i < Terms.Count; i++)
        {
            clauses.Add($"EXISTS (SELECT 1 FROM search_documents sd WHERE sd.kind = 'task' AND sd.entity_id = t.id AND (sd.folded_heading LIKE @Term{i} OR sd.folded_body LIKE @Term{i}))");
        }

        return string.Join("\n  AND ", clauses);
    }

    /// <summary>Every row of the filter, in the list's order, with counterparts and citations joined by <c>|</c>: the export, one statement, streamed.</summary>
    public string Export(SqlDialect dialect, TaskSort sort) => $"""
        SELECT {SummaryColumns},
               (SELECT {dialect.StringAgg("u.code", "'|'", "u.code")} FROM task_counterparts tc JOIN units u ON u.id = tc.unit_id WHERE tc.task_id = t.id) AS CounterpartCodes,
               (SELECT {dialect.StringAgg("c.akn_id", "'|'", "c.akn_id")} FROM task_citations c WHERE c.task_id = t.id) AS Citations
        FROM tasks t
        JOIN units lu ON lu.id = t.lead_unit_id
        JOIN agencies la ON la.id = t.lead_agency_id
        WHERE {Where()}
        ORDER BY {sort.Order};
        """;

    /// <summary>A page: the filter, the keyset condition after the cursor, the sort, the limit (one more row than asked).</summary>
    public string Page(SqlDialect dialect, TaskSort sort, bool afterCursor) => $"""
        SELECT {SummaryColumns}
        FROM tasks t
        JOIN units lu ON lu.id = t.lead_unit_id
        JOIN agencies la ON la.id = t.lead_agency_id
        WHERE {Where()}{(afterCursor ? $"\n  AND {sort.Keyset}" : "")}
        ORDER BY {sort.Order}
        {dialect.Limit("@Take")};
        """;

    public DynamicParameters Parameters(Caller caller, DateOnly today)
    {
        var parameters = CallerParameters.For(caller, new
        {
            RegulationId,
            LeadAgencyId,
            LeadUnitId,
            CounterpartUnitId,
            Article,
            ArticlePrefix = Article is null ? null : Article.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "\\_\\_%",
            PlanYear,
            Classification,
            DueFrom,
            DueTo,
            UpdatedSince,
            Today = today,
        });
        for (var i = 0; i < Statuses.Count; i++)
        {
            parameters.Add($"Status{i}", Statuses[i]);
        }

        for (var i = 0; i < Terms.Count; i++)
        {
            // Whole words: the folded columns keep a space before and after every word.
            parameters.Add($"Term{i}", $"% {Terms[i]} %");
        }

        return parameters;
    }

    /// <summary>Reads a page of rows and the codes of their counterpart units, in two round trips.</summary>
    internal async Task<(List<TaskSummaryRow> Rows, ILookup<int, string> Counterparts)> ReadPageAsync(
        DbConnection connection, SqlDialect dialect, TaskSort sort, bool afterCursor, DynamicParameters parameters, CancellationToken cancellationToken)
    {
        var rows = (await connection.QueryAsync<TaskSummaryRow>(new CommandDefinition(
            Page(dialect, sort, afterCursor), parameters, cancellationToken: cancellationToken))).AsList();
        var counterparts = (rows.Count == 0
            ? []
            : await connection.QueryAsync<CounterpartCodeRow>(new CommandDefinition(
                TasksSql.CounterpartCodes(dialect), new { Ids = SqlDialect.JsonList(rows.Select(r => r.Id)) }, cancellationToken: cancellationToken)))
            .ToLookup(c => c.TaskId, c => c.Code);
        return (rows, counterparts);
    }

    /// <summary>The shapes of the list's SQL, for the T-SQL tests.</summary>
    internal static IEnumerable<string> Variants(SqlDialect dialect)
    {
        var all = new TaskListSql
        {
            RegulationId = 1, Statuses = [TaskStatuses.Assigned], Overdue = true, LeadAgencyId = 1, LeadUnitId = 1, CounterpartUnitId = 2,
            Article = "chp_1__art_1", PlanYear = 2024, Classification = 1, DueFrom = new DateOnly(2024, 1, 1), DueTo = new DateOnly(2024, 12, 31),
            UpdatedSince = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), Terms = ["bao", "ve"],
        };
        foreach (var sort in TaskSort.All)
        {
            yield return new TaskListSql().Page(dialect, sort, afterCursor: false);
            yield return all.Page(dialect, sort, afterCursor: true);
        }

        yield return new TaskListSql { Overdue = true }.Page(dialect, TaskSort.Due, afterCursor: false);
        yield return all.Export(dialect, TaskSort.Code);
        yield return new TaskListSql().Export(dialect, TaskSort.Due);
        yield return new TaskListSql { Statuses = [TaskStatuses.Draft, TaskStatuses.Completed] }.Page(dialect, TaskSort.Due, afterCursor: false);
    }
}
