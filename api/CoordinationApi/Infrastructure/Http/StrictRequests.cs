using System.Collections.Frozen;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Net.Http.Headers;

namespace CoordinationApi.Infrastructure.Http;

/// <summary>
/// Holds every operation's query string and JSON body to what the operation declares, once for the whole API, before the
/// handler binds anything. The declaration is the one the OpenAPI document is generated from (the API explorer's
/// description of the endpoint: each query parameter's name and type; the endpoint's accepted media types):
/// <list type="bullet">
/// <item>a query parameter the operation does not declare (<c>stauts</c>, <c>status[]</c>, <c>PlanYear</c>) is a 400 naming it;</item>
/// <item>a value must have its documented format exactly (integers as plain digits, dates <c>yyyy-MM-dd</c>, instants RFC 3339,
/// booleans <c>true</c>/<c>false</c>; no sign, space or empty value), and a parameter that is not a list is given once;</item>
/// <item>no value is empty, holds a control character (<c>%00</c>) or bytes that are not UTF-8, whatever its type;</item>
/// <item>a JSON body is <c>application/json</c>, UTF-8 or without charset: any other media type
/// (<c>application/merge-patch+json</c>, <c>charset=iso-8859-1</c>) is a 415.</item>
/// </list>
/// Runs after authentication and rate limiting (a caller without access learns nothing about parameters), before the handler.
/// </summary>
public static class StrictRequests
{
    /// <summary>After authentication, authorization and rate limiting, before the endpoint.</summary>
    public static IApplicationBuilder UseStrictRequests(this IApplicationBuilder app) => app.UseMiddleware<StrictRequestsMiddleware>();

    /// <summary>After authentication and the rate limiter (their RateLimit fields), before authorization.</summary>
    public static IApplicationBuilder UseRequestLimits(this IApplicationBuilder app) => app.UseMiddleware<RequestLimitsMiddleware>(
        app.ApplicationServices.GetRequiredService<IConfiguration>().GetValue(HttpSetup.MaxBodyBytesKey, HttpSetup.DefaultMaxBodyBytes));
}

