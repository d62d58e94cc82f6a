using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Dapper;
using Microsoft.Data.Sqlite;

namespace CoordinationApi.Tests.Features.Instances;

/// <summary>
/// How instances start in production: together on one database (they take turns to migrate, seed and backfill), with
/// the schema only checked unless told to migrate, never on SQL Server without a shared signing key, without the demo
/// (its password is public) unless asked, and with the client's address taken from known proxies only.
/// </summary>
[NonParallelizable]
public sealed class StartupTests
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "coordination-tests", $"startup-{Guid.NewGuid():N}");

    [SetUp]
    public void CreateDirectory() => Directory.CreateDirectory(directory);

    [TearDown]
    public void DeleteDirectory()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Left in the temp folder.
        }
    }

    [Test]
    public async Task Instances_migrating_and_seeding_one_fresh_file_at_once_take_turns_and_seed_once()
    {
        var file = Path.Combine(directory, "together.db");
        var settings = Sqlite(file);
        settings["Seed:Demo"] = "true";

        var runs = Enumerable.Range(0, 3).Select(_ => ApiProcess.Run(settings, "--migrate")).ToList();
        var outputs = await Task.WhenAll(runs.Select(Finish));

        Assert.That(runs.Select(r => r.ExitCode), Is.All.Zero, string.Join("\n----\n", outputs));
        using var connection = new SqliteConnection($"Data Source={file};Pooling=false");
        var scripts = Directory.GetFiles(Path.Combine(Infrastructure.RepositoryRoot.Path, "database", "sqlite"), "*.sql").Length;
        Assert.Multiple(() =>
        {
            Assert.That(connection.ExecuteScalar<int>("SELECT COUNT(*) FROM SchemaVersions"), Is.EqualTo(scripts), "each script applied once");
            Assert.That(connection.ExecuteScalar<int>("SELECT COUNT(*) FROM regulations"), Is.EqualTo(1), "the demo regulation once");
            Assert.That(connection.ExecuteScalar<int>("SELECT COUNT(*) FROM users"), Is.EqualTo(DemoUsers(connection)), "each demo user once");
            Assert.That(connection.ExecuteScalar<int>("SELECT COUNT(*) FROM (SELECT kind, entity_id FROM search_documents GROUP BY kind, entity_id HAVING COUNT(*) > 1)"),
                Is.Zero, "each text indexed once");
        });
        foreach (var run in runs)
        {
            run.Dispose();
        }
    }

    [Test]
    public async Task Outside_development_the_demo_is_seeded_only_when_asked()
    {
        var production = Path.Combine(directory, "production.db");
        using var plain = ApiProcess.Run(Sqlite(production), "--migrate");
        var output = await Finish(plain);
        Assert.That(plain.ExitCode, Is.Zero, output);

        var development = Path.Combine(directory, "development.db");
        var settings = Sqlite(development);
        settings["ASPNETCORE_ENVIRONMENT"] = "Development";
        using var developer = ApiProcess.Run(settings, "--migrate");
        output = await Finish(developer);
        Assert.That(developer.ExitCode, Is.Zero, output);

        using var productionDb = new SqliteConnection($"Data Source={production};Pooling=false");
        using var developmentDb = new SqliteConnection($"Data Source={development};Pooling=false");
        Assert.Multiple(() =>
        {
            Assert.That(productionDb.ExecuteScalar<int>("SELECT COUNT(*) FROM users"), Is.Zero, "no demo users, whose password is public, in production by default");
            Assert.That(developmentDb.ExecuteScalar<int>("SELECT COUNT(*) FROM users"), Is.EqualTo(DemoUsers(developmentDb)), "the demo in Development");
        });
    }

    [Test]
    public async Task With_migrate_on_start_off_an_instance_refuses_an_old_schema_and_starts_on_a_current_one()
    {
        var file = Path.Combine(directory, "checked.db");
        var settings = Sqlite(file);
        settings["Database:MigrateOnStart"] = "false";

        using (var refused = ApiProcess.Run(settings, "--urls", "http://127.0.0.1:0"))
        {
            var output = await Finish(refused);
            Assert.That(refused.ExitCode, Is.Not.Zero, output);
            Assert.That(output, Does.Contain("--migrate").And.Contain("Database:MigrateOnStart"));
        }

        using (var connection = new SqliteConnection($"Data Source={file};Pooling=false"))
        {
            Assert.That(connection.ExecuteScalar<int>("SELECT COUNT(*) FROM sqlite_master WHERE name = 'SchemaVersions'"), Is.Zero, "nothing was migrated");
        }

        using (var migrate = ApiProcess.Run(settings, "--migrate"))
        {
            var output = await Finish(migrate);
            Assert.That(migrate.ExitCode, Is.Zero, output);
        }

        await using var started = await ApiProcess.StartAsync(settings);
        using var client = started.Client();
        Assert.That((await client.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [TestCase("Auth:SigningKey", "Audit:ChainKey")]
    [TestCase("Audit:ChainKey", "Auth:SigningKey")]
    public async Task On_sql_server_an_instance_refuses_to_start_without_a_shared_key(string missing, string given)
    {
        // Nothing listens on port 1: the instance must refuse before it ever connects.
        var settings = new Dictionary<string, string>
        {
            ["Database:Provider"] = "SqlServer",
            ["ConnectionStrings:Coordination"] = "Server=127.0.0.1,1;Database=coordination;User Id=app;Password=unused;TrustServerCertificate=True;Connect Timeout=2",
            [given] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        };
        using var refused = ApiProcess.Run(settings, "--urls", "http://127.0.0.1:0");
        var output = await Finish(refused);

        Assert.That(refused.ExitCode, Is.Not.Zero, output);
        Assert.That(output, Does.Contain($"{missing} is empty"));
    }

    [Test]
    public async Task Behind_a_known_proxy_sign_in_is_limited_per_client_address_and_a_client_cannot_choose_its_own()
    {
        var file = Path.Combine(directory, "proxied.db");
        var proxied = Sqlite(file);
        proxied["RateLimits:SignInPerMinute"] = "2";
        proxied["Http:KnownProxies"] = "127.0.0.1";
        var direct = new Dictionary<string, string>(proxied);
        direct.Remove("Http:KnownProxies");

        await using (var behindProxy = await ApiProcess.StartAsync(proxied))
        {
            Assert.That(await SignInsFrom(behindProxy, "203.0.113.1", 3), Is.EqualTo(new[] { 401, 401, 429 }), "one client's bucket");
            Assert.That(await SignInsFrom(behindProxy, "203.0.113.2", 1), Is.EqualTo(new[] { 401 }), "another client behind the same proxy has its own");
        }

        await using var exposed = await ApiProcess.StartAsync(direct);
        Assert.That(await SignInsFrom(exposed, "203.0.113.1", 2), Is.EqualTo(new[] { 401, 401 }));
        Assert.That(await SignInsFrom(exposed, "203.0.113.2", 1), Is.EqualTo(new[] { 429 }), "without a known proxy the header is ignored");
    }

    private static async Task<int[]> SignInsFrom(ApiProcess api, string address, int count)
    {
        using var client = api.Client();
        var statuses = new List<int>();
        for (var i = 0; i < count; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/v1/auth/token", UriKind.Relative))
            {
                Content = JsonContent.Create(new { username = "nobody.here", password = "not-the-password" }),
            };
            request.Headers.Add("X-Forwarded-For", address);
            using var response = await client.SendAsync(request);
            statuses.Add((int)response.StatusCode);
        }

        return [.. statuses];
    }

    /// <summary>The demo seeds one user per role for each party of its regulation: the count read from that database.</summary>
    private static int DemoUsers(SqliteConnection connection) =>
        connection.ExecuteScalar<int>("SELECT COUNT(*) FROM regulation_parties") * CoordinationApi.Infrastructure.Security.Roles.All.Length;

    private static Dictionary<string, string> Sqlite(string file) => new()
    {
        ["Database:Provider"] = "Sqlite",
        ["ConnectionStrings:Coordination"] = $"Data Source={file}",
        ["Auth:SigningKeyFile"] = Path.Combine(Path.GetDirectoryName(file)!, "jwt-signing.key"),
    };

    /// <summary>Waits for the process to exit (60 s at most) and answers what it wrote.</summary>
    private static async Task<string> Finish(Process process)
    {
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return await stdout + await stderr;
    }
}
