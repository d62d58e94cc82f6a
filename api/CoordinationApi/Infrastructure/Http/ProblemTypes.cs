namespace CoordinationApi.Infrastructure.Http;

/// <summary>
/// The stable <c>type</c> URI of every problem the API answers, one per kind of problem, so a client can branch on it
/// without reading titles. Set on every problem document by the problem-details service (see README "Problem types").
/// </summary>
public static class ProblemTypes
{
    /// <summary>The base of every type: an identifier, documented in the README; it is not fetched.</summary>
    public const string Base = "https://coordination.example/problems/";

    public const string Validation = Base + "validation";
    public const string Unauthenticated = Base + "unauthenticated";
    public const string Forbidden = Base + "forbidden";
    public const string NotFound = Base + "not-found";
    public const string MethodNotAllowed = Base + "method-not-allowed";
    public const string NotAcceptable = Base + "not-acceptable";
    public const string Conflict = Base + "conflict";
    public const string PreconditionFailed = Base + "precondition-failed";
    public const string PayloadTooLarge = Base + "payload-too-large";
    public const string UnsupportedMediaType = Base + "unsupported-media-type";
    public const string IdempotencyKeyReused = Base + "idempotency-key-reused";
    public const string PreconditionRequired = Base + "precondition-required";
    public const string RateLimited = Base + "rate-limited";
    public const string Unexpected = Base + "unexpected";
    public const string Unavailable = Base + "unavailable";
    public const string Other = Base + "other";

    /// <summary>Each status the API answers with a problem, and its type.</summary>
    public static readonly IReadOnlyDictionary<int, string> ByStatus = new Dictionary<int, string>
    {
        [StatusCodes.Status400BadRequest] = Validation,
        [StatusCodes.Status401Unauthorized] = Unauthenticated,
        [StatusCodes.Status403Forbidden] = Forbidden,
        [StatusCodes.Status404NotFound] = NotFound,
        [StatusCodes.Status405MethodNotAllowed] = MethodNotAllowed,
        [StatusCodes.Status406NotAcceptable] = NotAcceptable,
        [StatusCodes.Status409Conflict] = Conflict,
        [StatusCodes.Status412PreconditionFailed] = PreconditionFailed,
        [StatusCodes.Status413PayloadTooLarge] = PayloadTooLarge,
        [StatusCodes.Status415UnsupportedMediaType] = UnsupportedMediaType,
        [StatusCodes.Status422UnprocessableEntity] = IdempotencyKeyReused,
        [StatusCodes.Status428PreconditionRequired] = PreconditionRequired,
        [StatusCodes.Status429TooManyRequests] = RateLimited,
        [StatusCodes.Status500InternalServerError] = Unexpected,
        [StatusCodes.Status503ServiceUnavailable] = Unavailable,
    };

    /// <summary>The type of a problem with this status; <see cref="Other"/> for a status the API does not use.</summary>
    public static string For(int status) => ByStatus.TryGetValue(status, out var type) ? type : Other;
}
