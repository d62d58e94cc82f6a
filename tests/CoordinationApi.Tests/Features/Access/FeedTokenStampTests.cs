using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CoordinationApi.Tests.Infrastructure;

namespace CoordinationApi.Tests.Features.Access;

/// <summary>
/// A calendar feed token is bound to its owner's security stamp: every change that gives a new stamp (roles, clearance,
/// deactivation, password) ends it on its very next use; a change that gives none (the display name) leaves it working.
/// </summary>
[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class FeedTokenStampTests(string provider) : ApiTest(provider)
{
    private const string Admin = "mps.admin";
    private const string Password = "Feed-owner-2026";

    /// <summary>Each change an admin can make to a person, and whether it must end their feed token.</summary>
    private static readonly Dictionary<string, (bool Revokes, Func<FeedTokenStampTests, int, Task> Change)> Changes = new()
    {
        ["roles"] = (true, (t, id) => t.Update(id, roles: ["admin", "viewer"])),
        ["clearance"] = (true, (t, id) => t.Update(id, clearance: "confidential")),
        ["deactivated and reactivated"] = (true, async (t, id) =>
        {
            await t.Update(id, active: false);
            await t.Update(id, active: true);
        }),
        ["password reset"] = (true, async (t, id) =>
        {
            var reset = await t.As(Admin).PostAsJsonAsync(new Uri($"/api/v1/admin/users/{id}/password", UriKind.Relative), new { password = "Feed-reset-2026!" });
            Assert.That(reset.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await reset.Content.ReadAsStringAsync());
        }),
        ["display name"] = (false, (t, id) => t.Update(id, displayName: "Renamed feed owner")),
    };

    private static IEnumerable<string> ChangeNames => Changes.Keys;

    [TestCaseSource(nameof(ChangeNames))]
    public async Task A_feed_token_ends_with_every_change_of_its_owners_security_stamp(string change)
    {
        var username = $"feed.{Guid.NewGuid():N}"[..30];
        var created = await As(Admin).PostAsJsonAsync(new Uri("/api/v1/admin/users", UriKind.Relative), new
        {
            username, displayName = $"Feed owner {username}", unitCode = "MPS-VP", roles = new[] { "viewer" }, clearance = "unclassified", password = Password,
        });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        using var owner = Factory.CreateClient();
        owner.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await SignIn(username, Password));
        var feedUrl = (await (await owner.PostAsync(new Uri("/api/v1/auth/feed-token", UriKind.Relative), null)).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("feedUrl").GetString()!;
        Assert.That((await Anonymous.GetAsync(new Uri(feedUrl, UriKind.Relative))).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var (revokes, make) = Changes[change];
        await make(this, id);

        var feed = await Anonymous.GetAsync(new Uri(feedUrl, UriKind.Relative));
        Assert.That(feed.StatusCode, Is.EqualTo(revokes ? HttpStatusCode.Unauthorized : HttpStatusCode.OK), $"after a change of {change}");
    }

    private async Task Update(int id, string[]? roles = null, string? clearance = null, bool? active = null, string? displayName = null)
    {
        var read = await As(Admin).GetAsync(new Uri($"/api/v1/admin/users/{id}", UriKind.Relative));
        var user = await read.Content.ReadFromJsonAsync<JsonElement>();
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri($"/api/v1/admin/users/{id}", UriKind.Relative))
        {
            Content = JsonContent.Create(new
            {
                displayName = displayName ?? user.GetProperty("displayName").GetString(),
                unitCode = user.GetProperty("unitCode").GetString(),
                roles = roles ?? user.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).ToArray(),
                clearance = clearance ?? user.GetProperty("clearance").GetString(),
                active = active ?? user.GetProperty("active").GetBoolean(),
                unlock = false,
            }),
        };
        request.Headers.IfMatch.Add(read.Headers.ETag!);
        var response = await As(Admin).SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }
}
