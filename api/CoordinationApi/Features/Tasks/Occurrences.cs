using System.Globalization;
using CoordinationApi.Features.Audit;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.Security;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoordinationApi.Features.Tasks;

/// <summary>Which plan year to produce a recurring task's occurrences for.</summary>
/// <param name="PlanYear">The year.</param>
public sealed record OccurrencesRequest(int PlanYear);

internal sealed class OccurrencesRequestValidator : AbstractValidator<OccurrencesRequest>
{
    public OccurrencesRequestValidator() => RuleFor(r => r.PlanYear).InclusiveBetween(2000, 2100);
}

/// <summary>The occurrences a recurring task produced for a plan year.</summary>
/// <param name="SeriesTaskId">The recurring task.</param>
/// <param name="PlanYear">The year.</param>
/// <param name="Created">Occurrences created now.</param>
/// <param name="AlreadyPresent">Occurrences that existed before (one per due date, never twice).</param>
public sealed record OccurrencesDto(int SeriesTaskId, int PlanYear, List<TaskSummaryDto> Created, int AlreadyPresent);

public static class CreateOccurrences
{
    /// <summary>
    /// Produces a recurring task's occurrences for a plan year, one per period, each due at the period's end. Running it
    /// again creates only what is missing. Coordinators only.
    /// </summary>
    /// <param name="id">The recurring task's id.</param>
    public static async Task<Results<Ok<OccurrencesDto>, ProblemHttpResult>> Handle(
        int id, OccurrencesRequest request, Caller caller, [AsParameters] TaskServices services, CancellationToken cancellationToken)
    {
        // Coordinators only: the endpoint's policy (Access.ProduceOccurrences) decides, and the document says it.
        await using var write = await services.Writes.BeginAsync(caller, cancellationToken);
        var (created, existing, problem, change) = await ProduceAsync(TaskStore.Of(write, services.Reference), caller, id, request.PlanYear);
        if (problem is not null)
        {
            return problem;
        }

        if (change is not null)
        {
            await write.AuditAsync(change);
        }

        await write.CommitAsync();
        return TypedResults.Ok(new OccurrencesDto(id, request.PlanYear, created, existing));
    }

    /// <summary>
    /// Creates the missing occurrences in the write (also used when a review adopts its plan): each a copy of the series
    /// into the plan year (<see cref="TaskStore.CopyAsync"/>). Answers the audit entry of what it created for the caller to
    /// append last: appending takes the audit chain's lock, which every other writer waits for until the write ends.
    /// </summary>
    internal static async Task<(List<TaskSummaryDto> Created, int Existing, ProblemHttpResult? Problem, AuditEvent? Change)> ProduceAsync(
        TaskStore tasks, Caller caller, int seriesId, int planYear)
    {
        if (await tasks.LoadAsync(caller, seriesId) is not var (series, seriesDto))
        {
            return ([], 0, TaskStore.NotFound(seriesId), null);
        }

        if (series.Kind != TaskKinds.Recurring || series.Recurrence is null)
        {
            return ([], 0, Problems.Conflict("Only a recurring task has occurrences.", $"{series.Code} is {series.Kind}."), null);
        }

        if (series.Status == TaskStatuses.CarriedOver)
        {
            return ([], 0, Problems.Conflict("The recurring task was carried over.",
                $"{series.Code} goes on as task {seriesDto.CarriedOverToTaskId}; produce the occurrences of that task."), null);
        }

        // One occurrence per period of the work, whichever series of its carry-over chain produced it (ux_tasks_occurrence_period).
        var origin = await tasks.SeriesOriginAsync(seriesId);
        var existing = await tasks.OccurrenceDueDatesAsync(seriesId, origin);
        var status = series.Status == TaskStatuses.Draft ? TaskStatuses.Draft : TaskStatuses.Assigned;
        var created = new List<TaskSummaryDto>();
        foreach (var (start, due, label) in Periods(series.Recurrence, planYear).Where(p => !existing.Contains(p.Due)))
        {
            var occurrenceId = await tasks.CopyAsync(series.RegulationId, new TaskCopy(seriesId, planYear, start, due, status)
            {
                SeriesTaskId = seriesId, SeriesOriginId = origin, TitleVi = $"{series.TitleVi} ({label})", TitleEn = $"{series.TitleEn} ({label})",
            });
            await tasks.AddHistoryAsync(occurrenceId, caller, series.Classification, TaskHistoryKinds.Created, to: status, comment: $"Occurrence of {series.Code}");
            await TaskEvents.AssignedAsync(tasks.Write, occurrenceId);
            var (made, occurrence) = (await tasks.LoadAsync(caller, occurrenceId))!.Value;
            created.Add(new TaskSummaryDto(made.Id, made.RegulationId, made.Code, made.TitleVi, made.TitleEn, occurrence.LeadUnit.Code,
                occurrence.LeadUnit.AgencyCode, [.. occurrence.CounterpartUnits.Select(u => u.Code)], occurrence.Classification, made.Kind,
                made.PlanYear, made.StartDate, made.DueDate, made.Priority, made.Status, occurrence.Overdue, made.Progress, made.UpdatedAt));
        }

        var change = created.Count == 0 ? null : new AuditEvent(
            "task.occurrences", "task", seriesId.ToString(CultureInfo.InvariantCulture),
            After: new { planYear, created = created.Select(c => c.Code) }, Classification: (Clearance)series.Classification,
            RegulationId: series.RegulationId);
        return (created, existing.Count(d => d.Year == planYear), null, change);
    }

    /// <summary>The periods of a plan year: each starts the day after the previous one ends and is due on its last day.</summary>
    internal static IEnumerable<(DateOnly Start, DateOnly Due, string Label)> Periods(string recurrence, int year)
    {
        var months = recurrence switch
        {
            "monthly" => 1,
            "quarterly" => 3,
            "semiannual" => 6,
            _ => 12,
        };
        for (var first = 1; first <= 12; first += months)
        {
            var start = new DateOnly(year, first, 1);
            var due = start.AddMonths(months).AddDays(-1);
            var label = months switch
            {
                1 => string.Create(CultureInfo.InvariantCulture, $"{first:00}/{year}"),
                3 => string.Create(CultureInfo.InvariantCulture, $"Q{((first - 1) / 3) + 1}/{year}"),
                6 => string.Create(CultureInfo.InvariantCulture, $"H{((first - 1) / 6) + 1}/{year}"),
                _ => year.ToString(CultureInfo.InvariantCulture),
            };
            yield return (start, due, label);
        }
    }
}
