using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CoordinationApi.Tests.Infrastructure;

/// <summary>Asserts that a response is an RFC 9457 problem document with the given status.</summary>
public static partial class ProblemAssert
{
    /// <summary>The problem types the README documents (its "Problem types" table), as absolute URIs.</summary>
    public static IReadOnlySet<string> DocumentedTypes { get; } = ReadDocumentedTypes();

    public static async Task<JsonElement> IsProblem(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(status), body);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), body);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Multiple(() =>
        {
            Assert.That(problem.GetProperty("status").GetInt32(), Is.EqualTo((int)status));
            Assert.That(problem.GetProperty("title").GetString(), Is.Not.Empty);
            Assert.That(problem.GetProperty("traceId").GetString(), Is.Not.Empty);
            Assert.That(problem.TryGetProperty("type", out var type) ? type.GetString() : null, Is.AnyOf([.. DocumentedTypes]),
                "every problem has a type the README documents");
        });
        return problem;
    }

    public static async Task<JsonElement> HasFieldErrors(HttpResponseMessage response, params string[] fields)
    {
        var problem = await IsProblem(response, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        foreach (var field in fields)
        {
            Assert.That(errors.TryGetProperty(field, out _), Is.True, $"expected a field error for '{field}' in {errors}");
        }

        return problem;
    }

    [GeneratedRegex(@"identifiers under `(?<base>https://[^`]+)`")]
    private static partial Regex TypeBase();

    [GeneratedRegex(@"^\| `(?<kind>[a-z-]+)` \| [0-9a-z ]+ \|", RegexOptions.Multiline)]
    private static partial Regex TypeRow();

    private static HashSet<string> ReadDocumentedTypes()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md"));
        var typeBase = TypeBase().Match(readme).Groups["base"].Value;
        var types = TypeRow().Matches(readme).Select(m => typeBase + m.Groups["kind"].Value).ToHashSet(StringComparer.Ordinal);
        return typeBase.Length > 0 && types.Count > 0
            ? types
            : throw new InvalidOperationException("README.md documents no problem types.");
    }
}
