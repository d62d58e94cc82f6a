using System.Globalization;
using CoordinationApi.Features.Audit;
using CoordinationApi.Features.Recognitions;
using CoordinationApi.Features.Reviews;
using CoordinationApi.Features.Tasks;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.OpenApi;
using CoordinationApi.Infrastructure.Security;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CoordinationApi.Features.Exports;

/// <summary>Filters of the task export: those of the task list, without paging.</summary>
public sealed record ExportTasksQuery(
    [Vocabulary(typeof(ExportWriter), nameof(ExportWriter.Formats))] [property: FromQuery(Name = "format")] string? Format,
    [property: FromQuery(Name = "regulationId")] int? RegulationId,
    [Vocabulary(typeof(TaskStatuses), nameof(TaskStatuses.Filterable))] [property: FromQuery(Name = "status")] string[]? Status,
    [property: FromQuery(Name = "leadAgency")] string? LeadAgency,
    [property: FromQuery(Name = "leadUnit")] string? LeadUnit,
    [property: FromQuery(Name = "counterpartUnit")] string? CounterpartUnit,
    [property: FromQuery(Name = "article")] string? Article,
    [property: FromQuery(Name = "planYear")] int? PlanYear,
    [Vocabulary(typeof(ClearanceNames))] [property: FromQuery(Name = "classification")] string? Classification,
    [property: FromQuery(Name = "dueFrom")] DateOnly? DueFrom,
    [property: FromQuery(Name = "dueTo")] DateOnly? DueTo,
    [property: FromQuery(Name = "q")] string? Q,
    [Vocabulary(typeof(TaskSort), nameof(TaskSort.Names))] [property: FromQuery(Name = "sort")] string? Sort) : ITaskListQuery, IExportQuery;

/// <summary>Filters of the unit export.</summary>
/// <param name="Format">csv (default), json, jsonl or xlsx.</param>
/// <param name="Agency">Only this agency's units (code).</param>
public sealed record ExportUnitsQuery([Vocabulary(typeof(ExportWriter), nameof(ExportWriter.Formats))] [property: FromQuery(Name = "format")] string? Format, [property: FromQuery(Name = "agency")] string? Agency) : IExportQuery;

/// <summary>Which text to export.</summary>
/// <param name="Format">csv (default), json, jsonl or xlsx.</param>
/// <param name="RegulationId">The regulation.</param>
/// <param name="Version">The version number; omit for the version in force today.</param>
public sealed record ExportArticlesQuery(
    [Vocabulary(typeof(ExportWriter), nameof(ExportWriter.Formats))] [property: FromQuery(Name = "format")] string? Format, [property: FromQuery(Name = "regulationId")] int RegulationId,
    [property: FromQuery(Name = "version")] int? Version) : IExportQuery;

/// <summary>Filters of the progress report export.</summary>
/// <param name="Format">csv (default), json, jsonl or xlsx.</param>
/// <param name="RegulationId">Only this regulation's tasks.</param>
/// <param name="TaskId">Only this task.</param>
/// <param name="From">Reports dated on or after.</param>
/// <param name="To">Reports dated on or before.</param>
public sealed record ExportReportsQuery(
    [Vocabulary(typeof(ExportWriter), nameof(ExportWriter.Formats))] [property: FromQuery(Name = "format")] string? Format, [property: FromQuery(Name = "regulationId")] int? RegulationId,
    [property: FromQuery(Name = "taskId")] int? TaskId, [property: FromQuery(Name = "from")] DateOnly? From,
    [property: FromQuery(Name = "to")] DateOnly? To) : IExportQuery;

