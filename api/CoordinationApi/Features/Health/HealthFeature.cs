using CoordinationApi.Infrastructure.Hosting;

namespace CoordinationApi.Features.Health;

/// <summary>Liveness and readiness probes, and the load benchmark's ceiling; outside the API and its document.</summary>
public sealed class HealthFeature : IFeature
{
    public void AddServices(WebApplicationBuilder builder) => builder.Services.AddCoordinationHealth();

    public void MapEndpoints(IEndpointRouteBuilder app, RouteGroupBuilder api)
    {
        app.MapHealth();
        app.MapCeiling(app.ServiceProvider.GetRequiredService<IConfiguration>());
    }
}
