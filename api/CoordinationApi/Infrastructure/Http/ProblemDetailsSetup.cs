using System.Diagnostics;
using System.Globalization;
using CoordinationApi.Infrastructure.Data;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;

namespace CoordinationApi.Infrastructure.Http;

/// <summary>
/// Every error leaves the API as an RFC 9457 problem document with a trace id: exceptions, empty
/// error responses (status-code pages), framework rejections of malformed requests.
/// </summary>
public static partial class ProblemDetailsSetup
{
    public static IServiceCollection AddCoordinationProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
            context.ProblemDetails.Type = ProblemTypes.Resolve(context.ProblemDetails.Type, context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode);
            context.ProblemDetails.Extensions["traceId"] = TraceId(context.HttpContext);
        });
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddExceptionHandler<ProblemExceptionHandler>();
        return services;
    }

    public static IApplicationBuilder UseCoordinationProblemDetails(this IApplicationBuilder app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }

    public static string TraceId(HttpContext context) => Activity.Current?.Id ?? context.TraceIdentifier;

    /// <summary>
    /// Turns exceptions into problems: a client's mistake keeps its 4xx status; an unavailable database is a 503 with
    /// <c>Retry-After</c>; a unique or foreign-key violation a concurrent writer caused is a 409; anything else is a 500
    /// without internals. The request's transaction was rolled back in every case.
    /// </summary>
    private sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, DatabaseOptions database, ILogger<ProblemExceptionHandler> logger)
        : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
        {
            ProblemDetails problem;
            switch (exception)
            {
                case OperationCanceledException when context.RequestAborted.IsCancellationRequested:
                    return true;
                case BadHttpRequestException bad:
                    problem = ClientProblem(bad, AllMissingMembers(context, bad));
                    logger.LogInformation("Rejected request: {Reason}", exception.Message);
                    break;
                case Exception when DatabaseFaults.IsUnavailable(exception):
                    problem = DatabaseUnavailable;
                    context.Response.Headers.RetryAfter = database.UnavailableRetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                    logger.LogWarning(exception, "Database unavailable: {Reason}", exception.Message);
                    break;
                case Exception when DatabaseFaults.IsConflict(exception):
                    problem = ConcurrentChange;
                    logger.LogWarning("A concurrent change won: {Reason}", exception.Message);
                    break;
                default:
                    problem = Unexpected;
                    logger.LogError(exception, "Unhandled exception");
                    break;
            }

            context.Response.StatusCode = problem.Status!.Value;
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = problem,
                Exception = exception,
            });
        }

        private static ProblemDetails DatabaseUnavailable => new()
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = "The database is unavailable.",
            Detail = "Nothing was saved. Retry after the number of seconds in the Retry-After header.",
        };

        private static ProblemDetails ConcurrentChange => new()
        {
            Status = StatusCodes.Status409Conflict,
            Type = ProblemTypes.ConcurrentChange,
            Title = "The request conflicts with a change made meanwhile.",
            Detail = "Nothing was saved. Read the records again and retry.",
        };

        private static ProblemDetails Unexpected => new()
        {
            Status = StatusCodes.Status500InternalServerError,
            Title = "An unexpected error occurred.",
            Detail = "The error has been logged with the trace id of this response.",
        };

        [System.Text.RegularExpressions.GeneratedRegex("^(Failed to bind parameter|Required parameter) \"(?<type>[^\"]*?) (?<name>[A-Za-z_][A-Za-z0-9_]*)\"", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
        private static partial System.Text.RegularExpressions.Regex BoundParameter();

        [System.Text.RegularExpressions.GeneratedRegex("^The JSON property '(?<name>[^']*)' could not be mapped", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
        private static partial System.Text.RegularExpressions.Regex UnmappedMember();

        [System.Text.RegularExpressions.GeneratedRegex("for type '(?<type>[^']+)' was missing required properties including: (?<names>.*)$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
        private static partial System.Text.RegularExpressions.Regex MissingRequired();

        /// <summary>
        /// A request that could not be read. A 400 names the field in <c>errors</c> (the JSON path of the body's field, the
        /// parameter, or "$" for a body that is not JSON) with a message that names no .NET type.
        /// </summary>
        private static ProblemDetails ClientProblem(BadHttpRequestException exception, IReadOnlyList<string>? missing)
        {
            var problem = exception.StatusCode == StatusCodes.Status400BadRequest
                ? new HttpValidationProblemDetails(new Dictionary<string, string[]>(FieldErrorOf(exception, missing)))
                : new ProblemDetails();
            problem.Status = exception.StatusCode;
            problem.Type = exception.InnerException is System.Text.Json.JsonException json && exception.StatusCode == StatusCodes.Status400BadRequest
                ? UnmappedMember().IsMatch(json.Message) ? ProblemTypes.UnknownField
                    : IsMalformed(json) ? ProblemTypes.MalformedJson : ProblemTypes.Validation
                : null;
            (problem.Title, problem.Detail) = exception.StatusCode switch
            {
                StatusCodes.Status413PayloadTooLarge => (RequestLimitsMiddleware.PayloadTooLargeTitle, "Nothing was saved."),
                StatusCodes.Status415UnsupportedMediaType => (StrictRequestsMiddleware.UnsupportedMediaTypeTitle, "Nothing was saved."),
                StatusCodes.Status400BadRequest => ("The request has invalid fields.", exception.InnerException is System.Text.Json.JsonException
                    ? "The body could not be read as the request's JSON; nothing was saved. See errors."
                    : "A parameter could not be read; nothing was saved. See errors."),
                _ => ("The request could not be read.", "Nothing was saved."),
            };
            return problem;
        }

        /// <summary>
        /// Every required member missing from the object the serializer could not complete, read from the body kept by
        /// <see cref="StrictRequestsMiddleware"/>: the serializer's own message names only the first few. Null when it
        /// cannot be told (the serializer's names are used then).
        /// </summary>
        private static List<string>? AllMissingMembers(HttpContext context, BadHttpRequestException exception)
        {
            if (exception.InnerException is not System.Text.Json.JsonException json || MissingRequired().Match(json.Message) is not { Success: true } match
                || typeof(ProblemDetailsSetup).Assembly.GetType(match.Groups["type"].Value) is not { } type
                || context.Request.Body is not { CanSeek: true } body)
            {
                return null;
            }

            // A document, not a node tree: a body may repeat a member, which a node tree refuses.
            System.Text.Json.JsonDocument document;
            try
            {
                body.Position = 0;
                document = System.Text.Json.JsonDocument.Parse(body);
            }
            catch (System.Text.Json.JsonException)
            {
                return null;
            }

            using var _ = document;
            var node = document.RootElement;
            foreach (System.Text.RegularExpressions.Match segment in PathSegment().Matches(json.Path ?? "$"))
            {
                if (segment.Groups["index"].Success)
                {
                    var index = int.Parse(segment.Groups["index"].Value, CultureInfo.InvariantCulture);
                    if (node.ValueKind != System.Text.Json.JsonValueKind.Array || index >= node.GetArrayLength())
                    {
                        return null;
                    }

                    node = node[index];
                }
                else if (node.ValueKind != System.Text.Json.JsonValueKind.Object
                    || !node.TryGetProperty(segment.Groups["name"].Success ? segment.Groups["name"].Value : segment.Groups["quoted"].Value, out node))
                {
                    return null;
                }
            }

            if (node.ValueKind != System.Text.Json.JsonValueKind.Object)
            {
                return null;
            }

            var options = context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
            var comparer = options.PropertyNameCaseInsensitive ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
            var present = node.EnumerateObject().Select(member => member.Name).ToHashSet(comparer);
            return [.. options.GetTypeInfo(type).Properties.Where(p => p.IsRequired && !present.Contains(p.Name)).Select(p => p.Name)];
        }

        [System.Text.RegularExpressions.GeneratedRegex(@"\.(?<name>[^.\[]+)|\[(?<index>[0-9]+)\]|\['(?<quoted>[^']*)'\]", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
        private static partial System.Text.RegularExpressions.Regex PathSegment();

        /// <summary>Whether the body is not well-formed JSON (rather than JSON with a value of the wrong type).</summary>
        private static bool IsMalformed(System.Text.Json.JsonException json) =>
            !json.Message.Contains("could not be converted", StringComparison.Ordinal) && !MissingRequired().IsMatch(json.Message)
            && json.Message != NfcStringConverter.ControlCharacter;

        /// <summary>The field and message of a body or parameter that could not be read.</summary>
        private static IEnumerable<KeyValuePair<string, string[]>> FieldErrorOf(BadHttpRequestException exception, IReadOnlyList<string>? allMissing)
        {
            if (exception.InnerException is System.Text.Json.JsonException json)
            {
                var path = json.Path is { Length: > 2 } p && p.StartsWith("$.", StringComparison.Ordinal) ? p[2..] : null;
                if (UnmappedMember().Match(json.Message) is { Success: true } unmapped)
                {
                    var name = unmapped.Groups["name"].Value;
                    var field = path is null ? name : path.EndsWith(name, StringComparison.Ordinal) ? path : $"{path}.{name}";
                    yield return new(field, ["This field is not part of the request: remove it."]);
                }
                else if (MissingRequired().Match(json.Message) is { Success: true } missing)
                {
                    foreach (var name in allMissing ?? missing.Groups["names"].Value.Split(", ", StringSplitOptions.RemoveEmptyEntries))
                    {
                        var field = name.Trim('\'', '.');
                        yield return new(path is null ? field : $"{path}.{field}", ["This field is required."]);
                    }
                }
                else if (json.Message == NfcStringConverter.ControlCharacter)
                {
                    yield return new(path ?? "$", [NfcStringConverter.ControlCharacter]);
                }
                else if (!IsMalformed(json))
                {
                    yield return new(path ?? "$", ["The value does not have this field's type or format (see the schema; a number is sent unquoted)."]);
                }
                else
                {
                    var where = json.LineNumber is { } line ? $" (line {line + 1}, position {json.BytePositionInLine + 1})" : "";
                    yield return new(path ?? "$", [$"The body is not well-formed JSON{where}."]);
                }

                yield break;
            }

            var bound = BoundParameter().Match(exception.Message);
            if (!bound.Success)
            {
                yield return new("$", ["The request could not be read."]);
                yield break;
            }

            var parameter = char.ToLowerInvariant(bound.Groups["name"].Value[0]) + bound.Groups["name"].Value[1..];
            var type = bound.Groups["type"].Value;
            yield return new(parameter, [exception.Message.StartsWith("Required", StringComparison.Ordinal)
                ? "This value is required."
                : ExpectedFormat(type.StartsWith("Nullable<", StringComparison.Ordinal) ? type[9..^1] : type.TrimEnd('?'))]);
        }

        /// <summary>What a parameter of a (simple) .NET type looks like, in the words of the contract.</summary>
        private static string ExpectedFormat(string type) => type switch
        {
            "DateOnly" => "Give a date as YYYY-MM-DD.",
            "DateTime" or "DateTimeOffset" => "Give a date and time as ISO 8601, such as 2026-01-31T12:00:00Z.",
            "int" or "Int32" or "long" or "Int64" or "short" or "Int16" => "Give a whole number.",
            "decimal" or "Decimal" or "double" or "Double" or "float" or "Single" => "Give a number.",
            "bool" or "Boolean" => "Give true or false.",
            "Guid" => "Give a UUID.",
            _ => "The value is not one of the values this parameter takes (see the document).",
        };
    }
}

/// <summary>
/// Sets the body limit every request is read under (Kestrel enforces it while streaming, a 413 then); a body declared larger
/// is refused by <see cref="StrictRequestsMiddleware"/> before anything reads it.
/// </summary>
public sealed class RequestSizeLimitMiddleware(RequestDelegate next, long maxBytes)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false })
        {
            feature.MaxRequestBodySize = maxBytes;
        }

        await next(context);
    }
}
