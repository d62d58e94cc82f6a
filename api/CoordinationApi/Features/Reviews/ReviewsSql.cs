using CoordinationApi.Features.Tasks;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.Security;

namespace CoordinationApi.Features.Reviews;

/// <summary>Which tasks a review evaluates, for a review given by parameters or by the columns of a joined <c>reviews</c> row ("my work").</summary>
internal static class ReviewScope
{
    /// <summary>The condition on <c>t</c> (see <see cref="ReviewsSql"/>'s scope): the review's regulation, plan year and id.</summary>
    public static string Tasks(string regulationId, string periodYear, string reviewId) => $"""
        t.regulation_id = {regulationId} AND (t.plan_year = {periodYear} OR (t.plan_year < {periodYear} AND (
            t.status IN ({string.Join(", ", TaskStatuses.Open.Select(s => $"'{s}'"))})
            OR EXISTS (SELECT 1 FROM review_evaluations se WHERE se.review_id = {reviewId} AND se.task_id = t.id))))
        """;
}

internal static class ReviewsSql
{
    private const string Columns = $"""
        r.id AS {nameof(ReviewRow.Id)}, r.regulation_id AS {nameof(ReviewRow.RegulationId)}, r.kind AS {nameof(ReviewRow.Kind)},
        r.period_year AS {nameof(ReviewRow.PeriodYear)}, r.host_agency_id AS {nameof(ReviewRow.HostAgencyId)}, a.code AS {nameof(ReviewRow.HostAgencyCode)},
        r.status AS {nameof(ReviewRow.Status)}, r.planned_month AS {nameof(ReviewRow.PlannedMonth)}, r.scheduled_on AS {nameof(ReviewRow.ScheduledOn)},
        r.venue AS {nameof(ReviewRow.Venue)}, r.chairs AS {nameof(ReviewRow.Chairs)}, r.attendees AS {nameof(ReviewRow.Attendees)},
        r.minutes AS {nameof(ReviewRow.Minutes)}, r.status_reason AS {nameof(ReviewRow.StatusReason)},
        r.baseline_review_id AS {nameof(ReviewRow.BaselineReviewId)}, r.adopted_plan_year AS {nameof(ReviewRow.AdoptedPlanYear)},
        r.concluded_at AS {nameof(ReviewRow.ConcludedAt)}, r.row_version AS {nameof(ReviewRow.RowVersion)}, r.updated_at AS {nameof(ReviewRow.UpdatedAt)}
        """;

    private static readonly string Visible = Scope.RegulationVisible("r.regulation_id");

    /// <summary>The reviews the list's filters keep, in every order the list is read (whole, by page, by change).</summary>
    private static readonly string Filtered = $"""
        FROM reviews r
        JOIN agencies a ON a.id = r.host_agency_id
        WHERE {Visible}
          AND (@RegulationId IS NULL OR r.regulation_id = @RegulationId)
          AND (@Year IS NULL OR r.period_year = @Year)
          AND (@Status IS NULL OR r.status = @Status)
          AND (@HostAgencyId IS NULL OR r.host_agency_id = @HostAgencyId)
        """;

    public static readonly string List = $"""
        SELECT {Columns}
        {Filtered}
        ORDER BY r.regulation_id, r.period_year, {KindOrder}, r.id;
        """;

    /// <summary>In a year, the annual review before the preliminary one, and both before an extraordinary one.</summary>
    private const string KindOrder = "CASE r.kind WHEN 'annual' THEN 0 WHEN 'preliminary' THEN 1 ELSE 2 END";

    /// <summary>The same order as <see cref="KindOrder"/>, for a cursor.</summary>
    public static int KindRank(string kind) => kind switch { "annual" => 0, "preliminary" => 1, _ => 2 };

