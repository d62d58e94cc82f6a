using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CoordinationApi.Tests.Infrastructure;

/// <summary>The cross-cutting pipeline: health, problem documents for every error, Swagger, the committed contract.</summary>
public sealed class PipelineTests() : ApiTest("Sqlite")
{
    [TestCase("/health/live")]
    [TestCase("/health/ready")]
    public async Task Health_endpoints_answer_200(string path)
    {
        var response = await Client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task An_unknown_api_route_is_a_404_problem()
    {
        var response = await Client.GetAsync(new Uri("/api/v1/no-such-thing", UriKind.Relative));

        await ProblemAssert.IsProblem(response, HttpStatusCode.NotFound);
    }

    [Test]
    public async Task A_wrong_method_is_a_405_problem()
    {
        var response = await Client.DeleteAsync(new Uri("/api/v1/agencies", UriKind.Relative));

        await ProblemAssert.IsProblem(response, HttpStatusCode.MethodNotAllowed);
    }

    [Test]
    public async Task A_declared_body_over_the_limit_is_a_413_problem()
    {
        using var content = new ByteArrayContent(new byte[2 * 1024 * 1024]);
        content.Headers.ContentType = new("application/json");
        var response = await Client.PostAsync(new Uri("/api/v1/agencies", UriKind.Relative), content);

        await ProblemAssert.IsProblem(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [TestCase("/api/v1/regulations")]
    [TestCase("/swagger/index.html")]
    [TestCase("/health/live")]
    [TestCase("/api/v1/no-such-thing")]
    public async Task Every_response_carries_the_security_headers(string path)
    {
        var response = await Anonymous.GetAsync(new Uri(path, UriKind.Relative));

        Assert.That(response.Headers.GetValues("Content-Security-Policy").Single(), Does.Contain("default-src 'self'").And.Contain("frame-ancestors 'none'"));
        Assert.That(response.Headers.GetValues("X-Content-Type-Options").Single(), Is.EqualTo("nosniff"));
    }

    [Test]
    public async Task Swagger_ui_renders()
    {
        var response = await Client.GetAsync(new Uri("/swagger/index.html", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(html, Does.Contain("swagger-ui"));
    }

    [Test]
    public async Task The_committed_openapi_document_is_what_the_app_serves()
    {
        var served = JsonNode.Parse(await Client.GetStringAsync(new Uri("/swagger/v1/swagger.json", UriKind.Relative)));
        var committedPath = System.IO.Path.Combine(RepositoryRoot.Path, "api", "openapi", "v1.json");
        var committed = JsonNode.Parse(await File.ReadAllTextAsync(committedPath));

        Assert.That(JsonNode.DeepEquals(served, committed), Is.True,
            $"{committedPath} is stale: build the API in Debug (it regenerates the file) and commit it.");
    }

    [Test]
    public async Task Every_operation_has_a_stable_operation_id()
    {
        var document = JsonDocument.Parse(await Client.GetStringAsync(new Uri("/swagger/v1/swagger.json", UriKind.Relative)));

        var operations = document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => (Path: path.Name, Operation: op.Value)))
            .ToList();
        Assert.That(operations, Is.Not.Empty);
        Assert.That(operations.Where(o => !o.Operation.TryGetProperty("operationId", out _)).Select(o => o.Path), Is.Empty);
    }
}
