using System.Net.Http.Json;

namespace CoordinationApi.Tests.Infrastructure;

/// <summary>A fixture with its own API and database, shared by the tests of one class.</summary>
public abstract class ApiTest(string provider)
{
    protected ApiFactory Factory { get; private set; } = null!;

    protected HttpClient Client { get; private set; } = null!;

    protected string Provider => provider;

    [OneTimeSetUp]
    public void StartApi()
    {
        Factory = new ApiFactory(provider);
        Client = Factory.CreateClient();
    }

    [OneTimeTearDown]
    public void StopApi()
    {
        Client.Dispose();
        Factory.Dispose();
    }

    protected async Task<T> GetJson<T>(string url)
    {
        var response = await Client.GetAsync(new Uri(url, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.IsSuccessStatusCode, Is.True, $"GET {url}: {(int)response.StatusCode} {body}");
        return (await response.Content.ReadFromJsonAsync<T>())!;
    }
}
