using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static CoordinationApi.Tests.Features.Tasks.TaskApi;

namespace CoordinationApi.Tests.Features.Robustness;

/// <summary>
/// Races that one writer at a time (SQLite's lock, the API's own writer lock) used to hide: a counter read, incremented
/// in C# and written back, and a task updated from a report without holding the task. On SQL Server these run with no
/// writer lock at all; on SQLite the password check now runs outside it, so the same requests overlap there too.
/// </summary>
// Alone: the sign-ins must all check their password within a fixed wall-clock window.
[NonParallelizable]
[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class RaceTests(string provider) : ApiTest(provider, new Dictionary<string, string?> { ["Auth:LockoutThreshold"] = "10" })
{
    private const int Threshold = 10;
    private static readonly Uri Token = new("/api/v1/auth/token", UriKind.Relative);

    [Test]
    public async Task Parallel_wrong_passwords_each_count_towards_the_lockout()
    {
        var username = $"race.{Guid.NewGuid():N}"[..20];
        var created = await As("mps.admin").PostAsJsonAsync(new Uri("/api/v1/admin/users", UriKind.Relative), new
        {
            username, displayName = username, unitCode = "MPS-VP", roles = new[] { "viewer" }, clearance = "unclassified", password = "Correct-Horse-1",
        });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var clients = Enumerable.Range(0, Threshold).Select(_ => Factory.CreateClient()).ToList();
        try
        {
            // One fewer than the threshold, all at once, while another write holds the writer lock (SQLite; on SQL Server
            // there is none): every sign-in reads the account and checks its password before any of them can write.
            // Every one is counted.
            var writer = Factory.Services.GetRequiredService<DbConnectionFactory>();
            Task<HttpResponseMessage[]> sent;
            await using (await writer.WriteLockAsync())
            {
                sent = Task.WhenAll(clients.Skip(1).Select((client, i) =>
                    client.PostAsJsonAsync(Token, new { username, password = $"wrong-{i}-xxxxxxxx" })));
                // Long enough for each to read the account and check the password (tens of milliseconds each).
                await Task.Delay(TimeSpan.FromSeconds(2));
            }

            var wrong = await sent;
            Assert.That(wrong.Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.Unauthorized));
            var counted = await RobustnessChecks.Scalar(Factory, "SELECT failed_sign_ins FROM users WHERE username = @Username", new { Username = username });
            Assert.That(counted, Is.EqualTo(Threshold - 1), "a failure counted from a stale read is lost");

            // The threshold's failure, with a right password at the same time: the account ends locked, and stays locked.
            var last = await Task.WhenAll(
                clients[0].PostAsJsonAsync(Token, new { username, password = "wrong-last-xxxxxxxx" }),
                clients[1].PostAsJsonAsync(Token, new { username, password = "wrong-again-xxxxxxx" }));
            Assert.That(last.Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.Unauthorized));
            var refused = await Anonymous.PostAsJsonAsync(Token, new { username, password = "Correct-Horse-1" });
            var problem = await ProblemAssert.IsProblem(refused, HttpStatusCode.Unauthorized);
            Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("locked"));
            var locks = await RobustnessChecks.Scalar(Factory,
                "SELECT COUNT(*) FROM audit_entries WHERE action = 'user.lock' AND actor_name = @Username", new { Username = username });
            Assert.That(locks, Is.EqualTo(1), "one lock, by the failure that reached the threshold");
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    [Test]
    public async Task Parallel_progress_reports_leave_the_task_at_its_latest_report()
    {
        var coordinator = As("mps.coordinator");
        var id = (await Json(await Post(coordinator, "/api/v1/tasks", NewTask()), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        await Json(await Transition(coordinator, id, "assigned"), HttpStatusCode.OK);
        await Json(await Transition(As("mps.officer"), id, "in_progress"), HttpStatusCode.OK);
        var token = await SignIn("mps.coordinator", DemoPassword);
        var clients = Enumerable.Range(0, 12).Select(_ =>
        {
            var client = Factory.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return client;
        }).ToList();
        try
        {
            for (var round = 0; round < 3; round++)
            {
                // Each report a different date and percent; a coordinator reports, so a lower percent is a correction, not a 400.
                var responses = await Task.WhenAll(clients.Select((client, i) =>
                    Report(client, id, 10 + (((i * 7) + round) % 12 * 7), date: $"2026-{2 + (((i * 5) + round) % 10):00}-{1 + i:00}", unit: "MPS-A05")));
                Assert.That(responses.Select(r => (int)r.StatusCode), Is.All.EqualTo(201), ServerErrors);

                var reports = await GetAllPages(coordinator, $"/api/v1/tasks/{id}/reports");
                var latest = reports
                    .OrderBy(r => r.GetProperty("reportDate").GetString(), StringComparer.Ordinal).ThenBy(r => r.GetProperty("id").GetInt32()).Last();
                var task = await GetJson<JsonElement>(coordinator, $"/api/v1/tasks/{id}");
                Assert.That(task.GetProperty("progress").GetInt32(), Is.EqualTo(latest.GetProperty("percent").GetInt32()),
                    $"round {round}: the task follows its latest report ({latest})");
            }
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }
}
