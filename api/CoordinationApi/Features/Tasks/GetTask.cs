using System.Text.Json;
using CoordinationApi.Features.Audit;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.Security;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoordinationApi.Features.Tasks;

public static partial class TasksEndpoints
{
    /// <summary>One task, with its <c>ETag</c> and the moves the caller may make. Reading a secret or top-secret task is audited.</summary>
    /// <param name="id">Task id.</param>
    public static async Task<Results<Ok<TaskDto>, ProblemHttpResult>> GetTask(
        int id, Caller caller, DbConnectionFactory db, ReferenceData reference, TimeProvider clock, HttpContext http,
        CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        if (await LoadAsync(connection, null, caller, reference, id, clock.Today()) is not var (row, dto))
        {
            return NoSuchTask(id);
        }

        Concurrency.SetETag(http, row.RowVersion);
        return TypedResults.Ok(dto);
    }

    /// <summary>
    /// What happened to a task: creation, edits, status changes and progress reports, oldest first. An entry that holds
    /// values classified above the caller's clearance (written before the task was declassified) shows without its
    /// comment and changes, marked <c>redacted</c>.
    /// </summary>
    /// <param name="id">Task id.</param>
    public static async Task<Results<Ok<List<TaskHistoryEntryDto>>, ProblemHttpResult>> ListTaskHistory(
        int id, Caller caller, DbConnectionFactory db, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        if (await connection.QuerySingleOrDefaultAsync<TaskRow>(new CommandDefinition(
                TasksSql.Row, CallerParameters.For(caller, new { Id = id }), cancellationToken: cancellationToken)) is not { } task)
        {
            return NoSuchTask(id);
        }

        var rows = await connection.QueryAsync<HistoryRow>(new CommandDefinition(
            TasksSql.History, CallerParameters.For(caller, new { Id = id }), cancellationToken: cancellationToken));
        return TypedResults.Ok(rows.Select(h => new TaskHistoryEntryDto(
            h.Id, h.OccurredAt, h.ActorName, h.ActorKind, h.Kind, h.FromStatus, h.ToStatus, h.Comment,
            h.ChangesJson is null ? null : JsonDocument.Parse(h.ChangesJson).RootElement.Clone(), h.Redacted) { Of = task.AuditedAs() }).ToList());
    }

    /// <summary>The progress reports of a task, oldest first.</summary>
    /// <param name="id">Task id.</param>
    public static async Task<Results<Ok<List<ProgressReportDto>>, ProblemHttpResult>> ListProgressReports(
        int id, Caller caller, DbConnectionFactory db, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        if (await connection.QuerySingleOrDefaultAsync<TaskRow>(new CommandDefinition(
                TasksSql.Row, CallerParameters.For(caller, new { Id = id }), cancellationToken: cancellationToken)) is not { } task)
        {
            return NoSuchTask(id);
        }

        var rows = await connection.QueryAsync<ReportRow>(new CommandDefinition(
            TasksSql.Reports, CallerParameters.For(caller, new { Id = id }), cancellationToken: cancellationToken));
        return TypedResults.Ok(rows.Select(r => r.ToDto() with { Of = task.AuditedAs() }).ToList());
    }

    internal static ProblemHttpResult NoSuchTask(int id) => Problems.NotFound($"No task with the id {id} exists for you.");
}
