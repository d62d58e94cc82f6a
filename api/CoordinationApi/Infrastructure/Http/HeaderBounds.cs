using System.Globalization;
using Microsoft.AspNetCore.Mvc;

namespace CoordinationApi.Infrastructure.Http;

/// <summary>
/// The request headers the OpenAPI document declares, with their bounds: one list, read by the document (their
/// <c>maxLength</c>) and enforced by <see cref="HeaderBoundsMiddleware"/> on the operations that declare them.
/// </summary>
public static class HeaderBounds
{
    /// <summary>A declared request header: its name, its longest value, and which endpoints declare it (from their metadata).</summary>
    public sealed record Bound(string Name, int MaxLength, Func<IEnumerable<object>, bool> DeclaredBy);

    public static readonly IReadOnlyList<Bound> All =
    [
        // Required on the writes that declare 428; optional on every read (ConditionalReads): bounded on both.
        new(Concurrency.Field, Concurrency.MaxIfMatchLength, m => Concurrency.RequiresIfMatch(m) || ConditionalReads.IsRead(m)),
        new(Idempotency.Header, Idempotency.MaxKeyLength, Idempotency.IsHonoured),
    ];

    /// <summary>The longest value of a declared header.</summary>
    public static int MaxLengthOf(string name) =>
        All.Single(b => string.Equals(b.Name, name, StringComparison.OrdinalIgnoreCase)).MaxLength;
}

/// <summary>
/// Refuses a declared header longer than its bound with a 400 problem naming it in <c>errors</c>, before authentication
/// and before any handler (like an over-large body): nothing is read or written for such a request. Runs after routing,
/// so it knows which headers the operation declares; a header the operation does not declare is ignored, as HTTP says.
/// </summary>
public sealed class HeaderBoundsMiddleware(RequestDelegate next, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var metadata = context.GetEndpoint()?.Metadata;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var bound in metadata is null ? [] : HeaderBounds.All.Where(b => b.DeclaredBy(metadata)))
        {
            // Several fields of one header are one comma-separated value (RFC 9110, 5.3): bounded together.
            if (context.Request.Headers.TryGetValue(bound.Name, out var values) && values.ToString().Length > bound.MaxLength)
            {
                errors[bound.Name] = [string.Create(CultureInfo.InvariantCulture, $"{bound.Name} takes at most {bound.MaxLength} characters.")];
            }
        }

        if (errors.Count == 0)
        {
            await next(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new HttpValidationProblemDetails(errors)
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "The request has invalid fields.",
                Detail = "A header is longer than the document allows; nothing was read or saved. See errors.",
            },
        });
    }
}
