using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;

namespace CoordinationApi.Infrastructure.Http;

/// <summary>
/// <c>Accept</c> is honoured on every operation (RFC 9110, section 12.5.1): one whose <c>Accept</c> admits none of the
/// media types it answers with (from the endpoint's own 2xx metadata, the same the document shows) is a 406 problem before
/// its handler runs, so nothing is done. Exports negotiate their format themselves (they declare the 406).
/// </summary>
public static class AcceptCheck
{
    public static TBuilder WithAcceptCheck<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        // Finally: after the endpoint's own conventions (Produces), which say what it answers with.
        builder.Finally(static endpoint =>
        {
            if (Served(endpoint.Metadata).Count > 0 && !NegotiatesItself(endpoint.Metadata))
            {
                endpoint.Metadata.Add(Checked);
                endpoint.Metadata.Add(new ProducesResponseTypeMetadata(
                    StatusCodes.Status406NotAcceptable, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]));
            }
        });
        builder.AddEndpointFilter(static (invocationContext, next) =>
        {
            var http = invocationContext.HttpContext;
            var metadata = http.GetEndpoint()?.Metadata ?? [];
            var accept = http.Request.GetTypedHeaders().Accept;
            if (accept.Count == 0 || !metadata.OfType<CheckedMarker>().Any() || Served(metadata) is not { Count: > 0 } served
                || accept.Any(range => range.Quality is not 0 && served.Any(type => Admits(range, type))))
            {
                return next(invocationContext);
            }

            // Built whole here: the problem-details service would not customise it, as Accept refuses JSON too.
            return ValueTask.FromResult<object?>(TypedResults.Problem(new Microsoft.AspNetCore.Mvc.ProblemDetails
            {
                Type = ProblemTypes.For(StatusCodes.Status406NotAcceptable),
                Status = StatusCodes.Status406NotAcceptable,
                Title = "Not acceptable.",
                Detail = $"Accept allows none of the media types this operation answers with: {string.Join(", ", served)}. Nothing was done.",
                Instance = http.Request.Path,
                Extensions = { ["traceId"] = ProblemDetailsSetup.TraceId(http) },
            }));
        });
        return builder;
    }

    /// <summary>
    /// Whether an Accept range admits a media type: by type and subtype (wildcards included), whatever its parameters
    /// (<c>header=present</c>), except a charset, which must be UTF-8, the only one the API writes.
    /// </summary>
    public static bool Admits(MediaTypeHeaderValue range, string contentType) =>
        new MediaTypeHeaderValue(new MediaTypeHeaderValue(contentType).MediaType).IsSubsetOf(new MediaTypeHeaderValue(range.MediaType))
        && (!range.Charset.HasValue || string.Equals(range.Charset.Value, "utf-8", StringComparison.OrdinalIgnoreCase));

    /// <summary>The media types of the endpoint's successful answers.</summary>
    private static List<string> Served(IEnumerable<object> metadata) =>
        [.. metadata.OfType<IProducesResponseTypeMetadata>()
            .Where(m => m.StatusCode is >= 200 and < 300)
            .SelectMany(m => m.ContentTypes)
            .Distinct(StringComparer.OrdinalIgnoreCase)];

    /// <summary>Marks the endpoints this check answers for (the others negotiate themselves or answer no content).</summary>
    private static readonly CheckedMarker Checked = new();

    private sealed class CheckedMarker;

    private static bool NegotiatesItself(IEnumerable<object> metadata) =>
        metadata.OfType<IProducesResponseTypeMetadata>().Any(m => m.StatusCode == StatusCodes.Status406NotAcceptable);
}
