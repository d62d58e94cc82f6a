using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CoordinationApi.Tests.Infrastructure;

namespace CoordinationApi.Tests.Features.Admin;

/// <summary>
/// A person's e-mail address and language (issue 19): an admin sets them on create and update; a PUT that leaves them
/// out (a client that does not know them) keeps them; bad values are 400s naming the field and change nothing; the
/// demo users have addresses.
/// </summary>
[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class AdminUserMailTests(string provider) : ApiTest(provider)
{
    private const string Admin = "mps.admin";

    [Test]
    public async Task An_admin_sets_changes_keeps_and_removes_a_persons_address_and_language()
    {
        var username = $"mail.{Guid.NewGuid():N}"[..20];
        var created = await As(Admin).PostAsJsonAsync(new Uri("/api/v1/admin/users", UriKind.Relative), new
        {
            username, displayName = $"Mail test {username}", unitCode = "MPS-VP", roles = new[] { "viewer" }, clearance = "unclassified",
            password = "Long-enough-2026", email = $"{username}@bocongan.gov.vn", language = "en",
        });
        var body = await created.Content.ReadAsStringAsync();
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), body);
        var user = JsonDocument.Parse(body).RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(user.GetProperty("email").GetString(), Is.EqualTo($"{username}@bocongan.gov.vn"));
            Assert.That(user.GetProperty("language").GetString(), Is.EqualTo("en"));
        });
        var url = created.Headers.Location!.ToString();

        // A body without the new fields, as the web app sent before them: both are kept.
        var kept = await Put(url, new { displayName = "Renamed " + username, unitCode = "MPS-VP", roles = new[] { "viewer" }, clearance = "unclassified", active = true });
        Assert.Multiple(() =>
        {
            Assert.That(kept.GetProperty("email").GetString(), Is.EqualTo($"{username}@bocongan.gov.vn"));
            Assert.That(kept.GetProperty("language").GetString(), Is.EqualTo("en"));
        });

        var changed = await Put(url, new
        {
            displayName = "Renamed " + username, unitCode = "MPS-VP", roles = new[] { "viewer" }, clearance = "unclassified", active = true,
            email = $"{username}@mps.gov.vn", language = "vi",
        });
        Assert.Multiple(() =>
        {
            Assert.That(changed.GetProperty("email").GetString(), Is.EqualTo($"{username}@mps.gov.vn"));
            Assert.That(changed.GetProperty("language").GetString(), Is.EqualTo("vi"));
        });

        var removed = await Put(url, new
        {
            displayName = "Renamed " + username, unitCode = "MPS-VP", roles = new[] { "viewer" }, clearance = "unclassified", active = true, email = "",
        });
        Assert.Multiple(() =>
        {
            Assert.That(removed.GetProperty("email").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(removed.GetProperty("language").GetString(), Is.EqualTo("vi"));
        });
    }

    [TestCase("email", "not an address")]
    [TestCase("email", "two@mps.gov.vn, three@mps.gov.vn")]
    [TestCase("email", "Name <name@mps.gov.vn>")]
    [TestCase("email", "name@localhost")]
    [TestCase("language", "fr")]
    public async Task A_bad_address_or_language_is_a_400_naming_it_and_changes_nothing(string field, string value)
    {
        var username = $"bad.{Guid.NewGuid():N}"[..20];
        var create = new Dictionary<string, object?>
        {
            ["username"] = username, ["displayName"] = $"Bad mail {username}", ["unitCode"] = "MPS-VP", ["roles"] = new[] { "viewer" },
            ["clearance"] = "unclassified", ["password"] = "Long-enough-2026", [field] = value,
        };
        await ProblemAssert.HasFieldErrors(await As(Admin).PostAsJsonAsync(new Uri("/api/v1/admin/users", UriKind.Relative), create), field);
        var users = await GetAllPages(As(Admin), "/api/v1/admin/users?limit=200");
        Assert.That(users.Select(u => u.GetProperty("username").GetString()), Does.Not.Contain(username));

        var existing = users.First(u => u.GetProperty("username").GetString() == "mps.viewer");
        var url = $"/api/v1/admin/users/{existing.GetProperty("id").GetInt32()}";
        var (before, etag) = await Get(url);
        var update = new Dictionary<string, object?>
        {
            ["displayName"] = before.GetProperty("displayName").GetString(), ["unitCode"] = "MPS-VP", ["roles"] = new[] { "viewer" },
            ["clearance"] = "unclassified", ["active"] = true, [field] = value,
        };
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(url, UriKind.Relative)) { Content = JsonContent.Create(update) };
        request.Headers.IfMatch.Add(etag);
        await ProblemAssert.HasFieldErrors(await As(Admin).SendAsync(request), field);
        var (after, _) = await Get(url);
        Assert.That(after.GetRawText(), Is.EqualTo(before.GetRawText()));
    }

    [Test]
    public async Task Every_demo_user_has_a_demo_address_in_vietnamese()
    {
        var users = (await GetAllPages(As(Admin), "/api/v1/admin/users?limit=200"))
            .Where(u => u.GetProperty("username").GetString()!.StartsWith("mps.", StringComparison.Ordinal)).ToList();
        Assert.That(users, Is.Not.Empty);
        foreach (var user in users)
        {
            var username = user.GetProperty("username").GetString();
            Assert.Multiple(() =>
            {
                Assert.That(user.GetProperty("email").GetString(), Is.EqualTo($"{username}@demo.mps.gov.vn"));
                Assert.That(user.GetProperty("language").GetString(), Is.EqualTo("vi"));
            });
        }
    }

    private async Task<(JsonElement Body, EntityTagHeaderValue ETag)> Get(string url)
    {
        var response = await As(Admin).GetAsync(new Uri(url, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
        return (JsonDocument.Parse(body).RootElement.Clone(), response.Headers.ETag!);
    }

    private async Task<JsonElement> Put(string url, object body)
    {
        var (_, etag) = await Get(url);
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(url, UriKind.Relative)) { Content = JsonContent.Create(body) };
        request.Headers.IfMatch.Add(etag);
        var response = await As(Admin).SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
