using System.Globalization;
using CoordinationApi.Features.Audit;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.Security;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoordinationApi.Features.Tasks;

public static partial class TasksEndpoints
{
    /// <summary>
    /// Creates a task as a draft, with a generated code (e.g. <c>QC2021-T35</c>). Coordinators create any task of their
    /// regulations; officers create tasks their own unit leads. With an <c>Idempotency-Key</c>, a retry answers the
    /// first result and creates nothing.
    /// </summary>
    public static async Task<Results<Created<TaskDto>, ValidationProblem, ProblemHttpResult>> CreateTask(
        CreateTaskRequest request, Caller caller, WriteScopes writes, ReferenceData reference,
        HttpContext http, CancellationToken cancellationToken)
    {
        if (Idempotency.TryReadKey(http, out var idempotencyKey) is { } badKey)
        {
            return badKey;
        }

        await using var write = await writes.BeginAsync(caller, cancellationToken);
        var (connection, transaction) = write;
        var now = write.Now;
        var today = write.Today;
        var requestHash = Idempotency.HashOf(request);
        async Task<TaskDto?> IfVisible(TaskDto task) => await LoadAsync(connection, transaction, caller, reference, task.Id, today) is null ? null : task;
        if (await write.ReplayAsync<TaskDto>(http, idempotencyKey, requestHash, IfVisible) is { } earlier)
        {
            return earlier.Problem is { } problem ? problem : earlier.Replay!;
        }

        var (resolved, errors) = await TaskRules.ResolveAsync(connection, transaction, write.Dialect, caller, reference, request.RegulationId, request, today);
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

        var id = await InsertTaskAsync(connection, transaction, write.Dialect, request.RegulationId, request, resolved, now, seriesTaskId: null,
            continuesTaskId: null, isDemo: false);
        await AddHistoryAsync(connection, transaction, id, caller, resolved.Classification, "created", now, to: TaskStatuses.Draft);
        var (_, dto) = (await LoadAsync(connection, transaction, caller, reference, id, today))!.Value;
        await write.AuditAsync(new AuditEvent(
            "task.create", "task", id.ToString(CultureInfo.InvariantCulture), After: dto,
            Classification: (Clearance)resolved.Classification, RegulationId: request.RegulationId));
        var location = $"/api/v1/tasks/{id}";
        // A concurrent request with the same key may have been saved first: then this one's work is rolled back, its result replayed.
        if (await write.RememberAsync(http, idempotencyKey, requestHash, location, dto, IfVisible) is { } winner)
        {
            return winner.Problem is { } problem ? problem : winner.Replay!;
        }

        await write.CommitAsync();
        Concurrency.SetETag(http, 1);
        return TypedResults.Created(location, dto);
    }

    /// <summary>Inserts a task with the next code of its regulation; shared with occurrences and carried-over tasks.</summary>
    internal static async Task<int> InsertTaskAsync(
        System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, SqlDialect dialect, int regulationId,
        TaskFields fields, ResolvedTask resolved, DateTimeOffset now, int? seriesTaskId, int? continuesTaskId, bool isDemo,
        string status = TaskStatuses.Draft, int progress = 0)
    {
        // Concurrent creates on SQL Server would otherwise read the same next number; they queue on the regulation's row instead.
        await connection.ExecuteAsync(Regulations.RegulationWritesSql.Lock, new { RegulationId = regulationId }, transaction);
        var seq = await connection.ExecuteScalarAsync<int>(TasksSql.NextSeq, new { RegulationId = regulationId }, transaction);
        var prefix = await connection.ExecuteScalarAsync<string>(TasksSql.RegulationCode, new { Id = regulationId }, transaction);
        var id = await connection.ExecuteScalarAsync<int>(TasksSql.Insert(dialect), new
        {
            RegulationId = regulationId, Seq = seq, Code = string.Create(CultureInfo.InvariantCulture, $"{prefix}-T{seq:00}"),
            fields.TitleVi, fields.TitleEn, DescriptionVi = fields.DescriptionVi ?? "", DescriptionEn = fields.DescriptionEn ?? "",
            LeadUnitId = resolved.LeadUnit.Id, LeadAgencyId = resolved.LeadUnit.AgencyId, resolved.Classification, fields.Kind,
            fields.Recurrence, fields.PlanYear, fields.StartDate, fields.DueDate, fields.Priority, Status = status, Progress = progress,
            SeriesTaskId = seriesTaskId, ContinuesTaskId = continuesTaskId, IsDemo = isDemo, Now = now,
            CompletedAt = status == TaskStatuses.Completed ? now : (DateTimeOffset?)null,
        }, transaction);
        await WriteChildrenAsync(connection, transaction, id, resolved);
        await Search.SearchIndex.IndexTasksAsync(connection, transaction, [id]);
        return id;
    }
}
