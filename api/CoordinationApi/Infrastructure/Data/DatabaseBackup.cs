using Dapper;
using Microsoft.Data.Sqlite;

namespace CoordinationApi.Infrastructure.Data;

/// <summary>What a backup file holds, read back from the file itself.</summary>
/// <param name="Path">The file.</param>
/// <param name="Bytes">Its size.</param>
/// <param name="Tables">Tables in it.</param>
/// <param name="Tasks">Rows of <c>tasks</c>.</param>
/// <param name="Migrations">Scripts in DbUp's journal (<c>SchemaVersions</c>).</param>
/// <param name="AuditHeadId">The last audit entry.</param>
/// <param name="AuditHeadHash">Its hash: the whole trail up to it is pinned by this value.</param>
public sealed record BackupSummary(string Path, long Bytes, int Tables, long Tasks, int Migrations, long AuditHeadId, string AuditHeadHash);

/// <summary>A restore that happened: what is now the database, and where the one it replaced was kept (none when there was none).</summary>
public sealed record RestoreOutcome(BackupSummary Restored, string? PreviousKeptAs);

/// <summary>A backup or restore refused before anything changed; the message says why and what to do.</summary>
public sealed class BackupRefusedException(string message) : Exception(message);

/// <summary>
/// Backup and restore of the embedded SQLite database: <c>--backup FILE [--force]</c> while the API runs,
/// <c>--restore FILE</c> with the API stopped. SQL Server is backed up and restored with its own tools (README).
/// </summary>
public sealed class DatabaseBackup(DatabaseOptions options, TimeProvider clock, AuditTrail audit)
{
    private static readonly string[] Logs = ["-wal", "-journal"];

    // SQLite's own statements: kept out of the *Sql classes, whose every statement must also parse as T-SQL.
    // VACUUM INTO takes any expression that gives a file name, so the target is a parameter.
    private const string VacuumInto = "VACUUM INTO @File;";

    private const string IntegrityCheck = "PRAGMA integrity_check;";

    private const string HasJournal = "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'SchemaVersions';";

    private const string LeaveWal = "PRAGMA journal_mode = DELETE;";

    private const string Summary = """
        SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%';
        SELECT count(*) FROM tasks;
        SELECT count(*) FROM SchemaVersions;
        SELECT last_id, last_hash FROM audit_head WHERE id = 1;
        """;

    /// <summary>
    /// Writes a consistent copy of the live database to <paramref name="file"/> while others keep reading and writing.
    /// <c>VACUUM INTO</c> rather than the page-copying backup API: it reads inside one read transaction, so in WAL mode it
    /// never blocks a writer and never restarts because one committed; its output is one compact file with no -wal to
    /// carry along; and it refuses a target that exists. It does not fsync its output, so it writes beside the target,
    /// syncs, then renames: a crash never leaves half a backup under the final name.
    /// </summary>
    public async Task<BackupSummary> BackupAsync(string file, bool overwrite, CancellationToken cancellationToken = default)
    {
        var live = LiveFile();
        if (!File.Exists(live))
        {
            throw new BackupRefusedException($"There is no database at {live} to back up.");
        }

        var target = Path.GetFullPath(file);
        if (Logs.Append("-shm").Prepend("").Any(suffix => string.Equals(target, live + suffix, StringComparison.Ordinal)))
        {
            throw new BackupRefusedException($"{target} is the live database or one of its files. Write the backup elsewhere.");
        }

        if (File.Exists(target) && !overwrite)
        {
            throw new BackupRefusedException($"{target} exists. Choose another file, or pass --force to replace it.");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var partial = $"{target}.partial-{Guid.NewGuid():N}";
        try
        {
            await using (var connection = new SqliteConnection(options.ConnectionString))
            {
                await connection.OpenAsync(cancellationToken);
                await connection.ExecuteAsync(new CommandDefinition(VacuumInto, new { File = partial }, cancellationToken: cancellationToken));
            }

            Sync(partial);
            File.Move(partial, target, overwrite);
        }
        finally
        {
            File.Delete(partial);
        }

        return await SummarizeAsync(target, cancellationToken);
    }

    /// <summary>
    /// Replaces the live database with a verified backup. Refuses while anyone has the live database open (stop the API
    /// first), and keeps the replaced file, with a copy of any -wal it had, as <c>&lt;name&gt;.before-restore-&lt;UTC time&gt;</c>.
    /// </summary>
    public async Task<RestoreOutcome> RestoreAsync(string file, CancellationToken cancellationToken = default)
    {
        var live = LiveFile();
        var source = Path.GetFullPath(file);
        if (!File.Exists(source))
        {
            throw new BackupRefusedException($"There is no backup at {source}.");
        }

        // The copy is what gets verified and moved in: the live database is untouched until it has passed.
        var incoming = $"{live}.restoring-{Guid.NewGuid():N}";
        try
        {
            File.Copy(source, incoming);
            Sync(incoming);
            var summary = await VerifyAsync(incoming, source, audit, cancellationToken);
            string? kept = null;
            if (File.Exists(live))
            {
                kept = $"{live}.before-restore-{clock.GetUtcNow():yyyyMMdd'T'HHmmss'Z'}";
                // Copied before SQLite opens the file: SQLite discards a log it cannot use, and the last commits of a
                // damaged database may be in it. (The -shm is an index SQLite rebuilds.)
                var logs = Logs.Where(log => File.Exists(live + log)).ToList();
                logs.ForEach(log => File.Copy(live + log, kept + log));
                try
                {
                    await TakeOutOfUseAsync(live, cancellationToken);
                }
                catch
                {
                    logs.ForEach(log => File.Delete(kept + log));
                    throw;
                }

                File.Move(live, kept);
            }

            // Left beside the restored file, they would be replayed onto it.
            foreach (var sidecar in Logs.Append("-shm"))
            {
                File.Delete(live + sidecar);
            }

            File.Move(incoming, live);
            return new RestoreOutcome(summary with { Path = live, Bytes = new FileInfo(live).Length }, kept);
        }
        finally
        {
            File.Delete(incoming);
        }
    }

    /// <summary>
    /// Checks a backup as a restore would: SQLite's integrity check, DbUp's journal, and the audit chain recomputed from
    /// the first entry to the head.
    /// </summary>
    public static Task<BackupSummary> VerifyAsync(string file, AuditTrail audit, CancellationToken cancellationToken = default) =>
        VerifyAsync(file, file, audit, cancellationToken);

    /// <param name="file">The file to check.</param>
    /// <param name="name">What the messages call it: a restore checks a copy, and names the backup it came from.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <param name="audit">Verifies the chain with the register's audit key.</param>
    private static async Task<BackupSummary> VerifyAsync(string file, string name, AuditTrail audit, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenFileAsync(file, cancellationToken);
            var problems = (await connection.QueryAsync<string>(new CommandDefinition(IntegrityCheck, cancellationToken: cancellationToken))).AsList();
            if (problems is not ["ok"])
            {
                throw new BackupRefusedException($"{name} fails SQLite's integrity check: {string.Join("; ", problems.Take(5))}");
            }

            if (await connection.ExecuteScalarAsync<int>(new CommandDefinition(HasJournal, cancellationToken: cancellationToken)) == 0)
            {
                throw new BackupRefusedException($"{name} has no migrations journal (SchemaVersions): it is not a CoordinationApi database.");
            }

            var chain = await audit.VerifyAsync(connection, null, cancellationToken);
            if (!chain.Valid)
            {
                throw new BackupRefusedException($"The audit chain of {name} does not verify: {chain.Reason}");
            }

            return await SummarizeAsync(connection, file, cancellationToken);
        }
        catch (SqliteException ex)
        {
            throw new BackupRefusedException($"{name} cannot be read as a CoordinationApi database: {ex.Message}");
        }
    }

