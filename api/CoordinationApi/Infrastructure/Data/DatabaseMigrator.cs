using System.Reflection;
using DbUp;
using DbUp.Engine;
using DbUp.Engine.Output;
using Microsoft.Data.Sqlite;

namespace CoordinationApi.Infrastructure.Data;

/// <summary>
/// Applies the numbered scripts under <c>database/&lt;provider&gt;/</c> (embedded in this assembly) with DbUp.
/// DbUp journals each script, so applying twice is a no-op.
/// </summary>
public sealed class DatabaseMigrator(DatabaseOptions options, ILogger<DatabaseMigrator> logger)
{
    private static readonly Assembly ScriptAssembly = typeof(DatabaseMigrator).Assembly;

    public string ScriptPrefix => options.Provider == DatabaseProvider.SqlServer
        ? "Migrations.SqlServer."
        : "Migrations.Sqlite.";

    /// <summary>Applies the scripts not yet applied; returns how many were applied now.</summary>
    public int Migrate()
    {
        if (options.Provider == DatabaseProvider.SqlServer)
        {
            EnsureDatabase.For.SqlDatabase(options.ConnectionString, new UpgradeLog(logger));
            EnableReadCommittedSnapshot();
        }
        else
        {
            EnableWriteAheadLog();
        }

        var result = Build().PerformUpgrade();
        if (!result.Successful)
        {
            throw new InvalidOperationException(
                $"Migration {result.ErrorScript?.Name} failed: {result.Error?.Message}", result.Error);
        }

        var applied = result.Scripts.Count();
        logger.LogInformation("Database schema is current ({Provider}, {Scripts} script(s) applied now)", options.Provider, applied);
        return applied;
    }

    /// <summary>
    /// SQLite: refreshes the query planner's statistics. <paramref name="everything"/> (after a migration or generated
    /// data): ANALYZE, every table and index read whole (1.5 s on a million tasks); otherwise PRAGMA optimize, which
    /// analyses only a table that has none or has changed size many times over. Without them the planner cannot tell that
    /// "regulation_id = 1" matches every task, and sorted the whole list (1.2 s) to show its first page instead of walking
    /// the due-date index (0.07 ms). Sampled statistics (analysis_limit) are not enough: a sample of one regulation's
    /// tasks counts a thousand tasks per regulation, and the same page sorted again once an index was added.
    /// SQL Server keeps its statistics itself.
    /// </summary>
    public void RefreshStatistics(bool everything)
    {
        if (options.Provider != DatabaseProvider.Sqlite)
        {
            return;
        }

        using var connection = new SqliteConnection(options.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = everything ? "ANALYZE;" : "PRAGMA optimize = 0x10002;";
        command.ExecuteNonQuery();
    }

    /// <summary>True when every embedded script has been applied (readiness).</summary>
    public bool IsCurrent() => !Build().IsUpgradeRequired();

    private UpgradeEngine Build()
    {
        var builder = options.Provider == DatabaseProvider.SqlServer
            ? DeployChanges.To.SqlDatabase(options.ConnectionString)
            : DeployChanges.To.SqliteDatabase(options.ConnectionString);
        return builder
            .WithScriptsEmbeddedInAssembly(ScriptAssembly, name => name.StartsWith(ScriptPrefix, StringComparison.Ordinal))
            .WithTransactionPerScript()
            .LogTo(new UpgradeLog(logger))
            .Build();
    }

    /// <summary>
    /// SQL Server: READ_COMMITTED_SNAPSHOT on. Readers then see the last committed version of a row instead of waiting
    /// for a writer's lock, and take no shared locks: a slow export client holds nothing while it reads, and two writers
    /// that read before they write no longer deadlock on each other's shared locks. ALTER DATABASE needs the database to
    /// itself, so it runs outside any transaction, only while the setting is off (the first --migrate), and WITH ROLLBACK
    /// IMMEDIATE ends the open transactions of other sessions instead of waiting for them: run --migrate before the web
    /// instances start (README, SQL Server).
    /// </summary>
    private void EnableReadCommittedSnapshot()
    {
        using var connection = new Microsoft.Data.SqlClient.SqlConnection(options.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            IF (SELECT is_read_committed_snapshot_on FROM sys.databases WHERE database_id = DB_ID()) = 0
                ALTER DATABASE CURRENT SET READ_COMMITTED_SNAPSHOT ON WITH ROLLBACK IMMEDIATE;
            """;
        command.ExecuteNonQuery();
    }

    private void EnableWriteAheadLog()
    {
        using var connection = new SqliteConnection(options.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        // Persistent in the file: readers no longer block the writer.
        command.CommandText = "PRAGMA journal_mode = WAL;";
        command.ExecuteNonQuery();
    }

    private sealed class UpgradeLog(ILogger logger) : IUpgradeLog
    {
        public void LogTrace(string format, params object[] args) => Log(LogLevel.Trace, format, args);

        public void LogDebug(string format, params object[] args) => Log(LogLevel.Debug, format, args);

        public void LogInformation(string format, params object[] args) => Log(LogLevel.Debug, format, args);

        public void LogWarning(string format, params object[] args) => Log(LogLevel.Warning, format, args);

        public void LogError(string format, params object[] args) => Log(LogLevel.Error, format, args);

        public void LogError(Exception ex, string format, params object[] args) =>
            logger.LogError(ex, "{Message}", Format(format, args));

        private void Log(LogLevel level, string format, object[] args)
        {
            if (logger.IsEnabled(level))
            {
                logger.Log(level, "{Message}", Format(format, args));
            }
        }

        private static string Format(string format, object[] args) =>
            args.Length == 0 ? format : string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args);
    }
}
