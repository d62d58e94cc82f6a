using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.Security;
using CoordinationApi.Tests.Infrastructure;

namespace CoordinationApi.Tests.Features.Instances;

/// <summary>
/// The size limits as a real Kestrel applies them (the in-memory test server has none of its own): an over-long query (414),
/// over-large headers (431) and a body over the limit, declared (Content-Length) or sent in chunks (413), are problem
/// documents with the RateLimit fields and one title per status; a NUL (<c>%00</c>) in the path is refused by Kestrel
/// itself before any code of the API runs, with an empty 400, as the README says.
/// </summary>
[NonParallelizable]
public sealed class RequestLimitsTests
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "coordination-tests", $"limits-{Guid.NewGuid():N}");
    private ApiProcess api = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        Directory.CreateDirectory(directory);
        api = await ApiProcess.StartAsync(new Dictionary<string, string>
        {
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:Coordination"] = $"Data Source={Path.Combine(directory, "limits.db")}",
            ["Seed:Demo"] = "true",
            ["Auth:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Audit:ChainKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["RateLimits:SignInPerMinute"] = "10000",
            ["RateLimits:PerCallerPerMinute"] = "100000",
            ["Spa:Root"] = directory,
        });
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await api.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }

    [Test]
    public async Task A_query_of_20000_characters_is_a_414_problem()
    {
        using var client = await api.SignedIn("mps.viewer");
        using var response = await client.GetAsync(new Uri($"/api/v1/search?q={new string('q', 20_000)}", UriKind.Relative));
        await AssertProblem(response, HttpStatusCode.RequestUriTooLong, ProblemTypes.UriTooLong, "The request target is too long.");
    }

    [Test]
    public async Task A_header_of_40_kilobytes_is_a_431_problem()
    {
        using var client = await api.SignedIn("mps.viewer");
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/v1/tasks", UriKind.Relative));
        request.Headers.TryAddWithoutValidation("X-Padding", new string('h', 40 * 1024));
        using var response = await client.SendAsync(request);
        await AssertProblem(response, HttpStatusCode.RequestHeaderFieldsTooLarge, ProblemTypes.HeadersTooLarge, "The request headers are too large.");
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task A_body_of_3_megabytes_is_the_same_413_problem_declared_or_chunked(bool declared)
    {
        using var client = await api.SignedIn("mps.coordinator");
        var json = Encoding.UTF8.GetBytes($"{{\"titleEn\": \"{new string('x', 3 * 1024 * 1024)}\"}}");
        using HttpContent content = declared ? new ByteArrayContent(json) : new StreamContent(new MemoryStream(json));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/v1/tasks", UriKind.Relative)) { Content = content };
        request.Headers.TransferEncodingChunked = !declared;
        using var response = await client.SendAsync(request);
        await AssertProblem(response, HttpStatusCode.RequestEntityTooLarge, ProblemTypes.PayloadTooLarge, RequestLimitsMiddleware.PayloadTooLargeTitle);
    }

    [Test]
    public async Task A_nul_in_the_path_is_refused_by_kestrel_before_the_api_with_an_empty_400()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(api.BaseAddress.Host, api.BaseAddress.Port);
        await using var stream = tcp.GetStream();
        var request = $"GET /api/v1/regulations/1/versions/1/provisions/%00 HTTP/1.1\r\nHost: {api.BaseAddress.Authority}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var answer = await reader.ReadToEndAsync();
        Assert.Multiple(() =>
        {
            Assert.That(answer, Does.StartWith("HTTP/1.1 400 "), answer);
            Assert.That(answer, Does.Contain("Content-Length: 0"), "Kestrel's own answer: no body, so no problem document");
            Assert.That(answer, Does.Not.Contain(RateLimitHeadersMiddleware.LimitHeader), "no code of the API ran");
        });
    }

    private static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode status, string type, string title)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(status), body);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), body);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(problem.GetProperty("type").GetString(), Is.EqualTo(type));
            Assert.That(problem.GetProperty("title").GetString(), Is.EqualTo(title));
            Assert.That(problem.GetProperty("status").GetInt32(), Is.EqualTo((int)status));
            Assert.That(problem.GetProperty("detail").GetString(), Is.Not.Empty);
            Assert.That(int.Parse(response.Headers.GetValues(RateLimitHeadersMiddleware.LimitHeader).Single(), CultureInfo.InvariantCulture), Is.EqualTo(100000),
                "the RateLimit fields of the caller's window, as on any answer");
            Assert.That(response.Headers.Contains(RateLimitHeadersMiddleware.RemainingHeader), Is.True);
        });
    }
}