/// <summary>Filters of the review export: those of the review list.</summary>
/// <param name="Format">csv (default), json, jsonl or xlsx.</param>
/// <param name="RegulationId">Only this regulation's reviews.</param>
/// <param name="Year">Only reviews of this plan year.</param>
/// <param name="Status">Only reviews in this status.</param>
/// <param name="HostAgency">Only reviews hosted by this agency.</param>
public sealed record ExportReviewsQuery(
    [Vocabulary(typeof(ExportWriter), nameof(ExportWriter.Formats))] [property: FromQuery(Name = "format")] string? Format, [property: FromQuery(Name = "regulationId")] int? RegulationId,
    [property: FromQuery(Name = "year")] int? Year, [Vocabulary(typeof(ReviewStatuses))] [property: FromQuery(Name = "status")] string? Status,
    [property: FromQuery(Name = "hostAgency")] string? HostAgency) : IExportQuery;

/// <summary>Filters of the evaluation export.</summary>
/// <param name="Format">csv (default), json, jsonl or xlsx.</param>
/// <param name="RegulationId">Only this regulation's reviews.</param>
/// <param name="ReviewId">Only this review.</param>
/// <param name="Year">Only reviews of this plan year.</param>
public sealed record ExportEvaluationsQuery(
    [Vocabulary(typeof(ExportWriter), nameof(ExportWriter.Formats))] [property: FromQuery(Name = "format")] string? Format, [property: FromQuery(Name = "regulationId")] int? RegulationId,
    [property: FromQuery(Name = "reviewId")] int? ReviewId, [property: FromQuery(Name = "year")] int? Year) : IExportQuery;

/// <summary>Filters of the recognition export: those of the recognition list.</summary>
/// <param name="Format">csv (default), json, jsonl or xlsx.</param>
/// <param name="AwardingAgency">Given by this agency.</param>
/// <param name="RecipientAgency">Received by this agency's people or units.</param>
/// <param name="Year">Awarded in this year.</param>
public sealed record ExportRecognitionsQuery(
    [Vocabulary(typeof(ExportWriter), nameof(ExportWriter.Formats))] [property: FromQuery(Name = "format")] string? Format, [property: FromQuery(Name = "awardingAgency")] string? AwardingAgency,
    [property: FromQuery(Name = "recipientAgency")] string? RecipientAgency, [property: FromQuery(Name = "year")] int? Year) : IExportQuery;

/// <summary>Filters of the audit export: those of the audit trail, without paging.</summary>
/// <param name="Format">csv (default), json, jsonl or xlsx.</param>
/// <param name="Actor">Username or API client name.</param>
/// <param name="EntityType">Kind of record.</param>
/// <param name="EntityId">A record's id.</param>
/// <param name="Action">e.g. <c>task.create</c>.</param>
/// <param name="From">From this instant.</param>
/// <param name="To">Until this instant.</param>
public sealed record ExportAuditQuery(
    [Vocabulary(typeof(ExportWriter), nameof(ExportWriter.Formats))] [property: FromQuery(Name = "format")] string? Format, [property: FromQuery(Name = "actor")] string? Actor,
    [property: FromQuery(Name = "entityType")] string? EntityType, [property: FromQuery(Name = "entityId")] string? EntityId,
    [property: FromQuery(Name = "action")] string? Action, [property: FromQuery(Name = "from")] DateTimeOffset? From,
    [property: FromQuery(Name = "to")] DateTimeOffset? To) : IExportQuery;

public interface IExportQuery
{
    string? Format { get; }
}

internal sealed class ExportQueryRules<T> : AbstractValidator<T>
    where T : IExportQuery
{
    public ExportQueryRules() => RuleFor(q => q.Format).MaximumLength(Bounds.Code).Must(f => f is null || ExportWriter.Formats.ContainsKey(f))
        .WithMessage($"The format must be one of: {string.Join(", ", ExportWriter.Formats.Keys)}.");
}

internal sealed class ExportTasksQueryValidator : AbstractValidator<ExportTasksQuery>
{
    public ExportTasksQueryValidator()
    {
        Include(new ExportQueryRules<ExportTasksQuery>());
        Include(new TaskListQueryRules<ExportTasksQuery>());
    }
}

