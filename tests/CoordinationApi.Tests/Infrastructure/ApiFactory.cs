using CoordinationApi.Infrastructure.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.SqlClient;
using Microsoft.Extensions.Configuration;

namespace CoordinationApi.Tests.Infrastructure;

/// <summary>
/// The real API in process, on a database of its own: a fresh SQLite file, or a fresh SQL Server
/// database that is dropped afterwards. Migrations and the demo seed run as on a first start.
/// </summary>
public sealed class ApiFactory : WebApplicationFactory<Program>
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "coordination-tests", Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, string?> settings;

    public ApiFactory(string provider = "Sqlite", IDictionary<string, string?>? overrides = null)
    {
        Provider = Enum.Parse<DatabaseProvider>(provider);
        Directory.CreateDirectory(directory);
        ConnectionString = Provider == DatabaseProvider.SqlServer
            ? new SqlConnectionStringBuilder(Environment.GetEnvironmentVariable(Providers.SqlServerVariable))
            {
                InitialCatalog = $"coordination_test_{Guid.NewGuid():N}",
                TrustServerCertificate = true,
            }.ConnectionString
            : $"Data Source={Path.Combine(directory, "test.db")}";
        settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = Provider.ToString(),
            ["ConnectionStrings:Coordination"] = ConnectionString,
            ["Seed:Demo"] = "true",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
    }

    public DatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    public string DataDirectory => directory;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(settings));
        builder.UseSetting("Database:Provider", settings["Database:Provider"]);
        builder.UseSetting("ConnectionStrings:Coordination", settings["ConnectionStrings:Coordination"]);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing)
        {
            return;
        }

        if (Provider == DatabaseProvider.SqlServer)
        {
            DropSqlServerDatabase();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a pooled connection is left in the temp folder.
        }
    }

    private void DropSqlServerDatabase()
    {
        var builder = new SqlConnectionStringBuilder(ConnectionString);
        var database = builder.InitialCatalog;
        builder.InitialCatalog = "master";
        SqlConnection.ClearAllPools();
        using var connection = new SqlConnection(builder.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"ALTER DATABASE [{database}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{database}];";
        command.ExecuteNonQuery();
    }
}