/// <inheritdoc cref="StrictRequests"/>
public sealed partial class StrictRequestsMiddleware(
    RequestDelegate next, IProblemDetailsService problems, IApiDescriptionGroupCollectionProvider descriptions)
{
    private FrozenDictionary<string, Declared>? declared;

    public async Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint?.DisplayName is not { } name || !Declarations().TryGetValue(name, out var operation))
        {
            await next(context);
            return;
        }

        if (UnsupportedMediaType(context.Request, endpoint) is { } mediaType)
        {
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status415UnsupportedMediaType,
                    Type = ProblemTypes.UnsupportedMediaType,
                    Title = UnsupportedMediaTypeTitle,
                    Detail = $"Content-Type '{mediaType}' is not accepted: send application/json (UTF-8). Nothing was saved.",
                },
            });
            return;
        }

        var errors = QueryErrors(context.Request.QueryString, operation);
        if (errors.Count == 0)
        {
            if (ReadsJson(endpoint) && HasBody(context.Request) && await MalformedJson(context) is { } malformed)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = new HttpValidationProblemDetails(new Dictionary<string, string[]> { ["$"] = [malformed] })
                    {
                        Status = StatusCodes.Status400BadRequest,
                        Type = ProblemTypes.MalformedJson,
                        Title = "The request has invalid fields.",
                        Detail = "The body could not be read as the request's JSON; nothing was saved. See errors.",
                    },
                });
                return;
            }

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
                Type = ProblemTypes.Validation,
                Title = "The request has invalid fields.",
                Detail = "A query parameter is not one this operation takes, or its value does not have the documented format; nothing was read or saved. See errors.",
            },
        });
    }

    /// <summary>The title of every 415, here and where the framework refuses a body it cannot read.</summary>
    public const string UnsupportedMediaTypeTitle = "The request body must be JSON (Content-Type: application/json).";

    /// <summary>What one operation declares: its query parameters by name (as sent, case-sensitive).</summary>
    private sealed record Declared(FrozenDictionary<string, Parameter> Query);

    /// <summary>A declared query parameter: the format its values have, and whether it is a list (given once per value).</summary>
    private sealed record Parameter(Format Format, bool IsList);

    private enum Format
    {
        Text,
        Integer,
        Date,
        Instant,
        Boolean,
    }

    private FrozenDictionary<string, Declared> Declarations() => declared ??= descriptions.ApiDescriptionGroups.Items
        .SelectMany(group => group.Items)
        .Where(description => description.ActionDescriptor.DisplayName is not null)
        .GroupBy(description => description.ActionDescriptor.DisplayName!, StringComparer.Ordinal)
        .ToFrozenDictionary(
            group => group.Key,
            group => new Declared(group.First().ParameterDescriptions
                .Where(p => p.Source == BindingSource.Query)
                .DistinctBy(p => p.Name, StringComparer.Ordinal)
                .ToFrozenDictionary(p => p.Name, p => ParameterOf(p.Type), StringComparer.Ordinal)),
            StringComparer.Ordinal);

    private static Parameter ParameterOf(Type type)
    {
        var element = type != typeof(string) && type.IsArray ? type.GetElementType()! : type;
        element = Nullable.GetUnderlyingType(element) ?? element;
        var format = element switch
        {
            _ when element == typeof(int) || element == typeof(long) || element == typeof(short) => Format.Integer,
            _ when element == typeof(DateOnly) => Format.Date,
            _ when element == typeof(DateTimeOffset) || element == typeof(DateTime) => Format.Instant,
            _ when element == typeof(bool) => Format.Boolean,
            _ => Format.Text,
        };
        return new Parameter(format, element != type && type.IsArray);
    }

    private static Dictionary<string, string[]> QueryErrors(QueryString queryString, Declared operation)
    {
        // Read as sent: the framework's query collection matches names regardless of case and would merge PlanYear into planYear.
        var query = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var pair in new Microsoft.AspNetCore.WebUtilities.QueryStringEnumerable(queryString.Value))
        {
            var key = pair.DecodeName().ToString();
            if (!query.TryGetValue(key, out var list))
            {
                query[key] = list = [];
            }

            list.Add(pair.DecodeValue().ToString());
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (name, values) in query)
        {
            if (!operation.Query.TryGetValue(name, out var parameter))
            {
                errors[name] = [operation.Query.Count == 0
                    ? "This operation takes no query parameters."
                    : $"This operation has no parameter '{name}'. Its parameters: {string.Join(", ", operation.Query.Keys.Order(StringComparer.Ordinal))}."];
            }
            else if (!parameter.IsList && values.Count > 1)
            {
                errors[name] = ["Give this parameter once."];
            }
            else if (values.Exists(value => value.Length == 0))
            {
                errors[name] = [$"'{name}' is empty: give a value, or leave the parameter out."];
            }
            else if (values.Exists(value => value.Any(c => char.IsControl(c) || c == '\uFFFD')))
            {
                // A control character (%00 included) or bytes that are not UTF-8 (decoded as U+FFFD) filter nothing a person typed.
                errors[name] = [$"'{name}' holds a control character or is not valid UTF-8."];
            }
            else if (values.Exists(value => !HasFormat(value, parameter.Format)))
            {
                errors[name] = [parameter.Format switch
                {
                    Format.Integer => "Give a whole number in plain digits (no '+', spaces or decimals).",
                    Format.Date => "Give a date as YYYY-MM-DD.",
                    Format.Instant => "Give a date and time as RFC 3339, such as 2026-01-31T12:00:00Z.",
                    _ => "Give true or false.",
                }];
            }
        }

        return errors;
    }

    /// <summary>
    /// Whether a value has its parameter's documented format exactly. An integer may carry a leading '-' here; every query
    /// integer of the API has a minimum of 0 or more, which the validators enforce with a message giving the bound.
    /// </summary>
    private static bool HasFormat(string value, Format format) => format switch
    {
        Format.Integer => IntegerFormat().IsMatch(value),
        Format.Date => DateFormat().IsMatch(value)
            && DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        Format.Instant => InstantFormat().IsMatch(value)
            && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        Format.Boolean => value is "true" or "false",
        _ => true,
    };

    [GeneratedRegex("^-?[0-9]{1,10}$", RegexOptions.CultureInvariant)]
    private static partial Regex IntegerFormat();

    [GeneratedRegex("^[0-9]{4}-[0-9]{2}-[0-9]{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex DateFormat();

    [GeneratedRegex("^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,7})?([Zz]|[+-][0-9]{2}:[0-9]{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex InstantFormat();

    /// <summary>
    /// The Content-Type of a body sent to an operation that reads JSON, when it is not <c>application/json</c> with no charset or
    /// UTF-8 (the framework would also read <c>+json</c> types and transcode other charsets); null when it is, or when
    /// the operation reads no JSON body.
    /// </summary>
    private static string? UnsupportedMediaType(HttpRequest request, Endpoint endpoint)
    {
        if (!ReadsJson(endpoint) || (!HasBody(request) && !request.Headers.ContainsKey(HeaderNames.ContentType)))
        {
            return null;
        }

        var contentType = request.ContentType ?? "";
        return MediaTypeHeaderValue.TryParse(contentType, out var media)
            && string.Equals(media.MediaType.Value, "application/json", StringComparison.OrdinalIgnoreCase)
            && media.Parameters.All(p => p.Name.Equals("charset", StringComparison.OrdinalIgnoreCase)
                && (p.Value.Value?.Trim('"') ?? "").Equals("utf-8", StringComparison.OrdinalIgnoreCase))
            ? null
            : contentType.Length == 0 ? "(none)" : contentType;
    }

    private static bool ReadsJson(Endpoint endpoint) =>
        endpoint.Metadata.GetMetadata<IAcceptsMetadata>() is { } accepts
        && accepts.ContentTypes.Contains("application/json", StringComparer.OrdinalIgnoreCase);

    private static bool HasBody(HttpRequest request) =>
        request.ContentLength is > 0 || (request.ContentLength is null && request.Headers.ContainsKey(HeaderNames.TransferEncoding));

    /// <summary>
    /// Where a JSON body is not well-formed, or null when it is. Read whole before binding (the body is kept for the
    /// binder, and for <see cref="ProblemDetailsSetup"/> to name every missing member): binding stops at the first
    /// member it cannot place, so <c>{"a":</c> would otherwise be reported as an unknown member rather than as cut short.
    /// </summary>
    private static async Task<string?> MalformedJson(HttpContext context)
    {
        context.Request.EnableBuffering();
        try
        {
            using var document = await System.Text.Json.JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted);
            return null;
        }
        catch (System.Text.Json.JsonException json)
        {
            var where = json.LineNumber is { } line ? $" (line {line + 1}, position {json.BytePositionInLine + 1})" : "";
            return $"The body is not well-formed JSON{where}: it is cut short or has a syntax error.";
        }
        finally
        {
            context.Request.Body.Position = 0;
        }
    }
}

/// <summary>
/// A request over a size limit: its request target (414), its headers (431), or the body it declares (413; one sent in
/// chunks is stopped at the same limit by Kestrel as it is read, the same problem). Answered after authentication and the
/// rate limiter, so the problem carries the RateLimit fields like any other answer, and before authorization, so whoever
/// sends it is told; Kestrel's own limits are above these and it answers beyond them itself (README, "Over-long requests").
/// </summary>
public sealed class RequestLimitsMiddleware(RequestDelegate next, IProblemDetailsService problems, long maxBodyBytes)
{
    public async Task InvokeAsync(HttpContext context)
    {
        // A route that takes files (IRequestSizeLimitMetadata: evidence uploads) has its own, larger limit; every other keeps the API's.
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata>()?.MaxRequestBodySize
            ?? maxBodyBytes;
        if (limit != maxBodyBytes && context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = limit;
        }

        if (TooLarge(context, limit) is { } tooLarge)
        {
            context.Response.StatusCode = tooLarge.Status!.Value;
            await problems.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = tooLarge });
            return;
        }

        await next(context);
    }

    /// <summary>The longest request target (path and query, as sent) the API reads; Kestrel's own limit is above it.</summary>
    public const int MaxRequestTargetBytes = 8 * 1024;

    /// <summary>The most header bytes (names and values) the API reads; Kestrel's own limit is above it.</summary>
    public const int MaxHeaderBytes = 32 * 1024;

    /// <summary>The title of every 413, here and where a body sent in chunks turns out too large while it is read.</summary>
    public const string PayloadTooLargeTitle = "The request body is too large.";

    /// <summary>A request over a size limit, or null.</summary>
    private static ProblemDetails? TooLarge(HttpContext context, long maxBodyBytes)
    {
        var request = context.Request;
        var target = request.Path.Value?.Length + request.PathBase.Value?.Length + request.QueryString.Value?.Length ?? 0;
        if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget is { } raw)
        {
            target = Math.Max(target, raw.Length);
        }

        if (target > MaxRequestTargetBytes)
        {
            return new ProblemDetails
            {
                Status = StatusCodes.Status414UriTooLong,
                Type = ProblemTypes.UriTooLong,
                Title = "The request target is too long.",
                Detail = $"The path and query may hold at most {MaxRequestTargetBytes:N0} characters; nothing was read or saved. Send fewer or shorter query values.",
            };
        }

        var headers = request.Headers.Sum(h => h.Key.Length + h.Value.Sum(v => v?.Length ?? 0));
        if (headers > MaxHeaderBytes)
        {
            return new ProblemDetails
            {
                Status = StatusCodes.Status431RequestHeaderFieldsTooLarge,
                Type = ProblemTypes.HeadersTooLarge,
                Title = "The request headers are too large.",
                Detail = $"The headers may hold at most {MaxHeaderBytes:N0} characters in all; nothing was read or saved.",
            };
        }

        return request.ContentLength > maxBodyBytes
            ? new ProblemDetails
            {
                Status = StatusCodes.Status413PayloadTooLarge,
                Type = ProblemTypes.PayloadTooLarge,
                Title = PayloadTooLargeTitle,
                Detail = $"At most {maxBodyBytes} bytes are accepted; nothing was saved.",
            }
            : null;
    }
}
