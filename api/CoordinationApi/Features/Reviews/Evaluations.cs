using System.Globalization;
using CoordinationApi.Features.Audit;
using CoordinationApi.Features.Tasks;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.OpenApi;
using CoordinationApi.Infrastructure.Security;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CoordinationApi.Features.Reviews;

/// <summary>Paging of a review's evaluations.</summary>
/// <param name="UpdatedSince">Only the evaluations recorded at or after this instant (RFC 3339), in the order they were recorded (<c>evaluatedAt</c>, then the task's id); unevaluated tasks are left out. An evaluation is replaced, never withdrawn: recording it again is a change.</param>
/// <param name="Cursor">The <c>nextCursor</c> of the previous page; omit for the first page.</param>
/// <param name="Limit">Page size, 1–200 (default 50).</param>
public sealed record EvaluationsQuery(
    [property: FromQuery(Name = ChangeFeed.Parameter)] DateTimeOffset? UpdatedSince,
    [property: FromQuery(Name = "cursor")] string? Cursor,
    [property: FromQuery(Name = "limit")] int? Limit)
    : IPageQuery;

internal sealed class EvaluationsQueryValidator : AbstractValidator<EvaluationsQuery>
{
    public EvaluationsQueryValidator(Cursors cursors)
    {
        Include(new PageRules<EvaluationsQuery>(cursors, ReviewsEndpoints.EvaluationsList, p => ReviewsEndpoints.IsEvaluationsPosition(p) || ChangeFeed.IsPosition(p)));
        RuleFor(q => q.UpdatedSince).IsInstant();
    }
}

/// <summary>The result a review records for one task.</summary>
/// <param name="Result">achieved, partly_achieved, not_achieved or not_applicable.</param>
/// <param name="Comment">Why.</param>
public sealed record EvaluationRequest([Vocabulary(typeof(EvaluationResults))] string Result, string? Comment);

internal sealed class EvaluationRequestValidator : AbstractValidator<EvaluationRequest>
{
    public EvaluationRequestValidator()
    {
        RuleFor(r => r.Result).MaximumLength(Bounds.Code).Must(EvaluationResults.All.Contains).WithMessage($"The result must be one of: {string.Join(", ", EvaluationResults.All)}.");
        RuleFor(r => r.Comment).MaximumLength(5000);
    }
}

public static partial class ReviewsEndpoints
{
    internal const string EvaluationsList = "review-evaluations";

    /// <summary>The position of a task in the evaluation grid: its seq and id.</summary>
    internal static bool IsEvaluationsPosition(string position) =>
        position.Split('|') is [var seq, var id] && int.TryParse(seq, NumberStyles.None, CultureInfo.InvariantCulture, out _) && Cursors.IsId(id);

