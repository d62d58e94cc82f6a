using System.Net.Http.Json;
using System.Text.Json;
using CoordinationApi.Features.Demo;
using CoordinationApi.Tests.Infrastructure;

namespace CoordinationApi.Tests.Features.Access;

/// <summary>Passwords and API keys never reach the logs (the demo key's one creation message aside).</summary>
public sealed class LogSafetyTests() : ApiTest("Sqlite")
{
    [Test]
    public async Task Logs_never_contain_a_password_or_an_api_key()
    {
        const string wrongPassword = "Wrong-Password-7c1e";
        const string newPassword = "Fresh-Password-93ab";
        await Anonymous.PostAsJsonAsync(new Uri("/api/v1/auth/token", UriKind.Relative), new { username = "mps.viewer", password = wrongPassword });
        await Anonymous.PostAsync(new Uri("/api/v1/auth/token", UriKind.Relative),
            new StringContent($"{{\"username\":\"mps.viewer\",\"password\":\"{wrongPassword}\"", System.Text.Encoding.UTF8, "application/json"));
        await SignIn("mps.viewer", DemoPassword);
        var created = await As("mps.admin").PostAsJsonAsync(new Uri("/api/v1/admin/users", UriKind.Relative), new
        {
            username = "log.probe", displayName = "Log probe", unitCode = "MPS-VP", roles = new[] { "viewer" }, clearance = "unclassified", password = newPassword,
        });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        await As("mps.admin").PostAsJsonAsync(new Uri($"/api/v1/admin/users/{id}/password", UriKind.Relative), new { password = newPassword + "2" });
        var key = await CreateApiKey("mps.admin", "confidential", "regulations:read");
        await WithApiKey(key).GetAsync(new Uri("/api/v1/regulations", UriKind.Relative));
        await WithApiKey(key + "tampered").GetAsync(new Uri("/api/v1/regulations", UriKind.Relative));

        var records = Factory.Logs.Records.Where(r => r.EventId != DemoSeeder.DemoKeyCreated).ToList();
        Assert.That(records, Is.Not.Empty);
        var secrets = new[] { wrongPassword, newPassword, DemoPassword, key, key[15..] };
        Assert.That(records.Where(r => secrets.Any(r.Text.Contains)).Select(r => $"{r.Category}: {r.Text}"), Is.Empty);
    }
}
