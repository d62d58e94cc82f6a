using System.Globalization;
using System.Text.Json;
using CoordinationApi.Features.Audit;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.OpenApi;
using CoordinationApi.Infrastructure.Security;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoordinationApi.Features.Tasks;

/// <summary>
/// New values for a task's fields; send the ETag you read in <c>If-Match</c>. Status changes go through transitions. The body
/// of a GET of the task may be sent back as it is, changed where you want: its read-only members are ignored.
/// </summary>
[RoundTrips(typeof(TaskDto))]
public sealed record UpdateTaskRequest(
    string TitleVi, string TitleEn, string? DescriptionVi, string? DescriptionEn, List<CitationInput> Citations,
    string LeadUnitCode, List<string>? CounterpartUnitCodes, List<ContactInput>? Contacts, [Vocabulary(typeof(ClearanceNames))] string Classification, [Vocabulary(typeof(TaskKinds))] string Kind,
    [Vocabulary(typeof(TaskKinds), nameof(TaskKinds.Recurrences))] string? Recurrence, int PlanYear, DateOnly StartDate, DateOnly DueDate, [Vocabulary(typeof(TaskKinds), nameof(TaskKinds.Priorities))] string Priority)
    : TaskFields(TitleVi, TitleEn, DescriptionVi, DescriptionEn, Citations, LeadUnitCode, CounterpartUnitCodes, Contacts,
        Classification, Kind, Recurrence, PlanYear, StartDate, DueDate, Priority);

internal sealed class UpdateTaskRequestValidator : TaskFieldsValidator<UpdateTaskRequest>;

public static class UpdateTask
{
    /// <summary>
    /// Changes a task's fields (not its status). Requires the ETag you read in <c>If-Match</c>: 412 when someone changed the
    /// task since. Lowering its classification declassifies it: an act of a coordinator of the lead unit's agency (403 for
    /// others), open only to callers cleared for the level it had, and audited on its own as <c>task.declassified</c>.
    /// Raising it, or moving the lead unit to another agency, is also the lead unit's agency's act (403 for the other party).
    /// </summary>
    /// <param name="id">Task id.</param>
    public static async Task<Results<Ok<TaskDto>, ValidationProblem, ProblemHttpResult>> Handle(
        int id, UpdateTaskRequest request, Caller caller, [AsParameters] TaskServices services, HttpContext http, CancellationToken cancellationToken)
    {
        if (!Concurrency.TryReadIfMatch(http, out var ifMatch, out var precondition))
        {
            return precondition!;
        }

        await using var write = await services.Writes.BeginAsync(caller, cancellationToken);
        var (connection, transaction) = write;
        var tasks = TaskStore.Of(write, services.Reference);
        if (await tasks.LoadAsync(caller, id) is not var (row, before))
        {
            return TaskStore.NotFound(id);
        }

        if (row.Status == TaskStatuses.CarriedOver)
        {
            // Closed by a review's conclusion: the work goes on as its successor, which is what is edited.
            return Problems.Conflict("A carried-over task is closed.", "Its work goes on as the task that continues it: edit that one.");
        }

        if (!before.MayEdit)
        {
            return TypedResults.Problem("Coordinators, and officers of the lead unit, edit a task.",
                statusCode: StatusCodes.Status403Forbidden, title: "You may not edit this task.");
        }

        if (!ifMatch.Matches(row.RowVersion))
        {
            return Concurrency.Stale();
        }

        var (resolved, errors) = await TaskRules.ResolveAsync(write, caller, services.Reference, row.RegulationId, request, before);
        if (resolved is null)
        {
            return Problems.Invalid(errors);
        }

        if (!caller.IsInRole(Roles.Coordinator) && resolved.LeadUnit.Id != row.LeadUnitId)
        {
            return Problems.Invalid("leadUnitCode", "Only a coordinator hands a task to another lead unit.");
        }

        var declassified = resolved.Classification < row.Classification;
        if (TaskRules.RefuseReclassification(caller, row.Classification, row.LeadAgencyId, resolved.Classification, resolved.LeadUnit.AgencyId) is { } refusal)
        {
            return TypedResults.Problem(refusal, statusCode: StatusCodes.Status403Forbidden,
                title: declassified ? "You may not declassify this task." : "You may not reclassify this task or hand it to another agency.");
        }

        var units = await TaskEvents.ReadAsync(write, id);
        var changed = await connection.ExecuteAsync(TasksSql.Update, new
        {
            Id = id, RowVersion = row.RowVersion, request.TitleVi, request.TitleEn, DescriptionVi = request.DescriptionVi ?? "",
            DescriptionEn = request.DescriptionEn ?? "", LeadUnitId = resolved.LeadUnit.Id, LeadAgencyId = resolved.LeadUnit.AgencyId,
            resolved.Classification, request.Kind, request.Recurrence, request.PlanYear, request.StartDate, request.DueDate,
            request.Priority, write.Now,
        }, transaction);
        if (changed == 0)
        {
            // On SQL Server a concurrent editor may commit between the read above and this update (SQLite writers queue).
            return Concurrency.Stale();
        }

        await tasks.WriteChildrenAsync(id, resolved);
        await Search.SearchIndex.IndexTasksAsync(write, [id]);
        var (updatedRow, after) = (await tasks.LoadAsync(caller, id))!.Value;
        if (Unchanged(before, after))
        {
            // An edit that changes nothing (a GET body sent back as it is) writes nothing: the scope is left uncommitted, so
            // the row version, the ETag, updatedAt, the history and the change feed stay as they were.
            Concurrency.SetETag(http, row.RowVersion);
            return TypedResults.Ok(before);
        }

        await TaskEvents.AssignedAsync(write, id, units);
        // The entry holds the values before and after: it is classified at the higher of the two levels.
        await tasks.AddHistoryAsync(id, caller, Math.Max(row.Classification, resolved.Classification), TaskHistoryKinds.Edited, changes: Changes(before, after));
        if (declassified)
        {
            await write.AuditAsync(new AuditEvent(
                "task.declassified", "task", id.ToString(CultureInfo.InvariantCulture),
                new { classification = before.Classification }, new { classification = after.Classification },
                (Clearance)row.Classification, row.RegulationId));
        }

        await write.AuditAsync(new AuditEvent(
            "task.update", "task", id.ToString(CultureInfo.InvariantCulture), before, after,
            (Clearance)Math.Max(row.Classification, resolved.Classification), row.RegulationId));
        await write.CommitAsync();

        Concurrency.SetETag(http, updatedRow.RowVersion);
        return TypedResults.Ok(after);
    }

