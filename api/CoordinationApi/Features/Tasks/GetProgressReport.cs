using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.Security;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoordinationApi.Features.Tasks;

public static class GetProgressReport
{
    /// <summary>One progress report of a task (the <c>Location</c> of a created one), with the rules of the task's report list.</summary>
    /// <param name="id">Task id.</param>
    /// <param name="reportId">Report id.</param>
    public static async Task<Results<Ok<ProgressReportDto>, ProblemHttpResult>> Handle(
        int id, int reportId, Caller caller, [AsParameters] TaskServices services, CancellationToken cancellationToken)
    {
        await using var connection = await services.Db.OpenAsync(cancellationToken);
        var tasks = TaskStore.Reading(connection, services.Reference, services.Clock.Today(), cancellationToken);
        if (await tasks.RowAsync(caller, id) is not { } task)
        {
            return TaskStore.NotFound(id);
        }

        var row = await connection.QuerySingleOrDefaultAsync<ReportRow>(new CommandDefinition(
            TasksSql.OneReport(services.Db.Dialect), CallerParameters.For(caller, new { Id = id, ReportId = reportId }), cancellationToken: cancellationToken));
        return row is null
            ? Problems.NotFound($"Task {id} has no report with the id {reportId}.")
            : TypedResults.Ok(row.ToDto() with { Of = task.AuditedAs() });
    }
}
