using System.Globalization;
using CoordinationApi.Features.Audit;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.Security;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoordinationApi.Features.Tasks;

/// <summary>A progress report on a task.</summary>
/// <param name="ReportDate">The date the report speaks for; not in the future.</param>
/// <param name="Percent">Percent complete, 0–100; not below the last report unless a coordinator corrects it.</param>
/// <param name="Narrative">What was done.</param>
/// <param name="ReportingUnitCode">The unit reporting; defaults to the caller's unit.</param>
/// <param name="AttachmentName">Name of an attached document (metadata only).</param>
/// <param name="AttachmentBytes">Its size in bytes.</param>
public sealed record ProgressReportRequest(
    DateOnly ReportDate, int Percent, string Narrative, string? ReportingUnitCode, string? AttachmentName, long? AttachmentBytes);

internal sealed class ProgressReportRequestValidator : AbstractValidator<ProgressReportRequest>
{
    public ProgressReportRequestValidator()
    {
        RuleFor(r => r.ReportDate).IsDate();
        RuleFor(r => r.Percent).InclusiveBetween(0, 100);
        RuleFor(r => r.Narrative).NotEmpty().MaximumLength(10_000);
        RuleFor(r => r.ReportingUnitCode).MaximumLength(32);
        RuleFor(r => r.AttachmentName).MaximumLength(400);
        RuleFor(r => r.AttachmentBytes).InclusiveBetween(0, 100L * 1024 * 1024).When(r => r.AttachmentBytes is not null);
        RuleFor(r => r.AttachmentBytes).NotNull().When(r => r.AttachmentName is not null).WithMessage("Give the attachment's size.");
    }
}

public static class CreateProgressReport
{
    /// <summary>
    /// Reports progress on a task in progress. Officers of the lead or a counterpart unit report for their unit; the percent
    /// may not go down unless a coordinator corrects it. The task's progress follows its latest report.
    /// Accepts an <c>Idempotency-Key</c>.
    /// </summary>
    /// <param name="id">Task id.</param>
    public static async Task<Results<Created<ProgressReportDto>, ValidationProblem, ProblemHttpResult>> Handle(
        int id, ProgressReportRequest request, Caller caller, [AsParameters] TaskServices services, HttpContext http, CancellationToken cancellationToken)
    {
        if (Idempotency.TryReadKey(http, out var idempotencyKey) is { } badKey)
        {
            return badKey;
        }

        await using var write = await services.Writes.BeginAsync(caller, cancellationToken);
        var (connection, transaction) = write;
        var reference = services.Reference;
        var tasks = TaskStore.Of(write, reference);
        var requestHash = Idempotency.HashOf(new { id, request });
        async Task<ProgressReportDto?> IfVisible(ProgressReportDto report) =>
            await tasks.RowAsync(caller, id) is { } task ? report with { Of = task.AuditedAs() } : null;
        if (await write.ReplayAsync<ProgressReportDto>(http, idempotencyKey, requestHash, IfVisible) is { } earlier)
        {
            return earlier.Problem is { } problem ? problem : earlier.Replay!;
        }

        // The task is locked before it is read: its status and progress decide this report, and a concurrent report must
        // not write the task's progress from a latest report older than this one.
        await tasks.LockAsync(id);
        if (await tasks.RowAsync(caller, id) is not { } task)
        {
            return TaskStore.NotFound(id);
        }

        var parties = await tasks.PartiesAsync(task);
        if (!parties.MayReport(caller, reference))
        {
            return TypedResults.Problem("Officers of the lead or a counterpart unit, and coordinators, report progress.",
                statusCode: StatusCodes.Status403Forbidden, title: "You may not report progress on this task.");
        }

        if (task.Status != TaskStatuses.InProgress)
        {
            return Problems.Conflict("Progress is reported on a task in progress.", $"The task is {task.Status}.");
        }

        var errors = new Dictionary<string, string[]>();
        var unit = reference.Unit(request.ReportingUnitCode ?? caller.UnitCode);
        var taskUnits = parties.CounterpartUnitIds.Append(task.LeadUnitId).ToHashSet();
        var isCoordinator = caller.IsInRole(Roles.Coordinator);
        if (unit is null || !taskUnits.Contains(unit.Id))
        {
            errors["reportingUnitCode"] = ["Name the lead or a counterpart unit of the task that is reporting."];
        }
        else if (caller.Kind == CallerKind.User && !isCoordinator && unit.Id != caller.UnitId)
        {
            errors["reportingUnitCode"] = ["An officer reports for their own unit."];
        }
        else if (caller.Kind == CallerKind.Client && unit.AgencyId != caller.AgencyId)
        {
            errors["reportingUnitCode"] = ["An agency system reports for a unit of its own agency."];
        }

        if (request.ReportDate > write.Today)
        {
            errors["reportDate"] = ["A report cannot be dated in the future."];
        }
        else if (request.ReportDate < task.StartDate)
        {
            errors["reportDate"] = [$"The task starts on {task.StartDate:yyyy-MM-dd}."];
        }

        var isCorrection = request.Percent < task.Progress;
        if (isCorrection && !isCoordinator)
        {
            errors["percent"] = [$"Progress cannot go down from {task.Progress}%; a coordinator can correct it."];
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var reportId = await connection.ExecuteScalarAsync<int>(TasksSql.InsertReport(write.Dialect), new
        {
            TaskId = id, task.Classification, ReportingUnitId = unit!.Id, request.ReportDate, request.Percent, request.Narrative, request.AttachmentName,
            request.AttachmentBytes, IsCorrection = isCorrection, CreatedBy = caller.Name, CreatedByKind = caller.AuthorKind, write.Now,
        }, transaction);
        await connection.ExecuteAsync(TasksSql.ProgressFromLatestReport(write.Dialect), new { Id = id, write.Now }, transaction);
        await tasks.AddHistoryAsync(id, caller, task.Classification, TaskHistoryKinds.Report, comment: request.Narrative,
            changes: new { percent = request.Percent, unit = unit.Code, isCorrection });
        await TaskEvents.ProgressReportedAsync(write, id, reportId, request.Percent, unit.Code);
        var report = (await connection.QuerySingleAsync<ReportRow>(TasksSql.Report, new { Id = reportId }, transaction)).ToDto();
        await write.AuditAsync(new AuditEvent(
            "task.report", "progress-report", reportId.ToString(CultureInfo.InvariantCulture), new { task.Progress }, report,
            (Clearance)task.Classification, task.RegulationId));
        var location = $"/api/v1/tasks/{id}/reports/{reportId}";
        // A concurrent request with the same key may have been saved first: then this one's work is rolled back, its result replayed.
        if (await write.RememberAsync(http, idempotencyKey, requestHash, location, report, IfVisible) is { } winner)
        {
            return winner.Problem is { } problem ? problem : winner.Replay!;
        }

        await write.CommitAsync();
        return TypedResults.Created(location, report);
    }
}
