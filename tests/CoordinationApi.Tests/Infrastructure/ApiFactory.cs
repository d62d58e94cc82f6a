using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Tests.Infrastructure.Contract;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.Data.SqlClient;
using Microsoft.Extensions.Logging;

namespace CoordinationApi.Tests.Infrastructure;

/// <summary>
/// The real API in process, on a database of its own: a fresh SQLite file, or a fresh SQL Server
/// database that is dropped afterwards. Migrations and the demo seed run as on a first start.
/// </summary>
public sealed class ApiFactory : WebApplicationFactory<Program>
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "coordination-tests", Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, string?> settings;

    private readonly Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? extraServices;

    /// <param name="provider">Sqlite or SqlServer.</param>
    /// <param name="overrides">Configuration values over the test defaults.</param>
    /// <param name="services">Services added after the API's own (a test-only feature, for example).</param>
    public ApiFactory(string provider = "Sqlite", IDictionary<string, string?>? overrides = null,
        Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null)
    {
        extraServices = services;
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
            // Tests sign in far more often than people do; the rate-limit tests set their own limits.
            ["RateLimits:SignInPerMinute"] = "10000",
            ["RateLimits:PerCallerPerMinute"] = "100000",
        };
        if (Provider == DatabaseProvider.SqlServer)
        {
            // The API refuses to start on SQL Server without a configured signing key.
            settings["Auth:SigningKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
            settings["Audit:ChainKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        }

        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
    }

    public DatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    public string DataDirectory => directory;

    /// <summary>Every log record the API wrote, rendered with its state, for tests that read the logs.</summary>
    public CapturedLogs Logs { get; } = new();

    /// <summary>A client of the API whose every response is held to the committed OpenAPI document.</summary>
    public new HttpClient CreateClient() => CreateDefaultClient(ClientOptions.BaseAddress,
        new RedirectHandler(ClientOptions.MaxAutomaticRedirections), new CookieContainerHandler());

    /// <summary>A client with the caller's handlers, then the contract validator next to the server.</summary>
    public new HttpClient CreateDefaultClient(Uri baseAddress, params DelegatingHandler[] handlers) =>
        base.CreateDefaultClient(baseAddress, [.. handlers, new ContractValidatingHandler(Contract)]);

    /// <summary>
    /// The document responses are held to: the committed one, except for a factory given test-only services (which may
    /// add operations of their own, a deprecated probe for example); that one is held to the document it serves itself.
    /// </summary>
    private OpenApiContract Contract => extraServices is null ? OpenApiContract.Committed : Served.Value;

    private Lazy<OpenApiContract> Served => servedDocument ??= new Lazy<OpenApiContract>(() =>
    {
        // The document itself is outside /api/, so the validator on this client only counts the request.
        using var client = base.CreateDefaultClient(ClientOptions.BaseAddress, new ContractValidatingHandler());
        return new OpenApiContract(client.GetStringAsync(new Uri("/swagger/v1/swagger.json", UriKind.Relative)).GetAwaiter().GetResult());
    });

    private Lazy<OpenApiContract>? servedDocument;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        // UseSetting, not ConfigureAppConfiguration: Program reads configuration while building, before the latter applies.
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        if (extraServices is not null)
        {
            builder.ConfigureServices(extraServices);
        }
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
