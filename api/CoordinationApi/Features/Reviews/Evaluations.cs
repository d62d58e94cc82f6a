using System.Globalization;
using CoordinationApi.Features.Audit;
using CoordinationApi.Features.Tasks;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.Security;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoordinationApi.Features.Reviews;

public static partial class ReviewsEndpoints
{
    /// <summary>The tasks of the review's period with their evaluations, and the baseline review's results beside them.</summary>
    /// <param name="id">Review id.</param>
    public static async Task<Results<Ok<List<EvaluationDto>>, ProblemHttpResult>> ListEvaluations(
        int id, Caller caller, DbConnectionFactory db, TimeProvider clock, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var review = await connection.QuerySingleOrDefaultAsync<ReviewRow>(new CommandDefinition(
            ReviewsSql.One, CallerParameters.For(caller, new { Id = id }), cancellationToken: cancellationToken));
        return review is null
            ? NoSuchReview(id)
            : TypedResults.Ok(await EvaluationGridAsync(connection, null, db.Dialect, caller, review, clock.Today()));
    }

    /// <summary>Records (or replaces) the result of one task of the period. Coordinators of every party.</summary>
    /// <param name="id">Review id.</param>
    /// <param name="taskId">Task id.</param>
    public static async Task<Results<Ok<EvaluationDto>, ProblemHttpResult>> EvaluateTask(
        int id, int taskId, EvaluationRequest request, Caller caller, DbConnectionFactory db, AuditTrail audit, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var writing = await db.WriteLockAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var review = await connection.QuerySingleOrDefaultAsync<ReviewRow>(ReviewsSql.One, CallerParameters.For(caller, new { Id = id }), transaction);
        if (review is null)
        {
            return NoSuchReview(id);
        }

        if (!ReviewStatuses.Evaluable(review.Status))
        {
            return Problems.Conflict("The review no longer takes evaluations.", $"It is {review.Status}.");
        }

        var task = await connection.QuerySingleOrDefaultAsync<TaskRow>(TasksSql.Row, CallerParameters.For(caller, new { Id = taskId }), transaction);
        if (task is null)
        {
            return TasksEndpoints.NoSuchTask(taskId);
        }

        if (task.RegulationId != review.RegulationId || task.PlanYear != review.PeriodYear)
        {
            return Problems.Conflict("The task is not in this review's scope.",
                $"The review evaluates the tasks of plan year {review.PeriodYear}; {task.Code} belongs to {task.PlanYear}.");
        }

        var before = await connection.QuerySingleOrDefaultAsync<EvaluationRow>(ReviewsSql.Evaluation, new { ReviewId = id, TaskId = taskId }, transaction);
        await connection.ExecuteAsync(ReviewsSql.DeleteEvaluation, new { ReviewId = id, TaskId = taskId }, transaction);
        await connection.ExecuteAsync(ReviewsSql.InsertEvaluation, new
        {
            ReviewId = id, TaskId = taskId, request.Result, request.Comment, EvaluatedBy = caller.Name, EvaluatedByKind = caller.AuthorKind, Now = now,
        }, transaction);
        await audit.AppendAsync(connection, transaction, caller, new AuditEvent(
            "review.evaluate", "review-evaluation", string.Create(CultureInfo.InvariantCulture, $"{id}/{taskId}"), before,
            new { request.Result, request.Comment }, (Clearance)task.Classification, review.RegulationId));
        var grid = await EvaluationGridAsync(connection, transaction, db.Dialect, caller, review, clock.Today());
        await transaction.CommitAsync(CancellationToken.None);
        return TypedResults.Ok(grid.Single(e => e.Task.Id == taskId));
    }

