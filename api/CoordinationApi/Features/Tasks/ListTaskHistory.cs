using System.Text.Json;
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
    public TaskHistoryQueryValidator(Cursors cursors) => Include(new PageRules<TaskHistoryQuery>(cursors, ListTaskHistory.ListName, Cursors.IsId));
}

public static class ListTaskHistory
{
    internal const string ListName = "task-history";

    /// <summary>
    /// What happened to a task: creation, edits, status changes and progress reports, oldest first. An entry that holds
    /// values classified above the caller's clearance (written before the task was declassified) shows without its
    /// comment and changes, marked <c>redacted</c>.
    /// </summary>
    /// <param name="id">Task id.</param>
    public static async Task<Results<Ok<Page<TaskHistoryEntryDto>>, ProblemHttpResult>> Handle(
        int id, [AsParameters] TaskHistoryQuery query, Caller caller, [AsParameters] TaskServices services, CancellationToken cancellationToken)
    {
        var position = services.Cursors.PositionOf(ListName, query.Cursor);
        var limit = query.Limit ?? Cursors.DefaultLimit;
        await using var connection = await services.Db.OpenAsync(cancellationToken);
        var tasks = TaskStore.Reading(connection, services.Reference, services.Clock.Today(), cancellationToken);
        if (await tasks.RowAsync(caller, id) is not { } task)
        {
            return TaskStore.NotFound(id);
        }

        var rows = (await connection.QueryAsync<HistoryRow>(new CommandDefinition(TasksSql.History(services.Db.Dialect), CallerParameters.For(caller, new
        {
            Id = id, AfterId = position.Length == 0 ? 0 : Cursors.ParseId(position), Take = limit + 1,
        }), cancellationToken: cancellationToken))).AsList();
        var page = services.Cursors.ToPage(ListName, rows, limit, h => Cursors.Position(h.Id));
        return TypedResults.Ok(new Page<TaskHistoryEntryDto>([.. page.Items.Select(h => new TaskHistoryEntryDto(
            h.Id, h.OccurredAt, h.ActorName, h.ActorKind, h.Kind, h.FromStatus, h.ToStatus, h.Comment,
            h.ChangesJson is null ? null : JsonDocument.Parse(h.ChangesJson).RootElement.Clone(), h.Redacted) { Of = task.AuditedAs() })], page.NextCursor));
    }
}
