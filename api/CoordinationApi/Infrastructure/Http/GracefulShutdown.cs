namespace CoordinationApi.Infrastructure.Http;

/// <summary>
/// On SIGTERM or Ctrl+C Kestrel stops accepting connections and lets the requests in flight finish; only after
/// <c>Shutdown:TimeoutSeconds</c> does it abort what is left. Writes are transactions that commit whole or not at all.
/// </summary>
public static class GracefulShutdown
{
    public const string TimeoutKey = "Shutdown:TimeoutSeconds";
    public const int DefaultTimeoutSeconds = 30;

    public static WebApplicationBuilder AddGracefulShutdown(this WebApplicationBuilder builder)
    {
        var seconds = builder.Configuration.GetValue(TimeoutKey, DefaultTimeoutSeconds);
        if (seconds < 0)
        {
            throw new InvalidOperationException($"{TimeoutKey} is {seconds}; it is a number of seconds, 0 or more.");
        }

        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(seconds));
        return builder;
    }
}
