using CoordinationApi.Infrastructure.Security;

namespace CoordinationApi.Features.Regulations;

public static partial class RegulationsEndpoints
{
    public static RouteGroupBuilder MapRegulations(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/regulations").WithTags("Regulations").RequireAccess(Access.RegulationsRead);
        group.MapGet("/", ListRegulations).WithName(nameof(ListRegulations));
        group.MapGet("/{id:int}", GetRegulation).WithName(nameof(GetRegulation)).ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }
}
