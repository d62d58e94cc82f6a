using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Hosting;

namespace CoordinationApi.Features.Agencies;

/// <summary>The agencies known to the register and their units.</summary>
public sealed class AgenciesFeature : IFeature
{
    public void MapEndpoints(IEndpointRouteBuilder app, RouteGroupBuilder api) => api.MapAgencies();

    /// <summary>Folds the names of persons written without a folded name, for the person list's name search.</summary>
    public Task PrepareAsync(IServiceProvider services) => RegistryEndpoints.FoldNamesAsync(services.GetRequiredService<WriteScopes>());
}
