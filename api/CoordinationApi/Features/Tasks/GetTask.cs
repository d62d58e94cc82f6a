using System.Globalization;
using System.Text.Json;
using CoordinationApi.Features.Audit;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.Security;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CoordinationApi.Features.Tasks;

/// <summary>Paging of a task's history.</summary>
/// <param name="Cursor">The <c>nextCursor</c> of the previous page; omit for the first page.</param>
/// <param name="Limit">Page size, 1–200 (default 50).</param>
public sealed record TaskHistoryQuery([property: FromQuery(Name = "cursor")] string? Cursor, [property: FromQuery(Name = "limit")] int? Limit)
    : IPageQuery;

internal sealed class TaskHistoryQueryValidator : AbstractValidator<TaskHistoryQuery>
{
    public TaskHistoryQueryValidator(Cursors cursors) => Include(new PageRules<TaskHistoryQuery>(cursors, TasksEndpoints.HistoryList, Cursors.IsId));
}

/// <summary>Paging of a task's progress reports.</summary>
/// <param name="Cursor">The <c>nextCursor</c> of the previous page; omit for the first page.</param>
/// <param name="Limit">Page size, 1–200 (default 50).</param>
public sealed record ProgressReportsQuery([property: FromQuery(Name = "cursor")] string? Cursor, [property: FromQuery(Name = "limit")] int? Limit)
    : IPageQuery;

internal sealed class ProgressReportsQueryValidator : AbstractValidator<ProgressReportsQuery>
{
    public ProgressReportsQueryValidator(Cursors cursors) =>
        Include(new PageRules<ProgressReportsQuery>(cursors, TasksEndpoints.ReportsList, TasksEndpoints.IsReportsPosition));
}

public static partial class TasksEndpoints
{
    internal const string HistoryList = "task-history";
    internal const string ReportsList = "task-reports";

    /// <summary>A report's position: its date and id.</summary>
    internal static bool IsReportsPosition(string position) =>
        position.Split('|') is [var date, var id] && Cursors.IsId(id)
        && DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

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
    public static async Task<Results<Ok<Page<TaskHistoryEntryDto>>, ProblemHttpResult>> ListTaskHistory(
        int id, [AsParameters] TaskHistoryQuery query, Caller caller, DbConnectionFactory db, Cursors cursors, CancellationToken cancellationToken)
    {
        var position = cursors.PositionOf(HistoryList, query.Cursor);
        var limit = query.Limit ?? Cursors.DefaultLimit;
        await using var connection = await db.OpenAsync(cancellationToken);
        if (await connection.QuerySingleOrDefaultAsync<TaskRow>(new CommandDefinition(
                TasksSql.Row, CallerParameters.For(caller, new { Id = id }), cancellationToken: cancellationToken)) is not { } task)
        {
            return NoSuchTask(id);
        }

        var rows = (await connection.QueryAsync<HistoryRow>(new CommandDefinition(TasksSql.History(db.Dialect), CallerParameters.For(caller, new
        {
            Id = id, AfterId = position.Length == 0 ? 0 : Cursors.ParseId(position), Take = limit + 1,
        }), cancellationToken: cancellationToken))).AsList();
        var page = cursors.ToPage(HistoryList, rows, limit, h => Cursors.Position(h.Id));
        return TypedResults.Ok(new Page<TaskHistoryEntryDto>([.. page.Items.Select(h => new TaskHistoryEntryDto(
            h.Id, h.OccurredAt, h.ActorName, h.ActorKind, h.Kind, h.FromStatus, h.ToStatus, h.Comment,
            h.ChangesJson is null ? null : JsonDocument.Parse(h.ChangesJson).RootElement.Clone(), h.Redacted) { Of = task.AuditedAs() })], page.NextCursor));
    }

    /// <summary>The progress reports of a task, oldest first.</summary>
    /// <param name="id">Task id.</param>
    public static async Task<Results<Ok<Page<ProgressReportDto>>, ProblemHttpResult>> ListProgressReports(
        int id, [AsParameters] ProgressReportsQuery query, Caller caller, DbConnectionFactory db, Cursors cursors, CancellationToken cancellationToken)
    {
        var position = cursors.PositionOf(ReportsList, query.Cursor).Split('|');
        var limit = query.Limit ?? Cursors.DefaultLimit;
        await using var connection = await db.OpenAsync(cancellationToken);
        if (await connection.QuerySingleOrDefaultAsync<TaskRow>(new CommandDefinition(
                TasksSql.Row, CallerParameters.For(caller, new { Id = id }), cancellationToken: cancellationToken)) is not { } task)
        {
            return NoSuchTask(id);
        }

        var rows = (await connection.QueryAsync<ReportRow>(new CommandDefinition(TasksSql.Reports(db.Dialect), CallerParameters.For(caller, new
        {
            Id = id,
            KeyDate = position.Length == 2 ? DateOnly.ParseExact(position[0], "yyyy-MM-dd", CultureInfo.InvariantCulture) : (DateOnly?)null,
            KeyId = position.Length == 2 ? Cursors.ParseId(position[1]) : 0,
            Take = limit + 1,
        }), cancellationToken: cancellationToken))).AsList();
        var page = cursors.ToPage(ReportsList, rows, limit, r => string.Create(CultureInfo.InvariantCulture, $"{r.ReportDate:yyyy-MM-dd}|{r.Id}"));
        return TypedResults.Ok(new Page<ProgressReportDto>([.. page.Items.Select(r => r.ToDto() with { Of = task.AuditedAs() })], page.NextCursor));
    }

    internal static ProblemHttpResult NoSuchTask(int id) => Problems.NotFound($"No task with the id {id} exists for you.");
}