    /// <summary>Whether the edit left every field of the representation as it was (the change time aside).</summary>
    private static bool Unchanged(TaskDto before, TaskDto after) =>
        JsonSerializer.Serialize(before with { UpdatedAt = default }) == JsonSerializer.Serialize(after with { UpdatedAt = default });

    /// <summary>The fields an edit changed, with their old and new values, for the task's history.</summary>
    private static Dictionary<string, object?[]> Changes(TaskDto before, TaskDto after)
    {
        var changes = new Dictionary<string, object?[]>();
        void Compare(string name, object? a, object? b)
        {
            if (!Equals(a, b))
            {
                changes[name] = [a, b];
            }
        }

        Compare("titleVi", before.TitleVi, after.TitleVi);
        Compare("titleEn", before.TitleEn, after.TitleEn);
        Compare("descriptionVi", before.DescriptionVi, after.DescriptionVi);
        Compare("descriptionEn", before.DescriptionEn, after.DescriptionEn);
        Compare("leadUnit", before.LeadUnit.Code, after.LeadUnit.Code);
        Compare("counterpartUnits", string.Join(',', before.CounterpartUnits.Select(u => u.Code)), string.Join(',', after.CounterpartUnits.Select(u => u.Code)));
        Compare("citations", string.Join(',', before.Citations.Select(c => c.AknId)), string.Join(',', after.Citations.Select(c => c.AknId)));
        Compare("classification", before.Classification, after.Classification);
        Compare("kind", before.Kind, after.Kind);
        Compare("recurrence", before.Recurrence, after.Recurrence);
        Compare("planYear", before.PlanYear, after.PlanYear);
        Compare("startDate", before.StartDate, after.StartDate);
        Compare("dueDate", before.DueDate, after.DueDate);
        Compare("priority", before.Priority, after.Priority);
        return changes;
    }
}
