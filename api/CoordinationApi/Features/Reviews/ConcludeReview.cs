using CoordinationApi.Features.Audit;
using CoordinationApi.Features.Tasks;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.OpenApi;
using CoordinationApi.Infrastructure.Security;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoordinationApi.Features.Reviews;

/// <summary>A task the next plan adds (the regulation and plan year come from the review).</summary>
public sealed record PlanTaskInput(
    string TitleVi, string TitleEn, string? DescriptionVi, string? DescriptionEn, List<CitationInput> Citations,
    string LeadUnitCode, List<string>? CounterpartUnitCodes, List<ContactInput>? Contacts, [Vocabulary(typeof(ClearanceNames))] string Classification, [Vocabulary(typeof(TaskKinds))] string Kind,
    [Vocabulary(typeof(TaskKinds), nameof(TaskKinds.Recurrences))] string? Recurrence, int PlanYear, DateOnly StartDate, DateOnly DueDate, [Vocabulary(typeof(TaskKinds), nameof(TaskKinds.Priorities))] string Priority)
    : TaskFields(TitleVi, TitleEn, DescriptionVi, DescriptionEn, Citations, LeadUnitCode, CounterpartUnitCodes, Contacts,
        Classification, Kind, Recurrence, PlanYear, StartDate, DueDate, Priority);

/// <summary>A task a conclusion adds is checked exactly like a task created on its own.</summary>
internal sealed class PlanTaskInputValidator : TaskFieldsValidator<PlanTaskInput>;

/// <summary>
/// Concluding a review adopts the next year's plan, in the conclusion's write: every task of the period must be evaluated;
/// then each unfinished task is carried over (copied into the next plan year, continuing its source), the new tasks given
/// are created, and the recurring ones among both produce their occurrences.
/// </summary>
internal static class ConcludeReview
{
    /// <summary>
    /// Adopts the next plan; nothing is written unless every check passes (the caller's write is then rolled back). The
    /// audit entries of what it wrote go to <paramref name="audit"/>, for the caller to append at the end. Answers the plan
    /// with its level: the highest classification of the tasks it lists, which the conclusion's audit entry takes.
    /// </summary>
    public static async Task<(object? Plan, Clearance Level, ProblemHttpResult? Problem, Dictionary<string, string[]>? Errors)> AdoptPlanAsync(
        WriteScope write, Caller caller, ReferenceData reference, ReviewRow review, List<PlanTaskInput> newTasks, List<(Caller Actor, AuditEvent Change)> audit)
    {
        var (connection, transaction) = write;
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
                // The same words however many there are and whoever may see them: unevaluated lists only the caller's.
                "Not every task of the period is evaluated: unevaluated lists those you may see.",
                new Dictionary<string, object?> { ["unevaluated"] = missing.Select(t => new { t.Id, t.Code, t.TitleVi, t.TitleEn }).ToList() }), null);
        }

        // The new tasks follow the rules of a task created on its own (their fields were validated with the request).
        var errors = new Dictionary<string, string[]>();
        var resolvedNew = new List<(PlanTaskInput Input, ResolvedTask Resolved)>();
        for (var i = 0; i < newTasks.Count; i++)
        {
            var (resolved, taskErrors) = await TaskRules.ResolveAsync(write, caller, reference, review.RegulationId, newTasks[i]);
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

        var tasks = TaskStore.Of(write, reference);
        var items = new List<(int TaskId, string Origin, int? SourceTaskId)>();
        var recurring = new List<int>();
        foreach (var source in await connection.QueryAsync<PeriodTaskRow>(ReviewsSql.PeriodTasks, new { review.RegulationId, review.PeriodYear, ReviewId = review.Id }, transaction))
        {
            if (!TaskStatuses.Open.Contains(source.Status))
            {
                continue;
            }

            // The conclusion acts for the review: it copies every unfinished task of its scope (overdue ones of earlier years
            // included), whatever the concluding coordinator's clearance, and closes the original as carried over, so the
            // piece of work is counted once, as its successor. A draft stays a draft; a title's plan year becomes the new one.
            var status = source.Status == TaskStatuses.Draft ? TaskStatuses.Draft : TaskStatuses.Assigned;
            var due = new DateOnly(planYear, source.DueDate.Month, Math.Min(source.DueDate.Day, DateTime.DaysInMonth(planYear, source.DueDate.Month)));
            var keepsTitle = source.SeriesTaskId is not null;
            var id = await tasks.CopyAsync(review.RegulationId, new TaskCopy(source.Id, planYear, new DateOnly(planYear, 1, 1), due, status)
            {
                ContinuesTaskId = source.Id, KeepsProgress = true,
                TitleVi = keepsTitle ? null : PlanYearTitles.Carry(source.TitleVi, source.PlanYear, planYear),
                TitleEn = keepsTitle ? null : PlanYearTitles.Carry(source.TitleEn, source.PlanYear, planYear),
            });
            await tasks.AddHistoryAsync(id, caller, source.Classification, TaskHistoryKinds.Created, to: status,
                comment: $"Carried over from {source.Code} by the {review.Kind} review of {review.PeriodYear}");
            await TaskEvents.AssignedAsync(write, id);
            await tasks.CloseCarriedOverAsync(source.Id);
            await TaskEvents.StatusChangedAsync(write, source.Id, source.Status, TaskStatuses.CarriedOver);
            await tasks.AddHistoryAsync(source.Id, caller, source.Classification, TaskHistoryKinds.Transition, from: source.Status, to: TaskStatuses.CarriedOver,
                comment: $"Carried over into the plan of {planYear} by the {review.Kind} review of {review.PeriodYear}");
            items.Add((id, "carried_over", source.Id));
            if (source.Kind == TaskKinds.Recurring)
            {
                // Occurrences the series already had after the period go on with its successor (none is generated twice).
                items.AddRange((await tasks.MoveLaterOccurrencesAsync(source.Id, id, review.PeriodYear))
                    .Where(o => items.All(i => i.TaskId != o)).Select(o => (o, "occurrence", (int?)id)));
                recurring.Add(id);
            }
        }

        foreach (var (input, resolved) in resolvedNew)
        {
            var id = await tasks.InsertAsync(review.RegulationId, input, resolved, TaskStatuses.Assigned);
            await tasks.AddHistoryAsync(id, caller, resolved.Classification, TaskHistoryKinds.Created, to: TaskStatuses.Assigned,
                comment: $"Added by the {review.Kind} review of {review.PeriodYear}");
            await TaskEvents.AssignedAsync(write, id);
            items.Add((id, "new", null));
            if (input.Kind == TaskKinds.Recurring)
            {
                recurring.Add(id);
            }
        }

        var reviewActor = caller with { Clearance = Clearance.TopSecret };
        foreach (var series in recurring)
        {
            var (created, _, _, change) = await CreateOccurrences.ProduceAsync(tasks, reviewActor, series, planYear);
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
        var level = await AuditClassification.OfTasksAsync(write,
            items.Select(i => i.TaskId).Concat(items.Select(i => i.SourceTaskId).OfType<int>()));
        return (new { planYear, items = items.Select(i => new { i.TaskId, i.Origin, i.SourceTaskId }) }, level, null, null);
    }
}
