using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using CoordinationApi.Features.Demo;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Tests.Infrastructure;
using Dapper;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using static CoordinationApi.Tests.Features.Tasks.TaskApi;

namespace CoordinationApi.Tests.Features.Robustness;

/// <summary>
/// The API on a real Kestrel server on 127.0.0.1, stopped the way SIGTERM stops it (the host's StopAsync) while an
/// export streams and writes wait their turn; then started again on the same database file.
/// </summary>
// Alone: it times a real server's shutdown against its configured timeout.
[NonParallelizable]
public sealed class GracefulShutdownTests
{
    private const int GeneratedTasks = 10_000;
    private const int Writes = 20;

    private const string ReportsWithoutTheirAuditEntry = """
        SELECT count(*) FROM progress_reports r
        WHERE r.task_id = @TaskId
          AND NOT EXISTS (SELECT 1 FROM audit_entries a WHERE a.action = 'task.report' AND a.entity_id = CAST(r.id AS TEXT));
        """;

    private const string LastExport = "SELECT occurred_at AS OccurredAt, after_json AS AfterJson FROM audit_entries WHERE action = 'export' ORDER BY id DESC LIMIT 1;";

    private string folder = null!;

    [SetUp]
    public void CreateFolder() =>
        folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "coordination-tests", Guid.NewGuid().ToString("N"))).FullName;

    [TearDown]
    public void DeleteFolder()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Left in the temp folder, as ApiFactory leaves a file still held open.
        }
    }

    [Test]
    public async Task Stopping_lets_the_requests_in_flight_finish_and_every_answered_write_is_there_after_a_restart()
    {
        var file = Path.Combine(folder, "coordination.db");
        var api = Restarted.On(file, new Dictionary<string, string?> { [GracefulShutdown.TimeoutKey] = "30" });
        api.UseKestrel(0);
        api.StartServer();
        await api.Services.GetRequiredService<ScaleGenerator>().GenerateAsync(GeneratedTasks, seed: 7);
        var address = new Uri(api.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        Assert.That(address.Host, Is.EqualTo("127.0.0.1"));

        // Clients of our own: the factory disposes the clients it made before it stops the host.
        using var coordinator = await Restarted.SignIn(Client(address), "mps.coordinator");
        using var officer = await Restarted.SignIn(Client(address), "mps.officer");
        // A small receive window: the server cannot finish the export into socket buffers before the stop.
        using var auditor = await Restarted.SignIn(Client(address, receiveBufferBytes: 4096), "mic.auditor");
        var task = (await Json(await Post(coordinator, "/api/v1/tasks", NewTask(title: "Reported on while the API stops")), HttpStatusCode.Created))
            .GetProperty("id").GetInt32();
        await Json(await Transition(coordinator, task, "assigned"), HttpStatusCode.OK);
        await Json(await Transition(officer, task, "in_progress"), HttpStatusCode.OK);

        using var export = await auditor.GetAsync(new Uri("/api/v1/exports/tasks?format=csv", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        Assert.That(export.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await using var exportBody = await export.Content.ReadAsStreamAsync();
        var received = new MemoryStream();
        var first = new byte[16 * 1024];
        received.Write(first, 0, await exportBody.ReadAtLeastAsync(first, first.Length));

        // The writes queue behind the writer's turn, which the test holds until the stop has begun.
        var db = api.Services.GetRequiredService<DbConnectionFactory>();
        var turn = await db.WriteLockAsync();
        var writes = Enumerable.Range(1, Writes).Select(percent => Report(coordinator, task, percent, unit: "MPS-A05")).ToList();
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.That(writes.Count(w => w.IsCompleted), Is.Zero, "the writes are in flight, waiting for the writer's turn");

        var stopStarted = DateTimeOffset.UtcNow;
        var stopping = api.DisposeAsync().AsTask();
        await AssertNoLongerAccepting(address);
        Assert.That(stopping.IsCompleted, Is.False, "the host waits for the requests in flight");
        await turn.DisposeAsync();

        await exportBody.CopyToAsync(received);
        var responses = await Task.WhenAll(writes);
        await stopping;

        var percentById = new Dictionary<int, int>();
        foreach (var response in responses)
        {
            var report = await Json(response, HttpStatusCode.Created);
            percentById[report.GetProperty("id").GetInt32()] = report.GetProperty("percent").GetInt32();
            response.Dispose();
        }

        var csv = Encoding.UTF8.GetString(received.ToArray());
        using var restarted = Restarted.On(file);
        using var reader = await Restarted.SignedIn(restarted, "mps.coordinator");
        var reports = await Json(await reader.GetAsync(new Uri($"/api/v1/tasks/{task}/reports?limit=200", UriKind.Relative)), HttpStatusCode.OK);
        var afterRestart = await Json(await reader.GetAsync(new Uri($"/api/v1/tasks/{task}", UriKind.Relative)), HttpStatusCode.OK);
        await using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        // Every piece of work: a task a review carried over is exported once, as its successor (the demo's history has some).
        var tasks = await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM tasks WHERE status <> 'carried_over';");
        var unaudited = await connection.ExecuteScalarAsync<int>(ReportsWithoutTheirAuditEntry, new { TaskId = task });
        var lastExport = await connection.QuerySingleAsync<(string OccurredAt, string AfterJson)>(LastExport);
        var exportAudit = JsonDocument.Parse(lastExport.AfterJson).RootElement;

        Assert.Multiple(() =>
        {
            Assert.That(csv, Does.EndWith("\r\n"), "the export ends with a whole row");
            Assert.That(CsvRecords(csv), Is.EqualTo(tasks + 1), "the export holds a header and every task");
            Assert.That(exportAudit.GetProperty("completed").GetBoolean(), Is.True);
            Assert.That(exportAudit.GetProperty("rows").GetInt32(), Is.EqualTo(tasks));
            Assert.That(DateTimeOffset.Parse(lastExport.OccurredAt, System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(stopStarted),
                "the export finished after the stop began: it was in flight");
            Assert.That(reports.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetInt32()), Is.EquivalentTo(percentById.Keys),
                "every answered write is there, and nothing else");
            Assert.That(unaudited, Is.Zero, "no report without its audit entry");
            Assert.That(afterRestart.GetProperty("progress").GetInt32(), Is.EqualTo(percentById[percentById.Keys.Max()]),
                "the task's progress follows its last report (all have the same date: the last written)");
        });
        await Restarted.AssertAuditVerifies(restarted);
    }

    [Test]
    public void The_shutdown_timeout_comes_from_configuration()
    {
        using var configured = new ApiFactory(overrides: new Dictionary<string, string?> { [GracefulShutdown.TimeoutKey] = "7" });
        using var standard = new ApiFactory();

        Assert.Multiple(() =>
        {
            Assert.That(ShutdownTimeout(configured), Is.EqualTo(TimeSpan.FromSeconds(7)));
            Assert.That(ShutdownTimeout(standard), Is.EqualTo(TimeSpan.FromSeconds(GracefulShutdown.DefaultTimeoutSeconds)));
        });
    }

    private static TimeSpan ShutdownTimeout(ApiFactory api) => api.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout;

    private static HttpClient Client(Uri address, int? receiveBufferBytes = null) => new(new Infrastructure.Contract.ContractValidatingHandler { InnerHandler = new SocketsHttpHandler
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                if (receiveBufferBytes is { } bytes)
                {
                    socket.ReceiveBufferSize = bytes;
                }

                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    }, })
    {
        BaseAddress = address,
        Timeout = TimeSpan.FromMinutes(1),
    };

    /// <summary>Waits until a new connection is refused: the server has stopped listening.</summary>
    private static async Task AssertNoLongerAccepting(Uri address)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            using var probe = Client(address);
            try
            {
                using var response = await probe.GetAsync(new Uri("/health/live", UriKind.Relative));
            }
            catch (HttpRequestException)
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail("The server still accepts connections 10 s after the stop began.");
    }

    /// <summary>RFC 4180 records: CRLF ends a record unless it is inside quotes.</summary>
    private static int CsvRecords(string csv)
    {
        var records = 0;
        var quoted = false;
        for (var i = 0; i < csv.Length; i++)
        {
            if (csv[i] == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && csv[i] == '\r' && i + 1 < csv.Length && csv[i + 1] == '\n')
            {
                records++;
            }
        }

        return records;
    }
}
