namespace CoordinationApi.Infrastructure.Events;

public static class EventsSetup
{
    /// <summary>The outbox's settings and wake-up signal; features add their consumers (<see cref="OutboxWorker"/>) as hosted services.</summary>
    public static WebApplicationBuilder AddCoordinationEvents(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(builder.Configuration.GetSection("Outbox").Get<OutboxOptions>() ?? new OutboxOptions());
        builder.Services.AddSingleton<OutboxSignal>();
        return builder;
    }
}
