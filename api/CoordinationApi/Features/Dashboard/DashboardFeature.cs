using CoordinationApi.Infrastructure.Hosting;

namespace CoordinationApi.Features.Dashboard;

/// <summary>Tallies and lists of the tasks for the caller's agency and clearance.</summary>
public sealed class DashboardFeature : IFeature
{
    public void AddServices(WebApplicationBuilder builder) => builder.Services.AddSingleton<DashboardCache>();

    public void MapEndpoints(IEndpointRouteBuilder app, RouteGroupBuilder api) => api.MapDashboard();
}