internal sealed class ExportUnitsQueryValidator : AbstractValidator<ExportUnitsQuery>
{
    public ExportUnitsQueryValidator()
    {
        Include(new ExportQueryRules<ExportUnitsQuery>());
        RuleFor(q => q.Agency).MaximumLength(Bounds.Code);
    }
}

internal sealed class ExportArticlesQueryValidator : AbstractValidator<ExportArticlesQuery>
{
    public ExportArticlesQueryValidator()
    {
        Include(new ExportQueryRules<ExportArticlesQuery>());
        RuleFor(q => q.RegulationId).IsId();
        RuleFor(q => q.Version).IsId();
    }
}

internal sealed class ExportReportsQueryValidator : AbstractValidator<ExportReportsQuery>
{
    public ExportReportsQueryValidator()
    {
        Include(new ExportQueryRules<ExportReportsQuery>());
        RuleFor(q => q.RegulationId).IsId();
        RuleFor(q => q.TaskId).IsId();
        RuleFor(q => q.From).IsDate();
        RuleFor(q => q.To).IsDate();
    }
}

internal sealed class ExportReviewsQueryValidator : AbstractValidator<ExportReviewsQuery>
{
    public ExportReviewsQueryValidator()
    {
        Include(new ExportQueryRules<ExportReviewsQuery>());
        RuleFor(q => q.RegulationId).IsId();
        RuleFor(q => q.Year).IsYear();
        RuleFor(q => q.HostAgency).MaximumLength(Bounds.Code);
        RuleFor(q => q.Status).MaximumLength(Bounds.Code).Must(s => s is null || ReviewStatuses.All.Contains(s)).WithMessage($"Status must be one of: {string.Join(", ", ReviewStatuses.All)}.");
    }
}

internal sealed class ExportEvaluationsQueryValidator : AbstractValidator<ExportEvaluationsQuery>
{
    public ExportEvaluationsQueryValidator()
    {
        Include(new ExportQueryRules<ExportEvaluationsQuery>());
        RuleFor(q => q.RegulationId).IsId();
        RuleFor(q => q.ReviewId).IsId();
        RuleFor(q => q.Year).IsYear();
    }
}

internal sealed class ExportRecognitionsQueryValidator : AbstractValidator<ExportRecognitionsQuery>
{
    public ExportRecognitionsQueryValidator()
    {
        Include(new ExportQueryRules<ExportRecognitionsQuery>());
        RuleFor(q => q.Year).IsYear();
        RuleFor(q => q.AwardingAgency).MaximumLength(Bounds.Code);
        RuleFor(q => q.RecipientAgency).MaximumLength(Bounds.Code);
    }
}

internal sealed class ExportAuditQueryValidator : AbstractValidator<ExportAuditQuery>
{
    public ExportAuditQueryValidator()
    {
        Include(new ExportQueryRules<ExportAuditQuery>());
        RuleFor(q => q.Actor).MaximumLength(Bounds.Name);
        RuleFor(q => q.EntityType).MaximumLength(Bounds.Name);
        RuleFor(q => q.EntityId).MaximumLength(Bounds.Name);
        RuleFor(q => q.Action).MaximumLength(Bounds.Name);
        RuleFor(q => q.From).IsInstant();
        RuleFor(q => q.To).IsInstant();
        RuleFor(q => q.To).GreaterThan(q => q.From).When(q => q.From is not null && q.To is not null);
    }
}

/// <summary>What every export handler needs: read connections (a replica where configured), the write scope for its audit
/// entry, agencies and units, and the clock.</summary>
public sealed record ExportServices(DbConnectionFactory Db, WriteScopes Writes, ReferenceData Reference, TimeProvider Clock);

