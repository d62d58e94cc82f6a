using System.Globalization;
using CoordinationApi.Features.Audit;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.Security;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoordinationApi.Features.Tasks;

/// <summary>The occurrences a recurring task produced for a plan year.</summary>
/// <param name="SeriesTaskId">The recurring task.</param>
/// <param name="PlanYear">The year.</param>
/// <param name="Created">Occurrences created now.</param>
/// <param name="AlreadyPresent">Occurrences that existed before (one per due date, never twice).</param>
public sealed record OccurrencesDto(int SeriesTaskId, int PlanYear, List<TaskSummaryDto> Created, int AlreadyPresent);

public static partial class TasksEndpoints
{
    /// <summary>
    /// Produces a recurring task's occurrences for a plan year, one per period, each due at the period's end. Running it
    /// again creates only what is missing. Coordinators only.
    /// </summary>
    /// <param name="id">The recurring task's id.</param>
    public static async Task<Results<Ok<OccurrencesDto>, ProblemHttpResult>> CreateOccurrences(
        int id, OccurrencesRequest request, Caller caller, WriteScopes writes, ReferenceData reference,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!caller.IsInRole(Roles.Coordinator))
        {
            return TypedResults.Problem("Coordinators produce the occurrences of recurring tasks.",
                statusCode: StatusCodes.Status403Forbidden, title: "You may not produce occurrences.");
        }

        await using var write = await writes.BeginAsync(caller, cancellationToken);
        var (connection, transaction) = write;
        var (created, existing, problem, change) = await ProduceOccurrencesAsync(connection, transaction, write.Dialect, caller, reference, clock, id, request.PlanYear);
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
    /// Creates the missing occurrences in the caller's transaction (also used when a review adopts its plan), and answers
    /// the audit entry of what it created for the caller to append last: appending takes the audit chain's lock, which
    /// every other writer waits for until this transaction ends.
    /// </summary>
    internal static async Task<(List<TaskSummaryDto> Created, int Existing, ProblemHttpResult? Problem, AuditEvent? Change)> ProduceOccurrencesAsync(
        System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, SqlDialect dialect, Caller caller,
        ReferenceData reference, TimeProvider clock, int seriesId, int planYear)
    {
        var now = clock.GetUtcNow();
        var today = clock.Today();
        if (await LoadAsync(connection, transaction, caller, reference, seriesId, today) is not var (series, dto))
        {
            return ([], 0, NoSuchTask(seriesId), null);
        }

        if (series.Kind != TaskKinds.Recurring || series.Recurrence is null)
        {
            return ([], 0, Problems.Conflict("Only a recurring task has occurrences.", $"{series.Code} is {series.Kind}."), null);
        }

        var existing = (await connection.QueryAsync<DateOnly>(TasksSql.OccurrenceDueDates, new { Id = seriesId }, transaction)).ToHashSet();
        var resolved = new ResolvedTask(
            reference.Unit(series.LeadUnitId)!, [.. dto.CounterpartUnits.Select(u => reference.Unit(u.Id)!)],
            [.. dto.Citations.Select(c => (c.VersionId, c.AknId))],
            [.. dto.Contacts.Select(c => (new ContactInput(c.Name, c.UnitCode, c.Phone, c.Email), c.UnitCode is null ? null : reference.Unit(c.UnitCode)?.Id))],
            series.Classification);
        var status = series.Status == TaskStatuses.Draft ? TaskStatuses.Draft : TaskStatuses.Assigned;
        var created = new List<TaskSummaryDto>();
        foreach (var (start, due, label) in Periods(series.Recurrence, planYear).Where(p => !existing.Contains(p.Due)))
        {
            var fields = new UpdateTaskRequest(
                $"{series.TitleVi} ({label})", $"{series.TitleEn} ({label})", series.DescriptionVi, series.DescriptionEn, [],
                "", null, null, dto.Classification, TaskKinds.OneOff, null, planYear, start, due, series.Priority);
            var occurrenceId = await InsertTaskAsync(connection, transaction, dialect, series.RegulationId, fields, resolved, now,
                seriesTaskId: seriesId, continuesTaskId: null, isDemo: false, status: status);
            await AddHistoryAsync(connection, transaction, occurrenceId, caller, resolved.Classification, "created", now, to: status, comment: $"Occurrence of {series.Code}");
            var (row, occurrence) = (await LoadAsync(connection, transaction, caller, reference, occurrenceId, today))!.Value;
            created.Add(new TaskSummaryDto(row.Id, row.RegulationId, row.Code, row.TitleVi, row.TitleEn, occurrence.LeadUnit.Code,
                occurrence.LeadUnit.AgencyCode, [.. occurrence.CounterpartUnits.Select(u => u.Code)], occurrence.Classification, row.Kind,
                row.PlanYear, row.StartDate, row.DueDate, row.Priority, row.Status, occurrence.Overdue, row.Progress, row.UpdatedAt));
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
