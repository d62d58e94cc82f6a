using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using CoordinationApi.Features.Audit;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Security;
using Dapper;

namespace CoordinationApi.Features.Tasks;

/// <summary>The joint tasks that carry a regulation out: their workflow, history and progress reports.</summary>
public static partial class TasksEndpoints
{
    public static RouteGroupBuilder MapTasks(this RouteGroupBuilder api)
    {
        var read = api.MapGroup("/tasks").WithTags("Tasks").RequireAccess(Access.TasksRead);
        read.MapGet("/", ListTasks).WithName(nameof(ListTasks));
        read.MapGet("/{id:int}", GetTask).WithName(nameof(GetTask)).ProducesProblem(StatusCodes.Status404NotFound);
        read.MapGet("/{id:int}/history", ListTaskHistory).WithName(nameof(ListTaskHistory)).ProducesProblem(StatusCodes.Status404NotFound);
        read.MapGet("/{id:int}/reports", ListProgressReports).WithName(nameof(ListProgressReports)).ProducesProblem(StatusCodes.Status404NotFound);

        var write = api.MapGroup("/tasks").WithTags("Tasks").RequireAccess(Access.TasksWrite);
        write.MapPost("/", CreateTask).WithName(nameof(CreateTask))
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        write.MapPut("/{id:int}", UpdateTask).WithName(nameof(UpdateTask))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
        write.MapPost("/{id:int}/transitions", TransitionTask).WithName(nameof(TransitionTask))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        write.MapPost("/{id:int}/reports", CreateProgressReport).WithName(nameof(CreateProgressReport))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        write.MapPost("/{id:int}/occurrences", CreateOccurrences).WithName(nameof(CreateOccurrences))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    /// <summary>The task as the caller sees it, or null when it does not exist for them.</summary>
    internal static async Task<(TaskRow Row, TaskDto Dto)?> LoadAsync(
        DbConnection connection, DbTransaction? transaction, Caller caller, ReferenceData reference, int id, DateOnly today)
    {
        using var results = await connection.QueryMultipleAsync(TasksSql.Detail, CallerParameters.For(caller, new { Id = id }), transaction);
        var row = await results.ReadSingleOrDefaultAsync<TaskRow>();
        if (row is null)
        {
            return null;
        }

        var citations = (await results.ReadAsync<ProvisionKey>()).Select(c => new CitationDto(c.VersionId, c.AknId)).ToList();
        var counterpartIds = (await results.ReadAsync<int>()).AsList();
        var contacts = (await results.ReadAsync<ContactRow>())
            .Select(c => new ContactDto(c.Name, c.UnitId is { } u ? reference.Unit(u)?.Code : null, c.Phone, c.Email)).ToList();
        var parties = new TaskParties(row.LeadUnitId, row.LeadAgencyId, counterpartIds);
        var dto = new TaskDto(
            row.Id, row.RegulationId, row.Code, row.TitleVi, row.TitleEn, row.DescriptionVi, row.DescriptionEn, citations,
            UnitDto(reference, row.LeadUnitId), [.. counterpartIds.Select(u => UnitDto(reference, u))], contacts,
            ((Clearance)row.Classification).ToName(), row.Kind, row.Recurrence, row.PlanYear, row.StartDate, row.DueDate, row.Priority,
            row.Status, row.IsOverdue(today), row.Progress, row.SeriesTaskId, row.ContinuesTaskId, row.CreatedAt, row.UpdatedAt,
            row.CompletedAt, TaskWorkflow.AllowedFor(caller, parties, row.Status), parties.MayEdit(caller), parties.MayReport(caller, reference));
        return (row, dto);
    }

    internal static async Task<TaskParties> PartiesAsync(DbConnection connection, DbTransaction transaction, TaskRow row) =>
        new(row.LeadUnitId, row.LeadAgencyId, (await connection.QueryAsync<int>(TasksSql.CounterpartsOfTask, new { row.Id }, transaction)).AsList());

    internal static async Task WriteChildrenAsync(DbConnection connection, DbTransaction transaction, int taskId, ResolvedTask task)
    {
        await connection.ExecuteAsync(TasksSql.DeleteCounterparts, new { Id = taskId }, transaction);
        await connection.ExecuteAsync(TasksSql.DeleteCitations, new { Id = taskId }, transaction);
        await connection.ExecuteAsync(TasksSql.DeleteContacts, new { Id = taskId }, transaction);
        await connection.ExecuteAsync(TasksSql.InsertCounterpart, task.Counterparts.Select(u => new { TaskId = taskId, UnitId = u.Id }), transaction);
        await connection.ExecuteAsync(TasksSql.InsertCitation, task.Citations.Select(c => new { TaskId = taskId, c.VersionId, c.AknId }), transaction);
        await connection.ExecuteAsync(TasksSql.InsertContact, task.Contacts.Select((c, i) => new
        {
            TaskId = taskId, Ordinal = i + 1, c.Contact.Name, c.UnitId, c.Contact.Phone, c.Contact.Email,
        }), transaction);
    }

    /// <summary>
    /// Adds an entry to a task's history, classified at the level of the values it holds (<paramref name="classification"/>):
    /// callers cleared below it see the entry without its comment and changes.
    /// </summary>
    internal static Task AddHistoryAsync(
        DbConnection connection, DbTransaction transaction, int taskId, Caller caller, int classification, string kind, DateTimeOffset now,
        string? from = null, string? to = null, string? comment = null, object? changes = null) =>
        connection.ExecuteAsync(TasksSql.InsertHistory, new
        {
            TaskId = taskId, Classification = classification, Now = now, ActorName = caller.Name, ActorKind = caller.AuthorKind, Kind = kind, FromStatus = from, ToStatus = to, Comment = comment,
            ChangesJson = changes is null ? null : JsonSerializer.Serialize(changes, JsonSerializerOptions.Web),
        }, transaction);

    private static TaskUnitDto UnitDto(ReferenceData reference, int unitId)
    {
        var unit = reference.Unit(unitId) ?? throw new InvalidOperationException($"Unit {unitId} is missing from the reference data.");
        return new TaskUnitDto(unit.Id, unit.Code, unit.NameVi, unit.NameEn, unit.Tier, unit.AgencyCode);
    }
}
