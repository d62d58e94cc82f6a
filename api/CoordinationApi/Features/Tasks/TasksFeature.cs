using CoordinationApi.Infrastructure.Hosting;

namespace CoordinationApi.Features.Tasks;

/// <summary>The joint tasks that carry a regulation out, and their progress.</summary>
public sealed class TasksFeature : IFeature
{
    public void MapEndpoints(IEndpointRouteBuilder app, RouteGroupBuilder api) => api.MapTasks();
}
