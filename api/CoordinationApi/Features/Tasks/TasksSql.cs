using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.Security;

namespace CoordinationApi.Features.Tasks;

internal static class TasksSql
{
    private static readonly string Visible = TaskListSql.Visible;

    /// <summary>The successor a review carried the task over into, named only to callers cleared for it.</summary>
    private static readonly string SuccessorVisible = Scope.WithinClearance("s.classification");

    private static readonly string RowColumns = $"""
        t.id AS {nameof(TaskRow.Id)}, t.regulation_id AS {nameof(TaskRow.RegulationId)}, t.code AS {nameof(TaskRow.Code)},
        t.title_vi AS {nameof(TaskRow.TitleVi)}, t.title_en AS {nameof(TaskRow.TitleEn)},
        t.description_vi AS {nameof(TaskRow.DescriptionVi)}, t.description_en AS {nameof(TaskRow.DescriptionEn)},
        t.lead_unit_id AS {nameof(TaskRow.LeadUnitId)}, t.lead_agency_id AS {nameof(TaskRow.LeadAgencyId)},
        t.classification AS {nameof(TaskRow.Classification)}, t.kind AS {nameof(TaskRow.Kind)}, t.recurrence AS {nameof(TaskRow.Recurrence)},
        t.plan_year AS {nameof(TaskRow.PlanYear)}, t.start_date AS {nameof(TaskRow.StartDate)}, t.due_date AS {nameof(TaskRow.DueDate)},
        t.priority AS {nameof(TaskRow.Priority)}, t.status AS {nameof(TaskRow.Status)}, t.progress AS {nameof(TaskRow.Progress)},
        t.series_task_id AS {nameof(TaskRow.SeriesTaskId)}, t.continues_task_id AS {nameof(TaskRow.ContinuesTaskId)},
        (SELECT MIN(s.id) FROM tasks s WHERE s.continues_task_id = t.id AND {SuccessorVisible}) AS {nameof(TaskRow.CarriedOverToTaskId)},
        t.row_version AS {nameof(TaskRow.RowVersion)}, t.created_at AS {nameof(TaskRow.CreatedAt)},
        t.updated_at AS {nameof(TaskRow.UpdatedAt)}, t.completed_at AS {nameof(TaskRow.CompletedAt)}
        """;

    /// <summary>One task with its citations, counterparts and contacts, in one round trip; nothing when it does not exist for the caller.</summary>
    public static readonly string Detail = $"""
        SELECT {RowColumns}
        FROM tasks t
        WHERE t.id = @Id AND {Visible};

        SELECT c.version_id AS {nameof(ProvisionKey.VersionId)}, c.akn_id AS {nameof(ProvisionKey.AknId)}
        FROM task_citations c
        JOIN tasks t ON t.id = c.task_id
        WHERE c.task_id = @Id AND {Visible}
        ORDER BY c.version_id, c.akn_id;

        SELECT tc.unit_id
        FROM task_counterparts tc
        JOIN tasks t ON t.id = tc.task_id
        WHERE tc.task_id = @Id AND {Visible}
        ORDER BY tc.unit_id;

        SELECT k.name AS {nameof(ContactRow.Name)}, k.unit_id AS {nameof(ContactRow.UnitId)}, k.phone AS {nameof(ContactRow.Phone)}, k.email AS {nameof(ContactRow.Email)}
        FROM task_contacts k
        JOIN tasks t ON t.id = k.task_id
        WHERE k.task_id = @Id AND {Visible}
        ORDER BY k.ordinal;
        """;

    /// <summary>The task row alone, for writes (the caller's visibility applies to writes too).</summary>
    public static readonly string Row = $"""
        SELECT {RowColumns}
        FROM tasks t
        WHERE t.id = @Id AND {Visible};
        """;

    public const string CounterpartsOfTask = "SELECT unit_id FROM task_counterparts WHERE task_id = @Id ORDER BY unit_id;";

    /// <summary>The counterpart unit codes of the tasks in <c>@Ids</c> (<see cref="SqlDialect.JsonList{T}"/>).</summary>
    public static string CounterpartCodes(SqlDialect dialect) => $"""
        SELECT tc.task_id AS {nameof(CounterpartCodeRow.TaskId)}, u.code AS {nameof(CounterpartCodeRow.Code)}
        FROM task_counterparts tc
        JOIN units u ON u.id = tc.unit_id
        WHERE {dialect.InList("tc.task_id", "@Ids")}
        ORDER BY tc.task_id, u.code;
        """;

    public const string NextSeq = "SELECT COALESCE(MAX(seq), 0) + 1 FROM tasks WHERE regulation_id = @RegulationId;";

