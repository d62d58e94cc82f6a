using System.Reflection;
using CoordinationApi.Infrastructure.Hosting;

namespace CoordinationApi.Infrastructure.Data;

public static class DataSetup
{
    public const string MigrateOnStartKey = "Database:MigrateOnStart";

    public static WebApplicationBuilder AddCoordinationData(this WebApplicationBuilder builder)
    {
        TypeHandlers.Register();
        var options = DatabaseOptions.From(builder.Configuration, builder.Environment.ContentRootPath);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<DbConnectionFactory>();
        builder.Services.AddSingleton<WriteScopes>();
        builder.Services.AddSingleton<DatabaseMigrator>();
        builder.Services.AddSingleton<DatabaseBackup>();
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }

    /// <summary>
    /// Readies the database for a web instance: brings it to the current schema or, with <c>Database:MigrateOnStart</c> off,
    /// checks that it is current (and refuses to start if not); then as <see cref="PrepareDatabaseAsync(WebApplication, bool, Func{Task}?)"/>.
    /// </summary>
    public static Task PrepareDatabaseAsync(this WebApplication app) =>
        // The build runs the app only to read its OpenAPI document: leave the database alone.
        Assembly.GetEntryAssembly()?.GetName().Name == "GetDocument.Insider"
            ? Task.CompletedTask
            : app.PrepareDatabaseAsync(MigratesOnStart(app), then: null);

    /// <summary>
    /// Under the <see cref="PreparationLock"/> (instances starting together take turns: the first migrates, seeds and
    /// backfills, the others find it done): applies the missing migrations when <paramref name="migrate"/> (else only checks
    /// that there are none), keys the audit chain, runs each feature's start-up step (<see cref="IFeature.PrepareAsync"/>:
    /// the demo seed, the search backfill) in the order listed, then <paramref name="then"/>; and refreshes the statistics.
    /// </summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app, bool migrate, Func<Task>? then)
    {
        var options = app.Services.GetRequiredService<DatabaseOptions>();
        var migrator = app.Services.GetRequiredService<DatabaseMigrator>();
        await using (await PreparationLock.AcquireAsync(options, PreparationLock.DefaultTimeout, app.Logger))
        {
            var migrated = 0;
            if (migrate)
            {
                migrated = migrator.Migrate();
            }
            else if (!migrator.IsCurrent())
            {
                throw new InvalidOperationException(
                    $"The database schema is not current and {MigrateOnStartKey} is off: run the API once with --migrate (see README, \"Several instances\"), then start it again.");
            }

            await app.Services.GetRequiredService<AuditTrail>().SealAsync(app.Services.GetRequiredService<WriteScopes>());
            foreach (var feature in app.Services.GetServices<IFeature>())
            {
                await feature.PrepareAsync(app.Services);
            }

            if (then is not null)
            {
                await then();
            }

            migrator.RefreshStatistics(everything: migrated > 0 || then is not null);
        }
    }

    /// <summary>
    /// <c>Database:MigrateOnStart</c>: whether a web instance applies missing migrations when it starts. By default on for
    /// the embedded SQLite database and in Development; off on SQL Server elsewhere, where a deployment runs
    /// <c>--migrate</c> once and every instance only checks that the schema is current (and refuses to start if not).
    /// </summary>
    private static bool MigratesOnStart(WebApplication app) => app.Configuration.GetValue<bool?>(MigrateOnStartKey)
        ?? (app.Services.GetRequiredService<DatabaseOptions>().Provider == DatabaseProvider.Sqlite || app.Environment.IsDevelopment());
}
