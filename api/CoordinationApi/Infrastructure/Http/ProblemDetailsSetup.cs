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
                    problem = ClientProblem(bad);
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
            Title = "The request conflicts with a change made meanwhile.",
            Detail = "Nothing was saved. Read the records again and retry.",
        };

        private static ProblemDetails Unexpected => new()
        {
            Status = StatusCodes.Status500InternalServerError,
            Title = "An unexpected error occurred.",
            Detail = "The error has been logged with the trace id of this response.",
        };

        [System.Text.RegularExpressions.GeneratedRegex("^Failed to bind parameter \"[^\"]*? (?<name>[A-Za-z_][A-Za-z0-9_]*)\" from", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
        private static partial System.Text.RegularExpressions.Regex BoundParameter();

        /// <summary>A request that could not be read; a 400 names the field when the JSON path or the parameter says which.</summary>
        private static ProblemDetails ClientProblem(BadHttpRequestException exception)
        {
            var detail = exception.InnerException is System.Text.Json.JsonException json
                ? $"Malformed JSON: {json.Message}"
                : exception.Message;
            var problem = exception.StatusCode == StatusCodes.Status400BadRequest && FieldOf(exception) is { } field
                ? new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = ["The value could not be read as this field's type."] })
                : new ProblemDetails();
            problem.Status = exception.StatusCode;
            problem.Title = exception.StatusCode switch
            {
                StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
                StatusCodes.Status415UnsupportedMediaType => "The request body must be JSON (Content-Type: application/json).",
                _ => "The request could not be read.",
            };
            problem.Detail = detail;
            return problem;
        }

        /// <summary>"$.newTasks[0].planYear" of a JSON error, or the parameter of "Failed to bind parameter "int? toYear" from …".</summary>
        private static string? FieldOf(BadHttpRequestException exception)
        {
            if (exception.InnerException is System.Text.Json.JsonException { Path: { Length: > 2 } path } && path.StartsWith("$.", StringComparison.Ordinal))
            {
                return path[2..];
            }

            var bound = BoundParameter().Match(exception.Message);
            return bound.Success ? char.ToLowerInvariant(bound.Groups["name"].Value[0]) + bound.Groups["name"].Value[1..] : null;
        }
    }
}

/// <summary>Rejects a declared body over the limit before any handler runs (Kestrel enforces the same limit while streaming).</summary>
public sealed class RequestSizeLimitMiddleware(RequestDelegate next, IProblemDetailsService problems, long maxBytes)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentLength > maxBytes)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status413PayloadTooLarge,
                    Title = "The request body is too large.",
                    Detail = $"At most {maxBytes} bytes are accepted.",
                },
            });
            return;
        }

        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false })
        {
            feature.MaxRequestBodySize = maxBytes;
        }

        await next(context);
    }
}