    public const string RegulationCode = "SELECT code FROM regulations WHERE id = @Id;";

    private const string InsertColumns =
        "regulation_id, seq, code, title_vi, title_en, description_vi, description_en, lead_unit_id, lead_agency_id, classification, kind, "
        + "recurrence, plan_year, start_date, due_date, priority, status, progress, series_task_id, continues_task_id, is_demo, row_version, "
        + "created_at, updated_at, completed_at, series_origin_id";

    public static string Insert(SqlDialect dialect) => dialect.InsertReturningId(
        "tasks",
        InsertColumns,
        "@RegulationId, @Seq, @Code, @TitleVi, @TitleEn, @DescriptionVi, @DescriptionEn, @LeadUnitId, @LeadAgencyId, @Classification, @Kind, "
        + "@Recurrence, @PlanYear, @StartDate, @DueDate, @Priority, @Status, @Progress, @SeriesTaskId, @ContinuesTaskId, @IsDemo, 1, "
        + "@Now, @Now, @CompletedAt, @SeriesTaskId");

    /// <summary>
    /// "Copy a task into plan year N", in one statement: the copy keeps the source's titles (unless given), descriptions, units,
    /// classification, kind, recurrence and priority, and takes the plan year, dates, status, series and predecessor given. An
    /// occurrence (a copy in a series) is a one-off task without recurrence; a carried-over task may keep the source's progress.
    /// </summary>
    public static string Copy(SqlDialect dialect) => dialect.InsertSelectReturningId("tasks", InsertColumns, """
        SELECT s.regulation_id, @Seq, @Code, COALESCE(@TitleVi, s.title_vi), COALESCE(@TitleEn, s.title_en), s.description_vi, s.description_en,
               s.lead_unit_id, s.lead_agency_id, s.classification,
               CASE WHEN @SeriesTaskId IS NULL THEN s.kind ELSE 'one_off' END, CASE WHEN @SeriesTaskId IS NULL THEN s.recurrence END,
               @PlanYear, @StartDate, @DueDate, s.priority, @Status, CASE WHEN @KeepsProgress = 1 THEN s.progress ELSE 0 END,
               @SeriesTaskId, @ContinuesTaskId, 0, 1, @Now, @Now, NULL, @SeriesOriginId
        FROM tasks s
        WHERE s.id = @SourceId
        """);

    /// <summary>The counterparts, citations and contacts of a copy (<see cref="Copy"/>) from its source.</summary>
    public const string CopyChildren = """
        INSERT INTO task_counterparts (task_id, unit_id)
        SELECT @Id, unit_id FROM task_counterparts WHERE task_id = @SourceId;

        INSERT INTO task_citations (task_id, version_id, akn_id)
        SELECT @Id, version_id, akn_id FROM task_citations WHERE task_id = @SourceId;

        INSERT INTO task_contacts (task_id, ordinal, name, unit_id, phone, email)
        SELECT @Id, ordinal, name, unit_id, phone, email FROM task_contacts WHERE task_id = @SourceId;
        """;

    public const string Update = """
        UPDATE tasks
        SET title_vi = @TitleVi, title_en = @TitleEn, description_vi = @DescriptionVi, description_en = @DescriptionEn,
            lead_unit_id = @LeadUnitId, lead_agency_id = @LeadAgencyId, classification = @Classification, kind = @Kind,
            recurrence = @Recurrence, plan_year = @PlanYear, start_date = @StartDate, due_date = @DueDate, priority = @Priority,
            row_version = row_version + 1, updated_at = @Now
        WHERE id = @Id AND row_version = @RowVersion;
        """;

    public const string SetStatus = """
        UPDATE tasks
        SET status = @To, progress = @Progress, completed_at = @CompletedAt, row_version = row_version + 1, updated_at = @Now
        WHERE id = @Id AND status = @From;
        """;

    /// <summary>
    /// The first statement of a write that reads the task to decide: it takes the task row's write lock (SQL Server holds
    /// it to the end of the transaction; SQLite has one writer anyway), so two such writes on one task take turns.
    /// </summary>
    public const string LockTask = "UPDATE tasks SET row_version = row_version WHERE id = @Id;";

    public const string DeleteCounterparts = "DELETE FROM task_counterparts WHERE task_id = @Id;";

    public const string InsertCounterpart = "INSERT INTO task_counterparts (task_id, unit_id) VALUES (@TaskId, @UnitId);";

    public const string DeleteCitations = "DELETE FROM task_citations WHERE task_id = @Id;";

