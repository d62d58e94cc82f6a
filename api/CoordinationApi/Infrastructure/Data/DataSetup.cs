using System.Reflection;
using CoordinationApi.Features.Demo;
using CoordinationApi.Features.Search;

namespace CoordinationApi.Infrastructure.Data;

public static class DataSetup
{
    public const string SeedDemoKey = "Seed:Demo";

    public static WebApplicationBuilder AddCoordinationData(this WebApplicationBuilder builder)
    {
        TypeHandlers.Register();
        var options = DatabaseOptions.From(builder.Configuration, builder.Environment.ContentRootPath);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<DbConnectionFactory>();
        builder.Services.AddSingleton<DatabaseMigrator>();
        builder.Services.AddSingleton<DemoSeeder>();
        builder.Services.AddSingleton<ScaleGenerator>();
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }

    /// <summary>
    /// Brings the database to the current schema and, when <c>Seed:Demo</c> is on (the default), loads the demo data; then indexes for search any text not indexed yet.
    /// Returns true when the process was started with <c>--migrate</c> or <c>--generate-tasks N</c> and should exit now.
    /// </summary>
    public static async Task<bool> PrepareDatabaseAsync(this WebApplication app, string[] args)
    {
        if (Assembly.GetEntryAssembly()?.GetName().Name == "GetDocument.Insider")
        {
            // The build runs the app only to read its OpenAPI document: leave the database alone.
            return false;
        }

        app.Services.GetRequiredService<DatabaseMigrator>().Migrate();
        if (app.Configuration.GetValue(SeedDemoKey, defaultValue: true))
        {
            await app.Services.GetRequiredService<DemoSeeder>().SeedAsync();
        }

        await SearchIndex.BackfillAsync(app.Services.GetRequiredService<DbConnectionFactory>());

        if (Option(args, "--generate-tasks") is { } count)
        {
            await app.Services.GetRequiredService<ScaleGenerator>().GenerateAsync(count, Option(args, "--generate-seed") ?? 42);
            return true;
        }

        return args.Contains("--migrate", StringComparer.Ordinal);
    }

    /// <summary>The integer after a command-line switch, e.g. <c>--generate-tasks 1000000</c>.</summary>
    private static int? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? value
            : null;
    }
}
