using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.Security;
using CoordinationApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using static CoordinationApi.Tests.Features.Tasks.TaskApi;

namespace CoordinationApi.Tests.Features.Robustness;

/// <summary>
/// Many clients writing the same records at once, each on its own connection to the API: one winner per version,
/// every independent write lands, the same idempotency key creates once, and the audit chain still verifies.
/// </summary>
[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class ConcurrentWriterTests(string provider) : ApiTest(provider)
{
    private const int Writers = 20;
    private const int Rounds = 5;
    private readonly List<HttpClient> parallelClients = [];

    [TearDown]
    public void DisposeParallelClients()
    {
        parallelClients.ForEach(client => client.Dispose());
        parallelClients.Clear();
    }

    [Test]
    public async Task Parallel_edits_with_the_same_etag_have_one_winner_per_version_and_no_update_is_lost()
    {
        var coordinator = As("mps.coordinator");
        var id = (await Json(await Post(coordinator, "/api/v1/tasks", NewTask()), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        var clients = await ParallelClients("mps.coordinator");
        var url = $"/api/v1/tasks/{id}";

        for (var round = 1; round <= Rounds; round++)
        {
            using var read = await coordinator.GetAsync(new Uri(url, UriKind.Relative));
            var etag = read.Headers.ETag!.Tag;
            var responses = await Task.WhenAll(clients.Select((client, writer) => Put(client, url, Edit(NewTask(title: $"Round {round}, writer {writer}")), etag)));

            var winners = responses.Where(r => r.StatusCode == HttpStatusCode.OK).ToList();
            Assert.That(winners, Has.Count.EqualTo(1), () => $"round {round}: {string.Join(", ", responses.Select(r => (int)r.StatusCode))}\n{ServerErrors()}");
            foreach (var loser in responses.Except(winners))
            {
                await ProblemAssert.IsProblem(loser, HttpStatusCode.PreconditionFailed);
            }

            var won = await Json(winners[0], HttpStatusCode.OK);
            using var after = await coordinator.GetAsync(new Uri(url, UriKind.Relative));
            var task = await Json(after, HttpStatusCode.OK);
            Assert.Multiple(() =>
            {
                Assert.That(task.GetProperty("titleEn").GetString(), Is.EqualTo(won.GetProperty("titleEn").GetString()), "the winner's change is the task");
                Assert.That(after.Headers.ETag!.Tag, Is.EqualTo(winners[0].Headers.ETag!.Tag));
                Assert.That(after.Headers.ETag!.Tag, Is.EqualTo($"\"{round + 1}\""), "one version per round");
            });
            Array.ForEach(responses, r => r.Dispose());
        }

        var history = await GetAllPages(coordinator, $"{url}/history?limit=3");
        var edits = history.Where(h => h.GetProperty("kind").GetString() == "edited").ToList();
        Assert.That(edits, Has.Count.EqualTo(Rounds), "every accepted edit is in the history, and only those");
        Assert.That(edits.Select(h => h.GetProperty("changes").GetProperty("titleEn")[1].GetString()).Distinct().Count(), Is.EqualTo(Rounds));
        Assert.That(await AuditEntries("task.update", id), Is.EqualTo(Rounds));
        await AssertAuditChainHolds();
    }

    [Test]
    public async Task Parallel_progress_reports_all_land()
    {
        var coordinator = As("mps.coordinator");
        var id = (await Json(await Post(coordinator, "/api/v1/tasks", NewTask()), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        await Json(await Transition(coordinator, id, "assigned"), HttpStatusCode.OK);
        await Json(await Transition(As("mps.officer"), id, "in_progress"), HttpStatusCode.OK);
        // The lead unit's and the counterpart's officers report at once; the same percent, so no report is a correction.
        var lead = await ParallelClients("mps.officer", Writers / 2);
        var counterpart = await ParallelClients("mic.officer", Writers / 2);
        var auditedBefore = await AuditEntries("task.report");

        var responses = await Task.WhenAll(
            lead.Select(client => Report(client, id, 40)).Concat(counterpart.Select(client => Report(client, id, 40, unit: "MIC-ATTT"))));

        Assert.That(responses.Select(r => (int)r.StatusCode), Is.All.EqualTo(201), ServerErrors);
        var reports = await GetAllPages(coordinator, $"/api/v1/tasks/{id}/reports?limit=3");
        var history = await GetAllPages(coordinator, $"/api/v1/tasks/{id}/history");
        var audited = await AuditEntries("task.report") - auditedBefore;
        Assert.Multiple(() =>
        {
            Assert.That(reports, Has.Count.EqualTo(Writers));
            Assert.That(history.Count(h => h.GetProperty("kind").GetString() == "report"), Is.EqualTo(Writers));
            Assert.That(audited, Is.EqualTo(Writers));
        });
        await AssertAuditChainHolds();
    }

    [Test]
    public async Task Parallel_creates_with_the_same_idempotency_key_create_one_task_and_every_response_replays_it()
    {
        var title = $"Created once by {Writers} retries {Guid.NewGuid():N}";
        var clients = await ParallelClients("mps.coordinator");
        var key = $"parallel-{Guid.NewGuid():N}";

        var responses = await Task.WhenAll(clients.Select(client => Post(client, "/api/v1/tasks", NewTask(title: title), idempotencyKey: key)));

        Assert.That(responses.Select(r => (int)r.StatusCode), Is.All.EqualTo(201), ServerErrors);
        var ids = new HashSet<int>();
        foreach (var response in responses)
        {
            ids.Add((await Json(response, HttpStatusCode.Created)).GetProperty("id").GetInt32());
        }

        Assert.That(ids, Has.Count.EqualTo(1), "every response names the same task");
        var stored = await RobustnessChecks.Scalar(Factory, "SELECT COUNT(*) FROM tasks WHERE title_en = @Title", new { Title = title });
        var audited = await AuditEntries("task.create", ids.Single());
        Assert.Multiple(() =>
        {
            Assert.That(responses.Select(r => r.Headers.Location?.ToString()).Distinct(), Is.EqualTo(new[] { $"/api/v1/tasks/{ids.Single()}" }));
            Assert.That(stored, Is.EqualTo(1));
            Assert.That(audited, Is.EqualTo(1));
        });
        await AssertAuditChainHolds();
    }

    [Test]
    public async Task Parallel_creates_without_a_key_each_get_their_own_task_and_code()
    {
        var clients = await ParallelClients("mps.coordinator");

        var responses = await Task.WhenAll(clients.Select((client, writer) => Post(client, "/api/v1/tasks", NewTask(title: $"Parallel create {writer}"))));

        Assert.That(responses.Select(r => (int)r.StatusCode), Is.All.EqualTo(201), ServerErrors);
        var created = new List<JsonElement>();
        foreach (var response in responses)
        {
            created.Add(await Json(response, HttpStatusCode.Created));
        }

        Assert.That(created.Select(t => t.GetProperty("code").GetString()).Distinct().Count(), Is.EqualTo(Writers), "task numbers are not handed out twice");
        await AssertAuditChainHolds();
    }

    [Test]
    public async Task A_key_saved_meanwhile_by_a_concurrent_request_is_replayed_on_save_instead_of_failing()
    {
        // The race the key's lock leaves to SQL Server's unique constraint, forced: another request saved the key after
        // this one looked it up (the look-up itself is left out: on SQL Server it would hold the winner off).
        var db = Factory.Services.GetRequiredService<DbConnectionFactory>();
        var caller = new Caller
        {
            Kind = CallerKind.User, Id = "race", Name = "race", DisplayName = "race", AgencyId = 1, AgencyCode = "MPS",
            Roles = new HashSet<string>(), Scopes = new HashSet<string>(), Clearance = Clearance.Unclassified,
        };
        var key = $"race-{Guid.NewGuid():N}";
        await using (var winner = await db.OpenAsync())
        {
            await using var winnerTransaction = await winner.BeginTransactionAsync();
            await Idempotency.SaveAsync(winner, winnerTransaction, db.Dialect, caller, key, "hash", 201, "/winner", new { id = 1 }, DateTimeOffset.UtcNow);
            await winnerTransaction.CommitAsync();
        }

        await using var loser = await db.OpenAsync();
        await using var loserTransaction = await loser.BeginTransactionAsync();
        var (replayed, problem) = await Idempotency.SaveAsync(loser, loserTransaction, db.Dialect, caller, key, "hash", 201, "/loser", new { id = 2 }, DateTimeOffset.UtcNow);
        var (_, otherRequest) = await Idempotency.SaveAsync(loser, loserTransaction, db.Dialect, caller, key, "other hash", 201, "/other", new { id = 3 }, DateTimeOffset.UtcNow);

        Assert.Multiple(() =>
        {
            Assert.That(problem, Is.Null);
            Assert.That(replayed?.Location, Is.EqualTo("/winner"), "the loser answers the winner's result");
            Assert.That(otherRequest?.StatusCode, Is.EqualTo(StatusCodes.Status422UnprocessableEntity), "another request with the key is still a 422");
        });
    }

    /// <summary>Clients of their own, all signed in as one user, so requests really run side by side.</summary>
    private async Task<List<HttpClient>> ParallelClients(string username, int count = Writers)
    {
        var token = await SignIn(username, DemoPassword);
        var clients = Enumerable.Range(0, count).Select(_ =>
        {
            var client = Factory.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return client;
        }).ToList();
        parallelClients.AddRange(clients);
        return clients;
    }

    private Task<long> AuditEntries(string action, int? entityId = null) => RobustnessChecks.Scalar(Factory,
        "SELECT COUNT(*) FROM audit_entries WHERE action = @Action AND (@EntityId IS NULL OR entity_id = @EntityId)",
        new { Action = action, EntityId = entityId?.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    private Task AssertAuditChainHolds() => RobustnessChecks.AuditChainHolds(As("mic.auditor"));
}
