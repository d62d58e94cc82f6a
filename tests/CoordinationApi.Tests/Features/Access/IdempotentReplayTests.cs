using System.Net;
using System.Text.Json;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using static CoordinationApi.Tests.Features.Tasks.TaskApi;

namespace CoordinationApi.Tests.Features.Access;

/// <summary>
/// A create answered again from its <c>Idempotency-Key</c> is a read of the record it made: the key is the caller's own,
/// the stored answer comes back only while the caller may still see the record (a 404 problem otherwise), and a replay of
/// a secret record is audited like any read of it. Every operation that takes the key is covered.
/// </summary>
[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class IdempotentReplayTests(string provider) : ApiTest(provider)
{
    private const string Creator = "mps.officer"; // secret, of the lead unit MPS-A05
    private const string Title = "Idempotent replay probe";

    [Test]
    public async Task A_replay_is_audited_while_visible_and_a_404_once_the_record_is_above_the_callers_clearance()
    {
        var creator = As(Creator);
        var task = await Json(await Post(creator, "/api/v1/tasks", NewTask(title: Title, classification: "secret"), "replay-task"), HttpStatusCode.Created);
        var id = task.GetProperty("id").GetInt32();
        await StartAsTheLeadUnitWould(id);
        var reportBody = new { reportDate = "2026-11-01", percent = 10, narrative = "Replay probe narrative", reportingUnitCode = (string?)null };
        var report = await Json(await Post(creator, $"/api/v1/tasks/{id}/reports", reportBody, "replay-report"), HttpStatusCode.Created);
        var commentBody = new { body = "Replay probe narrative in a comment" };
        var comment = await Json(await Post(creator, $"/api/v1/tasks/{id}/comments", commentBody, "replay-comment"), HttpStatusCode.Created);

        // Every operation that takes an Idempotency-Key: its request again, and what it answered first.
        var replays = new (string Url, object Body, string Key, JsonElement First)[]
        {
            ("/api/v1/tasks", NewTask(title: Title, classification: "secret"), "replay-task", task),
            ($"/api/v1/tasks/{id}/reports", reportBody, "replay-report", report),
            ($"/api/v1/tasks/{id}/comments", commentBody, "replay-comment", comment),
        };

        foreach (var (url, body, key, first) in replays)
        {
            var reads = await ReadEntries(id);
            var again = await Json(await Post(creator, url, body, key), HttpStatusCode.Created);
            Assert.That(again.GetProperty("id").GetInt32(), Is.EqualTo(first.GetProperty("id").GetInt32()), $"{url}: the first answer again");
            Assert.That(await ReadEntries(id), Is.EqualTo(reads + 1), $"{url}: the replay of a secret record is audited as a read");
        }

        var tasks = await TaskCount();
        var raised = NewTask(title: Title, classification: "top-secret");
        var etag = (await As("mps.coordinator").GetAsync(new Uri($"/api/v1/tasks/{id}", UriKind.Relative))).Headers.ETag!.ToString();
        await Json(await Put(As("mps.coordinator"), $"/api/v1/tasks/{id}", Edit(raised), etag), HttpStatusCode.OK);

        foreach (var (url, body, key, _) in replays)
        {
            var hidden = await Post(creator, url, body, key);
            var text = await hidden.Content.ReadAsStringAsync();
            await ProblemAssert.IsProblem(hidden, HttpStatusCode.NotFound);
            Assert.That(text, Does.Not.Contain(Title).And.Not.Contain("Replay probe narrative"), $"{url}: nothing of the record");
        }

        // The key is the creator's own: another caller's same key and body is their own request, not a replay of the first.
        var other = await Json(await Post(As("mps.coordinator"), "/api/v1/tasks", NewTask(title: Title, classification: "secret"), "replay-task"), HttpStatusCode.Created);
        Assert.That(other.GetProperty("id").GetInt32(), Is.Not.EqualTo(id));
        Assert.That(await TaskCount(), Is.EqualTo(tasks + 1));
    }

    /// <summary>Starting a task is a lead unit's move through its workflow: set here, as only the replay is under test.</summary>
    private async Task StartAsTheLeadUnitWould(int id)
    {
        await using var connection = await Factory.Services.GetRequiredService<DbConnectionFactory>().OpenAsync();
        await connection.ExecuteAsync("UPDATE tasks SET status = 'in_progress', row_version = row_version + 1 WHERE id = @Id;", new { Id = id });
    }

    private async Task<int> ReadEntries(int taskId)
    {
        await using var connection = await Factory.Services.GetRequiredService<DbConnectionFactory>().OpenAsync();
        return await connection.ExecuteScalarAsync<int>(
            "SELECT COUNT(*) FROM audit_entries WHERE action = 'task.read' AND entity_id = @Id;",
            new { Id = taskId.ToString(System.Globalization.CultureInfo.InvariantCulture) });
    }

    private async Task<int> TaskCount()
    {
        await using var connection = await Factory.Services.GetRequiredService<DbConnectionFactory>().OpenAsync();
        return await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM tasks;");
    }
}
