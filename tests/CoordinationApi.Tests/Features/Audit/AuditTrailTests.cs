using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace CoordinationApi.Tests.Features.Audit;

[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class AuditTrailTests(string provider) : ApiTest(provider)
{
    private static readonly Uri Users = new("/api/v1/admin/users", UriKind.Relative);

    [Test]
    public async Task Every_write_leaves_exactly_one_entry_naming_actor_and_change()
    {
        var admin = As("mic.admin");
        var before = await EntryCount();

        var response = await admin.PostAsJsonAsync(Users, NewUser("audit.writer"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        Assert.That(await EntryCount(), Is.EqualTo(before + 1));
        var entry = (await GetJson<JsonElement>(As("mic.auditor"), $"/api/v1/audit?entityType=user&entityId={id}")).GetProperty("items")[0];
        Assert.Multiple(() =>
        {
            Assert.That(entry.GetProperty("action").GetString(), Is.EqualTo("user.create"));
            Assert.That(entry.GetProperty("actorName").GetString(), Is.EqualTo("mic.admin"));
            Assert.That(entry.GetProperty("after").GetProperty("username").GetString(), Is.EqualTo("audit.writer"));
            Assert.That(entry.GetProperty("requestId").GetString(), Is.Not.Empty);
            Assert.That(entry.GetProperty("hash").GetString(), Has.Length.EqualTo(64));
            Assert.That(entry.GetRawText(), Does.Not.Contain("Password1-audit"), "the password is never in the trail");
        });
    }

    [Test]
    public async Task A_rejected_write_changes_nothing_and_leaves_no_entry()
    {
        var admin = As("mic.admin"); // signing in is audited too: do it before counting
        var before = await EntryCount();
        var users = await UserCount();

        var duplicate = await admin.PostAsJsonAsync(Users, NewUser("mic.viewer"));
        var invalid = await admin.PostAsJsonAsync(Users, NewUser("Bad Name!") with { roles = ["emperor"] });
        var tooHigh = await admin.PostAsJsonAsync(Users, NewUser("too.high") with { clearance = "top-secret" });

        await ProblemAssert.IsProblem(duplicate, HttpStatusCode.Conflict);
        await ProblemAssert.HasFieldErrors(invalid, "username", "roles");
        await ProblemAssert.HasFieldErrors(tooHigh, "clearance");
        Assert.That(await EntryCount(), Is.EqualTo(before));
        Assert.That(await UserCount(), Is.EqualTo(users));
    }

    [Test]
    public async Task A_stale_if_match_is_a_412_and_changes_nothing()
    {
        var admin = As("mps.admin");
        var created = await admin.PostAsJsonAsync(Users, NewUser("etag.probe") with { unitCode = "MPS-VP" });
        var user = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = user.GetProperty("id").GetInt32();
        var etag = created.Headers.ETag!.Tag;
        var update = new { displayName = "Renamed once", unitCode = "MPS-VP", roles = new[] { "viewer" }, clearance = "unclassified", active = true, unlock = false };

        using var first = new HttpRequestMessage(HttpMethod.Put, new Uri($"/api/v1/admin/users/{id}", UriKind.Relative)) { Content = JsonContent.Create(update) };
        first.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue(etag));
        Assert.That((await admin.SendAsync(first)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var entries = await EntryCount();

        using var stale = new HttpRequestMessage(HttpMethod.Put, new Uri($"/api/v1/admin/users/{id}", UriKind.Relative))
        {
            Content = JsonContent.Create(update with { displayName = "Renamed twice" }),
        };
        stale.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue(etag));
        await ProblemAssert.IsProblem(await admin.SendAsync(stale), HttpStatusCode.PreconditionFailed);

        using var missing = new HttpRequestMessage(HttpMethod.Put, new Uri($"/api/v1/admin/users/{id}", UriKind.Relative)) { Content = JsonContent.Create(update) };
        await ProblemAssert.IsProblem(await admin.SendAsync(missing), HttpStatusCode.PreconditionRequired);

        var current = await GetJson<JsonElement>(admin, $"/api/v1/admin/users/{id}");
        Assert.That(current.GetProperty("displayName").GetString(), Is.EqualTo("Renamed once"));
        Assert.That(await EntryCount(), Is.EqualTo(entries));
    }

    [Test]
    public async Task The_chain_of_a_normal_history_verifies()
    {
        var result = await GetJson<JsonElement>(As("mps.auditor"), "/api/v1/audit/verify");

        Assert.That(result.GetProperty("valid").GetBoolean(), Is.True, result.GetRawText());
        Assert.That(result.GetProperty("entriesChecked").GetInt64(), Is.EqualTo(await EntryCount()));
    }

    private async Task<long> EntryCount() => await Scalar("SELECT COUNT(*) FROM audit_entries");

    private async Task<long> UserCount() => await Scalar("SELECT COUNT(*) FROM users");

    private static NewUserBody NewUser(string username) =>
        new(username, "Audit probe", "MIC-VP", ["viewer"], "unclassified", "Password1-audit");

    private sealed record NewUserBody(string username, string displayName, string unitCode, string[] roles, string clearance, string password);
}

/// <summary>Tampering, done directly in the database as an intruder would; each case on a database of its own.</summary>
public abstract class AuditTamperTest(string provider) : ApiTest(provider)
{
    [OneTimeSetUp]
    public async Task WriteSomeHistory()
    {
        // Three sign-ins: three entries, besides whatever the seed left.
        foreach (var user in new[] { "mps.viewer", "mic.viewer", "mps.auditor" })
        {
            await SignIn(user, DemoPassword);
        }

        var valid = await GetJson<JsonElement>(As("mic.auditor"), "/api/v1/audit/verify");
        Assert.That(valid.GetProperty("valid").GetBoolean(), Is.True, "the untouched chain verifies");
    }

    protected async Task<JsonElement> Verify() => await GetJson<JsonElement>(As("mic.auditor"), "/api/v1/audit/verify");
}

[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class EditedAuditEntryTests(string provider) : AuditTamperTest(provider)
{
    [Test]
    public async Task An_edited_entry_is_named_by_verify()
    {
        var target = await Scalar("SELECT MIN(id) + 1 FROM audit_entries");
        await Execute("UPDATE audit_entries SET actor_name = 'someone-else' WHERE id = @Id", new { Id = target });

        var result = await Verify();

        Assert.That(result.GetProperty("valid").GetBoolean(), Is.False);
        Assert.That(result.GetProperty("firstBrokenEntryId").GetInt64(), Is.EqualTo(target));
        Assert.That(result.GetProperty("reason").GetString(), Does.Contain("altered"));
    }
}

[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class DeletedAuditEntryTests(string provider) : AuditTamperTest(provider)
{
    [Test]
    public async Task A_deleted_entry_is_named_by_verify()
    {
        var target = await Scalar("SELECT MIN(id) + 1 FROM audit_entries");
        await Execute("DELETE FROM audit_entries WHERE id = @Id", new { Id = target });

        var result = await Verify();

        Assert.That(result.GetProperty("valid").GetBoolean(), Is.False);
        Assert.That(result.GetProperty("firstBrokenEntryId").GetInt64(), Is.EqualTo(target));
        Assert.That(result.GetProperty("reason").GetString(), Does.Contain("missing"));
    }
}
