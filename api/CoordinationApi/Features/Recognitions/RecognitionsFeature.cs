using CoordinationApi.Infrastructure.Hosting;

namespace CoordinationApi.Features.Recognitions;

/// <summary>Awards given between the agencies.</summary>
public sealed class RecognitionsFeature : IFeature
{
    public void MapEndpoints(IEndpointRouteBuilder app, RouteGroupBuilder api) => api.MapRecognitions();
}