    public const string InsertCitation = "INSERT INTO task_citations (task_id, version_id, akn_id) VALUES (@TaskId, @VersionId, @AknId);";

    public const string DeleteContacts = "DELETE FROM task_contacts WHERE task_id = @Id;";

    public const string InsertContact = """
        INSERT INTO task_contacts (task_id, ordinal, name, unit_id, phone, email)
        VALUES (@TaskId, @Ordinal, @Name, @UnitId, @Phone, @Email);
        """;

    public const string InsertHistory = """
        INSERT INTO task_history (task_id, classification, occurred_at, actor_name, actor_kind, kind, from_status, to_status, comment, changes_json)
        VALUES (@TaskId, @Classification, @Now, @ActorName, @ActorKind, @Kind, @FromStatus, @ToStatus, @Comment, @ChangesJson);
        """;

    /// <summary>A page of a task's history, after the previous page's last entry.</summary>
    public static string History(SqlDialect dialect) => $"""
        SELECT h.id AS {nameof(HistoryRow.Id)}, h.occurred_at AS {nameof(HistoryRow.OccurredAt)}, h.actor_name AS {nameof(HistoryRow.ActorName)},
               h.actor_kind AS {nameof(HistoryRow.ActorKind)},
               h.kind AS {nameof(HistoryRow.Kind)}, h.from_status AS {nameof(HistoryRow.FromStatus)}, h.to_status AS {nameof(HistoryRow.ToStatus)},
               CASE WHEN {Scope.WithinClearance("h.classification")} THEN h.comment END AS {nameof(HistoryRow.Comment)},
               CASE WHEN {Scope.WithinClearance("h.classification")} THEN h.changes_json END AS {nameof(HistoryRow.ChangesJson)},
               CASE WHEN {Scope.WithinClearance("h.classification")} THEN 0 ELSE 1 END AS {nameof(HistoryRow.Redacted)}
        FROM task_history h
        JOIN tasks t ON t.id = h.task_id
        WHERE h.task_id = @Id AND h.id > @AfterId AND {Visible}
        ORDER BY h.id
        {dialect.Limit("@Take")};
        """;

    /// <summary>The regulation's parties and the published version in force today, to check a task's units and citations.</summary>
    public static string RegulationContext(SqlDialect dialect) => $"""
        SELECT rp.agency_id
        FROM regulation_parties rp
        WHERE rp.regulation_id = @RegulationId AND {Scope.RegulationVisible("rp.regulation_id")};

        SELECT v.id
        FROM regulation_versions v
        WHERE v.regulation_id = @RegulationId AND v.status = 'published' AND v.effective_from <= @Today
        ORDER BY v.effective_from DESC, v.number DESC
        {dialect.Limit("1")};
        """;

    public static string ExistingProvisions(SqlDialect dialect) => $"""
        SELECT p.version_id AS VersionId, p.akn_id AS AknId
        FROM provisions p
        JOIN regulation_versions v ON v.id = p.version_id
        WHERE v.regulation_id = @RegulationId AND {dialect.InList("p.version_id", "@VersionIds")} AND p.kind <> 'chapter';
        """;

    private const string ReportColumns = $"""
        r.id AS {nameof(ReportRow.Id)}, r.task_id AS {nameof(ReportRow.TaskId)}, u.code AS {nameof(ReportRow.ReportingUnitCode)},
        r.report_date AS {nameof(ReportRow.ReportDate)}, r.percent_complete AS {nameof(ReportRow.PercentComplete)}, r.narrative AS {nameof(ReportRow.Narrative)},
        r.attachment_name AS {nameof(ReportRow.AttachmentName)}, r.attachment_bytes AS {nameof(ReportRow.AttachmentBytes)},
        r.is_correction AS {nameof(ReportRow.IsCorrection)}, r.created_by AS {nameof(ReportRow.CreatedBy)},
        r.created_by_kind AS {nameof(ReportRow.CreatedByKind)}, r.created_at AS {nameof(ReportRow.CreatedAt)}
        """;

    /// <summary>
    /// A page of a task's progress reports, after the (date, id) of the previous page's last report; one written while the
    /// task was classified above the caller's clearance comes without its narrative and attachment name.
    /// </summary>
    public static string Reports(SqlDialect dialect) => $"""
        SELECT {ReportColumns.Replace("r.narrative AS", $"CASE WHEN {Scope.WithinClearance("r.classification")} THEN r.narrative ELSE '' END AS", StringComparison.Ordinal)
                    .Replace("r.attachment_name AS", $"CASE WHEN {Scope.WithinClearance("r.classification")} THEN r.attachment_name END AS", StringComparison.Ordinal)},
               CASE WHEN {Scope.WithinClearance("r.classification")} THEN 0 ELSE 1 END AS {nameof(ReportRow.Redacted)}
        FROM progress_reports r
        JOIN units u ON u.id = r.reporting_unit_id
        JOIN tasks t ON t.id = r.task_id
        WHERE r.task_id = @Id AND {Visible}
          AND (@KeyDate IS NULL OR r.report_date > @KeyDate OR (r.report_date = @KeyDate AND r.id > @KeyId))
        ORDER BY r.report_date, r.id
        {dialect.Limit("@Take")};
        """;