    /// <summary>
    /// The tasks of the review's period with their evaluations, and the baseline review's results beside them, in the order
    /// of their codes, a page at a time.
    /// </summary>
    /// <param name="id">Review id.</param>
    public static async Task<Results<Ok<Page<EvaluationDto>>, ProblemHttpResult>> ListEvaluations(
        int id, [AsParameters] EvaluationsQuery query, Caller caller, [AsParameters] ReviewServices services, CancellationToken cancellationToken)
    {
        var key = services.Cursors.PositionOf(EvaluationsList, query.Cursor);
        var position = key.Split('|');
        var limit = query.Limit ?? Cursors.DefaultLimit;
        await using var connection = await services.Db.OpenAsync(cancellationToken);
        var review = await connection.QuerySingleOrDefaultAsync<ReviewRow>(new CommandDefinition(
            ReviewsSql.One, CallerParameters.For(caller, new { Id = id }), cancellationToken: cancellationToken));
        if (review is null)
        {
            return NoSuchReview(id);
        }

        if (query.UpdatedSince is { } since)
        {
            var (keyAt, keyId) = ChangeFeed.Key(since, key);
            var recorded = (await connection.QueryAsync<EvaluationChangeRow>(new CommandDefinition(ReviewsSql.EvaluationsRecordedPage(services.Db.Dialect), CallerParameters.For(caller, new
            {
                ReviewId = id, review.RegulationId, review.PeriodYear, KeyAt = keyAt, KeyId = keyId, Take = limit + 1,
            }), cancellationToken: cancellationToken))).AsList();
            var changes = services.Cursors.ToPage(EvaluationsList, recorded, limit, e => ChangeFeed.Position(e.EvaluatedAt, e.TaskId));
            var order = changes.Items.Select((e, i) => (e.TaskId, i)).ToDictionary(e => e.TaskId, e => e.i);
            var changedTasks = changes.Items.Count == 0 ? [] : (await connection.QueryAsync<TaskSummaryRow>(new CommandDefinition(ReviewsSql.TasksByIds(services.Db.Dialect),
                CallerParameters.For(caller, new { Ids = SqlDialect.JsonList(order.Keys) }), cancellationToken: cancellationToken))).OrderBy(t => order[t.Id]).ToList();
            return TypedResults.Ok(new Page<EvaluationDto>(
                await EvaluationGridAsync(new ReadScope(connection, services.Db.Dialect), caller, review, changedTasks, services.Clock.Today()), changes.NextCursor));
        }

        var rows = (await connection.QueryAsync<TaskSummaryRow>(new CommandDefinition(ReviewsSql.ScopeTasksPage(services.Db.Dialect), CallerParameters.For(caller, new
        {
            review.RegulationId, review.PeriodYear, ReviewId = review.Id,
            KeySeq = position.Length == 2 ? int.Parse(position[0], CultureInfo.InvariantCulture) : int.MinValue,
            KeyId = position.Length == 2 ? Cursors.ParseId(position[1]) : 0,
            Take = limit + 1,
        }), cancellationToken: cancellationToken))).AsList();
        var page = services.Cursors.ToPage(EvaluationsList, rows, limit, t => string.Create(CultureInfo.InvariantCulture, $"{t.Seq}|{t.Id}"));
        return TypedResults.Ok(new Page<EvaluationDto>(await EvaluationGridAsync(new ReadScope(connection, services.Db.Dialect), caller, review, page.Items, services.Clock.Today()), page.NextCursor));
    }

    /// <summary>The ETag of an evaluation not recorded yet: send it (or <c>*</c>) in If-Match to record the first one.</summary>
    internal const int NoEvaluationVersion = 0;

    /// <summary>
    /// Records (or replaces) the result of one task of the period. Coordinators of every party. <c>If-Match</c> is always
    /// required, as on every PUT (428 without it, 412 when stale): send the <c>etag</c> of the evaluation you read (a row of
    /// the evaluations list, or this answer's <c>ETag</c>); a task not evaluated yet has the ETag <c>"0"</c> (or send <c>*</c>).
    /// </summary>
    /// <param name="id">Review id.</param>
    /// <param name="taskId">Task id.</param>
    public static async Task<Results<Ok<EvaluationDto>, ProblemHttpResult>> EvaluateTask(
        int id, int taskId, EvaluationRequest request, Caller caller, [AsParameters] EvaluationServices services,
        CancellationToken cancellationToken)
    {
        if (!Concurrency.TryReadIfMatch(services.Http, out var ifMatch, out var precondition))
        {
            return precondition;
        }

        var recorded = await RecordEvaluationAsync(id, taskId, request, caller, ifMatch, services.Writes, cancellationToken);
        if (recorded.Result is Ok<EvaluationDto> { Value: { } evaluation })
        {
            services.Http.Response.Headers.ETag = evaluation.Etag;
        }

        return recorded;
    }

    /// <summary>Records (or replaces) an evaluation if <paramref name="ifMatch"/> matches the one recorded now (the demo seed sends <c>*</c>).</summary>
    internal static async Task<Results<Ok<EvaluationDto>, ProblemHttpResult>> RecordEvaluationAsync(
        int id, int taskId, EvaluationRequest request, Caller caller, IfMatch ifMatch, WriteScopes writes,
        CancellationToken cancellationToken)
    {
        await using var write = await writes.BeginAsync(caller, cancellationToken);
        var (connection, transaction) = write;
        var now = write.Now;
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
            return TaskStore.NotFound(taskId);
        }

