using System.Globalization;
using CoordinationApi.Features.Audit;
using CoordinationApi.Features.Evidence;
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

/// <summary>Filters of the evidence manifest.</summary>
/// <param name="Format">csv (default), json, jsonl or xlsx.</param>
/// <param name="RegulationId">Only this regulation's files.</param>
/// <param name="TaskId">Only the files of this task's reports.</param>
/// <param name="ReviewId">Only the files of this review's minutes.</param>
public sealed record ExportEvidenceQuery(
    [Vocabulary(typeof(ExportWriter), nameof(ExportWriter.Formats))] [property: FromQuery(Name = "format")] string? Format, [property: FromQuery(Name = "regulationId")] int? RegulationId,
    [property: FromQuery(Name = "taskId")] int? TaskId, [property: FromQuery(Name = "reviewId")] int? ReviewId) : IExportQuery;

internal sealed class ExportEvidenceQueryValidator : AbstractValidator<ExportEvidenceQuery>
{
    public ExportEvidenceQueryValidator()
    {
        Include(new ExportQueryRules<ExportEvidenceQuery>());
        RuleFor(q => q.RegulationId).IsId();
        RuleFor(q => q.TaskId).IsId();
        RuleFor(q => q.ReviewId).IsId();
    }
}

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
        group.MapGet("/evidence", ExportEvidence).WithName(nameof(ExportEvidence));
        api.MapGroup("/exports").WithTags("Exports").RequireAccess(Access.AuditExport)
            .MapGet("/audit", ExportAudit).WithName(nameof(ExportAudit));
        return api;
    }

    /// <summary>Export of the units of the agencies (reference data). Formats: csv (default), json, jsonl, xlsx.</summary>
    public static Results<ExportResult<UnitExportItem>, ValidationProblem> ExportUnits(
        [AsParameters] ExportUnitsQuery query, Caller caller, [AsParameters] ExportServices services)
    {
        var agency = query.Agency is null ? null : services.Reference.Agency(query.Agency);
        if (query.Agency is not null && agency is null)
        {
            return Problems.Invalid("agency", $"'{query.Agency}' is not an agency.");
        }

        return Stream(caller, services, "units", query.Format, query, ExportsSql.Units, new { AgencyId = agency?.Id }, _ => 0,
            (UnitExportRow r) => new UnitExportItem(r.Id, r.Code, r.AgencyCode, r.ParentCode, r.Tier, r.NameVi, r.NameEn));
    }

    /// <summary>Export of a regulation's text (chapters, articles, clauses, points) of one version. Formats: csv (default), json, jsonl, xlsx.</summary>
    public static Results<ExportResult<ArticleExportItem>, ValidationProblem> ExportArticles(
        [AsParameters] ExportArticlesQuery query, Caller caller, [AsParameters] ExportServices services) =>
        Stream(caller, services, "articles", query.Format, query, ExportsSql.Articles(services.Db.Dialect),
            CallerParameters.For(caller, new { query.RegulationId, query.Version, Today = services.Clock.Today() }), _ => 0,
            (ArticleExportRow r) => new ArticleExportItem(r.RegulationId, r.VersionNumber, r.AknId, r.ParentAknId, r.Kind, r.Num, r.HeadingVi,
                r.HeadingEn, r.TextVi, r.TextEn, r.IsSummary));

    /// <summary>
    /// Export of the joint tasks with the task list's filters and sort: the same rows, in the same order, as the list gives the
    /// same caller. Counterparts and citations are joined with <c>|</c>. Formats: csv (default), json, jsonl, xlsx.
    /// </summary>
    public static Results<ExportResult<TaskExportItem>, ValidationProblem> ExportTasks(
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
            (TaskExportRow r) => new TaskExportItem(r.Id, r.RegulationId, r.Code, r.TitleVi, r.TitleEn, r.LeadUnitCode, r.LeadAgencyCode,
                Split(r.CounterpartCodes), Split(r.Citations), ((Clearance)r.Classification).ToName(), r.Kind, r.PlanYear, r.StartDate, r.DueDate,
                r.Priority, r.Status, TaskStatuses.IsOverdue(r.Status, r.DueDate, today), r.Progress, r.UpdatedAt));
    }

    /// <summary>Export of progress reports on the tasks the caller may see. Formats: csv (default), json, jsonl, xlsx.</summary>
    public static Results<ExportResult<ProgressReportExportItem>, ValidationProblem> ExportProgressReports(
        [AsParameters] ExportReportsQuery query, Caller caller, [AsParameters] ExportServices services) =>
        Stream(caller, services, "progress-reports", query.Format, query, ExportsSql.ProgressReports,
            CallerParameters.For(caller, new { query.RegulationId, query.TaskId, query.From, query.To }), r => r.Classification,
            (ReportExportRow r) => new ProgressReportExportItem(r.Id, r.TaskId, r.TaskCode, r.RegulationId, r.ReportingUnitCode, r.ReportDate,
                r.PercentComplete, r.Narrative, r.AttachmentName, r.AttachmentBytes, r.IsCorrection, r.CreatedBy, r.CreatedByKind, r.CreatedAt));

    /// <summary>Export of the reviews with the review list's filters. Formats: csv (default), json, jsonl, xlsx.</summary>
    public static Results<ExportResult<ReviewExportItem>, ValidationProblem> ExportReviews(
        [AsParameters] ExportReviewsQuery query, Caller caller, [AsParameters] ExportServices services)
    {
        var host = query.HostAgency is null ? null : services.Reference.Agency(query.HostAgency);
        if (query.HostAgency is not null && host is null)
        {
            return Problems.Invalid("hostAgency", $"'{query.HostAgency}' is not an agency.");
        }

        return Stream(caller, services, "reviews", query.Format, query, ReviewsSql.List,
            CallerParameters.For(caller, new { query.RegulationId, query.Year, query.Status, HostAgencyId = host?.Id }), _ => 0,
            (ReviewRow r) => new ReviewExportItem(r.Id, r.RegulationId, r.Kind, r.PeriodYear, r.HostAgencyCode, r.Status, r.PlannedMonth, r.ScheduledOn,
                r.Venue, r.Chairs, r.Attendees, r.Minutes, r.StatusReason, r.AdoptedPlanYear, r.ConcludedAt));
    }

    /// <summary>Export of the reviews' evaluations of the tasks the caller may see. Formats: csv (default), json, jsonl, xlsx.</summary>
    public static Results<ExportResult<EvaluationExportItem>, ValidationProblem> ExportEvaluations(
        [AsParameters] ExportEvaluationsQuery query, Caller caller, [AsParameters] ExportServices services) =>
        Stream(caller, services, "evaluations", query.Format, query, ExportsSql.Evaluations,
            CallerParameters.For(caller, new { query.RegulationId, query.ReviewId, query.Year }),
            r => r.Redacted || r.Comment is null ? r.Classification : Math.Max(r.Classification, r.EvaluationClassification),
            (EvaluationExportRow r) => new EvaluationExportItem(r.ReviewId, r.ReviewKind, r.PeriodYear, r.TaskId, r.TaskCode, r.TitleVi, r.TitleEn,
                r.Result, r.Comment, r.Redacted, r.EvaluatedBy, r.EvaluatedByKind, r.EvaluatedAt));

    /// <summary>Export of the recognitions with the recognition list's filters. Formats: csv (default), json, jsonl, xlsx.</summary>
    public static Results<ExportResult<RecognitionExportItem>, ValidationProblem> ExportRecognitions(
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
            (RecognitionRow r) => new RecognitionExportItem(r.Id, r.AwardVi, r.AwardEn, r.AwardingAgencyCode, r.FullName, r.RankVi, r.PositionVi,
                r.PositionEn, r.UnitCode, r.RecipientAgencyCode, r.AwardedOn, r.OccasionVi, r.OccasionEn));
    }

    /// <summary>
    /// The evidence manifest: every evidence file the caller may see (within their clearance, of tasks they see), with its
    /// SHA-256, size, media type and what it is evidence of (task and report, or review), oldest first. Check a set of
    /// downloaded files against it. Formats: csv (default), json, jsonl, xlsx.
    /// </summary>
    public static Results<ExportResult<EvidenceExportItem>, ValidationProblem> ExportEvidence(
        [AsParameters] ExportEvidenceQuery query, Caller caller, [AsParameters] ExportServices services) =>
        Stream(caller, services, "evidence", query.Format, query, EvidenceSql.Manifest,
            CallerParameters.For(caller, new { query.RegulationId, query.TaskId, query.ReviewId }), r => r.Classification,
            (EvidenceManifestRow r) => new EvidenceExportItem(r.Id, r.FileName, r.MediaType, r.SizeBytes, r.Sha256, ((Clearance)r.Classification).ToName(),
                r.RegulationId, r.TaskId, r.TaskCode, r.ReportId, r.ReviewId, r.UploadedAt, r.UploadedBy, r.UploadedByKind));

    /// <summary>Export of the audit trail with its filters, oldest first, within the caller's clearance and scope. Formats: csv (default), json, jsonl, xlsx.</summary>
    public static Results<ExportResult<AuditExportItem>, ValidationProblem> ExportAudit(
        [AsParameters] ExportAuditQuery query, Caller caller, [AsParameters] ExportServices services) =>
        Stream(caller, services, "audit", query.Format, query, AuditSql.Export,
            CallerParameters.For(caller, new { query.Actor, query.EntityType, query.EntityId, query.Action, query.From, query.To }), r => r.Classification,
            (AuditEntryRow r) => new AuditExportItem(r.Id, r.OccurredAt, r.ActorType, r.ActorId, r.ActorName, r.Action, r.EntityType, r.EntityId,
                ((Clearance)r.Classification).ToName(), r.BeforeJson, r.AfterJson, r.RequestId, r.ClientIp, r.PrevHash, r.Hash));

    private static string[] Split(string? joined) => joined is null ? [] : joined.Split('|');

    /// <summary>
    /// Streams the query's rows, each projected onto its export item, in the format asked by <c>format</c> or else negotiated
    /// from <c>Accept</c> (406 when none is acceptable), then appends the audit entry of the export (in a transaction of its own).
    /// </summary>
    private static ExportResult<TItem> Stream<T, TItem>(
        Caller caller, ExportServices services, string dataset, string? format, object filters, string sql,
        object parameters, Func<T, int> classificationOf, Func<T, TItem> project) => new(async http =>
    {
        var cancellationToken = http.RequestAborted;
        var chosen = ExportWriter.Negotiate(format, http.Request);
        if (chosen is null)
        {
            // Built whole here: the problem-details service would not customise it, as Accept refuses JSON too.
            await TypedResults.Problem(new ProblemDetails
            {
                Type = ProblemTypes.For(StatusCodes.Status406NotAcceptable),
                Status = StatusCodes.Status406NotAcceptable,
                Title = "Not acceptable.",
                Detail = $"Accept allows none of the export's media types: {string.Join(", ", ExportWriter.Formats.Values.Select(f => f.ContentType))}; "
                    + "or ask with format=csv|json|jsonl|xlsx.",
                Instance = http.Request.Path,
                Extensions = { ["traceId"] = ProblemDetailsSetup.TraceId(http) },
            }).ExecuteAsync(http);
            return;
        }

        if (HeadRequests.IsHead(http))
        {
            // HEAD: the GET's headers (media type, file name) and no rows: nothing is read, so nothing is audited as exported.
            await ExportWriter.WriteAsync(http, dataset, chosen, AsyncEnumerable.Empty<TItem>(), ExportItemColumns<TItem>.Columns,
                services.Clock, static _ => { }, cancellationToken);
            return;
        }

        await using var connection = await services.Db.OpenReadAsync(cancellationToken);
        var highest = 0;
        long rows = 0;
        var completed = false;

        async IAsyncEnumerable<TItem> Project(IAsyncEnumerable<T> source)
        {
            await foreach (var row in source.WithCancellation(cancellationToken))
            {
                highest = Math.Max(highest, classificationOf(row));
                rows++;
                yield return project(row);
            }
        }

        try
        {
            // Counted as each row goes to the response, so an export the client aborts records the rows it was sent
            // (up to one chunk, ~64 KB, may still have been in flight), not 0.
            await ExportWriter.WriteAsync(http, dataset, chosen, Project(connection.QueryUnbufferedAsync<T>(sql, parameters)), ExportItemColumns<TItem>.Columns,
                services.Clock, static _ => { }, cancellationToken);
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
