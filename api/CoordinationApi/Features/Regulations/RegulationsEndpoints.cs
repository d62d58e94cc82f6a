using CoordinationApi.Features.Audit;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.Security;

namespace CoordinationApi.Features.Regulations;

/// <summary>What the regulation handlers need besides their request and caller (bound with <c>[AsParameters]</c>).</summary>
public sealed record RegulationServices(
    DbConnectionFactory Db, WriteScopes Writes, ReferenceData Reference, Cursors Cursors, TimeProvider Clock, HttpContext Http);

public static partial class RegulationsEndpoints
{
    public static RouteGroupBuilder MapRegulations(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/regulations").WithTags("Regulations").RequireAccess(Access.RegulationsRead).ReturnsNoClassifiedData();
        group.MapGet("/", ListRegulations).WithName(nameof(ListRegulations));
        group.MapGet("/{id:int}", GetRegulation).WithName(nameof(GetRegulation)).ProducesProblem(StatusCodes.Status404NotFound);

        var write = api.MapGroup("/regulations").WithTags("Regulations").RequireAccess(Access.RegulationsWrite);
        write.MapPost("/", CreateRegulation).WithName(nameof(CreateRegulation)).WithMetadata(Idempotency.Honoured).ProducesProblem(StatusCodes.Status409Conflict);
        write.MapPut("/{id:int}", UpdateRegulation).WithName(nameof(UpdateRegulation))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        return group;
    }
}
