using System.Globalization;
using CoordinationApi.Features.Audit;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.OpenApi;
using CoordinationApi.Infrastructure.Security;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoordinationApi.Features.Tasks;

/// <summary>A status change.</summary>
/// <param name="To">The target status: assigned, in_progress, completed or cancelled.</param>
/// <param name="Comment">Why; kept in the task's history.</param>
public sealed record TransitionRequest([Vocabulary(typeof(TaskStatuses), nameof(TaskStatuses.Stored))] string To, string? Comment);

internal sealed class TransitionRequestValidator : AbstractValidator<TransitionRequest>
{
    public TransitionRequestValidator()
    {
        RuleFor(r => r.To).MaximumLength(Bounds.Code).Must(TaskStatuses.Stored.Contains).WithMessage($"The target status must be one of: {string.Join(", ", TaskStatuses.Stored)}.");
        RuleFor(r => r.Comment).MaximumLength(2000);
    }
}

public static class TransitionTask
{
    /// <summary>
    /// Moves a task through its workflow: assign, start, complete, cancel, reopen. An illegal move is a 409 problem
    /// naming the moves allowed from the current status; a legal move the caller may not make is a 403.
    /// </summary>
    /// <param name="id">Task id.</param>
    public static async Task<Results<Ok<TaskDto>, ProblemHttpResult>> Handle(
        int id, TransitionRequest request, Caller caller, [AsParameters] TaskServices services, HttpContext http, CancellationToken cancellationToken)
    {
        await using var write = await services.Writes.BeginAsync(caller, cancellationToken);
        var (connection, transaction) = write;
        var now = write.Now;
        var tasks = TaskStore.Of(write, services.Reference);
        if (await tasks.LoadAsync(caller, id) is not var (row, before))
        {
            return TaskStore.NotFound(id);
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

        await tasks.AddHistoryAsync(id, caller, row.Classification, TaskHistoryKinds.Transition, row.Status, request.To, request.Comment);
        await TaskEvents.StatusChangedAsync(write, id, row.Status, request.To);
        var (updated, after) = (await tasks.LoadAsync(caller, id))!.Value;
        await write.AuditAsync(new AuditEvent(
            $"task.{request.To}", "task", id.ToString(CultureInfo.InvariantCulture),
            new { status = row.Status, row.Progress }, new { status = request.To, progress, comment = request.Comment },
            (Clearance)row.Classification, row.RegulationId));
        await write.CommitAsync();

        Concurrency.SetETag(http, updated.RowVersion);
        return TypedResults.Ok(after);
    }
}
