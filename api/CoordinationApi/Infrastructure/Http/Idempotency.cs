using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Security;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoordinationApi.Infrastructure.Http;

/// <summary>
/// Safe retries of creates: a request with an <c>Idempotency-Key</c> header is remembered with a hash of its
/// body. Keys are scoped per caller (a person or an agency system): the same key and body from the same caller answer the
/// first result again and create nothing, as long as the record it names is still visible to the caller (a 404 problem
/// otherwise); the same key with another body is a 422 problem.
/// </summary>
public static class Idempotency
{
    public const string Header = "Idempotency-Key";
    public const int MaxKeyLength = 200;

    /// <summary>What a key looks like (checked by <see cref="TryReadKey"/>, shown in the document): visible ASCII, no spaces.</summary>
    public const string KeyPattern = "^[!-~]{1,200}$";

    /// <summary>
    /// Endpoint metadata of a create that honours the key (<c>.WithMetadata(Idempotency.Honoured)</c>): the OpenAPI document
    /// declares the header on it, and tests replay every such create.
    /// </summary>
    public static readonly object Honoured = new HonouredMetadata();

    /// <summary>
    /// Metadata of a create whose answer holds a secret shown once (a new API key, kept only as a hash): it honours the key,
    /// but a retry answers <see cref="Withheld"/> (409 naming what was created) instead of the first answer.
    /// </summary>
    public static readonly object HonouredSecretShownOnce = new HonouredMetadata(SecretShownOnce: true);

    public static bool IsHonoured(IEnumerable<object> metadata) => metadata.OfType<HonouredMetadata>().Any();

    /// <summary>Whether the create's answer holds a secret that a retry does not show again.</summary>
    public static bool WithholdsSecret(IEnumerable<object> metadata) => metadata.OfType<HonouredMetadata>().Any(m => m.SecretShownOnce);

    private sealed record HonouredMetadata(bool SecretShownOnce = false);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>A remembered result: its status, Location, body and the ETag its response carried (null: none, or stored before 0018).</summary>
    public sealed record Stored(int StatusCode, string? Location, string ResponseJson, string? ETag = null);

    /// <summary>The key of this request, or a 400 problem when it is unusable; null key when none was sent.</summary>
    public static ProblemHttpResult? TryReadKey(HttpContext http, out string? key)
    {
        if (!http.Request.Headers.TryGetValue(Header, out var values))
        {
            key = null;
            return null;
        }

        key = values.ToString();
        var error = string.IsNullOrWhiteSpace(key) ? $"The {Header} header is empty: send a key of 1 to {MaxKeyLength} characters, or no header."
            : values.Count > 1 ? $"Send one {Header} header."
            : key.Length > MaxKeyLength || key.Any(c => c is < '\u0021' or > '\u007e')
                ? $"The {Header} header takes 1 to {MaxKeyLength} visible ASCII characters without spaces, such as a UUID."
            : null;
        return error is null ? null : Problems.BadRequest(Header, error);
    }

