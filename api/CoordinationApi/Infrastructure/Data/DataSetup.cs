using System.Reflection;
using CoordinationApi.Features.Audit;
using CoordinationApi.Features.Demo;
using CoordinationApi.Features.Search;

namespace CoordinationApi.Infrastructure.Data;

public static class DataSetup
{
    public const string SeedDemoKey = "Seed:Demo";
    public const string MigrateOnStartKey = "Database:MigrateOnStart";

    public static WebApplicationBuilder AddCoordinationData(this WebApplicationBuilder builder)
    {
        TypeHandlers.Register();
        var options = DatabaseOptions.From(builder.Configuration, builder.Environment.ContentRootPath);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<DbConnectionFactory>();
        builder.Services.AddSingleton<WriteScopes>();
        builder.Services.AddSingleton<DatabaseMigrator>();
        builder.Services.AddSingleton<DemoSeeder>();
        builder.Services.AddSingleton<ScaleGenerator>();
        builder.Services.AddSingleton<DatabaseBackup>();
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }

    /// <summary>
    /// Brings the database to the current schema (or, with <c>Database:MigrateOnStart</c> off, checks that it is current) and,
    /// when <c>Seed:Demo</c> is on (by default only in Development: the demo password is public), loads the demo data; then
    /// indexes for search any text not indexed yet. All of it under the <see cref="PreparationLock"/>.
    /// Returns true when the process was started with <c>--migrate</c>, <c>--generate-tasks N</c>, <c>--backup FILE</c> or
    /// <c>--restore FILE</c> and should exit now.
    /// </summary>
    public static async Task<bool> PrepareDatabaseAsync(this WebApplication app, string[] args)
    {
        if (Assembly.GetEntryAssembly()?.GetName().Name == "GetDocument.Insider")
        {
            // The build runs the app only to read its OpenAPI document: leave the database alone.
            return false;
        }

        // Before migrating: a backup leaves the live database as it is, and a restore replaces it before it is touched.
        if (Text(args, "--backup") is { } backupFile)
        {
            await BackUpAsync(app, backupFile, args.Contains("--force", StringComparer.Ordinal));
            return true;
        }

        var restore = Text(args, "--restore");
        if (restore is not null && !await RestoreAsync(app, restore))
        {
            return true;
        }

        var migrate = args.Contains("--migrate", StringComparer.Ordinal);
        var options = app.Services.GetRequiredService<DatabaseOptions>();
        var migrator = app.Services.GetRequiredService<DatabaseMigrator>();
        var generate = Option(args, "--generate-tasks");
        // Instances starting together take turns: the first migrates, seeds and backfills, the others find it done.
        await using (await PreparationLock.AcquireAsync(options, PreparationLock.DefaultTimeout, app.Logger))
        {
            var migrated = 0;
            if (migrate || generate is not null || restore is not null || MigratesOnStart(app))
            {
                migrated = migrator.Migrate();
            }
            else if (!migrator.IsCurrent())
            {
                throw new InvalidOperationException(
                    $"The database schema is not current and {MigrateOnStartKey} is off: run the API once with --migrate (see README, \"Several instances\"), then start it again.");
            }

            await app.Services.GetRequiredService<AuditTrail>().SealAsync(app.Services.GetRequiredService<WriteScopes>());
            if (app.Configuration.GetValue(SeedDemoKey, defaultValue: app.Environment.IsDevelopment()))
            {
                await app.Services.GetRequiredService<DemoSeeder>().SeedAsync();
            }

            await SearchIndex.BackfillAsync(app.Services.GetRequiredService<WriteScopes>());

            if (generate is { } count)
            {
                await app.Services.GetRequiredService<ScaleGenerator>().GenerateAsync(count, Option(args, "--generate-seed") ?? 42);
            }

            migrator.RefreshStatistics(everything: migrated > 0 || generate is not null);
        }

        return generate is not null || restore is not null || migrate;
    }

    /// <summary>
    /// <c>Database:MigrateOnStart</c>: whether a web instance applies missing migrations when it starts. By default on for
    /// the embedded SQLite database and in Development; off on SQL Server elsewhere, where a deployment runs
    /// <c>--migrate</c> once and every instance only checks that the schema is current (and refuses to start if not).
    /// </summary>
    private static bool MigratesOnStart(WebApplication app) => app.Configuration.GetValue<bool?>(MigrateOnStartKey)
        ?? (app.Services.GetRequiredService<DatabaseOptions>().Provider == DatabaseProvider.Sqlite || app.Environment.IsDevelopment());

    private static async Task BackUpAsync(WebApplication app, string file, bool overwrite)
    {
        var logger = app.Services.GetRequiredService<ILogger<DatabaseBackup>>();
        try
        {
            var backup = await app.Services.GetRequiredService<DatabaseBackup>().BackupAsync(file, overwrite);
            logger.LogInformation(
                "Backup written: {Path}, {Bytes} bytes, {Tables} tables, {Tasks} tasks, {Migrations} migrations, audit head {AuditHeadId} {AuditHeadHash}",
                backup.Path, backup.Bytes, backup.Tables, backup.Tasks, backup.Migrations, backup.AuditHeadId, backup.AuditHeadHash);
        }
        catch (BackupRefusedException ex)
        {
            logger.LogError("Backup refused: {Reason}", ex.Message);
            Environment.ExitCode = 1;
        }
    }

    /// <summary>Restores the backup; false when it was refused, and the database was left as it was.</summary>
    private static async Task<bool> RestoreAsync(WebApplication app, string file)
    {
        var logger = app.Services.GetRequiredService<ILogger<DatabaseBackup>>();
        try
        {
            var (restored, kept) = await app.Services.GetRequiredService<DatabaseBackup>().RestoreAsync(file);
            logger.LogInformation(
                "Restored {Source} to {Path}: {Tables} tables, {Tasks} tasks, {Migrations} migrations, audit head {AuditHeadId} {AuditHeadHash} (chain verified); the previous database is kept as {Kept}",
                Path.GetFullPath(file), restored.Path, restored.Tables, restored.Tasks, restored.Migrations, restored.AuditHeadId, restored.AuditHeadHash, kept ?? "(there was none)");
            return true;
        }
        catch (BackupRefusedException ex)
        {
            logger.LogError("Restore refused: {Reason}", ex.Message);
            Environment.ExitCode = 1;
            return false;
        }
    }

    /// <summary>The word after a command-line switch, e.g. <c>--backup backups/coordination.db</c>.</summary>
    private static string? Text(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    /// <summary>The integer after a command-line switch, e.g. <c>--generate-tasks 1000000</c>.</summary>
    private static int? Option(string[] args, string name) =>
        int.TryParse(Text(args, name), System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : null;
}
