using System.Globalization;

namespace CoordinationApi.Infrastructure.Http;

/// <summary>
/// An operation on its way out, declared on its endpoint (or a whole group, such as <c>/api/v1</c> once v2 is published):
/// <c>.Deprecated(since, sunset, link)</c>. Every response of it then carries <c>Deprecation</c> (RFC 9745, the date it
/// was deprecated as <c>@</c>epoch seconds), <c>Sunset</c> (RFC 8594, the HTTP-date after which it may stop answering)
/// and <c>Link</c>s with <c>rel="deprecation"</c> and <c>rel="sunset"</c> to the page that says what to use instead; the
/// OpenAPI document marks it <c>deprecated: true</c> and declares the headers (<c>DeprecationFilter</c>).
/// </summary>
public sealed record DeprecatedMetadata(DateTimeOffset Since, DateTimeOffset? Sunset, Uri Link)
{
    public const string DeprecationHeader = "Deprecation";
    public const string SunsetHeader = "Sunset";
    public const string LinkHeader = "Link";

    /// <summary>RFC 9745: a structured-field Date, <c>@</c> and the epoch seconds.</summary>
    public string DeprecationValue => string.Create(CultureInfo.InvariantCulture, $"@{Since.ToUnixTimeSeconds()}");

    /// <summary>RFC 8594: an HTTP-date (IMF-fixdate).</summary>
    public string? SunsetValue => Sunset?.ToUniversalTime().ToString("r", CultureInfo.InvariantCulture);

    /// <summary>The links to the deprecation policy (and, with a sunset date, the same page as the sunset policy).</summary>
    public string[] LinkValues => Sunset is null
        ? [$"<{Link}>; rel=\"deprecation\""]
        : [$"<{Link}>; rel=\"deprecation\"", $"<{Link}>; rel=\"sunset\""];
}

public static class DeprecationExtensions
{
    /// <summary>Declares the endpoints deprecated since <paramref name="since"/>, to be removed after <paramref name="sunset"/>.</summary>
    public static TBuilder Deprecated<TBuilder>(this TBuilder builder, DateTimeOffset since, DateTimeOffset? sunset, Uri link)
        where TBuilder : IEndpointConventionBuilder
    {
        if (sunset is { } end && end < since)
        {
            throw new ArgumentException("The sunset comes after the deprecation.", nameof(sunset));
        }

        return builder.WithMetadata(new DeprecatedMetadata(since, sunset, link));
    }
}

/// <summary>Adds the deprecation headers to every response of a deprecated endpoint, errors included.</summary>
public sealed class DeprecationHeadersMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<DeprecatedMetadata>() is { } deprecated)
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers[DeprecatedMetadata.DeprecationHeader] = deprecated.DeprecationValue;
                if (deprecated.SunsetValue is { } sunset)
                {
                    headers[DeprecatedMetadata.SunsetHeader] = sunset;
                }

                headers.Append(DeprecatedMetadata.LinkHeader, deprecated.LinkValues);
                return Task.CompletedTask;
            });
        }

        return next(context);
    }
}

public static class DeclaredHeadersSetup
{
    /// <summary>After routing: the deprecation headers of deprecated endpoints.</summary>
    public static IApplicationBuilder UseDeclaredHeaders(this IApplicationBuilder app) =>
        app.UseMiddleware<DeprecationHeadersMiddleware>();

    /// <summary>
    /// After authentication and the rate limiter (so its 400 carries the RateLimit fields, as every answer does), before
    /// authorization: the bounds of the declared request headers.
    /// </summary>
    public static IApplicationBuilder UseHeaderBounds(this IApplicationBuilder app) => app.UseMiddleware<HeaderBoundsMiddleware>();
}
