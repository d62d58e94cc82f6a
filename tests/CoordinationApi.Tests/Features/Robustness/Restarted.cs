using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CoordinationApi.Tests.Infrastructure;

namespace CoordinationApi.Tests.Features.Robustness;

/// <summary>A second API on a database file the test chose: a restored backup, or the file a stopped API left.</summary>
internal static class Restarted
{
    public static ApiFactory On(string file, IDictionary<string, string?>? settings = null) =>
        new(overrides: new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["ConnectionStrings:Coordination"] = $"Data Source={file}",
        });

    public static Task<HttpClient> SignedIn(ApiFactory api, string username) => SignIn(api.CreateClient(), username);

    /// <summary>Signs the client in as a demo user: its requests carry the token from then on.</summary>
    public static async Task<HttpClient> SignIn(HttpClient client, string username)
    {
        var response = await client.PostAsJsonAsync(new Uri("/api/v1/auth/token", UriKind.Relative), new { username, password = ApiTest.DemoPassword });
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.IsSuccessStatusCode, Is.True, $"sign-in as {username}: {(int)response.StatusCode} {body}");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer", JsonDocument.Parse(body).RootElement.GetProperty("accessToken").GetString());
        return client;
    }

    /// <summary>GET /api/v1/audit/verify as an auditor: the chain holds from the first entry to the head.</summary>
    public static async Task AssertAuditVerifies(ApiFactory api)
    {
        using var auditor = await SignedIn(api, "mic.auditor");
        var response = await auditor.GetAsync(new Uri("/api/v1/audit/verify", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.IsSuccessStatusCode, Is.True, body);
        var verification = JsonDocument.Parse(body).RootElement;
        Assert.That(verification.GetProperty("valid").GetBoolean(), Is.True, body);
        Assert.That(verification.GetProperty("entriesChecked").GetInt64(), Is.GreaterThan(0), body);
    }
}
