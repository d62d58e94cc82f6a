using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;

namespace CoordinationApi.Infrastructure.Http;

/// <summary>
/// Every error leaves the API as an RFC 9457 problem document with a trace id: exceptions, empty
/// error responses (status-code pages), framework rejections of malformed requests.
/// </summary>
public static class ProblemDetailsSetup
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

    /// <summary>Turns exceptions into problems: a client's mistake keeps its 4xx status, anything else is a 500 without internals.</summary>
    private sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger)
        : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
        {
            var problem = exception switch
            {
                BadHttpRequestException bad => ClientProblem(bad),
                OperationCanceledException when context.RequestAborted.IsCancellationRequested => null,
                _ => new ProblemDetails
                {
                    Status = StatusCodes.Status500InternalServerError,
                    Title = "An unexpected error occurred.",
                    Detail = "The error has been logged with the trace id of this response.",
                },
            };
            if (problem is null)
            {
                return true;
            }

            if (problem.Status >= 500)
            {
                logger.LogError(exception, "Unhandled exception");
            }
            else
            {
                logger.LogInformation("Rejected request: {Reason}", exception.Message);
            }

            context.Response.StatusCode = problem.Status!.Value;
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = problem,
                Exception = exception,
            });
        }

        private static ProblemDetails ClientProblem(BadHttpRequestException exception) => new()
        {
            Status = exception.StatusCode,
            Title = exception.StatusCode switch
            {
                StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
                StatusCodes.Status415UnsupportedMediaType => "The request body must be JSON (Content-Type: application/json).",
                _ => "The request could not be read.",
            },
            Detail = exception.InnerException is System.Text.Json.JsonException json
                ? $"Malformed JSON: {json.Message}"
                : exception.Message,
        };
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
