using CoordinationApi.Infrastructure.Hosting;

namespace CoordinationApi.Features.Admin;

/// <summary>People and agency systems (API clients) of the admin's own agency.</summary>
public sealed class AdminFeature : IFeature
{
    public void MapEndpoints(IEndpointRouteBuilder app, RouteGroupBuilder api) => api.MapAdmin();
}
