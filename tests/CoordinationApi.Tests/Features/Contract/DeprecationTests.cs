using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using CoordinationApi.Infrastructure.Hosting;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CoordinationApi.Tests.Features.Contract;

/// <summary>
/// Deprecation is endpoint metadata. Nothing in v1 is deprecated, so this fixture adds a test-only feature with one
/// deprecated operation: every answer of it (a 200 and a 400 alike) carries <c>Deprecation</c> (RFC 9745), <c>Sunset</c>
/// (RFC 8594) and the two <c>Link</c>s, its entry in the document says <c>deprecated: true</c> and declares the headers, and
/// no other operation does either.
/// </summary>
public sealed class DeprecationTests() : ApiTest("Sqlite", services: services => services.AddSingleton<IFeature>(new RetiringProbeFeature()))
{
    private static readonly DateTimeOffset Since = new(2026, 7, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Sunset = new(2027, 7, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly Uri Policy = new("https://coordination.example/api/versioning#v0-probe");
    private const string ProbePath = "/api/v1/test-only/retiring";

    [Test]
    public async Task Every_answer_of_a_deprecated_operation_carries_the_deprecation_sunset_and_link_headers()
    {
        foreach (var (url, status) in new[] { (ProbePath, HttpStatusCode.OK), ($"{ProbePath}?n=many", HttpStatusCode.BadRequest) })
        {
            var response = await Client.GetAsync(new Uri(url, UriKind.Relative));
            Assert.That(response.StatusCode, Is.EqualTo(status), await response.Content.ReadAsStringAsync());
            Assert.Multiple(() =>
            {
                Assert.That(response.Headers.GetValues("Deprecation").Single(), Is.EqualTo($"@{Since.ToUnixTimeSeconds()}"), url);
                Assert.That(DateTimeOffset.ParseExact(response.Headers.GetValues("Sunset").Single(), "r", CultureInfo.InvariantCulture), Is.EqualTo(Sunset), url);
                Assert.That(response.Headers.GetValues("Link"), Is.SupersetOf(new[] { $"<{Policy}>; rel=\"deprecation\"", $"<{Policy}>; rel=\"sunset\"" }), url);
            });
        }

        var current = await Client.GetAsync(new Uri("/api/v1/agencies", UriKind.Relative));
        Assert.That(current.Headers.Contains("Deprecation") || current.Headers.Contains("Sunset"), Is.False, "an operation not deprecated says nothing");
    }

    [Test]
    public async Task The_document_marks_the_deprecated_operation_and_declares_its_headers_and_no_other_operation_is_deprecated()
    {
        var document = JsonNode.Parse(await Anonymous.GetStringAsync(new Uri("/swagger/v1/swagger.json", UriKind.Relative)))!;
        var probe = document["paths"]![ProbePath]!["get"]!;
        Assert.That(probe["deprecated"]?.GetValue<bool>(), Is.True);
        foreach (var (status, response) in probe["responses"]!.AsObject())
        {
            Assert.That(response!["headers"]!.AsObject().Select(h => h.Key), Is.SupersetOf(new[] { "Deprecation", "Sunset", "Link" }), status);
        }

        var deprecated = document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Where(o => o.Value?["deprecated"]?.GetValue<bool>() == true).Select(o => $"{o.Key} {p.Key}"));
        Assert.That(deprecated, Is.EqualTo(new[] { $"get {ProbePath}" }), "only the test's probe");

        var committed = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "api", "openapi", "v1.json")))!;
        Assert.That(committed["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject()).Count(o => o.Value?["deprecated"]?.GetValue<bool>() == true), Is.Zero,
            "nothing in v1 is deprecated today");
    }

    /// <summary>A test-only capability: one operation deprecated since <see cref="Since"/>, gone after <see cref="Sunset"/>.</summary>
    private sealed class RetiringProbeFeature : IFeature
    {
        public void MapEndpoints(IEndpointRouteBuilder app, RouteGroupBuilder api) =>
            api.MapGet("/test-only/retiring", (int? n) => TypedResults.Ok(new RetiringProbe(n ?? 0)))
                .WithName("RetiringProbe").RequireAuthorization().Deprecated(Since, Sunset, Policy);
    }

    /// <summary>What the probe answers.</summary>
    /// <param name="N">The number asked for.</param>
    public sealed record RetiringProbe(int N);
}
