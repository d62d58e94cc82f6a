using CoordinationApi.Infrastructure.Hosting;

namespace CoordinationApi.Features.Tasks;

/// <summary>The joint tasks that carry a regulation out, and their progress.</summary>
public sealed class TasksFeature : IFeature
{
    /// <summary>The due and overdue reminders (<see cref="DueReminders"/>).</summary>
    public void AddServices(WebApplicationBuilder builder) => builder.Services.AddHostedService<DueReminders>();

    public void MapEndpoints(IEndpointRouteBuilder app, RouteGroupBuilder api) => api.MapTasks();
}
