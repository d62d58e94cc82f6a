using System.Data.Common;
using Microsoft.Data.SqlClient;

namespace CoordinationApi.Infrastructure.Data;

/// <summary>Opens connections to the configured database; handlers get one per request and dispose it.</summary>
public sealed class DbConnectionFactory(DatabaseOptions options) : IDisposable
{
    private readonly SemaphoreSlim sqliteWriter = new(1, 1);

    public DatabaseOptions Options { get; } = options;

    public SqlDialect Dialect { get; } =
        options.Provider == DatabaseProvider.SqlServer ? SqlDialect.SqlServer : SqlDialect.Sqlite;

    /// <summary>Transient-fault retry for SQL Server read connections (Database:ReadRetry), from SqlClient's configurable retry logic.</summary>
    private readonly SqlRetryLogicBaseProvider? readRetry = options.Provider == DatabaseProvider.SqlServer && options.ReadRetry.NumberOfTries > 1
        ? SqlConfigurableRetryFactory.CreateExponentialRetryProvider(new SqlRetryLogicOption
        {
            NumberOfTries = options.ReadRetry.NumberOfTries,
            DeltaTime = TimeSpan.FromMilliseconds(options.ReadRetry.DeltaTimeMs),
            MaxTimeInterval = TimeSpan.FromMilliseconds(options.ReadRetry.MaxTimeIntervalMs),
        })
        : null;

    public Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default) => OpenAsync(Options.ConnectionString, null, cancellationToken);

    /// <summary>
    /// A connection for reads that tolerate replica lag (exports, dashboards, search, feeds): on SQL Server the
    /// <c>ConnectionStrings:CoordinationRead</c> string (ApplicationIntent=ReadOnly routes it to an Always On secondary)
    /// with transient-fault retry; otherwise the primary.
    /// </summary>
    public Task<DbConnection> OpenReadAsync(CancellationToken cancellationToken = default) =>
        OpenAsync(Options.ReadConnectionString ?? Options.ConnectionString, readRetry, cancellationToken);

    /// <summary>
    /// SQLite: the connections requests borrow, kept open with the statements they have prepared (read and write alike:
    /// one file). Each gets its settings once, when it opens.
    /// </summary>
    public SqliteSessions? Sessions { get; } = options.Provider == DatabaseProvider.Sqlite
        ? new SqliteSessions(options.ConnectionString, connection =>
        {
            // Wait for the WAL write lock instead of failing with SQLITE_BUSY.
            using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA busy_timeout = {options.SqliteBusyTimeoutMs}; PRAGMA synchronous = {options.SqliteSynchronous};";
            command.ExecuteNonQuery();
        })
        : null;

    private async Task<DbConnection> OpenAsync(string connectionString, SqlRetryLogicBaseProvider? retry, CancellationToken cancellationToken)
    {
        if (Sessions is not null)
        {
            return await Sessions.OpenAsync(cancellationToken);
        }

        var connection = new SqlConnection(connectionString) { RetryLogicProvider = retry };
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Taken before a write transaction begins and released after it ends. SQLite has one writer at a time; waiting for
    /// it here, in order, beats every waiting connection polling the file lock in SQLite's busy handler. SQL Server
    /// locks rows itself, so there this holds nothing.
    /// The request's token cancels the wait; once the transaction has begun its statements and its commit take none
    /// (<c>CommitAsync(CancellationToken.None)</c>): a client hanging up, or a shutdown, must not turn a finished
    /// write into a rollback, and a write is never cut between two statements.
    /// </summary>
    public async ValueTask<IAsyncDisposable> WriteLockAsync(CancellationToken cancellationToken = default)
    {
        if (Options.Provider != DatabaseProvider.Sqlite)
        {
            return NoLock.Instance;
        }

        await sqliteWriter.WaitAsync(cancellationToken);
        return new Held(sqliteWriter);
    }

    public void Dispose()
    {
        Sessions?.Dispose();
        sqliteWriter.Dispose();
    }

    private sealed class Held(SemaphoreSlim semaphore) : IAsyncDisposable
    {
        private int released;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                semaphore.Release();
            }

            return ValueTask.CompletedTask;
        }
    }

    private sealed class NoLock : IAsyncDisposable
    {
        public static readonly NoLock Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
