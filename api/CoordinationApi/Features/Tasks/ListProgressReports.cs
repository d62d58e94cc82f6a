using System.Globalization;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.Security;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CoordinationApi.Features.Tasks;

/// <summary>Paging of a task's progress reports.</summary>
/// <param name="UpdatedSince">Only reports written at or after this instant (RFC 3339), in the order they were written (<c>createdAt</c>, then id). Reports are never edited or deleted: a correction is a new report with <c>isCorrection</c>.</param>
/// <param name="Cursor">The <c>nextCursor</c> of the previous page; omit for the first page.</param>
/// <param name="Limit">Page size, 1–200 (default 50).</param>
public sealed record ProgressReportsQuery(
    [property: FromQuery(Name = ChangeFeed.Parameter)] DateTimeOffset? UpdatedSince,
    [property: FromQuery(Name = "cursor")] string? Cursor,
    [property: FromQuery(Name = "limit")] int? Limit)
    : IPageQuery;

internal sealed class ProgressReportsQueryValidator : AbstractValidator<ProgressReportsQuery>
{
    public ProgressReportsQueryValidator(Cursors cursors)
    {
        Include(new PageRules<ProgressReportsQuery>(cursors, ListProgressReports.ListName, p => ListProgressReports.IsPosition(p) || ChangeFeed.IsPosition(p)));
        RuleFor(q => q.UpdatedSince).IsInstant();
    }
}

public static class ListProgressReports
{
    internal const string ListName = "task-reports";

    /// <summary>A report's position: its date and id.</summary>
    internal static bool IsPosition(string position) =>
        position.Split('|') is [var date, var id] && Cursors.IsId(id)
        && DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    /// <summary>The progress reports of a task, oldest first (by report date; with <c>updatedSince</c>, by the time they were written).</summary>
    /// <param name="id">Task id.</param>
    public static async Task<Results<Ok<Page<ProgressReportDto>>, ProblemHttpResult>> Handle(
        int id, [AsParameters] ProgressReportsQuery query, Caller caller, [AsParameters] TaskServices services, CancellationToken cancellationToken)
    {
        var key = services.Cursors.PositionOf(ListName, query.Cursor);
        var position = key.Split('|');
        var limit = query.Limit ?? Cursors.DefaultLimit;
        await using var connection = await services.Db.OpenAsync(cancellationToken);
        var tasks = TaskStore.Reading(connection, services.Reference, services.Clock.Today(), cancellationToken);
        if (await tasks.RowAsync(caller, id) is not { } task)
        {
            return TaskStore.NotFound(id);
        }

        if (query.UpdatedSince is { } since)
        {
            var (keyAt, keyId) = ChangeFeed.Key(since, key);
            var changed = (await connection.QueryAsync<ReportRow>(new CommandDefinition(TasksSql.ReportsWritten(services.Db.Dialect),
                CallerParameters.For(caller, new { Id = id, KeyAt = keyAt, KeyId = keyId, Take = limit + 1 }), cancellationToken: cancellationToken))).AsList();
            var changes = services.Cursors.ToPage(ListName, changed, limit, r => ChangeFeed.Position(r.CreatedAt, r.Id));
            return TypedResults.Ok(new Page<ProgressReportDto>([.. changes.Items.Select(r => r.ToDto() with { Of = task.AuditedAs() })], changes.NextCursor));
        }

        var rows = (await connection.QueryAsync<ReportRow>(new CommandDefinition(TasksSql.Reports(services.Db.Dialect), CallerParameters.For(caller, new
        {
            Id = id,
            KeyDate = position.Length == 2 ? DateOnly.ParseExact(position[0], "yyyy-MM-dd", CultureInfo.InvariantCulture) : (DateOnly?)null,
            KeyId = position.Length == 2 ? Cursors.ParseId(position[1]) : 0,
            Take = limit + 1,
        }), cancellationToken: cancellationToken))).AsList();
        var page = services.Cursors.ToPage(ListName, rows, limit, r => string.Create(CultureInfo.InvariantCulture, $"{r.ReportDate:yyyy-MM-dd}|{r.Id}"));
        return TypedResults.Ok(new Page<ProgressReportDto>([.. page.Items.Select(r => r.ToDto() with { Of = task.AuditedAs() })], page.NextCursor));
    }
}
