using System.Globalization;
using CoordinationApi.Features.Demo;
using CoordinationApi.Infrastructure.Data;

namespace CoordinationApi;

/// <summary>
/// The operations run from the command line instead of serving; each does its work and the process exits:
/// <list type="bullet">
/// <item><c>--backup FILE [--force]</c>: an online backup of the SQLite database (the live database is left as it is).</item>
/// <item><c>--restore FILE</c>: replaces the SQLite database with a verified backup (API stopped), then prepares it as <c>--migrate</c> does.</item>
/// <item><c>--migrate</c>: applies the migrations and the start-up steps (the demo seed when <c>Seed:Demo</c> is on, the search backfill).</item>
/// <item><c>--generate-tasks N [--generate-seed S]</c>: as <c>--migrate</c>, then adds N generated tasks (the same seed gives the same data).</item>
/// </list>
/// A failed backup or a refused restore sets the exit code to 1.
/// </summary>
internal static class CommandLine
{
    /// <summary>Runs the operation <paramref name="args"/> name; false when they name none, and the process goes on to serve.</summary>
    public static async Task<bool> RunAsync(WebApplication app, string[] args)
    {
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

        var generate = Option(args, "--generate-tasks");
        if (restore is null && generate is null && !args.Contains("--migrate", StringComparer.Ordinal))
        {
            return false;
        }

        await app.PrepareDatabaseAsync(migrate: true, then: generate is { } count
            ? () => app.Services.GetRequiredService<ScaleGenerator>().GenerateAsync(count, Option(args, "--generate-seed") ?? 42)
            : null);
        return true;
    }

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
        int.TryParse(Text(args, name), CultureInfo.InvariantCulture, out var value) ? value : null;
}