    /// <summary>A page of <see cref="List"/>, after the (regulation, year, kind, id) of the previous page's last review.</summary>
    public static string ListPage(SqlDialect dialect) => $"""
        SELECT {Columns}
        {Filtered}
          AND (r.regulation_id > @KeyRegulationId OR (r.regulation_id = @KeyRegulationId AND (r.period_year > @KeyYear
            OR (r.period_year = @KeyYear AND ({KindOrder} > @KeyKind OR ({KindOrder} = @KeyKind AND r.id > @KeyId))))))
        ORDER BY r.regulation_id, r.period_year, {KindOrder}, r.id
        {dialect.Limit("@Take")};
        """;

    /// <summary>The filters of <see cref="List"/> in the order of changes (the change feed), after (<c>@KeyAt</c>, <c>@KeyId</c>).</summary>
    public static string ChangedPage(SqlDialect dialect) => $"""
        SELECT {Columns}
        {Filtered}
          AND {ChangeFeed.After("r.updated_at", "r.id")}
        ORDER BY r.updated_at, r.id
        {dialect.Limit("@Take")};
        """;

    public static readonly string One = $"""
        SELECT {Columns}
        FROM reviews r
        JOIN agencies a ON a.id = r.host_agency_id
        WHERE r.id = @Id AND {Visible};
        """;

    public static readonly string Policy = $"""
        SELECT r.id AS {nameof(PolicyRow.Id)}, r.signed_on AS {nameof(PolicyRow.SignedOn)}, r.review_annual_rotating AS {nameof(PolicyRow.AnnualRotating)},
               r.review_first_host_agency_id AS {nameof(PolicyRow.FirstHostAgencyId)}, r.review_month AS {nameof(PolicyRow.ReviewMonth)},
               r.preliminary_after_years AS {nameof(PolicyRow.PreliminaryAfterYears)}
        FROM regulations r
        WHERE r.id = @RegulationId AND {Scope.RegulationVisible("r.id")};

        SELECT rp.agency_id FROM regulation_parties rp WHERE rp.regulation_id = @RegulationId ORDER BY rp.ordinal;
        """;

    public const string Scheduled = $"""
        SELECT id AS {nameof(ScheduledRow.Id)}, kind AS {nameof(ScheduledRow.Kind)}, period_year AS {nameof(ScheduledRow.PeriodYear)},
               host_agency_id AS {nameof(ScheduledRow.HostAgencyId)}, status AS {nameof(ScheduledRow.Status)}, baseline_review_id AS {nameof(ScheduledRow.BaselineReviewId)}
        FROM reviews
        WHERE regulation_id = @RegulationId AND kind <> 'extraordinary';
        """;

    public static string Insert(SqlDialect dialect) => dialect.InsertReturningId(
        "reviews",
        "regulation_id, kind, period_year, host_agency_id, status, planned_month, scheduled_on, venue, chairs, attendees, minutes, status_reason, "
        + "baseline_review_id, adopted_plan_year, concluded_at, is_generated, row_version, created_at, updated_at",
        "@RegulationId, @Kind, @PeriodYear, @HostAgencyId, 'planned', @PlannedMonth, @ScheduledOn, @Venue, NULL, NULL, NULL, @Reason, "
        + "@BaselineReviewId, NULL, NULL, @IsGenerated, 1, @Now, @Now");

    public const string SetHost = "UPDATE reviews SET host_agency_id = @HostAgencyId, row_version = row_version + 1, updated_at = @Now WHERE id = @Id AND status = 'planned';";

    public const string SetBaseline = "UPDATE reviews SET baseline_review_id = @BaselineReviewId, updated_at = @Now WHERE id = @Id AND baseline_review_id IS NULL;";

    /// <summary>An evaluation recorded changes its review (not its ETag: the review's own fields are as they were), so the change feed of reviews names it.</summary>
    public const string EvaluationRecorded = "UPDATE reviews SET updated_at = @Now WHERE id = @Id;";