/// <summary>
/// Streamed exports of every dataset, in CSV, JSON, JSON lines or XLSX, with the same filters and the same truth as the
/// list endpoints (scope and clearance filtered in SQL). Each export is recorded in the audit trail: who, what, filters,
/// format and row count.
/// </summary>
public static class ExportsEndpoints
{
    public static RouteGroupBuilder MapExports(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/exports").WithTags("Exports").RequireAccess(Access.Export);
        group.MapGet("/units", ExportUnits).WithName(nameof(ExportUnits));
        group.MapGet("/articles", ExportArticles).WithName(nameof(ExportArticles));
        group.MapGet("/tasks", ExportTasks).WithName(nameof(ExportTasks));
        group.MapGet("/progress-reports", ExportProgressReports).WithName(nameof(ExportProgressReports));
        group.MapGet("/reviews", ExportReviews).WithName(nameof(ExportReviews));
        group.MapGet("/evaluations", ExportEvaluations).WithName(nameof(ExportEvaluations));
        group.MapGet("/recognitions", ExportRecognitions).WithName(nameof(ExportRecognitions));
        api.MapGroup("/exports").WithTags("Exports").RequireAccess(Access.AuditExport)
            .MapGet("/audit", ExportAudit).WithName(nameof(ExportAudit));
        return api;
    }

    /// <summary>Export of the units of the agencies (reference data). Formats: csv (default), json, jsonl, xlsx.</summary>
    public static Results<ExportResult, ValidationProblem> ExportUnits(
        [AsParameters] ExportUnitsQuery query, Caller caller, [AsParameters] ExportServices services)
    {
        var agency = query.Agency is null ? null : services.Reference.Agency(query.Agency);
        if (query.Agency is not null && agency is null)
        {
            return Problems.Invalid("agency", $"'{query.Agency}' is not an agency.");
        }

        return Stream(caller, services, "units", query.Format, query, ExportsSql.Units, new { AgencyId = agency?.Id }, _ => 0,
            Columns<UnitExportRow>(("id", r => r.Id), ("code", r => r.Code), ("agency", r => r.AgencyCode), ("parent", r => r.ParentCode),
                ("tier", r => r.Tier), ("nameVi", r => r.NameVi), ("nameEn", r => r.NameEn)));
    }

    /// <summary>Export of a regulation's text (chapters, articles, clauses, points) of one version. Formats: csv (default), json, jsonl, xlsx.</summary>
    public static Results<ExportResult, ValidationProblem> ExportArticles(
        [AsParameters] ExportArticlesQuery query, Caller caller, [AsParameters] ExportServices services) =>
        Stream(caller, services, "articles", query.Format, query, ExportsSql.Articles(services.Db.Dialect),
            CallerParameters.For(caller, new { query.RegulationId, query.Version, Today = services.Clock.Today() }), _ => 0,
            Columns<ArticleExportRow>(("regulationId", r => r.RegulationId), ("version", r => r.VersionNumber), ("aknId", r => r.AknId),
                ("parentAknId", r => r.ParentAknId), ("kind", r => r.Kind), ("num", r => r.Num), ("headingVi", r => r.HeadingVi),
                ("headingEn", r => r.HeadingEn), ("textVi", r => r.TextVi), ("textEn", r => r.TextEn), ("isSummary", r => r.IsSummary)));

    /// <summary>
    /// Export of the joint tasks with the task list's filters and sort: the same rows, in the same order, as the list gives the
    /// same caller. Counterparts and citations are joined with <c>|</c>. Formats: csv (default), json, jsonl, xlsx.
    /// </summary>
    public static Results<ExportResult, ValidationProblem> ExportTasks(
        [AsParameters] ExportTasksQuery query, Caller caller, [AsParameters] ExportServices services)
    {
        var (tasks, errors) = ListTasks.Resolve(query, services.Reference);
        if (tasks is null)
        {
            return Problems.Invalid(errors!);
        }

        var today = services.Clock.Today();
        return Stream(caller, services, "tasks", query.Format, query, tasks.Export(services.Db.Dialect, TaskSort.Parse(query.Sort)!),
            tasks.Parameters(caller, today), r => r.Classification,
            Columns<TaskExportRow>(("id", r => r.Id), ("regulationId", r => r.RegulationId), ("code", r => r.Code), ("titleVi", r => r.TitleVi),
                ("titleEn", r => r.TitleEn), ("leadUnitCode", r => r.LeadUnitCode), ("leadAgencyCode", r => r.LeadAgencyCode),
                ("counterpartUnitCodes", r => Split(r.CounterpartCodes)), ("citations", r => Split(r.Citations)),
                ("classification", r => ((Clearance)r.Classification).ToName()), ("kind", r => r.Kind), ("planYear", r => r.PlanYear),
                ("startDate", r => r.StartDate), ("dueDate", r => r.DueDate), ("priority", r => r.Priority), ("status", r => r.Status),
                ("overdue", r => TaskStatuses.IsOverdue(r.Status, r.DueDate, today)), ("progress", r => r.Progress),
                ("updatedAt", r => r.UpdatedAt)));
    }