    private static async Task<BackupSummary> SummarizeAsync(string file, CancellationToken cancellationToken)
    {
        await using var connection = await OpenFileAsync(file, cancellationToken);
        return await SummarizeAsync(connection, file, cancellationToken);
    }

    private static async Task<BackupSummary> SummarizeAsync(SqliteConnection connection, string file, CancellationToken cancellationToken)
    {
        using var results = await connection.QueryMultipleAsync(new CommandDefinition(Summary, cancellationToken: cancellationToken));
        var tables = await results.ReadSingleAsync<int>();
        var tasks = await results.ReadSingleAsync<long>();
        var migrations = await results.ReadSingleAsync<int>();
        var head = await results.ReadSingleAsync<(long LastId, string LastHash)>();
        return new BackupSummary(file, new FileInfo(file).Length, tables, tasks, migrations, head.LastId, head.LastHash);
    }

    /// <summary>
    /// Leaving WAL mode needs the only connection to the file: every other connection, in this process or another, holds
    /// a shared lock on it while open. So this refuses exactly when the API (or anything else) has the database open, and
    /// when it succeeds the log has been checkpointed into the file. A file SQLite cannot read (the damage a restore is
    /// often for) is not refused: it is set aside as it is.
    /// </summary>
    private static async Task TakeOutOfUseAsync(string live, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenFileAsync(live, cancellationToken);
            var mode = await connection.ExecuteScalarAsync<string>(new CommandDefinition(LeaveWal, commandTimeout: 1, cancellationToken: cancellationToken));
            if (!string.Equals(mode, "delete", StringComparison.OrdinalIgnoreCase))
            {
                throw new BackupRefusedException($"{live} is in use (journal mode stays {mode}). Stop the API before restoring.");
            }
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is SQLitePCL.raw.SQLITE_BUSY or SQLitePCL.raw.SQLITE_LOCKED)
        {
            throw new BackupRefusedException($"{live} is in use ({ex.Message}). Stop the API before restoring.");
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is SQLitePCL.raw.SQLITE_CORRUPT or SQLitePCL.raw.SQLITE_NOTADB)
        {
            // Nothing to take out of use: no connection can read it either.
        }
    }

    /// <summary>A connection to a file that must exist, not pooled: the file is moved or renamed right after.</summary>
    private static async Task<SqliteConnection> OpenFileAsync(string file, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = file,
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,
        }.ToString());
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private static void Sync(string file)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        stream.Flush(flushToDisk: true);
    }

    private string LiveFile()
    {
        if (options.Provider != DatabaseProvider.Sqlite)
        {
            throw new BackupRefusedException(
                "--backup and --restore are for the embedded SQLite database. Back up SQL Server with its own tools: BACKUP DATABASE … WITH CHECKSUM (see README).");
        }

        var builder = new SqliteConnectionStringBuilder(options.ConnectionString);
        return builder.Mode == SqliteOpenMode.Memory || builder.DataSource == ":memory:"
            ? throw new BackupRefusedException("The database is in memory: there is no file to back up or restore.")
            : Path.GetFullPath(builder.DataSource);
    }
}