    public static string HashOf(object request) => Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request, request.GetType(), Json)));

    /// <summary>Iterations of the stretch a secret gets before it enters a fingerprint (as many as a stored password's PBKDF2).</summary>
    internal const int SecretIterations = 100_000;

    /// <summary>
    /// The fingerprint of a request that holds a secret (a password): <paramref name="withoutSecret"/> is the request with the
    /// secret blanked. The secret enters only through PBKDF2-SHA512 (salted with the rest of the request, as many iterations
    /// as a stored password hash), so the same key with another password is a mismatch (422) while the stored fingerprint
    /// gives a thief no faster way to guess the password than the users table already does.
    /// </summary>
    public static string HashOf(object withoutSecret, string secret)
    {
        var rest = SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(withoutSecret, withoutSecret.GetType(), Json));
        var stretched = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), rest, SecretIterations, HashAlgorithmName.SHA512, 32);
        return Convert.ToHexStringLower(SHA256.HashData([.. rest, .. stretched]));
    }

    /// <summary>
    /// A previous result for this key, or a 422 problem when the key was used for another request. On SQL Server the read
    /// locks the key until the transaction ends, so a concurrent request with the same key waits here and then replays.
    /// </summary>
    public static async Task<(Stored? Previous, ProblemHttpResult? Problem)> FindAsync(
        DbConnection connection, DbTransaction transaction, SqlDialect dialect, Caller caller, string key, string requestHash)
    {
        var row = await connection.QuerySingleOrDefaultAsync<StoredRow>(IdempotencySql.Find(dialect), new { CallerId = CallerKey(caller), Key = key }, transaction);
        if (row is null)
        {
            return (null, null);
        }

        return row.RequestHash == requestHash
            ? (new Stored(row.StatusCode, row.Location, row.ResponseJson, row.ETag), null)
            : (null, Mismatch(key));
    }

    /// <summary>The 422 for a key used before with another request (another body, or the same body with another secret).</summary>
    public static ProblemHttpResult Mismatch(string key) => TypedResults.Problem(
        $"The {Header} '{key}' was already used with a different request. Use a new key for a new request.",
        statusCode: StatusCodes.Status422UnprocessableEntity, title: "The idempotency key was used for another request.",
        type: ProblemTypes.IdempotencyKeyReused);

    /// <summary>
    /// Remembers this request's result. When a concurrent request with the same key was saved first, answers what
    /// <see cref="FindAsync"/> answers for it: the caller then rolls back its own work and replays the stored result.
    /// </summary>
    public static async Task<(Stored? Previous, ProblemHttpResult? Problem)> SaveAsync(
        DbConnection connection, DbTransaction transaction, SqlDialect dialect, Caller caller, string key, string requestHash, int statusCode,
        string? location, object response, DateTimeOffset now, string? etag = null)
    {
        try
        {
            await connection.ExecuteAsync(IdempotencySql.Insert, new
            {
                CallerId = CallerKey(caller), Key = key, RequestHash = requestHash, StatusCode = statusCode, Location = location,
                ResponseJson = JsonSerializer.Serialize(response, response.GetType(), Json), ETag = etag, Now = now,
            }, transaction);
            return (null, null);
        }
        catch (DbException ex) when (DatabaseFaults.IsDuplicateKey(ex))
        {
            return await FindAsync(connection, transaction, dialect, caller, key, requestHash);
        }
    }

    public static T Replay<T>(Stored stored) => JsonSerializer.Deserialize<T>(stored.ResponseJson, Json)!;

    /// <summary>
    /// What <see cref="FindAsync"/> or <see cref="SaveAsync"/> found means for the handler: null to go on. A stored result is
    /// answered again only while the record it names is still visible to the caller: <paramref name="ifVisible"/> reads that
    /// record with the caller's clearance and scope and returns the stored answer (with what the read audit needs to name
    /// it), or null; then the answer is a 404 problem, as for any record the caller cannot see. A replay is marked
    /// (<see cref="IsReplay"/>) so that the read audit records it like a read of that record.
    /// </summary>
    public static async Task<Answer<T>?> AnswerForAsync<T>(
        HttpContext http, (Stored? Previous, ProblemHttpResult? Problem) found, Func<T, Task<T?>> ifVisible, bool withETag = false)
        where T : class
    {
        if (found.Problem is { } problem)
        {
            // No ETag on a problem (a handler may have set its own before finding a concurrent request's result).
            http.Response.Headers.Remove(Microsoft.Net.Http.Headers.HeaderNames.ETag);
            return new(problem, null);
        }

        if (found.Previous is not { } previous)
        {
            return null;
        }

        if (await ifVisible(Replay<T>(previous)) is not { } replay)
        {
            return new(Problems.NotFound($"The record this {Header} created is not visible to you (any more)."), null);
        }

        http.Items[ReplayMarker] = true;
        ReplayETag(http, previous, withETag);

        return new(null, TypedResults.Created(previous.Location, replay));
    }

    /// <summary>
    /// The replay carries the ETag of the first response, not the record's ETag now: an ETag validates the representation
    /// it comes with (RFC 9110, 8.8.3), and the replayed body is the first one. A client that then sends it in If-Match
    /// gets a 412 if the record changed meanwhile, as it should: its copy is stale. Results remembered before migration
    /// 0018 stored no ETag; their first response carried the first row version.
    /// </summary>
    private static void ReplayETag(HttpContext http, Stored previous, bool withETag)
    {
        if (previous.ETag is { Length: > 0 } etag)
        {
            http.Response.Headers.ETag = etag;
        }
        else if (withETag)
        {
            Concurrency.SetETag(http, Concurrency.FirstRowVersion);
        }
        else
        {
            http.Response.Headers.Remove(Microsoft.Net.Http.Headers.HeaderNames.ETag);
        }
    }

    /// <summary>
    /// For a create whose answer held a secret shown once: what <see cref="AnswerForAsync"/> found, with a replay turned into
    /// a 409 that names the record created (its <c>Location</c>, also in the header) and not the secret, which was never
    /// stored and is not shown again. Keys are per caller, so only the caller who created it learns even that.
    /// </summary>
    public static ProblemHttpResult? Withheld<T>(HttpContext http, Answer<T>? answer)
        where T : class
    {
        if (answer is null)
        {
            return null;
        }

        if (answer.Problem is { } problem)
        {
            return problem;
        }

        var location = answer.Replay!.Location;
        http.Response.Headers.Location = location;
        return TypedResults.Problem(
            $"This {Header} already created {location}. Its secret was shown once, in the first answer, and is not kept: if that "
            + "answer was lost, revoke the record and create another with a new key.",
            statusCode: StatusCodes.Status409Conflict, title: "Already created; the secret is not shown again.", type: ProblemTypes.ReplayWithheld,
            extensions: new Dictionary<string, object?> { ["location"] = location });
    }

    /// <summary>Whether this request's answer is a stored result replayed (the read audit treats it as a read).</summary>
    public static bool IsReplay(HttpContext http) => http.Items.ContainsKey(ReplayMarker);

    private static readonly object ReplayMarker = new();

    /// <summary>The answer to give instead of doing the work: the key's stored result again, or a problem (422 reused key, 404 record gone from view).</summary>
    public sealed record Answer<T>(ProblemHttpResult? Problem, Created<T>? Replay);

    private static string CallerKey(Caller caller) => $"{(caller.Kind == CallerKind.Client ? "client" : "user")}:{caller.Id}";

    private sealed record StoredRow
    {
        public string RequestHash { get; init; } = "";

        public int StatusCode { get; init; }

        public string? Location { get; init; }

        public string ResponseJson { get; init; } = "";

        public string? ETag { get; init; }
    }
}

internal static class IdempotencySql
{
    public static string Find(SqlDialect dialect) => $"""
        SELECT request_hash AS RequestHash, status_code AS StatusCode, location AS Location, response_json AS ResponseJson, etag AS ETag
        FROM idempotency_keys {dialect.LockForWrite}
        WHERE caller_id = @CallerId AND idem_key = @Key;
        """;

    public const string Insert = """
        INSERT INTO idempotency_keys (caller_id, idem_key, request_hash, status_code, location, response_json, etag, created_at)
        VALUES (@CallerId, @Key, @RequestHash, @StatusCode, @Location, @ResponseJson, @ETag, @Now);
        """;
}