    /// <summary>Export of progress reports on the tasks the caller may see. Formats: csv (default), json, jsonl, xlsx.</summary>
    public static Results<ExportResult, ValidationProblem> ExportProgressReports(
        [AsParameters] ExportReportsQuery query, Caller caller, [AsParameters] ExportServices services) =>
        Stream(caller, services, "progress-reports", query.Format, query, ExportsSql.ProgressReports,
            CallerParameters.For(caller, new { query.RegulationId, query.TaskId, query.From, query.To }), r => r.Classification,
            Columns<ReportExportRow>(("id", r => r.Id), ("taskId", r => r.TaskId), ("taskCode", r => r.TaskCode), ("regulationId", r => r.RegulationId),
                ("reportingUnitCode", r => r.ReportingUnitCode), ("reportDate", r => r.ReportDate), ("percent", r => r.PercentComplete),
                ("narrative", r => r.Narrative), ("attachmentName", r => r.AttachmentName), ("attachmentBytes", r => r.AttachmentBytes),
                ("isCorrection", r => r.IsCorrection), ("createdBy", r => r.CreatedBy), ("createdByKind", r => r.CreatedByKind), ("createdAt", r => r.CreatedAt)));

    /// <summary>Export of the reviews with the review list's filters. Formats: csv (default), json, jsonl, xlsx.</summary>
    public static Results<ExportResult, ValidationProblem> ExportReviews(
        [AsParameters] ExportReviewsQuery query, Caller caller, [AsParameters] ExportServices services)
    {
        var host = query.HostAgency is null ? null : services.Reference.Agency(query.HostAgency);
        if (query.HostAgency is not null && host is null)
        {
            return Problems.Invalid("hostAgency", $"'{query.HostAgency}' is not an agency.");
        }

        return Stream(caller, services, "reviews", query.Format, query, ReviewsSql.List,
            CallerParameters.For(caller, new { query.RegulationId, query.Year, query.Status, HostAgencyId = host?.Id }), _ => 0,
            Columns<ReviewRow>(("id", r => r.Id), ("regulationId", r => r.RegulationId), ("kind", r => r.Kind), ("periodYear", r => r.PeriodYear),
                ("hostAgencyCode", r => r.HostAgencyCode), ("status", r => r.Status), ("plannedMonth", r => r.PlannedMonth),
                ("scheduledOn", r => r.ScheduledOn), ("venue", r => r.Venue), ("chairs", r => r.Chairs), ("attendees", r => r.Attendees),
                ("minutes", r => r.Minutes), ("statusReason", r => r.StatusReason), ("adoptedPlanYear", r => r.AdoptedPlanYear),
                ("concludedAt", r => r.ConcludedAt)));
    }

