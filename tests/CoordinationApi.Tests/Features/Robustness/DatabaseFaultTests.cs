using System.Net;
using System.Text.Json;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Tests.Infrastructure;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static CoordinationApi.Tests.Features.Tasks.TaskApi;

namespace CoordinationApi.Tests.Features.Robustness;

/// <summary>
/// The SQLite file made really unavailable under a running API: held exclusively by another connection, or replaced
/// by a file that is not a database. Requests answer 503 problems with Retry-After, readiness fails, a rejected write
/// changes nothing, and the same API instance serves again once the file is back.
/// </summary>
public sealed class DatabaseFaultTests() : ApiTest("Sqlite", new Dictionary<string, string?>
{
    // SQLite gives up on a locked file after this wait (the driver rounds its own retry up to one second).
    ["Database:SqliteBusyTimeoutMs"] = "100",
    ["Database:UnavailableRetryAfterSeconds"] = "7",
})
{
    [Test]
    public async Task While_another_connection_holds_the_file_every_request_is_a_503_and_the_same_api_recovers_after()
    {
        var (coordinator, taskId, etag, before) = await Prepare();

        await using (await ExclusiveLock.TakeAsync(Factory.ConnectionString, CloseIdleConnections))
        {
            await AssertUnavailable(coordinator, taskId, etag, "locked");
        }

        await AssertRecovered(coordinator, taskId, before, "locked");
    }

    [Test]
    public async Task While_the_file_is_not_a_database_every_request_is_a_503_and_the_same_api_recovers_after()
    {
        var (coordinator, taskId, etag, before) = await Prepare();

        using (ReplacedFile.Swap(new SqliteConnectionStringBuilder(Factory.ConnectionString).DataSource, CloseIdleConnections))
        {
            await AssertUnavailable(coordinator, taskId, etag, "replaced");
        }

        await AssertRecovered(coordinator, taskId, before, "replaced");
    }

    /// <summary>An open WAL connection keeps a shared lock on the file, and one opened before a swap reads the old file.</summary>
    private void CloseIdleConnections()
    {
        Factory.Services.GetRequiredService<DbConnectionFactory>().Sessions?.Clear();
        SqliteConnection.ClearAllPools();
    }

    private Task<Dictionary<string, long>> CountRows() =>
        RobustnessChecks.CountRows(Factory, "tasks", "task_history", "audit_entries", "idempotency_keys");

    /// <summary>Signs in and reads what the requests under fault need while the database still answers.</summary>
    private async Task<(HttpClient Coordinator, int TaskId, string ETag, Dictionary<string, long> Before)> Prepare()
    {
        // Signing in reads the database: the clients used under the fault sign in before it.
        var coordinator = As("mps.coordinator");
        _ = Client;
        var created = await Post(coordinator, "/api/v1/tasks", NewTask(title: $"Before the fault {Guid.NewGuid():N}"));
        var taskId = (await Json(created, HttpStatusCode.Created)).GetProperty("id").GetInt32();
        using var ready = await Anonymous.GetAsync(new Uri("/health/ready", UriKind.Relative));
        Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return (coordinator, taskId, created.Headers.ETag!.Tag, await CountRows());
    }

    private async Task AssertUnavailable(HttpClient coordinator, int taskId, string etag, string fault)
    {
        var requests = new (string Name, Func<Task<HttpResponseMessage>> Send)[]
        {
            ("read one task", () => Client.GetAsync(new Uri($"/api/v1/tasks/{taskId}", UriKind.Relative))),
            ("list tasks", () => Client.GetAsync(new Uri("/api/v1/tasks?limit=5", UriKind.Relative))),
            ("create a task", () => Post(coordinator, "/api/v1/tasks", NewTask(title: $"Written while {fault}"), idempotencyKey: $"fault-{fault}")),
            ("edit a task", () => Put(coordinator, $"/api/v1/tasks/{taskId}", Edit(NewTask(title: $"Edited while {fault}")), etag)),
            ("sign in", () => Anonymous.PostAsync(new Uri("/api/v1/auth/token", UriKind.Relative),
                System.Net.Http.Json.JsonContent.Create(new { username = "mps.officer", password = DemoPassword }))),
        };
        foreach (var (name, send) in requests)
        {
            using var response = await send();
            var problem = await ProblemAssert.IsProblem(response, HttpStatusCode.ServiceUnavailable);
            Assert.Multiple(() =>
            {
                Assert.That(response.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(7)), name);
                Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("Nothing was saved"), name);
            });
        }

        using var ready = await Anonymous.GetAsync(new Uri("/health/ready", UriKind.Relative));
        using var live = await Anonymous.GetAsync(new Uri("/health/live", UriKind.Relative));
        Assert.Multiple(() =>
        {
            Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), "ready fails while the database is unavailable");
            Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the process itself is alive");
            Assert.That(Factory.Logs.Records.Any(r => r.Level == LogLevel.Warning && r.Text.Contains("Database unavailable", StringComparison.Ordinal)), Is.True);
            Assert.That(Factory.Logs.Records.Where(r => r.Text.StartsWith("Unhandled exception", StringComparison.Ordinal)), Is.Empty,
                "an unavailable database is a warning, not an unhandled error");
        });
    }

    private async Task AssertRecovered(HttpClient coordinator, int taskId, Dictionary<string, long> before, string fault)
    {
        using var ready = await Anonymous.GetAsync(new Uri("/health/ready", UriKind.Relative));
        Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.OK), "readiness recovers without a restart");
        var task = await GetJson<JsonElement>(coordinator, $"/api/v1/tasks/{taskId}");
        Assert.That(task.GetProperty("titleEn").GetString(), Does.StartWith("Before the fault"), "the edit rejected with 503 changed nothing");
        Assert.That(await CountRows(), Is.EqualTo(before), "the create rejected with 503 wrote nothing, nor any audit entry");

        // The rejected create remembered nothing under its idempotency key: the retry creates the task now.
        var retried = await Json(await Post(coordinator, "/api/v1/tasks", NewTask(title: $"Written while {fault}"), idempotencyKey: $"fault-{fault}"),
            HttpStatusCode.Created);
        Assert.That(retried.GetProperty("titleEn").GetString(), Is.EqualTo($"Written while {fault}"));
        await RobustnessChecks.AuditChainHolds(As("mic.auditor"));
    }

    /// <summary>
    /// Another connection holding the file: in WAL mode a plain write transaction blocks no reader, but one in
    /// exclusive locking mode blocks every other connection, readers included.
    /// </summary>
    private sealed class ExclusiveLock(SqliteConnection connection) : IAsyncDisposable
    {
        public static async Task<ExclusiveLock> TakeAsync(string connectionString, Action closeIdleConnections)
        {
            // An open WAL connection keeps a shared lock on the file: close the API's idle connections first.
            closeIdleConnections();
            var connection = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
            await connection.OpenAsync();
            await connection.ExecuteAsync("PRAGMA locking_mode = EXCLUSIVE;");
            await connection.ExecuteAsync("BEGIN EXCLUSIVE;");
            await connection.ExecuteAsync("UPDATE audit_head SET last_id = last_id WHERE id = 1;");
            return new ExclusiveLock(connection);
        }

        public async ValueTask DisposeAsync()
        {
            await connection.ExecuteAsync("ROLLBACK;");
            await connection.DisposeAsync();
        }
    }

    /// <summary>The database file (and its WAL) moved aside and replaced by a file that is not a database, then put back.</summary>
    private sealed class ReplacedFile : IDisposable
    {
        private static readonly string[] Suffixes = ["", "-wal", "-shm", "-journal"];
        private readonly string path;
        private readonly Action closeIdleConnections;

        private ReplacedFile(string path, Action closeIdleConnections) => (this.path, this.closeIdleConnections) = (path, closeIdleConnections);

        public static ReplacedFile Swap(string path, Action closeIdleConnections)
        {
            closeIdleConnections();
            foreach (var suffix in Suffixes.Where(s => File.Exists(path + s)))
            {
                File.Move(path + suffix, path + suffix + ".aside");
            }

            File.WriteAllText(path, "This file is not a SQLite database, whatever its name says.\n" + new string('x', 4096));
            return new ReplacedFile(path, closeIdleConnections);
        }

        public void Dispose()
        {
            closeIdleConnections();
            foreach (var suffix in Suffixes)
            {
                File.Delete(path + suffix);
                if (File.Exists(path + suffix + ".aside"))
                {
                    File.Move(path + suffix + ".aside", path + suffix);
                }
            }
        }
    }
}