    /// <summary>A page of a task's reports in the order they were written (the change feed), after (<c>@KeyAt</c>, <c>@KeyId</c>).</summary>
    public static string ReportsWritten(SqlDialect dialect) => Reports(dialect)
        .Replace("AND (@KeyDate IS NULL OR r.report_date > @KeyDate OR (r.report_date = @KeyDate AND r.id > @KeyId))", $"AND {ChangeFeed.After("r.created_at", "r.id")}", StringComparison.Ordinal)
        .Replace("ORDER BY r.report_date, r.id", "ORDER BY r.created_at, r.id", StringComparison.Ordinal);

    /// <summary>One report of a task, with the same clearance and scope rules as <see cref="Reports"/>.</summary>
    public static string OneReport(SqlDialect dialect) => Reports(dialect)
        .Replace("AND (@KeyDate IS NULL OR r.report_date > @KeyDate OR (r.report_date = @KeyDate AND r.id > @KeyId))", "AND r.id = @ReportId", StringComparison.Ordinal)
        .Replace(dialect.Limit("@Take"), "", StringComparison.Ordinal);

    /// <summary>The task's progress from its latest report (by date, then id), read and written in one statement.</summary>
    public static string ProgressFromLatestReport(SqlDialect dialect) => $"""
        UPDATE tasks
        SET progress = (
                SELECT r.percent_complete
                FROM progress_reports r
                WHERE r.task_id = tasks.id
                ORDER BY r.report_date DESC, r.id DESC
                {dialect.Limit("1")}),
            row_version = row_version + 1, updated_at = @Now
        WHERE id = @Id;
        """;

    public static string InsertReport(SqlDialect dialect) => dialect.InsertReturningId(
        "progress_reports",
        "task_id, classification, reporting_unit_id, report_date, percent_complete, narrative, attachment_name, attachment_bytes, is_correction, created_by, created_by_kind, created_at",
        "@TaskId, @Classification, @ReportingUnitId, @ReportDate, @Percent, @Narrative, @AttachmentName, @AttachmentBytes, @IsCorrection, @CreatedBy, @CreatedByKind, @Now");

    public const string Report = $"""
        SELECT {ReportColumns}
        FROM progress_reports r
        JOIN units u ON u.id = r.reporting_unit_id
        WHERE r.id = @Id;
        """;

    /// <summary>Every shape of the task list's SQL (<see cref="TaskListSql"/>), for the T-SQL tests.</summary>
    public static IEnumerable<string> ListVariants(SqlDialect dialect) => TaskListSql.Variants(dialect);

    /// <summary>
    /// The due dates of the occurrences of a series' whole carry-over chain (<c>@OriginId</c>, see <see cref="TaskStore.SeriesOriginAsync"/>):
    /// a period the chain already has is never generated again (also a unique index, ux_tasks_occurrence_period).
    /// </summary>
    public const string OccurrenceDueDates = "SELECT due_date FROM tasks WHERE series_origin_id = @OriginId OR series_task_id = @Id;";

    /// <summary>The task a task continues (a review carried it over), or null.</summary>
    public const string Continues = "SELECT continues_task_id FROM tasks WHERE id = @Id;";

    /// <summary>A review's conclusion closes a task it carried over (only while it is still open).</summary>
    public const string CloseCarriedOver = """
        UPDATE tasks
        SET status = 'carried_over', row_version = row_version + 1, updated_at = @Now
        WHERE id = @Id AND status IN ('draft', 'assigned', 'in_progress');
        """;

    /// <summary>
    /// The occurrences a carried-over series already has after the period its review closed move to its successor, which
    /// continues the series from there (they keep their origin, so none is generated again). Answers their ids.
    /// </summary>
    public const string MoveLaterOccurrences = """
        UPDATE tasks SET series_task_id = @SuccessorId WHERE series_task_id = @SourceId AND plan_year > @PeriodYear;
        SELECT id FROM tasks WHERE series_task_id = @SuccessorId AND plan_year > @PeriodYear ORDER BY due_date, id;
        """;
}
