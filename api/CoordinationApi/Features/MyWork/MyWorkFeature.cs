using CoordinationApi.Infrastructure.Hosting;

namespace CoordinationApi.Features.MyWork;

/// <summary>"My work": the signed-in person's tasks, what is due or overdue, and what awaits their evaluation.</summary>
public sealed class MyWorkFeature : IFeature
{
    public void AddServices(WebApplicationBuilder builder)
    {
    }

    public void MapEndpoints(IEndpointRouteBuilder app, RouteGroupBuilder api) => api.MapMyWork();
}
