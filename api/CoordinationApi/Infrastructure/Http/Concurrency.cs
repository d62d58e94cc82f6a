using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoordinationApi.Infrastructure.Http;

/// <summary>
/// Optimistic concurrency over HTTP: a record's <c>ETag</c> is its row version; an update must send it back
/// in <c>If-Match</c> (428 when missing, 412 when someone changed the record since).
/// </summary>
public static class Concurrency
{
    public static string ETagOf(int rowVersion) => string.Create(CultureInfo.InvariantCulture, $"\"{rowVersion}\"");

    public static void SetETag(HttpContext http, int rowVersion) => http.Response.Headers.ETag = ETagOf(rowVersion);

    /// <summary>The row version the caller read, or the problem to answer instead.</summary>
    public static bool TryReadIfMatch(HttpContext http, out int rowVersion, out ProblemHttpResult? problem)
    {
        rowVersion = 0;
        problem = null;
        var header = http.Request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(header))
        {
            problem = TypedResults.Problem(
                "Send the ETag of the record you read in an If-Match header, so that you do not overwrite someone else's change.",
                statusCode: StatusCodes.Status428PreconditionRequired, title: "If-Match is required.");
            return false;
        }

        var value = header.Trim();
        if (value.StartsWith("W/", StringComparison.Ordinal))
        {
            value = value[2..];
        }

        if (!int.TryParse(value.Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out rowVersion))
        {
            problem = Stale();
            return false;
        }

        return true;
    }

    public static ProblemHttpResult Stale() => TypedResults.Problem(
        "The record has changed since you read it. Read it again and reapply your change.",
        statusCode: StatusCodes.Status412PreconditionFailed, title: "The record was changed by someone else.");
}
