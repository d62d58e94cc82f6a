using System.Net;
using System.Text.Json;

namespace CoordinationApi.Tests.Infrastructure;

/// <summary>Asserts that a response is an RFC 9457 problem document with the given status.</summary>
public static class ProblemAssert
{
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
}
