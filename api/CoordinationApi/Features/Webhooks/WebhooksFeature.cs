using CoordinationApi.Infrastructure.Hosting;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CoordinationApi.Features.Webhooks;

/// <summary>Webhooks: agency systems subscribe to kinds of event; the outbox's <c>webhooks</c> consumer posts them, signed.</summary>
public sealed class WebhooksFeature : IFeature
{
    public void AddServices(WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(builder.Configuration.GetSection(WebhookOptions.Section).Get<WebhookOptions>() ?? new WebhookOptions());
        builder.Services.AddSingleton<WebhookTargets>();
        builder.Services.AddSingleton<WebhookSecrets>();
        builder.Services.AddSingleton<WebhookSender>();
        builder.Services.AddHostedService<WebhookWorker>();
        builder.Services.ConfigureSwaggerGen(options => options.DocumentFilter<WebhooksDocumentFilter>());
    }

    public void MapEndpoints(IEndpointRouteBuilder app, RouteGroupBuilder api) => api.MapWebhookSubscriptions();

    /// <summary>Seals the signing secrets a database of an earlier version still holds in plain text.</summary>
    public Task PrepareAsync(IServiceProvider services) => WebhookSecrets.SealPlainTextAsync(services);
}
