using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Hosting;

namespace CoordinationApi.Features.Search;

/// <summary>Search across the regulation's provisions and the tasks, within the caller's scope and clearance.</summary>
public sealed class SearchFeature : IFeature
{
    public void AddServices(WebApplicationBuilder builder) => builder.Services.AddSingleton<SearchRankings>();

    public void MapEndpoints(IEndpointRouteBuilder app, RouteGroupBuilder api) => api.MapSearch();

    /// <summary>Indexes what was written before the index existed (a database from before it).</summary>
    public Task PrepareAsync(IServiceProvider services) => SearchIndex.BackfillAsync(services.GetRequiredService<WriteScopes>());
}
