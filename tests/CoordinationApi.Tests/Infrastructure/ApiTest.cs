using CoordinationApi.Infrastructure.Data;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace CoordinationApi.Tests.Infrastructure;

/// <summary>A fixture with its own API and database, shared by the tests of one class.</summary>
public abstract class ApiTest(string provider, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
{
    public const string DemoPassword = "Demo@2021!";

    /// <summary>
    /// Settings without the outbox's background work: its consumers renew their leases in the database on every round,
    /// which a fixture that proves "a refused request writes nothing" (SQLite's data_version) would count as a write.
    /// </summary>
    public static readonly IDictionary<string, string?> OutboxOff = new Dictionary<string, string?> { ["Outbox:Enabled"] = "false" };
    private readonly ConcurrentDictionary<string, HttpClient> clients = new();

    protected ApiFactory Factory { get; private set; } = null!;

    /// <summary>Signed in as <c>mps.viewer</c>: reads what every role reads.</summary>
    protected HttpClient Client => As("mps.viewer");

    /// <summary>No credentials at all.</summary>
    protected HttpClient Anonymous { get; private set; } = null!;

    protected string Provider => provider;

    [OneTimeSetUp]
    public void StartApi()
    {
        Factory = new ApiFactory(provider, settings, services);
        Anonymous = Factory.CreateClient();
    }

    [OneTimeTearDown]
    public void StopApi()
    {
        foreach (var client in clients.Values)
        {
            client.Dispose();
        }

        Anonymous.Dispose();
        Factory.Dispose();
    }

    /// <summary>A client signed in as a demo user (its token is reused by the fixture).</summary>
    protected HttpClient As(string username) => clients.GetOrAdd(username, name =>
    {
        var token = SignIn(name, DemoPassword).GetAwaiter().GetResult();
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    });

    /// <summary>A client that sends an API key.</summary>
    protected HttpClient WithApiKey(string key)
    {
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    protected async Task<string> SignIn(string username, string password)
    {
        var response = await Anonymous.PostAsJsonAsync(new Uri("/api/v1/auth/token", UriKind.Relative), new { username, password });
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.IsSuccessStatusCode, Is.True, $"sign-in as {username}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("accessToken").GetString()!;
    }

    /// <summary>Errors the API logged, to explain a failed assertion.</summary>
    protected string ServerErrors() => string.Join("\n", Factory.Logs.Records
        .Where(r => r.Level >= Microsoft.Extensions.Logging.LogLevel.Error).Select(r => r.Text));

    /// <summary>Creates an API client of the admin's agency and returns its key.</summary>
    protected async Task<string> CreateApiKey(string admin, string clearance, params string[] scopes)
    {
        var response = await As(admin).PostAsJsonAsync(new Uri("/api/v1/admin/api-clients", UriKind.Relative),
            new { name = $"test system {Guid.NewGuid():N}", scopes, clearance });
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.IsSuccessStatusCode, Is.True, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("apiKey").GetString()!;
    }

    /// <summary>
    /// Provisions an API client of an agency straight in the database, as the demo seed does, for tests that need scopes
    /// no demo admin may grant (an admin grants only scopes their own roles pass). Returns the client id and key.
    /// </summary>
    protected async Task<(Guid Id, string Key)> ProvisionApiKey(string agencyCode, string clearance, params string[] scopes)
    {
        var db = Factory.Services.GetRequiredService<CoordinationApi.Infrastructure.Data.DbConnectionFactory>();
        await using var connection = await db.OpenAsync();
        await using var writing = await db.WriteLockAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var agencyId = await Dapper.SqlMapper.ExecuteScalarAsync<int>(connection, "SELECT id FROM agencies WHERE code = @Code;", new { Code = agencyCode }, transaction);
        var (client, key) = await CoordinationApi.Features.Admin.AdminEndpoints.InsertApiClientAsync(connection, transaction, agencyId,
            $"provisioned system {Guid.NewGuid():N}", scopes, CoordinationApi.Infrastructure.Security.ClearanceNames.Parse(clearance), "test provisioning",
            isDemo: false, DateTimeOffset.UtcNow);
        await transaction.CommitAsync();
        return (client.Id, key);
    }

    protected Task<T> GetJson<T>(string url) => GetJson<T>(Client, url);

    protected async Task<T> GetJson<T>(HttpClient client, string url)
    {
        var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.IsSuccessStatusCode, Is.True, () => $"GET {url}: {(int)response.StatusCode} {body}\n{ServerErrors()}");
        return JsonSerializer.Deserialize<T>(body, JsonSerializerOptions.Web)!;
    }

    /// <summary>Every item of a paged list, following <c>nextCursor</c> from page to page.</summary>
    protected async Task<List<JsonElement>> GetAllPages(HttpClient client, string url)
    {
        var items = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var separator = url.Contains('?', StringComparison.Ordinal) ? '&' : '?';
            var page = await GetJson<JsonElement>(client, cursor is null ? url : $"{url}{separator}cursor={Uri.EscapeDataString(cursor)}");
            items.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);
        return items;
    }

    /// <summary>One value read straight from this fixture's database.</summary>
    protected async Task<long> Scalar(string sql)
    {
        await using var connection = await Factory.Services.GetRequiredService<DbConnectionFactory>().OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql);
    }

    /// <summary>A statement run straight on this fixture's database (a test playing the intruder or the operator).</summary>
    protected async Task Execute(string sql, object parameters)
    {
        await using var connection = await Factory.Services.GetRequiredService<DbConnectionFactory>().OpenAsync();
        await connection.ExecuteAsync(sql, parameters);
    }
}
