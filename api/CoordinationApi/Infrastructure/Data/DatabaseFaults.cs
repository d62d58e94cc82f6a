using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;

namespace CoordinationApi.Infrastructure.Data;

/// <summary>
/// Tells apart the database exceptions that are not bugs: the database cannot serve right now (answered 503, retry
/// later), or a concurrent writer got there first (answered 409). Everything else stays an unexpected error, so a
/// programming mistake is never hidden behind a retryable status.
/// </summary>
public static class DatabaseFaults
{
    /// <summary>
    /// SQLite primary result codes of a database that is busy, locked, unreadable, full or gone:
    /// PERM, BUSY, LOCKED, NOMEM, READONLY, IOERR, CORRUPT, FULL, CANTOPEN, PROTOCOL, NOTADB.
    /// </summary>
    private static readonly HashSet<int> SqliteUnavailable = [3, 5, 6, 7, 8, 10, 11, 13, 14, 15, 26];

    /// <summary>SQLite extended codes of a unique, primary-key or rowid violation.</summary>
    private static readonly HashSet<int> SqliteDuplicate = [2067, 1555, 2579];

    private const int SqliteForeignKey = 787;

    /// <summary>
    /// SQL Server errors of an unreachable server or a transient condition: SqlClient's transient list (lock and
    /// deadlock victims, Azure throttling and failover, network errors, timeouts) without its programming errors
    /// (102 syntax, 207 column, 2812 procedure), plus the connection errors of a server that is down or unknown.
    /// </summary>
    private static readonly HashSet<int> SqlServerTransient =
    [
        -2, -1, 2, 20, 53, 64, 121, 233, 997, 1204, 1205, 1222, 4060, 4221, 10053, 10054, 10060, 10061, 10928, 10929, 11001,
        40143, 40197, 40501, 40540, 40613, 49918, 49919, 49920,
    ];

    /// <summary>Severity 20 and above: the server ended the connection.</summary>
    private const byte SqlServerFatalSeverity = 20;

    private const int SqlServerUniqueConstraint = 2627;
    private const int SqlServerUniqueIndex = 2601;
    private const int SqlServerConstraint = 547;

    /// <summary>The database cannot serve now (locked, unreachable, unreadable, full, timed out); the request may be retried.</summary>
    public static bool IsUnavailable(Exception exception) => Chain(exception).Any(e => e switch
    {
        SqliteException sqlite => SqliteUnavailable.Contains(sqlite.SqliteErrorCode & 0xFF),
        SqlException sql => sql.Errors.Cast<SqlError>().Any(error => SqlServerTransient.Contains(error.Number) || error.Class >= SqlServerFatalSeverity),
        // A regular expression's time-out is not the database's.
        TimeoutException and not System.Text.RegularExpressions.RegexMatchTimeoutException => true,
        _ => false,
    });

    /// <summary>A unique or foreign-key violation: a concurrent writer changed what this request relied on.</summary>
    public static bool IsConflict(Exception exception) => Chain(exception).Any(e => e switch
    {
        SqliteException sqlite => SqliteDuplicate.Contains(sqlite.SqliteExtendedErrorCode) || sqlite.SqliteExtendedErrorCode == SqliteForeignKey,
        SqlException sql => sql.Errors.Cast<SqlError>().Any(error => error.Number is SqlServerUniqueConstraint or SqlServerUniqueIndex
            // 547 is also a CHECK violation, which is a bug; only the reference constraints are a race.
            || (error.Number == SqlServerConstraint && (error.Message.Contains("FOREIGN KEY", StringComparison.Ordinal)
                || error.Message.Contains("REFERENCE", StringComparison.Ordinal)))),
        _ => false,
    });

    /// <summary>A unique or primary-key violation: the row another writer inserted first.</summary>
    public static bool IsDuplicateKey(Exception exception) => Chain(exception).Any(e => e switch
    {
        SqliteException sqlite => SqliteDuplicate.Contains(sqlite.SqliteExtendedErrorCode),
        SqlException sql => sql.Errors.Cast<SqlError>().Any(error => error.Number is SqlServerUniqueConstraint or SqlServerUniqueIndex),
        _ => false,
    });

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }
}
