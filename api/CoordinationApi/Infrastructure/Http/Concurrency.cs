using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;

namespace CoordinationApi.Infrastructure.Http;

/// <summary>
/// Optimistic concurrency over HTTP: a record's <c>ETag</c> is its row version; an update must send it back
/// in <c>If-Match</c> (428 when missing, 400 when malformed, 412 when someone changed the record since). An endpoint that
/// requires it declares so by producing 428 (<c>ProducesProblem(StatusCodes.Status428PreconditionRequired)</c>): that
/// metadata is how tests find every such endpoint, and reading If-Match elsewhere is refused.
/// </summary>
public static class Concurrency
{
    /// <summary>The problem-document key that names the header in a 400.</summary>
    public const string Field = "If-Match";

    /// <summary>The row version of a record just created (<c>row_version DEFAULT 1</c> in every table): its first ETag.</summary>
    public const int FirstRowVersion = 1;

    /// <summary>The longest If-Match accepted (a 400 beyond): a list of ETags of row versions, well beyond any real one.</summary>
    public const int MaxIfMatchLength = 1000;

    public static string ETagOf(int rowVersion) => string.Create(CultureInfo.InvariantCulture, $"\"{rowVersion}\"");

    public static void SetETag(HttpContext http, int rowVersion) => http.Response.Headers.ETag = ETagOf(rowVersion);

    /// <summary>Whether the endpoint declares that it requires If-Match (it produces 428).</summary>
    public static bool RequiresIfMatch(Endpoint endpoint) => RequiresIfMatch(endpoint.Metadata);

    /// <summary>Whether endpoint metadata declares that it requires If-Match (the OpenAPI document reads it too).</summary>
    public static bool RequiresIfMatch(IEnumerable<object> metadata) =>
        metadata.OfType<IProducesResponseTypeMetadata>().Any(m => m.StatusCode == StatusCodes.Status428PreconditionRequired);

    /// <summary>The request's If-Match (RFC 9110, section 13.1.1), or the problem to answer instead.</summary>
    public static bool TryReadIfMatch(HttpContext http, [NotNullWhen(true)] out IfMatch? ifMatch, [NotNullWhen(false)] out ProblemHttpResult? problem)
    {
        if (http.GetEndpoint() is not { } endpoint || !RequiresIfMatch(endpoint))
        {
            throw new InvalidOperationException(
                $"{http.GetEndpoint()?.DisplayName} reads If-Match without declaring it: add ProducesProblem(StatusCodes.Status428PreconditionRequired).");
        }

        ifMatch = null;
        problem = null;
        var values = http.Request.Headers.IfMatch;
        if (values.All(string.IsNullOrWhiteSpace))
        {
            problem = TypedResults.Problem(
                "Send the ETag of the record you read in an If-Match header, so that you do not overwrite someone else's change.",
                statusCode: StatusCodes.Status428PreconditionRequired, title: "If-Match is required.");
            return false;
        }

        // If-Match = "*" / #entity-tag: a list of quoted tags (W/ for weak ones), or "*" alone.
        if (!EntityTagHeaderValue.TryParseStrictList(values, out var tags) || tags.Count == 0
            || (tags.Count > 1 && tags.Any(t => t.Tag == EntityTagHeaderValue.Any.Tag)))
        {
            problem = TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]>
            {
                [Field] = ["If-Match takes \"*\" or a comma-separated list of quoted ETags, such as \"12\"."],
            })
            {
                Title = "The request has invalid fields.",
                Status = StatusCodes.Status400BadRequest,
            });
            return false;
        }

        ifMatch = new IfMatch(tags);
        return true;
    }

    public static ProblemHttpResult Stale() => TypedResults.Problem(
        "The record has changed since you read it. Read it again and reapply your change.",
        statusCode: StatusCodes.Status412PreconditionFailed, title: "The record was changed by someone else.");
}

/// <summary>A well-formed If-Match: <c>*</c>, or the entity tags the caller read.</summary>
public sealed class IfMatch(IList<EntityTagHeaderValue> tags)
{
    /// <summary><c>*</c>: whatever is recorded now (for callers inside the API that act without a request, such as the demo seed).</summary>
    public static IfMatch Any { get; } = new([EntityTagHeaderValue.Any]);

    /// <summary>
    /// Whether the record at <paramref name="rowVersion"/> is what the caller read: <c>*</c> matches any current record;
    /// otherwise one of the tags must match its ETag by strong comparison, so a weak tag never matches.
    /// </summary>
    public bool Matches(int rowVersion)
    {
        var current = new EntityTagHeaderValue(Concurrency.ETagOf(rowVersion));
        return tags.Any(t => t.Tag == EntityTagHeaderValue.Any.Tag || t.Compare(current, useStrongComparison: true));
    }
}