        if (await connection.ExecuteScalarAsync<int>(ReviewsSql.TaskInScope,
                new { TaskId = taskId, review.RegulationId, review.PeriodYear, ReviewId = review.Id }, transaction) == 0)
        {
            return Problems.Conflict("The task is not in this review's scope.",
                $"The review evaluates the tasks of plan year {review.PeriodYear} and the open tasks of earlier years; {task.Code} belongs to {task.PlanYear} and is {task.Status}.");
        }

        // The audit entry keeps the whole evaluation it replaces, at the level of what it holds (read whatever the caller's clearance).
        var before = await connection.QuerySingleOrDefaultAsync<EvaluationRow>(ReviewsSql.Evaluation,
            CallerParameters.For(caller with { Clearance = Clearance.TopSecret }, new { ReviewId = id, TaskId = taskId }), transaction);
        if (!ifMatch.Matches(EvaluationVersion(before)))
        {
            return Concurrency.Stale();
        }

        // Only the evaluation that was read is replaced: a concurrent writer's is not (412).
        if (before is not null && await connection.ExecuteAsync(ReviewsSql.DeleteEvaluationRead, new
            {
                ReviewId = id, TaskId = taskId, before.Result, before.EvaluatedBy, before.EvaluatedByKind,
            }, transaction) != 1)
        {
            return Concurrency.Stale();
        }

