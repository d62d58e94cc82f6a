using System.Net.Http.Json;
using System.Text.Json;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using static CoordinationApi.Tests.Features.Tasks.TaskApi;

namespace CoordinationApi.Tests.Features.Audit;

/// <summary>
/// What the audit trail tells a caller about people: where another agency's staff sent their requests from (address,
/// trace id) is not shown, and entries about a user (sign-ins, lockouts, administration) are as classified as the user,
/// so a user above the caller's clearance leaves no trace there. Every entry every auditor and admin can list or export is checked.
/// </summary>
[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class AuditActorScopeTests(string provider) : ApiTest(provider)
{
    /// <summary>Everyone who reads the audit trail (auditors and admins of both agencies).</summary>
    private static readonly string[] AuditReaders = ["mps.auditor", "mps.admin", "mic.auditor", "mic.admin"];

    private static readonly string[] DemoUsers = [.. from agency in new[] { "mps", "mic" } from role in CoordinationApi.Infrastructure.Security.Roles.All select $"{agency}.{role}"];

    [OneTimeSetUp]
    public async Task LeaveTraces()
    {
        // Sign-ins of everyone, a failed one of the top-secret coordinator, and MPS staff's work on the shared regulation.
        foreach (var user in DemoUsers)
        {
            _ = As(user);
        }

        await Anonymous.PostAsJsonAsync(new Uri("/api/v1/auth/token", UriKind.Relative), new { username = "mps.coordinator", password = "wrong password" });
        await Json(await Post(As("mps.coordinator"), "/api/v1/tasks", NewTask(title: "Audit actor scope")), System.Net.HttpStatusCode.Created);
    }

    [Test]
    public async Task Request_origin_is_shown_only_for_actors_of_the_callers_agency_in_the_list_and_the_export()
    {
        var otherAgencyEntriesSeen = 0;
        foreach (var reader in AuditReaders)
        {
            var agencyId = await AgencyIdOf(reader);
            var listed = await GetAllPages(As(reader), "/api/v1/audit?limit=200");
            var export = await As(reader).GetAsync(new Uri("/api/v1/exports/audit?format=jsonl", UriKind.Relative));
            var exported = (await export.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => JsonDocument.Parse(l).RootElement).Where(e => e.TryGetProperty("id", out _)).ToList();
            Assert.That(listed, Is.Not.Empty);
            Assert.That(exported, Is.Not.Empty);
            var truth = (await EntriesInDatabase()).ToDictionary(e => e.Id);

            foreach (var entry in listed.Concat(exported))
            {
                var stored = truth[entry.GetProperty("id").GetInt64()];
                var own = stored.AgencyId == agencyId;
                otherAgencyEntriesSeen += own ? 0 : 1;
                Assert.That(entry.GetProperty("requestId").ValueKind == JsonValueKind.Null ? null : entry.GetProperty("requestId").GetString(),
                    Is.EqualTo(own ? stored.RequestId : null), $"{reader}: requestId of entry {stored.Id} by {stored.ActorName}");
                Assert.That(entry.GetProperty("clientIp").ValueKind == JsonValueKind.Null ? null : entry.GetProperty("clientIp").GetString(),
                    Is.EqualTo(own ? stored.ClientIp : null), $"{reader}: clientIp of entry {stored.Id} by {stored.ActorName}");
            }
        }

        Assert.That(otherAgencyEntriesSeen, Is.GreaterThan(0), "the shared regulation's entries by the other agency are listed");
    }

    [Test]
    public async Task Entries_about_a_user_are_as_classified_as_the_user_and_absent_above_the_callers_clearance()
    {
        var clearances = await UserClearances();
        foreach (var reader in AuditReaders)
        {
            var own = clearances[reader];
            var aboutUsers = (await GetAllPages(As(reader), "/api/v1/audit?limit=200&entityType=user"))
                .Select(e => (Action: e.GetProperty("action").GetString()!, User: int.Parse(e.GetProperty("entityId").GetString()!, System.Globalization.CultureInfo.InvariantCulture)))
                .ToList();
            foreach (var (action, user) in aboutUsers)
            {
                Assert.That(clearances.Values.Single(c => c.Id == user).Clearance, Is.LessThanOrEqualTo(own.Clearance),
                    $"{reader} ({own.Clearance}) sees {action} of user {user} above their clearance");
            }

            // What they may see is there: the sign-ins of their agency's people within their clearance.
            var signedIn = aboutUsers.Where(e => e.Action == "auth.sign-in").Select(e => e.User).ToHashSet();
            var expected = clearances.Where(c => c.Key.StartsWith(reader[..4], StringComparison.Ordinal) && c.Value.Clearance <= own.Clearance).Select(c => c.Value.Id);
            Assert.That(signedIn, Is.SupersetOf(expected), $"{reader} sees the sign-ins within their clearance");
        }

        var coordinator = clearances["mps.coordinator"].Id;
        var auditorSees = await GetAllPages(As("mps.auditor"), $"/api/v1/audit?limit=200&entityType=user&entityId={coordinator}");
        Assert.That(auditorSees, Is.Empty, "a confidential auditor sees nothing of the top-secret coordinator's sign-ins");
    }

    private async Task<int> AgencyIdOf(string username)
    {
        await using var connection = await Factory.Services.GetRequiredService<DbConnectionFactory>().OpenAsync();
        return await connection.ExecuteScalarAsync<int>("SELECT agency_id FROM users WHERE username = @Username;", new { Username = username });
    }

    private async Task<Dictionary<string, (int Id, int Clearance)>> UserClearances()
    {
        await using var connection = await Factory.Services.GetRequiredService<DbConnectionFactory>().OpenAsync();
        return (await connection.QueryAsync<(string Username, int Id, int Clearance)>("SELECT username, id, clearance FROM users;"))
            .ToDictionary(u => u.Username, u => (u.Id, u.Clearance));
    }

    private async Task<List<StoredEntry>> EntriesInDatabase()
    {
        await using var connection = await Factory.Services.GetRequiredService<DbConnectionFactory>().OpenAsync();
        return [.. await connection.QueryAsync<StoredEntry>(
            "SELECT id AS Id, agency_id AS AgencyId, actor_name AS ActorName, request_id AS RequestId, client_ip AS ClientIp FROM audit_entries;")];
    }

    private sealed record StoredEntry
    {
        public long Id { get; init; }

        public int? AgencyId { get; init; }

        public string ActorName { get; init; } = "";

        public string? RequestId { get; init; }

        public string? ClientIp { get; init; }
    }
}
