using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using CoordinationApi.Features.Auth;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Security;
using CoordinationApi.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using static CoordinationApi.Tests.Features.Tasks.TaskApi;

namespace CoordinationApi.Tests.Features.Access;

/// <summary>
/// Authority is current: after every kind of change to a person or an agency system, the very next request with the
/// token or key they held before is refused (401), for a read and for a write, and nothing is written; and a change
/// made through one API instance is enforced by another instance on the same database on its very next request.
/// </summary>
[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class CurrentAuthorityTests(string provider) : ApiTest(provider, Shared)
{
    private const string Password = "Current-2026-pass";

    /// <summary>Instances behind a load balancer share the signing key (README, "Configuration").</summary>
    private static readonly Dictionary<string, string?> Shared = new() { ["Auth:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) };

    /// <summary>Every change to a person that must refuse their earlier tokens, as the admin's request that makes it.</summary>
    private static readonly Dictionary<string, Func<UserChange, object?>> Changes = new()
    {
        ["demote"] = u => u.Update(roles: ["viewer"]),
        ["deactivate"] = u => u.Update(active: false),
        ["lower clearance"] = u => u.Update(clearance: "confidential"),
        ["raise clearance"] = u => u.Update(clearance: "top-secret"),
        ["reset password"] = _ => new { password = "Reset-2026-password" },
    };

    private int taskId;
    private int percent;
    private HttpClient superAdmin = null!;

    public static IEnumerable<string> ChangeNames() => Changes.Keys;

    [OneTimeSetUp]
    public async Task PrepareTask()
    {
        // An admin who also holds coordinator and officer, so they may create the officers these tests change.
        await ProvisionUser("all.roles.admin", "admin,coordinator,officer", Clearance.TopSecret);
        superAdmin = Factory.CreateClient();
        superAdmin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await SignIn("all.roles.admin", Password));
        taskId = (await Json(await Post(As("mps.coordinator"), "/api/v1/tasks", NewTask()), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        await Json(await Transition(As("mps.coordinator"), taskId, "assigned"), HttpStatusCode.OK);
        await Json(await Transition(As("mps.officer"), taskId, "in_progress"), HttpStatusCode.OK);
    }

    [OneTimeTearDown]
    public void DisposeSuperAdmin() => superAdmin?.Dispose();

    [TestCaseSource(nameof(ChangeNames))]
    public async Task A_change_to_a_person_refuses_their_earlier_token_on_the_very_next_read_and_write(string change)
    {
        var officer = await NewOfficer();
        await AssertWorks(officer.Client);

        var response = await Apply(superAdmin, change, officer);
        Assert.That(response.IsSuccessStatusCode, Is.True, await response.Content.ReadAsStringAsync());

        await AssertRefused(officer.Client, change);
    }

    [Test]
    public async Task Wrong_keys_are_refused_and_not_kept()
    {
        var memory = Factory.Services.GetRequiredService<Microsoft.Extensions.Caching.Memory.IMemoryCache>();
        await Client.GetAsync(new Uri("/api/v1/auth/me", UriKind.Relative)); // what a request keeps anyway is kept now
        var before = memory.GetCurrentStatistics()!.CurrentEntryCount;

        for (var i = 0; i < 40; i++)
        {
            var (key, _, _) = ApiKeys.Generate();
            using var wrong = WithApiKey(key);
            Assert.That((await wrong.GetAsync(new Uri("/api/v1/tasks?limit=1", UriKind.Relative))).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        }

        Assert.That(memory.GetCurrentStatistics()!.CurrentEntryCount - before, Is.LessThan(5), "a flood of wrong keys must not fill the cache");
    }

    [Test]
    public async Task A_revoked_key_is_refused_on_the_very_next_read_and_write()
    {
        var (id, key) = await ProvisionApiKey("MPS", "confidential", Scopes.TasksRead, Scopes.TasksWrite);
        var system = WithApiKey(key);
        await AssertWorks(system, unit: "MPS-A05");

        var revoke = await As("mps.admin").PostAsync(new Uri($"/api/v1/admin/api-clients/{id}/revoke", UriKind.Relative), null);
        Assert.That(revoke.StatusCode, Is.EqualTo(HttpStatusCode.OK), await revoke.Content.ReadAsStringAsync());

        await AssertRefused(system, "revoke", unit: "MPS-A05");
    }

    [Test]
    public async Task A_token_keeps_working_while_its_user_is_unchanged_and_acts_with_the_current_unit()
    {
        var officer = await NewOfficer();
        var other = await NewOfficer();
        await AssertWorks(officer.Client);

        // Another user's change moves the access generation: this one's token is checked again and still passes.
        Assert.That((await Apply(superAdmin, "demote", other)).IsSuccessStatusCode, Is.True);
        await AssertWorks(officer.Client);

        // A unit change needs no new token: the request acts for the unit the user has now.
        var moved = await Put(superAdmin, $"/api/v1/admin/users/{officer.Id}", new UserChange(officer.Id, await ETag(officer.Id)).Update(unit: "MPS-VP"), await ETag(officer.Id));
        Assert.That(moved.IsSuccessStatusCode, Is.True, await moved.Content.ReadAsStringAsync());
        var me = await GetJson<JsonElement>(officer.Client, "/api/v1/auth/me");
        Assert.That(me.GetProperty("unitCode").GetString(), Is.EqualTo("MPS-VP"));
    }

    [Test]
    public async Task A_change_made_in_the_database_by_a_script_is_enforced_on_the_next_request()
    {
        var officer = await NewOfficer();
        var (_, key) = await ProvisionApiKey("MPS", "confidential", Scopes.TasksRead, Scopes.TasksWrite);
        var system = WithApiKey(key);
        await AssertWorks(officer.Client);
        await AssertWorks(system, unit: "MPS-A05");

        // No endpoint involved, no new stamp: the triggers move the access generation, and the request acts with the row as it is.
        await Execute("UPDATE users SET roles = 'viewer', clearance = 0 WHERE id = @Id;", new { officer.Id });
        await Execute("UPDATE api_clients SET revoked_at = @Now WHERE key_prefix = @Prefix;", new { Now = DateTimeOffset.UtcNow, Prefix = key[..14] });

        var me = await GetJson<JsonElement>(officer.Client, "/api/v1/auth/me");
        Assert.Multiple(() =>
        {
            Assert.That(me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()), Is.EqualTo(new[] { "viewer" }));
            Assert.That(me.GetProperty("clearance").GetString(), Is.EqualTo("unclassified"));
        });
        var reports = await ReportCount();
        await ProblemAssert.IsProblem(await Report(officer.Client, taskId, percent + 1), HttpStatusCode.Forbidden);
        Assert.That(await ReportCount(), Is.EqualTo(reports));
        await AssertRefused(system, "revocation in the database", unit: "MPS-A05");
    }

    [Test]
    public async Task A_change_through_one_instance_is_enforced_by_another_on_the_same_database_on_its_very_next_request()
    {
        if (Factory.Provider != DatabaseProvider.Sqlite)
        {
            Assert.Ignore("Two hosts share one SQLite file here; on SQL Server the factory owns (and drops) its database.");
        }

        using var second = new ApiFactory("Sqlite", new Dictionary<string, string?>(Shared)
        {
            ["ConnectionStrings:Coordination"] = Factory.ConnectionString,
            ["Seed:Demo"] = "false",
        });
        var officer = await NewOfficer();
        var (clientId, key) = await ProvisionApiKey("MPS", "confidential", Scopes.TasksRead, Scopes.TasksWrite);
        using var officerOnSecond = second.CreateClient();
        officerOnSecond.DefaultRequestHeaders.Authorization = officer.Client.DefaultRequestHeaders.Authorization;
        using var systemOnSecond = second.CreateClient();
        systemOnSecond.DefaultRequestHeaders.Add("X-Api-Key", key);

        // The second instance has seen (and cached) both before the change.
        await AssertWorks(officerOnSecond);
        await AssertWorks(systemOnSecond, unit: "MPS-A05");

        Assert.That((await Apply(superAdmin, "reset password", officer)).IsSuccessStatusCode, Is.True);
        Assert.That((await As("mps.admin").PostAsync(new Uri($"/api/v1/admin/api-clients/{clientId}/revoke", UriKind.Relative), null)).IsSuccessStatusCode, Is.True);

        await AssertRefused(officerOnSecond, "reset password through the first instance");
        await AssertRefused(systemOnSecond, "revoke through the first instance", unit: "MPS-A05");
    }

    private async Task AssertWorks(HttpClient client, string? unit = null)
    {
        var read = await client.GetAsync(new Uri($"/api/v1/tasks/{taskId}", UriKind.Relative));
        Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.OK), await read.Content.ReadAsStringAsync());
        var write = await Report(client, taskId, ++percent, unit: unit);
        Assert.That(write.StatusCode, Is.EqualTo(HttpStatusCode.Created), await write.Content.ReadAsStringAsync());
    }

    private async Task AssertRefused(HttpClient client, string change, string? unit = null)
    {
        var reports = await ReportCount();
        await ProblemAssert.IsProblem(await client.GetAsync(new Uri($"/api/v1/tasks/{taskId}", UriKind.Relative)), HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblem(await Report(client, taskId, percent + 1, unit: unit), HttpStatusCode.Unauthorized);
        Assert.That(await ReportCount(), Is.EqualTo(reports), $"after {change}, the old credential wrote a report");
    }

    private async Task<HttpResponseMessage> Apply(HttpClient admin, string change, Officer officer)
    {
        var etag = await ETag(officer.Id);
        var body = Changes[change](new UserChange(officer.Id, etag));
        return change == "reset password"
            ? await admin.PostAsJsonAsync(new Uri($"/api/v1/admin/users/{officer.Id}/password", UriKind.Relative), body)
            : await Put(admin, $"/api/v1/admin/users/{officer.Id}", body!, etag);
    }

    private async Task<Officer> NewOfficer()
    {
        var username = $"officer.{Guid.NewGuid():N}"[..30];
        var created = await Json(await Post(superAdmin, "/api/v1/admin/users", new
        {
            username, displayName = username, unitCode = "MPS-A05", roles = new[] { "officer" }, clearance = "secret", password = Password,
        }), HttpStatusCode.Created);
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await SignIn(username, Password));
        return new Officer(created.GetProperty("id").GetInt32(), client);
    }

    private async Task<string> ETag(int userId)
    {
        var response = await superAdmin.GetAsync(new Uri($"/api/v1/admin/users/{userId}", UriKind.Relative));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return response.Headers.ETag!.Tag;
    }

    private async Task<int> ReportCount()
    {
        await using var connection = await Factory.Services.GetRequiredService<DbConnectionFactory>().OpenAsync();
        return await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM progress_reports WHERE task_id = @Id;", new { Id = taskId });
    }

    private async Task ProvisionUser(string username, string roles, Clearance clearance)
    {
        await using var connection = await Factory.Services.GetRequiredService<DbConnectionFactory>().OpenAsync();
        await connection.ExecuteAsync("""
            INSERT INTO users (username, display_name, agency_id, unit_id, roles, clearance, password_hash, active, failed_sign_ins, is_demo, row_version,
                               security_stamp, created_at, updated_at)
            VALUES (@Username, @Username, (SELECT id FROM agencies WHERE code = 'MPS'), (SELECT id FROM units WHERE code = 'MPS-A05'), @Roles, @Clearance,
                    @PasswordHash, 1, 0, 0, 1, @Stamp, @Now, @Now);
            """, new
        {
            Username = username, Roles = roles, Clearance = (int)clearance, PasswordHash = AuthEndpoints.HashPassword(username, Password),
            Stamp = CurrentAuthority.NewStamp(), Now = DateTimeOffset.UtcNow,
        });
    }

    private sealed record Officer(int Id, HttpClient Client);

    /// <summary>An officer of MPS-A05 at secret, with one field changed.</summary>
    private sealed record UserChange(int Id, string ETag)
    {
        public object Update(string[]? roles = null, string? clearance = null, bool active = true, string unit = "MPS-A05") => new
        {
            displayName = $"officer {Id}", unitCode = unit, roles = roles ?? ["officer"], clearance = clearance ?? "secret", active, unlock = false,
        };
    }
}
