namespace CoordinationApi.Infrastructure.Data;

/// <summary>Which database the API talks to: the embedded SQLite file (default) or SQL Server.</summary>
public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
}

public enum SqliteSynchronous
{
    Normal,
    Full,
}

/// <summary>The <c>Database</c> configuration section, plus <c>ConnectionStrings:Coordination</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";
    public const string ConnectionStringName = "Coordination";
    public const string ReadConnectionStringName = "CoordinationRead";
    public const string DefaultSqliteFile = "data/coordination.db";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Busy timeout for SQLite writers waiting on the WAL lock.</summary>
    public int SqliteBusyTimeoutMs { get; set; } = 5000;

    /// <summary>
    /// SQLite's <c>synchronous</c> setting. In WAL mode NORMAL keeps the database consistent on any crash and syncs at
    /// checkpoints instead of on every commit; a power cut can lose the last commits. FULL syncs every commit.
    /// </summary>
    public SqliteSynchronous SqliteSynchronous { get; set; } = SqliteSynchronous.Normal;

    /// <summary>The <c>Retry-After</c> seconds of a 503 answered while the database is unavailable.</summary>
    public int UnavailableRetryAfterSeconds { get; set; } = 5;

    public string ConnectionString { get; set; } = "";

    /// <summary>SQL Server only: <c>ConnectionStrings:CoordinationRead</c>, with ApplicationIntent=ReadOnly added when missing.</summary>
    public string? ReadConnectionString { get; set; }

    /// <summary>SQL Server only: retries of read connections on transient errors (exponential back-off).</summary>
    public RetryOptions ReadRetry { get; set; } = new();

    public sealed class RetryOptions
    {
        public int NumberOfTries { get; set; } = 3;

        public int DeltaTimeMs { get; set; } = 500;

        public int MaxTimeIntervalMs { get; set; } = 10_000;
    }

    /// <summary>Reads the options and resolves the connection string, creating the SQLite data folder when needed.</summary>
    public static DatabaseOptions From(IConfiguration configuration, string contentRoot)
    {
        var options = configuration.GetSection(Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var configured = configuration.GetConnectionString(ConnectionStringName);
        options.ConnectionString = options.Provider switch
        {
            DatabaseProvider.SqlServer => string.IsNullOrWhiteSpace(configured)
                ? throw new InvalidOperationException(
                    $"Database:Provider is SqlServer but ConnectionStrings:{ConnectionStringName} is empty.")
                : configured,
            _ => SqliteConnectionString(configured, contentRoot, options.SqliteBusyTimeoutMs),
        };
        var read = configuration.GetConnectionString(ReadConnectionStringName);
        options.ReadConnectionString = options.Provider == DatabaseProvider.SqlServer && !string.IsNullOrWhiteSpace(read)
            ? new Microsoft.Data.SqlClient.SqlConnectionStringBuilder(read) { ApplicationIntent = Microsoft.Data.SqlClient.ApplicationIntent.ReadOnly }.ConnectionString
            : null;
        return options;
    }

    private static string SqliteConnectionString(string? configured, string contentRoot, int busyTimeoutMs)
    {
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(
            string.IsNullOrWhiteSpace(configured) ? $"Data Source={DefaultSqliteFile}" : configured);
        if (builder.DataSource != ":memory:" && builder.Mode != Microsoft.Data.Sqlite.SqliteOpenMode.Memory)
        {
            var path = Path.GetFullPath(builder.DataSource, contentRoot);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            builder.DataSource = path;
        }

        builder.ForeignKeys = true;
        builder.Pooling = true;
        builder.DefaultTimeout = Math.Max(1, busyTimeoutMs / 1000);
        return builder.ToString();
    }
}
