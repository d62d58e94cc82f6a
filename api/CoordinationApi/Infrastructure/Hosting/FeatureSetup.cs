using CoordinationApi.Infrastructure.Http;

namespace CoordinationApi.Infrastructure.Hosting;

public static class FeatureSetup
{
    /// <summary>Registers each feature's services, and the features themselves in the order given (the order they map and prepare in).</summary>
    public static WebApplicationBuilder AddFeatures(this WebApplicationBuilder builder, params IFeature[] features)
    {
        foreach (var feature in features)
        {
            feature.AddServices(builder);
            builder.Services.AddSingleton(feature);
        }

        return builder;
    }

    /// <summary>Every endpoint of the product, feature by feature; the API proper lives under /api/v1.</summary>
    public static WebApplication MapFeatures(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1").WithValidation().WithReadAudit().WithAcceptCheck().WithConditionalReads();
        foreach (var feature in app.Services.GetServices<IFeature>())
        {
            feature.MapEndpoints(app, api);
        }

        return app;
    }
}
