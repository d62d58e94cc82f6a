using System.Globalization;
using CoordinationApi.Features.Audit;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.Security;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoordinationApi.Features.Tasks;

public static partial class TasksEndpoints
{
    /// <summary>
    /// Reports progress on a task in progress. Officers of the lead or a counterpart unit report for their unit; the percent
    /// may not go down unless a coordinator corrects it. The task's progress follows its latest report.
    /// Accepts an <c>Idempotency-Key</c>.
    /// </summary>
    /// <param name="id">Task id.</param>
    public static async Task<Results<Created<ProgressReportDto>, ValidationProblem, ProblemHttpResult>> CreateProgressReport(
        int id, ProgressReportRequest request, Caller caller, WriteScopes writes, ReferenceData reference, HttpContext http, CancellationToken cancellationToken)
    {
        if (Idempotency.TryReadKey(http, out var idempotencyKey) is { } badKey)
        {
            return badKey;
        }

        await using var write = await writes.BeginAsync(caller, cancellationToken);
        var (connection, transaction) = write;
        var now = write.Now;
        var today = write.Today;
        var requestHash = Idempotency.HashOf(new { id, request });
        async Task<ProgressReportDto?> IfVisible(ProgressReportDto report) =>
            await connection.QuerySingleOrDefaultAsync<TaskRow>(TasksSql.Row, CallerParameters.For(caller, new { Id = id }), transaction) is { } task
                ? report with { Of = task.AuditedAs() }
                : null;
        if (await write.ReplayAsync<ProgressReportDto>(http, idempotencyKey, requestHash, IfVisible) is { } earlier)
        {
            return earlier.Problem is { } problem ? problem : earlier.Replay!;
        }

        // The task is locked before it is read: its status and progress decide this report, and a concurrent report must
        // not write the task's progress from a latest report older than this one.
        await connection.ExecuteAsync(TasksSql.LockTask, new { Id = id }, transaction);
        if (await connection.QuerySingleOrDefaultAsync<TaskRow>(TasksSql.Row, CallerParameters.For(caller, new { Id = id }), transaction) is not { } task)
        {
            return NoSuchTask(id);
        }

        var parties = await PartiesAsync(connection, transaction, task);
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

        if (request.ReportDate > today)
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
            request.AttachmentBytes, IsCorrection = isCorrection, CreatedBy = caller.Name, CreatedByKind = caller.AuthorKind, Now = now,
        }, transaction);
        await connection.ExecuteAsync(TasksSql.ProgressFromLatestReport(write.Dialect), new { Id = id, Now = now }, transaction);
        await AddHistoryAsync(connection, transaction, id, caller, task.Classification, "report", now, comment: request.Narrative,
            changes: new { percent = request.Percent, unit = unit.Code, isCorrection });
        var report = (await connection.QuerySingleAsync<ReportRow>(TasksSql.Report, new { Id = reportId }, transaction)).ToDto();
        await write.AuditAsync(new AuditEvent(
            "task.report", "progress-report", reportId.ToString(CultureInfo.InvariantCulture), new { task.Progress }, report,
            (Clearance)task.Classification, task.RegulationId));
        var location = $"/api/v1/tasks/{id}/reports";
        // A concurrent request with the same key may have been saved first: then this one's work is rolled back, its result replayed.
        if (await write.RememberAsync(http, idempotencyKey, requestHash, location, report, IfVisible) is { } winner)
        {
            return winner.Problem is { } problem ? problem : winner.Replay!;
        }

        await write.CommitAsync();
        return TypedResults.Created(location, report);
    }
}