    public const string Transition = """
        UPDATE reviews
        SET status = @To, scheduled_on = @ScheduledOn, venue = @Venue, chairs = @Chairs, attendees = @Attendees, minutes = @Minutes,
            status_reason = @Reason, adopted_plan_year = @AdoptedPlanYear, concluded_at = @ConcludedAt,
            row_version = row_version + 1, updated_at = @Now
        WHERE id = @Id AND status = @From;
        """;

    /// <summary>
    /// The tasks a review evaluates (<c>@RegulationId</c>, <c>@PeriodYear</c>, <c>@ReviewId</c>): its regulation's tasks of the
    /// period's plan year, and the tasks of earlier plan years still open (no concluded review carried them over, so they
    /// are overdue work of those years) or already evaluated by this review (so they stay in it once it carried them over).
    /// </summary>
    private static readonly string InScope = ReviewScope.Tasks("@RegulationId", "@PeriodYear", "@ReviewId");

    /// <summary>Whether a task is in the review's scope (<see cref="InScope"/>), whoever may see it.</summary>
    public static readonly string TaskInScope = $"SELECT COUNT(*) FROM tasks t WHERE t.id = @TaskId AND {InScope};";

    /// <summary>The tasks a review evaluates (<see cref="InScope"/>) within the caller's clearance.</summary>
    public static readonly string ScopeTasks = $"""
        SELECT {TaskListSql.SummaryColumns}
        FROM tasks t
        JOIN units lu ON lu.id = t.lead_unit_id
        JOIN agencies la ON la.id = t.lead_agency_id
        WHERE {InScope} AND {TaskListSql.Visible}
        ORDER BY t.seq;
        """;

    /// <summary>A page of <see cref="ScopeTasks"/>, after the (seq, id) of the previous page's last task.</summary>
    public static string ScopeTasksPage(SqlDialect dialect) => $"""
        SELECT {TaskListSql.SummaryColumns}
        FROM tasks t
        JOIN units lu ON lu.id = t.lead_unit_id
        JOIN agencies la ON la.id = t.lead_agency_id
        WHERE {InScope} AND {TaskListSql.Visible}
          AND (t.seq > @KeySeq OR (t.seq = @KeySeq AND t.id > @KeyId))
        ORDER BY t.seq, t.id
        {dialect.Limit("@Take")};
        """;

    /// <summary>How many tasks of the period have no result yet, whoever may see them.</summary>
    public static readonly string UnevaluatedCount = $"""
        SELECT COUNT(*)
        FROM tasks t
        WHERE {InScope}
          AND NOT EXISTS (SELECT 1 FROM review_evaluations e WHERE e.review_id = @ReviewId AND e.task_id = t.id);
        """;

    /// <summary>
    /// An evaluation's columns: its comment only within the caller's clearance (an evaluation keeps the classification its
    /// task had when it was written, so a comment from before a declassification stays with those cleared for it).
    /// </summary>
    private static readonly string EvaluationColumns = $"""
        e.task_id AS {nameof(EvaluationRow.TaskId)}, e.result AS {nameof(EvaluationRow.Result)},
               CASE WHEN {Scope.WithinClearance("e.classification")} THEN e.comment END AS {nameof(EvaluationRow.Comment)},
               e.evaluated_by AS {nameof(EvaluationRow.EvaluatedBy)}, e.evaluated_by_kind AS {nameof(EvaluationRow.EvaluatedByKind)},
               e.classification AS {nameof(EvaluationRow.Classification)}, e.evaluated_at AS {nameof(EvaluationRow.EvaluatedAt)},
               CASE WHEN {Scope.WithinClearance("e.classification")} THEN 0 ELSE 1 END AS {nameof(EvaluationRow.Redacted)}
        """;

    public static readonly string Evaluations = $"""
        SELECT {EvaluationColumns}
        FROM review_evaluations e
        WHERE e.review_id = @ReviewId;
        """;

    /// <summary>The results a review recorded for some tasks.</summary>
    public static string EvaluationsOf(SqlDialect dialect) => $"""
        SELECT {EvaluationColumns}
        FROM review_evaluations e
        WHERE e.review_id = @ReviewId AND {dialect.InList("e.task_id", "@Ids")};
        """;

