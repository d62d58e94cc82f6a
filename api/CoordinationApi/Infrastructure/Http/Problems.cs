using Microsoft.AspNetCore.Http.HttpResults;

namespace CoordinationApi.Infrastructure.Http;

/// <summary>The problem results handlers answer with; the trace id is added by the problem-details service.</summary>
public static class Problems
{
    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found.");

    /// <summary>409; <paramref name="type"/> one of <see cref="ProblemTypes"/>' 409 kinds (default: the general <c>conflict</c>).</summary>
    public static ProblemHttpResult Conflict(string title, string detail, IDictionary<string, object?>? extensions = null, string? type = null) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: title, extensions: extensions, type: type ?? ProblemTypes.Conflict);

    /// <summary>400 with field errors, keyed by the JSON names of the request's fields.</summary>
    public static ValidationProblem Invalid(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "The request has invalid fields.");

    public static ValidationProblem Invalid(string field, string message) => Invalid(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>400 with a field error, where the handler answers a <see cref="ProblemHttpResult"/> (a header, for example).</summary>
    public static ProblemHttpResult BadRequest(string field, string message) =>
        TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Title = "The request has invalid fields.",
            Status = StatusCodes.Status400BadRequest,
        });
}