    /// <summary>Starts from the baseline review: copies its results to the tasks of the period not yet evaluated (a carried-over task takes the result of the task it continues).</summary>
    /// <param name="id">Review id.</param>
    public static async Task<Results<Ok<List<EvaluationDto>>, ProblemHttpResult>> EvaluateFromBaseline(
        int id, Caller caller, DbConnectionFactory db, AuditTrail audit, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var writing = await db.WriteLockAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var review = await connection.QuerySingleOrDefaultAsync<ReviewRow>(ReviewsSql.One, CallerParameters.For(caller, new { Id = id }), transaction);
        if (review is null)
        {
            return NoSuchReview(id);
        }

        if (review.BaselineReviewId is null || !ReviewStatuses.Evaluable(review.Status))
        {
            return Problems.Conflict("There is no baseline to start from.",
                review.BaselineReviewId is null ? "This review has no baseline review." : $"The review is {review.Status}.");
        }

        var grid = await EvaluationGridAsync(connection, transaction, db.Dialect, caller, review, clock.Today());
        var copied = grid.Where(e => e.Result is null && e.BaselineResult is not null).ToList();
        await connection.ExecuteAsync(ReviewsSql.InsertEvaluation, copied.Select(e => new
        {
            ReviewId = id, TaskId = e.Task.Id, Result = e.BaselineResult, Comment = $"From the baseline review {review.BaselineReviewId}",
            EvaluatedBy = caller.Name, EvaluatedByKind = caller.AuthorKind, Now = now,
        }), transaction);
        if (copied.Count > 0)
        {
            await audit.AppendAsync(connection, transaction, caller, new AuditEvent(
                "review.evaluate-from-baseline", "review", id.ToString(CultureInfo.InvariantCulture),
                After: copied.Select(e => new { taskId = e.Task.Id, result = e.BaselineResult }), RegulationId: review.RegulationId));
        }

        var result = await EvaluationGridAsync(connection, transaction, db.Dialect, caller, review, clock.Today());
        await transaction.CommitAsync(CancellationToken.None);
        return TypedResults.Ok(result);
    }

    private static async Task<List<EvaluationDto>> EvaluationGridAsync(
        System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction? transaction, SqlDialect dialect, Caller caller, ReviewRow review, DateOnly today)
    {
        var tasks = (await connection.QueryAsync<TaskSummaryRow>(ReviewsSql.ScopeTasks,
            CallerParameters.For(caller, new { review.RegulationId, review.PeriodYear }), transaction)).AsList();
        var ids = tasks.Select(t => t.Id).ToArray();
        var evaluations = (await connection.QueryAsync<EvaluationRow>(ReviewsSql.Evaluations, new { ReviewId = review.Id }, transaction))
            .ToDictionary(e => e.TaskId);
        var baseline = review.BaselineReviewId is { } baselineId
            ? (await connection.QueryAsync<EvaluationRow>(ReviewsSql.Evaluations, new { ReviewId = baselineId }, transaction)).ToDictionary(e => e.TaskId, e => e.Result)
            : [];
        var continues = ids.Length == 0
            ? []
            : (await connection.QueryAsync<(int Id, int? ContinuesTaskId)>(ReviewsSql.Continues(dialect), new { Ids = SqlDialect.JsonList(ids) }, transaction))
                .ToDictionary(c => c.Id, c => c.ContinuesTaskId);
        var counterparts = (ids.Length == 0 ? [] : await connection.QueryAsync<CounterpartCodeRow>(TasksSql.CounterpartCodes(dialect), new { Ids = SqlDialect.JsonList(ids) }, transaction))
            .ToLookup(c => c.TaskId, c => c.Code);
        return [.. tasks.Select(t =>
        {
            var evaluation = evaluations.GetValueOrDefault(t.Id);
            var baselineResult = baseline.GetValueOrDefault(t.Id)
                ?? (continues.GetValueOrDefault(t.Id) is { } previous ? baseline.GetValueOrDefault(previous) : null);
            return new EvaluationDto(t.ToDto(counterparts[t.Id], today), evaluation?.Result, evaluation?.Comment, evaluation?.EvaluatedBy, evaluation?.EvaluatedByKind, baselineResult);
        })];
    }
}
