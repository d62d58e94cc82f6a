using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;

namespace CoordinationApi.Infrastructure.Data;

/// <summary>Opens connections to the configured database; handlers get one per request and dispose it.</summary>
public sealed class DbConnectionFactory(DatabaseOptions options)
{
    public DatabaseOptions Options { get; } = options;

    public SqlDialect Dialect { get; } =
        options.Provider == DatabaseProvider.SqlServer ? SqlDialect.SqlServer : SqlDialect.Sqlite;

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        DbConnection connection = Options.Provider == DatabaseProvider.SqlServer
            ? new SqlConnection(Options.ConnectionString)
            : new SqliteConnection(Options.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            if (connection is SqliteConnection sqlite)
            {
                // Per-connection setting: wait for the WAL write lock instead of failing with SQLITE_BUSY.
                using var command = sqlite.CreateCommand();
                command.CommandText = $"PRAGMA busy_timeout = {Options.SqliteBusyTimeoutMs};";
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
