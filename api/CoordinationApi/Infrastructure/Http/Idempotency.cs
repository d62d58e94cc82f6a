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

    public static bool IsHonoured(IEnumerable<object> metadata) => metadata.OfType<HonouredMetadata>().Any();

    private sealed class HonouredMetadata;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public sealed record Stored(int StatusCode, string? Location, string ResponseJson);

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
            ? (new Stored(row.StatusCode, row.Location, row.ResponseJson), null)
            : (null, TypedResults.Problem(
                $"The {Header} '{key}' was already used with a different request. Use a new key for a new request.",
                statusCode: StatusCodes.Status422UnprocessableEntity, title: "The idempotency key was used for another request."));
    }

    /// <summary>
    /// Remembers this request's result. When a concurrent request with the same key was saved first, answers what
    /// <see cref="FindAsync"/> answers for it: the caller then rolls back its own work and replays the stored result.
    /// </summary>
    public static async Task<(Stored? Previous, ProblemHttpResult? Problem)> SaveAsync(
        DbConnection connection, DbTransaction transaction, SqlDialect dialect, Caller caller, string key, string requestHash, int statusCode,
        string? location, object response, DateTimeOffset now)
    {
        try
        {
            await connection.ExecuteAsync(IdempotencySql.Insert, new
            {
                CallerId = CallerKey(caller), Key = key, RequestHash = requestHash, StatusCode = statusCode, Location = location,
                ResponseJson = JsonSerializer.Serialize(response, response.GetType(), Json), Now = now,
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
        if (withETag)
        {
            // The first answer carried the ETag of the record as created: every record starts at the same row version.
            Concurrency.SetETag(http, Concurrency.FirstRowVersion);
        }

        return new(null, TypedResults.Created(previous.Location, replay));
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
    }
}

internal static class IdempotencySql
{
    public static string Find(SqlDialect dialect) => $"""
        SELECT request_hash AS RequestHash, status_code AS StatusCode, location AS Location, response_json AS ResponseJson
        FROM idempotency_keys {dialect.LockForWrite}
        WHERE caller_id = @CallerId AND idem_key = @Key;
        """;

    public const string Insert = """
        INSERT INTO idempotency_keys (caller_id, idem_key, request_hash, status_code, location, response_json, created_at)
        VALUES (@CallerId, @Key, @RequestHash, @StatusCode, @Location, @ResponseJson, @Now);
        """;
}
