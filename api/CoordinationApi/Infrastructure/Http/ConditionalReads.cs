using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;

namespace CoordinationApi.Infrastructure.Http;

/// <summary>
/// <c>If-Match</c> on a read (RFC 9110, section 13.1.1): a GET or HEAD whose <c>If-Match</c> names no current ETag of what
/// it would answer is a 412 problem instead (<c>*</c> matches any record that exists; an answer without an ETag matches
/// only <c>*</c>); a malformed value is a 400 naming the header. Without the header nothing changes.
/// </summary>
public static class ConditionalReads
{
    public const string Description = "If-Match was sent and names no current ETag of the answer (RFC 9110, section 13.1.1).";

    public static TBuilder WithConditionalReads<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(static endpoint =>
        {
            if (IsRead(endpoint.Metadata))
            {
                endpoint.Metadata.Add(new ProducesResponseTypeMetadata(
                    StatusCodes.Status412PreconditionFailed, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]));
            }
        });
        builder.AddEndpointFilter(static async (invocationContext, next) =>
        {
            var http = invocationContext.HttpContext;
            var values = http.Request.Headers.IfMatch;
            if (!HttpMethods.IsGet(http.Request.Method) || values.All(string.IsNullOrWhiteSpace))
            {
                return await next(invocationContext);
            }

            // A value that is not a list of ETags names none of them: it matches nothing.
            var tags = EntityTagHeaderValue.TryParseStrictList(values, out var parsed) ? parsed : [];
            var result = await next(invocationContext);
            var answer = result;
            while (answer is INestedHttpResult nested)
            {
                answer = nested.Result;
            }

            if ((answer as IStatusCodeHttpResult)?.StatusCode is < 200 or >= 300 || tags.Any(t => t.Tag == EntityTagHeaderValue.Any.Tag))
            {
                return result;
            }

            if (EntityTagHeaderValue.TryParse(http.Response.Headers.ETag.ToString(), out var current)
                && tags.Any(t => t.Compare(current, useStrongComparison: true)))
            {
                return result;
            }

            // The 412 is not the representation: it carries no ETag of it.
            http.Response.Headers.Remove(Microsoft.Net.Http.Headers.HeaderNames.ETag);
            return Concurrency.Stale();
        });
        return builder;
    }

    /// <summary>Whether an endpoint is a read (GET): it honours an optional <c>If-Match</c>.</summary>
    public static bool IsRead(IEnumerable<object> metadata) =>
        metadata.OfType<IHttpMethodMetadata>().Any(m => m.HttpMethods.Contains(HttpMethods.Get));
}
