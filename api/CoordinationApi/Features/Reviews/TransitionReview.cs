using System.Data.Common;
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
    /// <summary>
    /// Moves a review through planned → scheduled (date, venue, chairs) → held (attendees, minutes) → concluded, or postponed
    /// or cancelled with a reason. Coordinators of the host agency only. Concluding needs every task of the period evaluated
    /// (409 listing the others) and adopts the next year's plan in the same transaction: unfinished tasks carried over
    /// (linked to the task they continue), the new tasks given, and the occurrences of recurring tasks.
    /// </summary>
    /// <param name="id">Review id.</param>
    public static async Task<Results<Ok<ReviewDto>, ValidationProblem, ProblemHttpResult>> TransitionReview(
        int id, ReviewTransitionRequest request, Caller caller, WriteScopes writes, ReferenceData reference,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        await using var write = await writes.BeginAsync(caller, cancellationToken);
        var (connection, transaction) = write;
        var now = write.Now;
        var review = await connection.QuerySingleOrDefaultAsync<ReviewRow>(ReviewsSql.One, CallerParameters.For(caller, new { Id = id }), transaction);
        if (review is null)
        {
            return NoSuchReview(id);
        }

        var legal = ReviewStatuses.MovesFrom(review.Status);
        if (!legal.Contains(request.To))
        {
            return Problems.Conflict("This status change is not allowed.",
                legal.Count == 0 ? $"A {review.Status} review cannot change status." : $"From {review.Status} a review can only move to: {string.Join(", ", legal)}.",
                new Dictionary<string, object?> { ["currentStatus"] = review.Status, ["allowed"] = legal });
        }

        if (!MayManage(caller, review))
        {
            return TypedResults.Problem($"Coordinators of the host agency ({review.HostAgencyCode}) manage this review.",
                statusCode: StatusCodes.Status403Forbidden, title: "You may not change this review.");
        }

        if (request.To == ReviewStatuses.Held && review.ScheduledOn > write.Today)
        {
            return Problems.Conflict("The review has not taken place yet.", $"It is scheduled for {review.ScheduledOn:yyyy-MM-dd}.");
        }

        object? plan = null;
        var planLevel = Clearance.Unclassified;
        List<(Caller Actor, AuditEvent Change)> concluded = [];
        if (request.To == ReviewStatuses.Concluded)
        {
            var (adopted, level, problem, errors) = await ConcludeAsync(connection, transaction, write.Dialect, caller, reference, clock, review, request.NewTasks ?? [], concluded);
            if (errors is not null)
            {
                return Problems.Invalid(errors);
            }

            if (problem is not null)
            {
                return problem;
            }

            plan = adopted;
            planLevel = level;
        }

        var scheduling = request.To is ReviewStatuses.Scheduled;
        var changed = await connection.ExecuteAsync(ReviewsSql.Transition, new
        {
            Id = id, From = review.Status, request.To,
            ScheduledOn = scheduling ? request.ScheduledOn : review.ScheduledOn,
            Venue = scheduling ? request.Venue : review.Venue,
            Chairs = scheduling ? request.Chairs : review.Chairs,
            Attendees = request.To == ReviewStatuses.Held ? request.Attendees : review.Attendees,
            Minutes = request.To == ReviewStatuses.Held ? request.Minutes : review.Minutes,
            Reason = request.To is ReviewStatuses.Postponed or ReviewStatuses.Cancelled ? request.Reason : review.StatusReason,
            AdoptedPlanYear = request.To == ReviewStatuses.Concluded ? review.PeriodYear + 1 : review.AdoptedPlanYear,
            ConcludedAt = request.To == ReviewStatuses.Concluded ? now : review.ConcludedAt,
            Now = now,
        }, transaction);
        if (changed == 0)
        {
            return Problems.Conflict("The review changed meanwhile.", "Read it again and retry.");
        }

        var after = await connection.QuerySingleAsync<ReviewRow>(ReviewsSql.One, CallerParameters.For(caller, new { Id = id }), transaction);
        // The audit trail last: its chain's lock is then held only for the appends and the commit.
        foreach (var (actor, change) in concluded)
        {
            await write.AuditAsync(actor, change);
        }

        await write.AuditAsync(new AuditEvent(
            $"review.{request.To}", "review", id.ToString(CultureInfo.InvariantCulture), ToDto(review, caller),
            plan is null ? ToDto(after, caller) : new { review = ToDto(after, caller), plan }, planLevel, review.RegulationId));
        await write.CommitAsync();
        return TypedResults.Ok(ToDto(after, caller));
    }

    /// <summary>
    /// Adopts the next plan; nothing is written unless every check passes (the caller's transaction is then rolled back).
    /// The audit entries of what it wrote go to <paramref name="audit"/>, for the caller to append at the end. Answers the plan
    /// with its level: the highest classification of the tasks it lists, which the conclusion's audit entry takes.
    /// </summary>
    private static async Task<(object? Plan, Clearance Level, ProblemHttpResult? Problem, Dictionary<string, string[]>? Errors)> ConcludeAsync(
        DbConnection connection, DbTransaction transaction, SqlDialect dialect, Caller caller, ReferenceData reference,
        TimeProvider clock, ReviewRow review, List<PlanTaskInput> newTasks, List<(Caller Actor, AuditEvent Change)> audit)
    {
        var now = clock.GetUtcNow();
        var today = clock.Today();
        var planYear = review.PeriodYear + 1;
        var scopeParameters = CallerParameters.For(caller, new { review.RegulationId, review.PeriodYear, ReviewId = review.Id });
        var visible = (await connection.QueryAsync<TaskSummaryRow>(ReviewsSql.ScopeTasks, scopeParameters, transaction)).AsList();
        var evaluated = (await connection.QueryAsync<EvaluationRow>(ReviewsSql.Evaluations, CallerParameters.For(caller, new { ReviewId = review.Id }), transaction))
            .Select(e => e.TaskId).ToHashSet();
        var missing = visible.Where(t => !evaluated.Contains(t.Id)).ToList();
        var missingOverall = await connection.ExecuteScalarAsync<int>(ReviewsSql.UnevaluatedCount, scopeParameters, transaction);
        if (missingOverall > 0)
        {
            return (null, Clearance.Unclassified, Problems.Conflict(
                "Every task of the period must be evaluated before the review is concluded.",
                missingOverall > missing.Count
                    ? $"{missing.Count} task(s) listed here, and tasks above your clearance, are not evaluated."
                    : $"{missing.Count} task(s) are not evaluated.",
                new Dictionary<string, object?> { ["unevaluated"] = missing.Select(t => new { t.Id, t.Code, t.TitleVi, t.TitleEn }).ToList() }), null);
        }

        var errors = new Dictionary<string, string[]>();
        var resolvedNew = new List<(PlanTaskInput Input, ResolvedTask Resolved)>();
        for (var i = 0; i < newTasks.Count; i++)
        {
            var (resolved, taskErrors) = await TaskRules.ResolveAsync(connection, transaction, dialect, caller, reference, review.RegulationId, newTasks[i], today);
            foreach (var (field, messages) in taskErrors)
            {
                errors[$"newTasks[{i}].{field}"] = messages;
            }

            if (newTasks[i].PlanYear != planYear)
            {
                errors[$"newTasks[{i}].planYear"] = [$"The review adopts the plan of {planYear}."];
            }

            if (resolved is not null)
            {
                resolvedNew.Add((newTasks[i], resolved));
            }
        }

        if (errors.Count > 0)
        {
            return (null, Clearance.Unclassified, null, errors);
        }

        // The conclusion acts for the review: it copies every unfinished task of the period, whatever the concluding coordinator's clearance.
        var reviewActor = caller with { Clearance = Clearance.TopSecret };
        var items = new List<(int TaskId, string Origin, int? SourceTaskId)>();
        var recurring = new List<int>();
        foreach (var source in await connection.QueryAsync<PeriodTaskRow>(ReviewsSql.PeriodTasks, new { review.RegulationId, review.PeriodYear }, transaction))
        {
            if (source.Status is TaskStatuses.Completed or TaskStatuses.Cancelled)
            {
                continue;
            }

            var (row, dto) = (await TasksEndpoints.LoadAsync(connection, transaction, reviewActor, reference, source.Id, today))!.Value;
            var resolved = new ResolvedTask(reference.Unit(row.LeadUnitId)!, [.. dto.CounterpartUnits.Select(u => reference.Unit(u.Id)!)],
                [.. dto.Citations.Select(c => (c.VersionId, c.AknId))],
                [.. dto.Contacts.Select(c => (new ContactInput(c.Name, c.UnitCode, c.Phone, c.Email), c.UnitCode is null ? null : reference.Unit(c.UnitCode)?.Id))],
                row.Classification);
            var due = new DateOnly(planYear, row.DueDate.Month, Math.Min(row.DueDate.Day, DateTime.DaysInMonth(planYear, row.DueDate.Month)));
            var fields = new PlanTaskInput(row.TitleVi, row.TitleEn, row.DescriptionVi, row.DescriptionEn, [], "", null, null, dto.Classification,
                row.Kind, row.Recurrence, planYear, new DateOnly(planYear, 1, 1), due, row.Priority);
            var id = await TasksEndpoints.InsertTaskAsync(connection, transaction, dialect, review.RegulationId, fields, resolved, now,
                seriesTaskId: null, continuesTaskId: row.Id, isDemo: false, status: TaskStatuses.Assigned, progress: row.Progress);
            await TasksEndpoints.AddHistoryAsync(connection, transaction, id, caller, resolved.Classification, "created", now, to: TaskStatuses.Assigned,
                comment: $"Carried over from {row.Code} by the {review.Kind} review of {review.PeriodYear}");
            items.Add((id, "carried_over", row.Id));
            if (row.Kind == TaskKinds.Recurring)
            {
                recurring.Add(id);
            }
        }

        foreach (var (input, resolved) in resolvedNew)
        {
            var id = await TasksEndpoints.InsertTaskAsync(connection, transaction, dialect, review.RegulationId, input, resolved, now,
                seriesTaskId: null, continuesTaskId: null, isDemo: false, status: TaskStatuses.Assigned);
            await TasksEndpoints.AddHistoryAsync(connection, transaction, id, caller, resolved.Classification, "created", now, to: TaskStatuses.Assigned,
                comment: $"Added by the {review.Kind} review of {review.PeriodYear}");
            items.Add((id, "new", null));
            if (input.Kind == TaskKinds.Recurring)
            {
                recurring.Add(id);
            }
        }

        foreach (var series in recurring)
        {
            var (created, _, _, change) = await TasksEndpoints.ProduceOccurrencesAsync(connection, transaction, dialect, reviewActor, reference, clock, series, planYear);
            if (change is not null)
            {
                audit.Add((reviewActor, change));
            }

            items.AddRange(created.Select(o => (o.Id, "occurrence", (int?)series)));
        }

        await connection.ExecuteAsync(ReviewsSql.InsertPlanItem, items.Select(i => new
        {
            ReviewId = review.Id, i.TaskId, i.Origin, i.SourceTaskId,
        }), transaction);
        var level = await AuditClassification.OfTasksAsync(connection, transaction,
            items.Select(i => i.TaskId).Concat(items.Select(i => i.SourceTaskId).OfType<int>()));
        return (new { planYear, items = items.Select(i => new { i.TaskId, i.Origin, i.SourceTaskId }) }, level, null, null);
    }
}
