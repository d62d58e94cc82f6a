using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.Security;

namespace CoordinationApi.Features.Tasks;

/// <summary>What the task handlers use, bound as one <c>[AsParameters]</c> record.</summary>
public sealed record TaskServices(DbConnectionFactory Db, WriteScopes Writes, ReferenceData Reference, Cursors Cursors, TimeProvider Clock);

/// <summary>The joint tasks that carry a regulation out: their workflow, history and progress reports. One file per operation.</summary>
public static class TasksEndpoints
{
    public static RouteGroupBuilder MapTasks(this RouteGroupBuilder api)
    {
        var read = api.MapGroup("/tasks").WithTags("Tasks").RequireAccess(Access.TasksRead);
        read.MapGet("/", ListTasks.Handle).WithName(nameof(ListTasks));
        read.MapGet("/{id:int}", GetTask.Handle).WithName(nameof(GetTask)).ProducesProblem(StatusCodes.Status404NotFound);
        read.MapGet("/{id:int}/history", ListTaskHistory.Handle).WithName(nameof(ListTaskHistory)).ProducesProblem(StatusCodes.Status404NotFound);
        read.MapGet("/{id:int}/reports", ListProgressReports.Handle).WithName(nameof(ListProgressReports)).ProducesProblem(StatusCodes.Status404NotFound);
        read.MapGet("/{id:int}/reports/{reportId:int}", GetProgressReport.Handle).WithName(nameof(GetProgressReport))
            .ProducesProblem(StatusCodes.Status404NotFound);

        var write = api.MapGroup("/tasks").WithTags("Tasks").RequireAccess(Access.TasksWrite);
        write.MapPost("/", CreateTask.Handle).WithName(nameof(CreateTask)).WithMetadata(Idempotency.Honoured)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        write.MapPut("/{id:int}", UpdateTask.Handle).WithName(nameof(UpdateTask))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        write.MapPost("/{id:int}/transitions", TransitionTask.Handle).WithName(nameof(TransitionTask))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        write.MapPost("/{id:int}/reports", CreateProgressReport.Handle).WithName(nameof(CreateProgressReport)).WithMetadata(Idempotency.Honoured)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        var plan = api.MapGroup("/tasks").WithTags("Tasks").RequireAccess(Access.ProduceOccurrences);
        plan.MapPost("/{id:int}/occurrences", CreateOccurrences.Handle).WithName(nameof(CreateOccurrences))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }
}
