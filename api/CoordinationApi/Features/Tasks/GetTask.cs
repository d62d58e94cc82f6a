using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoordinationApi.Features.Tasks;

public static class GetTask
{
    /// <summary>One task, with its <c>ETag</c> and the moves the caller may make. Reading a secret or top-secret task is audited.</summary>
    /// <param name="id">Task id.</param>
    public static async Task<Results<Ok<TaskDto>, ProblemHttpResult>> Handle(
        int id, Caller caller, [AsParameters] TaskServices services, HttpContext http, CancellationToken cancellationToken)
    {
        await using var connection = await services.Db.OpenAsync(cancellationToken);
        var tasks = TaskStore.Reading(connection, services.Reference, services.Clock.Today(), cancellationToken);
        if (await tasks.LoadAsync(caller, id) is not var (row, dto))
        {
            return TaskStore.NotFound(id);
        }

        Concurrency.SetETag(http, row.RowVersion);
        return TypedResults.Ok(dto);
    }
}
