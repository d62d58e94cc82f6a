using CoordinationApi.Infrastructure.Hosting;

namespace CoordinationApi.Features.Demo;

/// <summary>
/// The built-in demo (the MPS–MIC regulation of 2021, its users and API clients), seeded at start-up when
/// <c>Seed:Demo</c> is on; and the generator of more tasks for the benchmarks (<c>--generate-tasks</c>).
/// </summary>
public sealed class DemoFeature : IFeature
{
    /// <summary>By default only in Development: the demo password is public.</summary>
    public const string SeedKey = "Seed:Demo";

    public void AddServices(WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DemoSeeder>();
        builder.Services.AddSingleton<ScaleGenerator>();
    }

    public void MapEndpoints(IEndpointRouteBuilder app, RouteGroupBuilder api)
    {
        // No endpoints: the demo is data.
    }

    public Task PrepareAsync(IServiceProvider services) =>
        services.GetRequiredService<IConfiguration>().GetValue(SeedKey, defaultValue: services.GetRequiredService<IHostEnvironment>().IsDevelopment())
            ? services.GetRequiredService<DemoSeeder>().SeedAsync()
            : Task.CompletedTask;
}