    /// <summary>
    /// A page of a review's evaluations in the order they were recorded (the change feed), after (<c>@KeyAt</c>, <c>@KeyId</c>):
    /// the tasks' ids and the times, for tasks of the review's period within the caller's clearance.
    /// </summary>
    public static string EvaluationsRecordedPage(SqlDialect dialect) => $"""
        SELECT e.task_id AS {nameof(EvaluationChangeRow.TaskId)}, e.evaluated_at AS {nameof(EvaluationChangeRow.EvaluatedAt)}
        FROM review_evaluations e
        JOIN tasks t ON t.id = e.task_id
        -- Every evaluation this review recorded: of its plan year, and of earlier years' work it took up.
        WHERE e.review_id = @ReviewId AND t.regulation_id = @RegulationId AND {TaskListSql.Visible}
          AND {ChangeFeed.After("e.evaluated_at", "e.task_id")}
        ORDER BY e.evaluated_at, e.task_id
        {dialect.Limit("@Take")};
        """;

    public const string DeleteEvaluation = "DELETE FROM review_evaluations WHERE review_id = @ReviewId AND task_id = @TaskId;";

    /// <summary>Removes the evaluation about to be replaced only if it is still the one read (SQLite's writer lock serialises anyway; on SQL Server a concurrent replacement leaves 0 rows: 412).</summary>
    public const string DeleteEvaluationRead = """
        DELETE FROM review_evaluations
        WHERE review_id = @ReviewId AND task_id = @TaskId AND result = @Result AND evaluated_by = @EvaluatedBy AND evaluated_by_kind = @EvaluatedByKind;
        """;

    /// <summary>An evaluation takes the classification its task has now: the level of the comment it holds.</summary>
    public const string InsertEvaluation = """
        INSERT INTO review_evaluations (review_id, task_id, result, comment, evaluated_by, evaluated_by_kind, evaluated_at, classification)
        VALUES (@ReviewId, @TaskId, @Result, @Comment, @EvaluatedBy, @EvaluatedByKind, @Now, (SELECT t.classification FROM tasks t WHERE t.id = @TaskId));
        """;

    public static readonly string Evaluation = $"""
        SELECT {EvaluationColumns}
        FROM review_evaluations e
        WHERE e.review_id = @ReviewId AND e.task_id = @TaskId;
        """;

    /// <summary>Every task of the review's scope, for the conclusion (which acts for the review, whatever the concluding coordinator's clearance).</summary>
    public static readonly string PeriodTasks = $"""
        SELECT t.id AS Id, t.code AS Code, t.status AS Status, t.kind AS Kind, t.classification AS Classification, t.due_date AS DueDate,
               t.plan_year AS PlanYear, t.title_vi AS TitleVi, t.title_en AS TitleEn, t.series_task_id AS SeriesTaskId
        FROM tasks t
        WHERE {InScope}
        ORDER BY t.seq;
        """;

    public static string Continues(SqlDialect dialect) => $"SELECT id, continues_task_id FROM tasks WHERE {dialect.InList("id", "@Ids")};";

    public const string InsertPlanItem = """
        INSERT INTO review_plan_items (review_id, task_id, origin, source_task_id)
        VALUES (@ReviewId, @TaskId, @Origin, @SourceTaskId);
        """;

    public const string PlanItems = """
        SELECT p.task_id AS TaskId, p.origin AS Origin, p.source_task_id AS SourceTaskId, s.code AS SourceTaskCode
        FROM review_plan_items p
        LEFT JOIN tasks s ON s.id = p.source_task_id
        WHERE p.review_id = @ReviewId
        ORDER BY p.task_id;
        """;