        await connection.ExecuteAsync(ReviewsSql.InsertEvaluation, new
        {
            ReviewId = id, TaskId = taskId, request.Result, request.Comment, EvaluatedBy = caller.Name, EvaluatedByKind = caller.AuthorKind, Now = now,
        }, transaction);
        await connection.ExecuteAsync(ReviewsSql.EvaluationRecorded, new { Id = id, Now = now }, transaction);
        await write.AuditAsync(new AuditEvent(
            "review.evaluate", "review-evaluation", string.Create(CultureInfo.InvariantCulture, $"{id}/{taskId}"), before,
            new { request.Result, request.Comment }, (Clearance)Math.Max(task.Classification, before?.Classification ?? 0), review.RegulationId));
        var scope = await ScopeTasksAsync(write, caller, review);
        var grid = await EvaluationGridAsync(write, caller, review, [.. scope.Where(r => r.Id == taskId)], write.Today);
        await write.CommitAsync();
        return TypedResults.Ok(grid.Single());
    }

    /// <summary>Starts from the baseline review: copies its results to the tasks of the period not yet evaluated (a carried-over task takes the result of the task it continues).</summary>
    /// <param name="id">Review id.</param>
    public static async Task<Results<Ok<List<EvaluationDto>>, ProblemHttpResult>> EvaluateFromBaseline(
        int id, Caller caller, WriteScopes writes, CancellationToken cancellationToken)
    {
        await using var write = await writes.BeginAsync(caller, cancellationToken);
        var (connection, transaction) = write;
        var now = write.Now;
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

        var grid = await EvaluationGridAsync(write, caller, review, await ScopeTasksAsync(write, caller, review), write.Today);
        var copied = grid.Where(e => e.Result is null && e.BaselineResult is not null).ToList();
        await connection.ExecuteAsync(ReviewsSql.InsertEvaluation, copied.Select(e => new
        {
            ReviewId = id, TaskId = e.Task.Id, Result = e.BaselineResult, Comment = $"From the baseline review {review.BaselineReviewId}",
            EvaluatedBy = caller.Name, EvaluatedByKind = caller.AuthorKind, Now = now,
        }), transaction);
        if (copied.Count > 0)
        {
            await connection.ExecuteAsync(ReviewsSql.EvaluationRecorded, new { Id = id, Now = now }, transaction);
            await write.AuditAsync(new AuditEvent(
                "review.evaluate-from-baseline", "review", id.ToString(CultureInfo.InvariantCulture),
                After: copied.Select(e => new { taskId = e.Task.Id, result = e.BaselineResult }),
                Classification: await AuditClassification.OfTasksAsync(write, copied.Select(e => e.Task.Id)), RegulationId: review.RegulationId));
        }

        var result = await EvaluationGridAsync(write, caller, review, await ScopeTasksAsync(write, caller, review), write.Today);
        await write.CommitAsync();
        return TypedResults.Ok(result);
    }

    /// <summary>
    /// The version of an evaluation (its ETag): 0 before one is recorded; then a digest of who recorded which result when,
    /// which every recording changes (an evaluation is replaced, never edited). The comment is left out, so a reader whose
    /// clearance hides it reads the same ETag.
    /// </summary>
    internal static int EvaluationVersion(EvaluationRow? evaluation)
    {
        if (evaluation is null)
        {
            return NoEvaluationVersion;
        }

        var recorded = string.Create(CultureInfo.InvariantCulture,
            $"{evaluation.TaskId}\n{evaluation.Result}\n{evaluation.EvaluatedBy}\n{evaluation.EvaluatedByKind}\n{evaluation.EvaluatedAt.UtcTicks}");
        var digest = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(recorded));
        var version = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(digest) & int.MaxValue;
        return version == NoEvaluationVersion ? 1 : version;
    }

    private static async Task<List<TaskSummaryRow>> ScopeTasksAsync(ReadScope read, Caller caller, ReviewRow review) =>
        (await read.Connection.QueryAsync<TaskSummaryRow>(ReviewsSql.ScopeTasks,
            CallerParameters.For(caller, new { review.RegulationId, review.PeriodYear, ReviewId = review.Id }), read.Transaction)).AsList();

    /// <summary>The evaluation grid's rows for the given tasks of the review's period.</summary>
    private static async Task<List<EvaluationDto>> EvaluationGridAsync(
        ReadScope read, Caller caller, ReviewRow review, List<TaskSummaryRow> tasks, DateOnly today)
    {
        var (connection, transaction, dialect) = read;
        var ids = tasks.Select(t => t.Id).ToArray();
        if (ids.Length == 0)
        {
            return [];
        }


        var evaluations = (await connection.QueryAsync<EvaluationRow>(ReviewsSql.EvaluationsOf(dialect),
                CallerParameters.For(caller, new { ReviewId = review.Id, Ids = SqlDialect.JsonList(ids) }), transaction))
            .ToDictionary(e => e.TaskId);
        var continues = (await connection.QueryAsync<(int Id, int? ContinuesTaskId)>(ReviewsSql.Continues(dialect), new { Ids = SqlDialect.JsonList(ids) }, transaction))
            .ToDictionary(c => c.Id, c => c.ContinuesTaskId);
        var baselineIds = ids.Concat(continues.Values.OfType<int>()).Distinct().ToArray();
        var baseline = review.BaselineReviewId is { } baselineId
            ? (await connection.QueryAsync<EvaluationRow>(ReviewsSql.EvaluationsOf(dialect),
                CallerParameters.For(caller, new { ReviewId = baselineId, Ids = SqlDialect.JsonList(baselineIds) }), transaction))
                .ToDictionary(e => e.TaskId, e => e.Result)
            : [];
        var counterparts = (ids.Length == 0 ? [] : await connection.QueryAsync<CounterpartCodeRow>(TasksSql.CounterpartCodes(dialect), new { Ids = SqlDialect.JsonList(ids) }, transaction))
            .ToLookup(c => c.TaskId, c => c.Code);
        return [.. tasks.Select(t =>
        {
            var evaluation = evaluations.GetValueOrDefault(t.Id);
            var baselineResult = baseline.GetValueOrDefault(t.Id)
                ?? (continues.GetValueOrDefault(t.Id) is { } previous ? baseline.GetValueOrDefault(previous) : null);
            return new EvaluationDto(t.ToDto(counterparts[t.Id], today), evaluation?.Result, evaluation?.Comment, evaluation?.EvaluatedBy, evaluation?.EvaluatedByKind,
                baselineResult, evaluation?.Redacted ?? false, evaluation?.EvaluatedAt, Concurrency.ETagOf(EvaluationVersion(evaluation)))
            {
                Of = evaluation is { Redacted: false, Comment: not null }
                    ? new ClassifiedRecord("review-evaluation", string.Create(CultureInfo.InvariantCulture, $"{review.Id}/{t.Id}"),
                        (Clearance)evaluation.Classification, review.RegulationId)
                    : default,
            };
        })];
    }
}
