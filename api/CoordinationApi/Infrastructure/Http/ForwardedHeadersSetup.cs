using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace CoordinationApi.Infrastructure.Http;

/// <summary>
/// Behind a load balancer every request arrives from the balancer's address: without this, every caller would share
/// one sign-in rate-limit bucket and the audit trail would name the balancer. <c>X-Forwarded-For</c> and
/// <c>X-Forwarded-Proto</c> are believed only when they come from <c>Http:KnownProxies</c> (addresses) or
/// <c>Http:KnownNetworks</c> (CIDR ranges), walking back through every known proxy of the chain; with neither set they
/// are ignored, so a client cannot choose its own address.
/// </summary>
public static class ForwardedHeadersSetup
{
    public const string KnownProxiesKey = "Http:KnownProxies";
    public const string KnownNetworksKey = "Http:KnownNetworks";

    public static WebApplicationBuilder AddForwardedHeaders(this WebApplicationBuilder builder)
    {
        var proxies = Values(builder.Configuration, KnownProxiesKey).Select(IPAddress.Parse).ToList();
        var networks = Values(builder.Configuration, KnownNetworksKey).Select(System.Net.IPNetwork.Parse).ToList();
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.ForwardLimit = null;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            proxies.ForEach(options.KnownProxies.Add);
            networks.ForEach(options.KnownIPNetworks.Add);
        });
        return builder;
    }

    /// <summary>First in the pipeline, when proxies are configured: what follows (rate limits, audit, logs) sees the client's address.</summary>
    public static WebApplication UseForwardedHeadersFromKnownProxies(this WebApplication app)
    {
        if (Values(app.Configuration, KnownProxiesKey).Count > 0 || Values(app.Configuration, KnownNetworksKey).Count > 0)
        {
            app.UseForwardedHeaders();
        }

        return app;
    }

    /// <summary>A list given as an array (<c>Http:KnownProxies:0</c>, …) or as one comma-separated value.</summary>
    private static List<string> Values(IConfiguration configuration, string key)
    {
        var section = configuration.GetSection(key);
        return [.. (section.Get<string[]>() ?? []).Append(section.Value ?? "")
            .SelectMany(v => v.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];
    }
}
