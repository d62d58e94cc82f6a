using System.Globalization;
using CoordinationApi.Features.Audit;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.OpenApi;
using CoordinationApi.Infrastructure.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoordinationApi.Features.Tasks;

/// <summary>A new task, created as a draft. Send an <c>Idempotency-Key</c> header to make retries safe.</summary>
/// <param name="RegulationId">The regulation it carries out.</param>
public sealed record CreateTaskRequest(
    int RegulationId, string TitleVi, string TitleEn, string? DescriptionVi, string? DescriptionEn, List<CitationInput> Citations,
    string LeadUnitCode, List<string>? CounterpartUnitCodes, List<ContactInput>? Contacts, [Vocabulary(typeof(ClearanceNames))] string Classification, [Vocabulary(typeof(TaskKinds))] string Kind,
    [Vocabulary(typeof(TaskKinds), nameof(TaskKinds.Recurrences))] string? Recurrence, int PlanYear, DateOnly StartDate, DateOnly DueDate, [Vocabulary(typeof(TaskKinds), nameof(TaskKinds.Priorities))] string Priority)
    : TaskFields(TitleVi, TitleEn, DescriptionVi, DescriptionEn, Citations, LeadUnitCode, CounterpartUnitCodes, Contacts,
        Classification, Kind, Recurrence, PlanYear, StartDate, DueDate, Priority);

internal sealed class CreateTaskRequestValidator : TaskFieldsValidator<CreateTaskRequest>
{
    public CreateTaskRequestValidator() => RuleFor(r => r.RegulationId).IsId();
}

public static class CreateTask
{
    /// <summary>
    /// Creates a task as a draft, with a generated code (e.g. <c>QC2021-T35</c>). Coordinators create any task of their
    /// regulations; officers create tasks their own unit leads. With an <c>Idempotency-Key</c>, a retry answers the
    /// first result and creates nothing.
    /// </summary>
    public static async Task<Results<Created<TaskDto>, ValidationProblem, ProblemHttpResult>> Handle(
        CreateTaskRequest request, Caller caller, [AsParameters] TaskServices services, HttpContext http, CancellationToken cancellationToken)
    {
        if (Idempotency.TryReadKey(http, out var idempotencyKey) is { } badKey)
        {
            return badKey;
        }

        await using var write = await services.Writes.BeginAsync(caller, cancellationToken);
        var tasks = TaskStore.Of(write, services.Reference);
        var requestHash = Idempotency.HashOf(request);
        async Task<TaskDto?> IfVisible(TaskDto task) => await tasks.LoadAsync(caller, task.Id) is null ? null : task;
        if (await write.ReplayAsync<TaskDto>(http, idempotencyKey, requestHash, IfVisible, withETag: true) is { } earlier)
        {
            return earlier.Problem is { } problem ? problem : earlier.Replay!;
        }

        var (resolved, errors) = await TaskRules.ResolveAsync(write, caller, services.Reference, request.RegulationId, request);
        if (resolved is null)
        {
            return Problems.Invalid(errors);
        }

        var mayCreate = caller.IsInRole(Roles.Coordinator)
            || new TaskParties(resolved.LeadUnit.Id, resolved.LeadUnit.AgencyId, []).IsLedBy(caller);
        if (!mayCreate)
        {
            return TypedResults.Problem("Coordinators create tasks; an officer creates only tasks that their own unit leads.",
                statusCode: StatusCodes.Status403Forbidden, title: "You may not create this task.");
        }

        var id = await tasks.InsertAsync(request.RegulationId, request, resolved, TaskStatuses.Draft);
        await tasks.AddHistoryAsync(id, caller, resolved.Classification, TaskHistoryKinds.Created, to: TaskStatuses.Draft);
        var (row, dto) = (await tasks.LoadAsync(caller, id))!.Value;
        await write.AuditAsync(new AuditEvent(
            "task.create", "task", id.ToString(CultureInfo.InvariantCulture), After: dto,
            Classification: (Clearance)resolved.Classification, RegulationId: request.RegulationId));
        var location = $"/api/v1/tasks/{id}";
        Concurrency.SetETag(http, row.RowVersion);
        // A concurrent request with the same key may have been saved first: then this one's work is rolled back, its result replayed.
        if (await write.RememberAsync(http, idempotencyKey, requestHash, location, dto, IfVisible, withETag: true) is { } winner)
        {
            return winner.Problem is { } problem ? problem : winner.Replay!;
        }

        await write.CommitAsync();
        return TypedResults.Created(location, dto);
    }
}
