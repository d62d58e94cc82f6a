namespace CoordinationApi.Infrastructure.Hosting;

/// <summary>
/// One capability of the product (<c>Features/&lt;Name&gt;/&lt;Name&gt;Feature.cs</c>): it registers the services its handlers
/// need, maps its endpoints and prepares its data at start-up. <c>Program.cs</c> lists every feature once; the shared
/// mechanisms know them only through this interface, never by name.
/// </summary>
public interface IFeature
{
    /// <summary>Registers what the feature's handlers need beyond the shared services (nothing by default).</summary>
    void AddServices(WebApplicationBuilder builder)
    {
    }

    /// <summary>
    /// Maps the feature's endpoints: those of the API on <paramref name="api"/> (<c>/api/v1</c>, validated and read-audited),
    /// any others on <paramref name="app"/>.
    /// </summary>
    void MapEndpoints(IEndpointRouteBuilder app, RouteGroupBuilder api);

    /// <summary>Start-up work on the database (seeding, backfilling an index): after migrating, under the preparation lock.</summary>
    Task PrepareAsync(IServiceProvider services) => Task.CompletedTask;
}