    /// <summary>Export of the reviews' evaluations of the tasks the caller may see. Formats: csv (default), json, jsonl, xlsx.</summary>
    public static Results<ExportResult, ValidationProblem> ExportEvaluations(
        [AsParameters] ExportEvaluationsQuery query, Caller caller, [AsParameters] ExportServices services) =>
        Stream(caller, services, "evaluations", query.Format, query, ExportsSql.Evaluations,
            CallerParameters.For(caller, new { query.RegulationId, query.ReviewId, query.Year }),
            r => r.Redacted || r.Comment is null ? r.Classification : Math.Max(r.Classification, r.EvaluationClassification),
            Columns<EvaluationExportRow>(("reviewId", r => r.ReviewId), ("reviewKind", r => r.ReviewKind), ("periodYear", r => r.PeriodYear),
                ("taskId", r => r.TaskId), ("taskCode", r => r.TaskCode), ("titleVi", r => r.TitleVi), ("titleEn", r => r.TitleEn),
                ("result", r => r.Result), ("comment", r => r.Comment), ("redacted", r => r.Redacted), ("evaluatedBy", r => r.EvaluatedBy),
                ("evaluatedByKind", r => r.EvaluatedByKind), ("evaluatedAt", r => r.EvaluatedAt)));

    /// <summary>Export of the recognitions with the recognition list's filters. Formats: csv (default), json, jsonl, xlsx.</summary>
    public static Results<ExportResult, ValidationProblem> ExportRecognitions(
        [AsParameters] ExportRecognitionsQuery query, Caller caller, [AsParameters] ExportServices services)
    {
        var awarding = query.AwardingAgency is null ? null : services.Reference.Agency(query.AwardingAgency);
        var recipient = query.RecipientAgency is null ? null : services.Reference.Agency(query.RecipientAgency);
        if ((query.AwardingAgency is not null && awarding is null) || (query.RecipientAgency is not null && recipient is null))
        {
            return Problems.Invalid(awarding is null && query.AwardingAgency is not null ? "awardingAgency" : "recipientAgency", "Not an agency code.");
        }

        return Stream(caller, services, "recognitions", query.Format, query, RecognitionsSql.List, new
        {
            AwardingAgencyId = awarding?.Id, RecipientAgencyId = recipient?.Id,
            From = query.Year is { } y ? new DateOnly(y, 1, 1) : (DateOnly?)null, To = query.Year is { } z ? new DateOnly(z, 12, 31) : (DateOnly?)null,
        }, _ => 0,
            Columns<RecognitionRow>(("id", r => r.Id), ("awardVi", r => r.AwardVi), ("awardEn", r => r.AwardEn), ("awardingAgencyCode", r => r.AwardingAgencyCode),
                ("recipientName", r => r.FullName), ("recipientRankVi", r => r.RankVi), ("recipientPositionVi", r => r.PositionVi),
                ("recipientPositionEn", r => r.PositionEn), ("recipientUnitCode", r => r.UnitCode), ("recipientAgencyCode", r => r.RecipientAgencyCode),
                ("awardedOn", r => r.AwardedOn), ("occasionVi", r => r.OccasionVi), ("occasionEn", r => r.OccasionEn)));
    }

    /// <summary>Export of the audit trail with its filters, oldest first, within the caller's clearance and scope. Formats: csv (default), json, jsonl, xlsx.</summary>
    public static Results<ExportResult, ValidationProblem> ExportAudit(
        [AsParameters] ExportAuditQuery query, Caller caller, [AsParameters] ExportServices services) =>
        Stream(caller, services, "audit", query.Format, query, AuditSql.Export,
            CallerParameters.For(caller, new { query.Actor, query.EntityType, query.EntityId, query.Action, query.From, query.To }), r => r.Classification,
            Columns<AuditEntryRow>(("id", r => r.Id), ("occurredAt", r => r.OccurredAt), ("actorType", r => r.ActorType), ("actorId", r => r.ActorId),
                ("actorName", r => r.ActorName), ("action", r => r.Action), ("entityType", r => r.EntityType), ("entityId", r => r.EntityId),
                ("classification", r => ((Clearance)r.Classification).ToName()), ("before", r => r.BeforeJson), ("after", r => r.AfterJson),
                ("requestId", r => r.RequestId), ("clientIp", r => r.ClientIp), ("prevHash", r => r.PrevHash), ("hash", r => r.Hash)));

