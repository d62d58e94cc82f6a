using Microsoft.Data.SqlClient;

namespace CoordinationApi.Infrastructure.Data;

/// <summary>
/// Held while an instance migrates, seeds and backfills the database at start-up (or with <c>--migrate</c>), so that
/// instances starting together take turns: the first does the work, the next find it done (each step is idempotent).
/// SQL Server: an exclusive application lock (<c>sp_getapplock</c>, owned by a session on <c>master</c>, so it exists
/// before the database does), named after the database. SQLite: an exclusive lock on a file beside the database.
/// </summary>
public sealed class PreparationLock : IAsyncDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);

    private readonly SqlConnection? session;
    private readonly FileStream? file;

    private PreparationLock(SqlConnection? session, FileStream? file)
    {
        this.session = session;
        this.file = file;
    }

    public static async Task<PreparationLock> AcquireAsync(DatabaseOptions options, TimeSpan timeout, ILogger logger, CancellationToken cancellationToken = default)
    {
        return options.Provider == DatabaseProvider.SqlServer
            ? new PreparationLock(await SqlServerLockAsync(options.ConnectionString, timeout, cancellationToken), null)
            : new PreparationLock(null, await FileLockAsync(options.ConnectionString, timeout, logger, cancellationToken));
    }

    public async ValueTask DisposeAsync()
    {
        if (session is not null)
        {
            // Closing the session releases its application lock.
            await session.DisposeAsync();
        }

        if (file is not null)
        {
            await file.DisposeAsync();
        }
    }

    private static async Task<SqlConnection> SqlServerLockAsync(string connectionString, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var builder = new SqlConnectionStringBuilder(connectionString);
        var resource = $"CoordinationApi.prepare:{builder.InitialCatalog}";
        builder.InitialCatalog = "master";
        builder.Pooling = false;
        var connection = new SqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "sp_getapplock";
            command.CommandType = System.Data.CommandType.StoredProcedure;
            command.CommandTimeout = (int)timeout.TotalSeconds + 30;
            command.Parameters.AddWithValue("@Resource", resource);
            command.Parameters.AddWithValue("@LockMode", "Exclusive");
            command.Parameters.AddWithValue("@LockOwner", "Session");
            command.Parameters.AddWithValue("@LockTimeout", (int)timeout.TotalMilliseconds);
            var result = command.Parameters.Add("@Result", System.Data.SqlDbType.Int);
            result.Direction = System.Data.ParameterDirection.ReturnValue;
            await command.ExecuteNonQueryAsync(cancellationToken);
            // 0: granted at once, 1: granted after waiting; negative: timeout, cancelled, deadlock victim or error.
            return (int)result.Value >= 0
                ? connection
                : throw new InvalidOperationException($"Another instance held the preparation lock {resource} for more than {timeout} (sp_getapplock answered {result.Value}).");
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static async Task<FileStream?> FileLockAsync(string connectionString, TimeSpan timeout, ILogger logger, CancellationToken cancellationToken)
    {
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource == ":memory:" || builder.Mode == Microsoft.Data.Sqlite.SqliteOpenMode.Memory)
        {
            return null;
        }

        var path = builder.DataSource + ".prepare.lock";
        var deadline = DateTimeOffset.UtcNow + timeout;
        var waiting = false;
        while (true)
        {
            try
            {
                // FileShare.None is an exclusive lock on the file (flock on Unix), released when the stream closes or the process ends.
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTimeOffset.UtcNow < deadline)
            {
                if (!waiting)
                {
                    logger.LogInformation("Waiting for another instance to finish preparing the database ({LockFile})", path);
                    waiting = true;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
            }
        }
    }
}
