namespace CoordinationApi.Infrastructure.Http;

/// <summary>
/// The stable <c>type</c> URI of every problem the API answers, one per kind of problem, so a client can branch on it
/// without reading titles. <see cref="Kinds"/> is the one list: the README's "Problem types" table must say the same
/// (<c>ProblemTypesTests</c> compares them row by row), and each kind is triggered over HTTP by a test. A problem built
/// with one of these types keeps it; any other gets the general kind of its status (<see cref="For"/>), set by the
/// problem-details service.
/// </summary>
public static class ProblemTypes
{
    /// <summary>The base of every type: an identifier, documented in the README; it is not fetched.</summary>
    public const string Base = "https://coordination.example/problems/";

    public const string Validation = Base + "validation";
    public const string MalformedJson = Base + "malformed-json";
    public const string UnknownField = Base + "unknown-field";
    public const string Unauthenticated = Base + "unauthenticated";
    public const string Forbidden = Base + "forbidden";
    public const string NotFound = Base + "not-found";
    public const string MethodNotAllowed = Base + "method-not-allowed";
    public const string NotAcceptable = Base + "not-acceptable";
    public const string Conflict = Base + "conflict";
    public const string NameTaken = Base + "name-taken";
    public const string ConcurrentChange = Base + "concurrent-change";
    public const string ReplayWithheld = Base + "replay-withheld";
    public const string PreconditionFailed = Base + "precondition-failed";
    public const string PayloadTooLarge = Base + "payload-too-large";
    public const string UriTooLong = Base + "uri-too-long";
    public const string UnsupportedMediaType = Base + "unsupported-media-type";
    public const string IdempotencyKeyReused = Base + "idempotency-key-reused";
    public const string PreconditionRequired = Base + "precondition-required";
    public const string HeadersTooLarge = Base + "headers-too-large";
    public const string RateLimited = Base + "rate-limited";
    public const string Unexpected = Base + "unexpected";
    public const string Unavailable = Base + "unavailable";
    public const string Other = Base + "other";

    /// <summary>A kind of problem: its type (after <see cref="Base"/>), its status (null: any other) and when it is answered.</summary>
    public sealed record Kind(string Name, int? Status, string When)
    {
        public string Type => Base + Name;
    }

    /// <summary>Every kind, in the order of the README's table; the first kind of each status is that status's general kind.</summary>
    public static readonly IReadOnlyList<Kind> Kinds =
    [
        new("validation", 400, "A field, parameter, header or body is invalid or cannot be read; see `errors`."),
        new("malformed-json", 400, "The body is not well-formed JSON; `errors[\"$\"]` says where."),
        new("unknown-field", 400, "The body has a field the request does not have (`additionalProperties: false`); `errors` names it."),
        new("unauthenticated", 401, "No valid credential, or sign-in failed."),
        new("forbidden", 403, "The caller's role, clearance or agency does not allow this."),
        new("not-found", 404, "No such route or record, or the caller may not see it."),
        new("method-not-allowed", 405, "The route exists but not with this method."),
        new("not-acceptable", 406, "The response cannot be served in a media type the `Accept` header allows."),
        new("conflict", 409, "The request conflicts with the record's state (a status change not allowed, a draft already open)."),
        new("name-taken", 409, "The name is reserved or is (or looks like) the name of a person or agency system; `errors` names the field."),
        new("concurrent-change", 409, "A change made at the same moment won (a duplicate or a record removed meanwhile); read again and retry."),
        new("replay-withheld", 409, "The `Idempotency-Key` already created the record in `Location`, whose secret was shown once and is not shown again."),
        new("precondition-failed", 412, "`If-Match` does not match the record's current ETag."),
        new("payload-too-large", 413, "The body is over the size limit."),
        new("uri-too-long", 414, "The path and query are longer than 8,192 characters."),
        new("unsupported-media-type", 415, "The body is not `application/json`."),
        new("idempotency-key-reused", 422, "The `Idempotency-Key` was used before with a different request."),
        new("precondition-required", 428, "An update without `If-Match`."),
        new("headers-too-large", 431, "The request headers hold more than 32,768 characters."),
        new("rate-limited", 429, "Too many requests; wait the seconds in `Retry-After`."),
        new("unexpected", 500, "A fault of the API; the `traceId` is in its log."),
        new("unavailable", 503, "The database is unavailable for a moment; retry after `Retry-After`."),
        new("other", null, "A status not listed above (none is answered today)."),
    ];

    /// <summary>Each status the API answers with a problem, and its general type.</summary>
    public static readonly IReadOnlyDictionary<int, string> ByStatus = Kinds
        .Where(k => k.Status is not null).GroupBy(k => k.Status!.Value).ToDictionary(g => g.Key, g => g.First().Type);

    private static readonly HashSet<string> Known = [.. Kinds.Select(k => k.Type)];

    /// <summary>The general type of a problem with this status; <see cref="Other"/> for a status the API does not use.</summary>
    public static string For(int status) => ByStatus.TryGetValue(status, out var type) ? type : Other;

    /// <summary>The type a problem leaves with: its own when it is one of <see cref="Kinds"/> of its status, else the status's general one.</summary>
    public static string Resolve(string? type, int status) =>
        type is not null && Known.Contains(type) && Kinds.Any(k => k.Type == type && (k.Status ?? status) == status) ? type : For(status);
}
