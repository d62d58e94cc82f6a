using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using CoordinationApi.Tests.Infrastructure;
using static CoordinationApi.Tests.Features.Tasks.TaskApi;

namespace CoordinationApi.Tests.Features.Instances;

/// <summary>
/// Two API processes on one database (on these machines one SQLite file, the closest to several instances behind a load
/// balancer they allow; in the GitHub workflow also one SQL Server database): what one writes, the other serves at once
/// (dashboard, search, task list); a revoked key is refused by both within the documented time; failed sign-ins count
/// across both. On SQLite both start at the same moment on a fresh file, so they also race to migrate and seed it; on
/// SQL Server the database is migrated first with <c>--migrate</c>, as a deployment does.
/// </summary>
[NonParallelizable]
[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class SeveralInstancesTests(string provider)
{
    /// <summary>The README's bound for a revocation made on another instance (the API-key cache's lifetime).</summary>
    private static readonly TimeSpan RevocationBound = TimeSpan.FromSeconds(30);

    private readonly string directory = Path.Combine(Path.GetTempPath(), "coordination-tests", $"instances-{Guid.NewGuid():N}");
    private ApiProcess a = null!;
    private ApiProcess b = null!;

    [OneTimeSetUp]
    public async Task StartTwoInstances()
    {
        Directory.CreateDirectory(directory);
        var settings = new Dictionary<string, string>
        {
            ["Database:Provider"] = provider,
            ["ConnectionStrings:Coordination"] = ConnectionString,
            ["Seed:Demo"] = "true",
            // The same key on every instance: a token issued by one is valid on the other.
            ["Auth:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Audit:ChainKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Auth:LockoutThreshold"] = "4",
            ["RateLimits:SignInPerMinute"] = "10000",
            ["RateLimits:PerCallerPerMinute"] = "100000",
            ["Spa:Root"] = directory,
        };
        if (provider == "SqlServer")
        {
            using var migrate = ApiProcess.Run(settings, "--migrate");
            var output = migrate.StandardOutput.ReadToEndAsync();
            var errors = migrate.StandardError.ReadToEndAsync();
            await migrate.WaitForExitAsync();
            Assert.That(migrate.ExitCode, Is.Zero, await output + await errors);
        }

        var starting = new[] { ApiProcess.StartAsync(settings), ApiProcess.StartAsync(settings) };
        try
        {
            await Task.WhenAll(starting);
        }
        catch
        {
            foreach (var started in starting.Where(s => s.IsCompletedSuccessfully))
            {
                await started.Result.DisposeAsync();
            }

            throw;
        }

        (a, b) = (starting[0].Result, starting[1].Result);
    }

    [OneTimeTearDown]
    public async Task StopBoth()
    {
        if (a is not null)
        {
            await a.DisposeAsync();
        }

        if (b is not null)
        {
            await b.DisposeAsync();
        }

        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Left in the temp folder.
        }

        if (provider == "SqlServer")
        {
            var builder = new Microsoft.Data.SqlClient.SqlConnectionStringBuilder(ConnectionString);
            var database = builder.InitialCatalog;
            builder.InitialCatalog = "master";
            await using var connection = new Microsoft.Data.SqlClient.SqlConnection(builder.ConnectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"IF DB_ID('{database}') IS NOT NULL BEGIN ALTER DATABASE [{database}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{database}]; END";
            await command.ExecuteNonQueryAsync();
        }
    }

    [Test]
    public async Task The_instances_are_two_processes_on_one_database_seeded_once()
    {
        Assert.That(a.ProcessId, Is.Not.EqualTo(b.ProcessId));
        using var viewer = await a.SignedIn("mps.viewer");
        // Seeded once: each demo user exists once whoever seeded (mps.coordinator, top-secret, is beyond the secret
        // admin's reach and does not exist for them).
        using var admin = await b.SignedIn("mps.admin");
        var users = await Body(await admin.GetAsync(new Uri("/api/v1/admin/users?limit=200", UriKind.Relative)));
        var names = users.GetProperty("items").EnumerateArray().Select(u => u.GetProperty("username").GetString()).ToList();
        Assert.That(names.Where(n => n!.StartsWith("mps.", StringComparison.Ordinal)).ToList(), Is.Unique.And.EquivalentTo(CoordinationApi.Infrastructure.Security.Roles.All
            .Where(role => role != CoordinationApi.Infrastructure.Security.Roles.Coordinator).Select(role => $"mps.{role}")), string.Join(", ", names));
    }

    [Test]
    public async Task A_task_written_on_one_instance_is_seen_on_the_other_in_the_dashboard_search_and_task_list()
    {
        using var onA = await a.SignedIn("mps.coordinator");
        using var onB = await b.SignedIn("mps.coordinator");
        // B has computed and cached its dashboard before the write.
        var before = (await Body(await onB.GetAsync(new Uri("/api/v1/dashboard", UriKind.Relative)))).GetProperty("counts");
        var word = "zqx" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)).Replace("0", "g", StringComparison.Ordinal);

        var created = await Json(await Post(onA, "/api/v1/tasks", NewTask(title: $"Cross-instance check {word}")), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt32();

        var after = (await Body(await onB.GetAsync(new Uri("/api/v1/dashboard", UriKind.Relative)))).GetProperty("counts");
        var search = await Body(await onB.GetAsync(new Uri($"/api/v1/search?q={word}", UriKind.Relative)));
        var list = await Body(await onB.GetAsync(new Uri($"/api/v1/tasks?q={word}", UriKind.Relative)));
        Assert.Multiple(() =>
        {
            Assert.That(after.GetProperty("total").GetInt32(), Is.EqualTo(before.GetProperty("total").GetInt32() + 1), "B's dashboard counts A's task at once");
            Assert.That(after.GetProperty("draft").GetInt32(), Is.EqualTo(before.GetProperty("draft").GetInt32() + 1));
            Assert.That(search.GetProperty("items").EnumerateArray().Where(h => h.GetProperty("kind").GetString() == "task").Select(h => h.GetProperty("entityId").GetInt32()),
                Is.EqualTo(new[] { id }), "B's search finds A's task");
            Assert.That(list.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("id").GetInt32()), Is.EqualTo(new[] { id }), "B's task list holds A's task");
        });

        // And back: a transition on B shows in A's dashboard.
        var beforeOnA = (await Body(await onA.GetAsync(new Uri("/api/v1/dashboard", UriKind.Relative)))).GetProperty("counts");
        await Json(await Transition(onB, id, "assigned"), HttpStatusCode.OK);
        var afterOnA = (await Body(await onA.GetAsync(new Uri("/api/v1/dashboard", UriKind.Relative)))).GetProperty("counts");
        Assert.That(afterOnA.GetProperty("assigned").GetInt32(), Is.EqualTo(beforeOnA.GetProperty("assigned").GetInt32() + 1));
    }

    [Test]
    public async Task A_key_revoked_on_one_instance_is_refused_by_both_within_the_documented_time()
    {
        using var admin = await a.SignedIn("mps.admin");
        var client = await Body(await admin.PostAsJsonAsync(new Uri("/api/v1/admin/api-clients", UriKind.Relative),
            new { name = $"Instances probe {Guid.NewGuid():N}", scopes = new[] { "tasks:read" }, clearance = "unclassified" }));
        var key = client.GetProperty("apiKey").GetString()!;
        using var keyOnA = WithKey(a, key);
        using var keyOnB = WithKey(b, key);
        // Both instances have accepted (and cached) the key.
        Assert.That((await keyOnA.GetAsync(new Uri("/api/v1/tasks?limit=1", UriKind.Relative))).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await keyOnB.GetAsync(new Uri("/api/v1/tasks?limit=1", UriKind.Relative))).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var revoked = await admin.PostAsync(new Uri($"/api/v1/admin/api-clients/{client.GetProperty("client").GetProperty("id").GetString()}/revoke", UriKind.Relative), null);
        Assert.That(revoked.StatusCode, Is.EqualTo(HttpStatusCode.OK), await revoked.Content.ReadAsStringAsync());

        Assert.That((await keyOnA.GetAsync(new Uri("/api/v1/tasks?limit=1", UriKind.Relative))).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "refused at once where it was revoked");
        var started = DateTime.UtcNow;
        HttpStatusCode status;
        do
        {
            status = (await keyOnB.GetAsync(new Uri("/api/v1/tasks?limit=1", UriKind.Relative))).StatusCode;
            if (status == HttpStatusCode.Unauthorized)
            {
                break;
            }

            await Task.Delay(500);
        }
        while (DateTime.UtcNow - started < RevocationBound + TimeSpan.FromSeconds(3));

        Assert.That(status, Is.EqualTo(HttpStatusCode.Unauthorized), $"the other instance still accepted the key after {RevocationBound}");
    }

    [Test]
    public async Task A_search_kept_on_one_instance_gives_way_to_a_write_on_the_other()
    {
        using var onA = await a.SignedIn("mps.coordinator");
        using var onB = await b.SignedIn("mps.coordinator");
        var word = "zqk" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)).Replace("0", "h", StringComparison.Ordinal);
        var search = new Uri($"/api/v1/search?q={word}", UriKind.Relative);
        // B ranks the query (no hit) and keeps the ranking; A then writes a task holding the word.
        Assert.That((await Body(await onB.GetAsync(search))).GetProperty("items").GetArrayLength(), Is.Zero);
        Assert.That((await Body(await onB.GetAsync(search))).GetProperty("items").GetArrayLength(), Is.Zero, "served from B's kept ranking");

        var id = (await Json(await Post(onA, "/api/v1/tasks", NewTask(title: $"Kept ranking check {word}")), HttpStatusCode.Created)).GetProperty("id").GetInt32();

        var hits = (await Body(await onB.GetAsync(search))).GetProperty("items").EnumerateArray()
            .Where(h => h.GetProperty("kind").GetString() == "task").Select(h => h.GetProperty("entityId").GetInt32());
        Assert.That(hits, Is.EqualTo(new[] { id }), "B's ranking from before A's write is not served after it");
    }

    [Test]
    public async Task A_key_revoked_on_one_instance_is_refused_by_the_other_on_its_next_request()
    {
        using var admin = await a.SignedIn("mps.admin");
        var client = await Body(await admin.PostAsJsonAsync(new Uri("/api/v1/admin/api-clients", UriKind.Relative),
            new { name = $"Next request probe {Guid.NewGuid():N}", scopes = new[] { "tasks:read" }, clearance = "unclassified" }));
        var key = client.GetProperty("apiKey").GetString()!;
        using var keyOnB = WithKey(b, key);
        var tasks = new Uri("/api/v1/tasks?limit=1", UriKind.Relative);
        // B has accepted the key twice: the second time from what it keeps.
        Assert.That((await keyOnB.GetAsync(tasks)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await keyOnB.GetAsync(tasks)).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var revoked = await admin.PostAsync(new Uri($"/api/v1/admin/api-clients/{client.GetProperty("client").GetProperty("id").GetString()}/revoke", UriKind.Relative), null);
        Assert.That(revoked.StatusCode, Is.EqualTo(HttpStatusCode.OK), await revoked.Content.ReadAsStringAsync());

        Assert.That((await keyOnB.GetAsync(tasks)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "the other instance refuses it on its very next request");
    }

    [Test]
    public async Task A_unit_renamed_by_another_writer_is_served_renamed_by_both_once_the_marker_moves()
    {
        using var onA = await a.SignedIn("mps.coordinator");
        using var onB = await b.SignedIn("mps.coordinator");
        // Both have loaded agencies and units (the dashboard names the lead units).
        foreach (var instance in new[] { onA, onB })
        {
            Assert.That(UnitName(await Body(await instance.GetAsync(new Uri("/api/v1/dashboard", UriKind.Relative))), "MPS-A05"), Is.Not.Null);
        }

        // A third writer, as an audited write of any instance does: the change and the marker in one transaction.
        var renamed = $"Renamed by another writer {Guid.NewGuid():N}";
        await using (var connection = Open())
        {
            await connection.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await using var rename = connection.CreateCommand();
            rename.Transaction = transaction;
            rename.CommandText = $"UPDATE units SET name_en = '{renamed}' WHERE code = 'MPS-A05'; {CoordinationApi.Infrastructure.Data.DataGenerationSql.Bump}";
            await rename.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
        }

        await Task.Delay(CoordinationApi.Infrastructure.Security.ReferenceData.CheckInterval + TimeSpan.FromMilliseconds(200));
        foreach (var instance in new[] { onA, onB })
        {
            Assert.That(UnitName(await Body(await instance.GetAsync(new Uri("/api/v1/dashboard", UriKind.Relative))), "MPS-A05"), Is.EqualTo(renamed),
                $"{instance.BaseAddress}");
        }
    }

    [Test]
    public async Task Failed_sign_ins_on_both_instances_count_towards_one_lockout()
    {
        using var admin = await a.SignedIn("mps.admin");
        var username = $"lock.{Guid.NewGuid():N}"[..20];
        var created = await admin.PostAsJsonAsync(new Uri("/api/v1/admin/users", UriKind.Relative), new
        {
            username, displayName = username, unitCode = "MPS-VP", roles = new[] { "viewer" }, clearance = "unclassified", password = "Correct-Horse-1",
        });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());

        // Threshold 4: two failures on each instance, at the same time.
        using var anonymousA = a.Client();
        using var anonymousB = b.Client();
        var failures = await Task.WhenAll(
            new[] { anonymousA, anonymousA, anonymousB, anonymousB }.Select((client, i) =>
                client.PostAsJsonAsync(new Uri("/api/v1/auth/token", UriKind.Relative), new { username, password = $"wrong-{i}-xxxxx" })));
        Assert.That(failures.Select(f => f.StatusCode), Is.All.EqualTo(HttpStatusCode.Unauthorized));

        foreach (var instance in new[] { anonymousA, anonymousB })
        {
            var refused = await instance.PostAsJsonAsync(new Uri("/api/v1/auth/token", UriKind.Relative), new { username, password = "Correct-Horse-1" });
            var problem = await ProblemAssert.IsProblem(refused, HttpStatusCode.Unauthorized);
            Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("locked"), $"{instance.BaseAddress}");
        }
    }

    [Test]
    public async Task A_user_demoted_on_one_instance_is_refused_by_both()
    {
        using var admin = await a.SignedIn("mps.admin");
        var username = $"demote.{Guid.NewGuid():N}"[..20];
        var created = await Body(await admin.PostAsJsonAsync(new Uri("/api/v1/admin/users", UriKind.Relative), new
        {
            username, displayName = username, unitCode = "MPS-VP", roles = new[] { "admin" }, clearance = "secret", password = "Correct-Horse-1",
        }));
        var id = created.GetProperty("id").GetInt32();
        using var onA = await a.SignedIn(username, "Correct-Horse-1");
        using var onB = await b.SignedIn(username, "Correct-Horse-1");
        // An admin may grant only what their own roles reach: the user to demote is an admin, and uses admin rights.
        var users = new Uri("/api/v1/admin/users", UriKind.Relative);
        Assert.That((await onB.GetAsync(users)).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        using var read = await admin.GetAsync(new Uri($"/api/v1/admin/users/{id}", UriKind.Relative));
        var demoted = await Put(admin, $"/api/v1/admin/users/{id}",
            new { displayName = username, unitCode = "MPS-VP", roles = new[] { "viewer" }, clearance = "unclassified", active = true, unlock = false },
            read.Headers.ETag!.Tag);
        Assert.That(demoted.StatusCode, Is.EqualTo(HttpStatusCode.OK), await demoted.Content.ReadAsStringAsync());

        foreach (var instance in new[] { onA, onB })
        {
            var refused = await instance.GetAsync(users);
            Assert.That(refused.StatusCode, Is.AnyOf(HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden), $"{instance.BaseAddress}");
        }
    }

    private string? connectionString;

    /// <summary>A fresh SQLite file, or a fresh database on the SQL Server the workflow gives (dropped afterwards).</summary>
    private string ConnectionString => connectionString ??= provider == "SqlServer"
        ? new Microsoft.Data.SqlClient.SqlConnectionStringBuilder(Environment.GetEnvironmentVariable(Providers.SqlServerVariable))
        {
            InitialCatalog = $"coordination_instances_{Guid.NewGuid():N}",
            TrustServerCertificate = true,
        }.ConnectionString
        : $"Data Source={Path.Combine(directory, "shared.db")}";

    private System.Data.Common.DbConnection Open() => provider == "SqlServer"
        ? new Microsoft.Data.SqlClient.SqlConnection(ConnectionString)
        : new Microsoft.Data.Sqlite.SqliteConnection(ConnectionString);

    private static string? UnitName(JsonElement dashboard, string code) => dashboard.GetProperty("progressByUnit").EnumerateArray()
        .Where(u => u.GetProperty("unitCode").GetString() == code).Select(u => u.GetProperty("nameEn").GetString()).FirstOrDefault();

    private static HttpClient WithKey(ApiProcess instance, string key)
    {
        var client = instance.Client();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    private static async Task<JsonElement> Body(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.IsSuccessStatusCode, Is.True, $"{(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