    public static string TasksByIds(SqlDialect dialect) => $"""
        SELECT {TaskListSql.SummaryColumns}
        FROM tasks t
        JOIN units lu ON lu.id = t.lead_unit_id
        JOIN agencies la ON la.id = t.lead_agency_id
        WHERE {dialect.InList("t.id", "@Ids")} AND {TaskListSql.Visible}
        ORDER BY t.seq;
        """;

    public const string LatestConcluded = """
        SELECT MAX(id) FROM reviews WHERE regulation_id = @RegulationId AND status = 'concluded';
        """;

    /// <summary>Upcoming reviews with a date, for the dashboard and reminders.</summary>
    public static string Upcoming(SqlDialect dialect) => $"""
        SELECT {Columns}
        FROM reviews r
        JOIN agencies a ON a.id = r.host_agency_id
        WHERE {Visible} AND (@RegulationId IS NULL OR r.regulation_id = @RegulationId)
          AND r.status IN ('planned', 'scheduled', 'postponed')
          AND (r.scheduled_on IS NULL OR r.scheduled_on >= @Today) AND (@Until IS NULL OR r.scheduled_on <= @Until)
          AND r.period_year >= @FromYear
        ORDER BY r.period_year, r.scheduled_on, r.id
        {dialect.Limit("@Take")};
        """;
}

internal sealed record ReviewRow
{
    public int Id { get; init; }

    public int RegulationId { get; init; }

    public string Kind { get; init; } = "";

    public int PeriodYear { get; init; }

    public int HostAgencyId { get; init; }

    public string HostAgencyCode { get; init; } = "";

    public string Status { get; init; } = "";

    public int? PlannedMonth { get; init; }

    public DateOnly? ScheduledOn { get; init; }

    public string? Venue { get; init; }

    public string? Chairs { get; init; }

    public string? Attendees { get; init; }

    public string? Minutes { get; init; }

    public string? StatusReason { get; init; }

    public int? BaselineReviewId { get; init; }

    public int? AdoptedPlanYear { get; init; }

    public DateTimeOffset? ConcludedAt { get; init; }

    public int RowVersion { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }
}

internal sealed record PolicyRow
{
    public int Id { get; init; }

    public DateOnly SignedOn { get; init; }

    public bool AnnualRotating { get; init; }

    public int FirstHostAgencyId { get; init; }

    public int ReviewMonth { get; init; }

    public int PreliminaryAfterYears { get; init; }
}

internal sealed record ScheduledRow
{
    public int Id { get; init; }

    public string Kind { get; init; } = "";

    public int PeriodYear { get; init; }

    public int HostAgencyId { get; init; }

    public string Status { get; init; } = "";

    public int? BaselineReviewId { get; init; }
}

/// <summary>An evaluation's place in the change feed.</summary>
internal sealed record EvaluationChangeRow
{
    public int TaskId { get; init; }

    public DateTimeOffset EvaluatedAt { get; init; }
}

internal sealed record EvaluationRow
{
    public int TaskId { get; init; }

    public string Result { get; init; } = "";

    public string? Comment { get; init; }

    public string EvaluatedBy { get; init; } = "";

    public string EvaluatedByKind { get; init; } = "";

    /// <summary>The level of the comment: its task's classification when it was written.</summary>
    public int Classification { get; init; }

    public DateTimeOffset EvaluatedAt { get; init; }

    /// <summary>The comment is above the caller's clearance and was left out.</summary>
    public bool Redacted { get; init; }
}

internal sealed record PeriodTaskRow
{
    public int PlanYear { get; init; }

    public string TitleVi { get; init; } = "";

    public string TitleEn { get; init; } = "";

    public int? SeriesTaskId { get; init; }

    public int Id { get; init; }

    public string Code { get; init; } = "";

    public string Status { get; init; } = "";

    public string Kind { get; init; } = "";

    public int Classification { get; init; }

    public DateOnly DueDate { get; init; }
}

internal sealed record PlanItemRow
{
    public int TaskId { get; init; }

    public string Origin { get; init; } = "";

    public int? SourceTaskId { get; init; }

    public string? SourceTaskCode { get; init; }
}