    private static ExportColumn<T>[] Columns<T>(params (string Name, Func<T, object?> Value)[] columns) =>
        [.. columns.Select(c => new ExportColumn<T>(c.Name, c.Value))];

    private static string[] Split(string? joined) => joined is null ? [] : joined.Split('|');

    /// <summary>Streams the query's rows in the format asked, then appends the audit entry of the export (in a transaction of its own).</summary>
    private static ExportResult Stream<T>(
        Caller caller, ExportServices services, string dataset, string? format, object filters, string sql,
        object parameters, Func<T, int> classificationOf, IReadOnlyList<ExportColumn<T>> columns) => new(async http =>
    {
        var cancellationToken = http.RequestAborted;
        var chosen = format ?? "csv";
        await using var connection = await services.Db.OpenReadAsync(cancellationToken);
        var highest = 0;
        long rows = 0;
        var completed = false;
        try
        {
            // Counted as each row goes to the response, so an export the client aborts records the rows it was sent
            // (up to one chunk, ~64 KB, may still have been in flight), not 0.
            await ExportWriter.WriteAsync(http, dataset, chosen, connection.QueryUnbufferedAsync<T>(sql, parameters), columns, services.Clock,
                row =>
                {
                    highest = Math.Max(highest, classificationOf(row));
                    rows++;
                }, cancellationToken);
            completed = true;
        }
        finally
        {
            // The rows may come from a read replica; the audit entry goes to the primary.
            await using var write = await services.Writes.BeginAsync(caller, CancellationToken.None);
            await write.AuditReadAsync(new AuditEvent(
                "export", "export", dataset, After: new { dataset, format = chosen, filters, rows, completed }, Classification: (Clearance)highest));
            await write.CommitAsync();
        }
    });
}

internal sealed record UnitExportRow
{
    public int Id { get; init; }

    public string Code { get; init; } = "";

    public string AgencyCode { get; init; } = "";

    public string? ParentCode { get; init; }

    public string Tier { get; init; } = "";

    public string NameVi { get; init; } = "";

    public string NameEn { get; init; } = "";
}

internal sealed record ArticleExportRow
{
    public int RegulationId { get; init; }

    public int VersionNumber { get; init; }

    public string AknId { get; init; } = "";

    public string? ParentAknId { get; init; }

    public string Kind { get; init; } = "";

    public string Num { get; init; } = "";

    public string? HeadingVi { get; init; }

    public string? HeadingEn { get; init; }

    public string? TextVi { get; init; }

    public string? TextEn { get; init; }

    public bool IsSummary { get; init; }
}

/// <summary>A row of the task list, with the counterparts and citations joined by the export's query.</summary>
internal sealed record TaskExportRow : TaskSummaryRow
{
    public string? CounterpartCodes { get; init; }

    public string? Citations { get; init; }
}

/// <summary>A progress report with its task's code, regulation and classification.</summary>
internal sealed record ReportExportRow : ReportRow
{
    public string TaskCode { get; init; } = "";

    public int RegulationId { get; init; }

    public int Classification { get; init; }
}

internal sealed record EvaluationExportRow
{
    public int ReviewId { get; init; }

    public string ReviewKind { get; init; } = "";

    public int PeriodYear { get; init; }

    public int TaskId { get; init; }

    public string TaskCode { get; init; } = "";

    public string TitleVi { get; init; } = "";

    public string TitleEn { get; init; } = "";

    public string Result { get; init; } = "";

    public string? Comment { get; init; }

    /// <summary>The comment was written while the task was classified above the caller's clearance: it is left out.</summary>
    public bool Redacted { get; init; }

    /// <summary>The level of the comment (its task's when it was written), for the audit of the rows sent.</summary>
    public int EvaluationClassification { get; init; }

    public string EvaluatedBy { get; init; } = "";

    public string EvaluatedByKind { get; init; } = "";

    public DateTimeOffset EvaluatedAt { get; init; }

    public int Classification { get; init; }
}
