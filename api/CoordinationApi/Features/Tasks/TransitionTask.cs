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
    /// Moves a task through its workflow: assign, start, complete, cancel, reopen. An illegal move is a 409 problem
    /// naming the moves allowed from the current status; a legal move the caller may not make is a 403.
    /// </summary>
    /// <param name="id">Task id.</param>
    public static async Task<Results<Ok<TaskDto>, ProblemHttpResult>> TransitionTask(
        int id, TransitionRequest request, Caller caller, WriteScopes writes, ReferenceData reference, HttpContext http, CancellationToken cancellationToken)
    {
        await using var write = await writes.BeginAsync(caller, cancellationToken);
        var (connection, transaction) = write;
        var now = write.Now;
        var today = write.Today;
        if (await LoadAsync(connection, transaction, caller, reference, id, today) is not var (row, before))
        {
            return NoSuchTask(id);
        }

        var legal = TaskWorkflow.MovesFrom(row.Status);
        if (!legal.Contains(request.To))
        {
            return Problems.Conflict(
                "This status change is not allowed.",
                legal.Count == 0
                    ? $"A {row.Status} task cannot change status."
                    : $"From {row.Status} a task can only move to: {string.Join(", ", legal)}.",
                new Dictionary<string, object?> { ["currentStatus"] = row.Status, ["allowed"] = legal, ["allowedForYou"] = before.AllowedTransitions });
        }

        if (!before.AllowedTransitions.Contains(request.To))
        {
            return TypedResults.Problem(
                "Coordinators assign, cancel and reopen tasks; officers of the lead unit start and complete them.",
                statusCode: StatusCodes.Status403Forbidden, title: $"You may not move this task to {request.To}.");
        }

        var progress = request.To == TaskStatuses.Completed ? 100 : row.Progress;
        var changed = await connection.ExecuteAsync(TasksSql.SetStatus, new
        {
            Id = id, From = row.Status, request.To, Progress = progress, Now = now,
            CompletedAt = request.To == TaskStatuses.Completed ? now : (DateTimeOffset?)null,
        }, transaction);
        if (changed == 0)
        {
            return Problems.Conflict("The task changed meanwhile.", "Read the task again and retry.");
        }

        await AddHistoryAsync(connection, transaction, id, caller, row.Classification, "transition", now, row.Status, request.To, request.Comment);
        var (updated, after) = (await LoadAsync(connection, transaction, caller, reference, id, today))!.Value;
        await write.AuditAsync(new AuditEvent(
            $"task.{request.To}", "task", id.ToString(CultureInfo.InvariantCulture),
            new { status = row.Status, row.Progress }, new { status = request.To, progress, comment = request.Comment },
            (Clearance)row.Classification, row.RegulationId));
        await write.CommitAsync();

        Concurrency.SetETag(http, updated.RowVersion);
        return TypedResults.Ok(after);
    }
}
