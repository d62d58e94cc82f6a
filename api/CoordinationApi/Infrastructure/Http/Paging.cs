using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using FluentValidation;

namespace CoordinationApi.Infrastructure.Http;

/// <summary>One page of a list and the opaque cursor of the next page (null on the last page).</summary>
/// <param name="Items">The items of this page, in the list's order.</param>
/// <param name="NextCursor">Pass as <c>cursor</c> to read the next page; null when there is none.</param>
public sealed record Page<T>(List<T> Items, string? NextCursor);

/// <summary>
/// Keyset cursors that only this API issues: the sort key of the last row of a page and a MAC over the list's name, the
/// request's path (with its route values: the parent a list belongs to) and its query without <c>cursor</c> and
/// <c>limit</c> (the filters), and that key, base64url-encoded. The MAC key is derived (HKDF) from the token signing key,
/// so every instance that shares <c>Auth:SigningKey</c> reads the cursors of the others, and a cursor made up or altered
/// by a client, or issued for another list, another parent or other filters, is refused before its key is parsed. Each
/// list still parses its key strictly.
/// </summary>
public sealed class Cursors
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    /// <summary>No cursor this API issues is longer; anything longer is not read at all.</summary>
    public const int MaxLength = 400;

    private const int MacLength = 16;
    private static readonly byte[] Label = "CoordinationApi cursor v1"u8.ToArray();
    /// <summary>The query parameters that page a list rather than choose it: a cursor stays valid when they change.</summary>
    private static readonly string[] PagingParameters = ["cursor", "limit"];

    private readonly byte[] key;
    private readonly IHttpContextAccessor? requests;

    /// <param name="signingKey">The token signing key the MAC key is derived from.</param>
    /// <param name="requests">The current request, whose path and filters a cursor is bound to; none outside a request.</param>
    public Cursors(byte[] signingKey, IHttpContextAccessor? requests = null)
    {
        key = HKDF.DeriveKey(HashAlgorithmName.SHA256, signingKey, 32, info: Label);
        this.requests = requests;
    }

    public string Issue(string list, string position)
    {
        var text = Encoding.UTF8.GetBytes(position);
        return Base64Url.EncodeToString([.. Mac(list, text), .. text]);
    }

    /// <summary>
    /// What a cursor is bound to besides the list's name: the request's path, lower-cased (route matching ignores case),
    /// and its query parameters other than <c>cursor</c> and <c>limit</c>, names lower-cased, each name=value escaped,
    /// sorted (the order of repeated filters does not change the list).
    /// </summary>
    public static string ListOf(HttpRequest request)
    {
        var filters = request.Query
            .Where(p => !PagingParameters.Contains(p.Key, StringComparer.OrdinalIgnoreCase))
            .SelectMany(p => p.Value.Select(v => $"{Uri.EscapeDataString(p.Key.ToLowerInvariant())}={Uri.EscapeDataString(v ?? "")}"))
            .Order(StringComparer.Ordinal);
        return $"{(request.PathBase + request.Path).Value?.ToLowerInvariant()}?{string.Join('&', filters)}";
    }

    /// <summary>
    /// True with the position when the cursor is one this API issued for <paramref name="list"/>; true with an empty
    /// position when there is no cursor (the first page).
    /// </summary>
    public bool TryRead(string list, string? cursor, out string position)
    {
        position = "";
        if (string.IsNullOrEmpty(cursor))
        {
            return true;
        }

        if (cursor.Length > MaxLength)
        {
            return false;
        }

        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(cursor);
        }
        catch (FormatException)
        {
            return false;
        }

        if (bytes.Length <= MacLength || !CryptographicOperations.FixedTimeEquals(bytes.AsSpan(0, MacLength), Mac(list, bytes.AsSpan(MacLength))))
        {
            return false;
        }

        position = Encoding.UTF8.GetString(bytes.AsSpan(MacLength));
        return true;
    }

    /// <summary>
    /// The position of a cursor the validator has already accepted (see <see cref="PageRules{T}"/>); empty
    /// for the first page.
    /// </summary>
    public string PositionOf(string list, string? cursor) => TryRead(list, cursor, out var position)
        ? position
        : throw new InvalidOperationException($"The {list} cursor was not validated.");

    /// <summary>Builds the page from <paramref name="limit"/> + 1 rows read: the extra row only says that more exist.</summary>
    public Page<T> ToPage<T>(string list, List<T> rows, int limit, Func<T, string> positionOf)
    {
        if (rows.Count <= limit)
        {
            return new Page<T>(rows, null);
        }

        rows.RemoveAt(rows.Count - 1);
        return new Page<T>(rows, Issue(list, positionOf(rows[^1])));
    }

    private byte[] Mac(string list, ReadOnlySpan<byte> position)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(Encoding.UTF8.GetBytes(list));
        hmac.AppendData([0]);
        if (requests?.HttpContext?.Request is { } request)
        {
            hmac.AppendData(Encoding.UTF8.GetBytes(ListOf(request)));
        }

        hmac.AppendData([0]);
        hmac.AppendData(position);
        return hmac.GetHashAndReset()[..MacLength];
    }

    /// <summary>A row id as a cursor position: digits only, 1 to <see cref="int.MaxValue"/>.</summary>
    public static bool IsId(string position) =>
        int.TryParse(position, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0;

    /// <summary>A 64-bit row id as a cursor position: digits only, 1 to <see cref="long.MaxValue"/>.</summary>
    public static bool IsLongId(string position) =>
        long.TryParse(position, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0;

    public static int ParseId(string position) => int.Parse(position, NumberStyles.None, CultureInfo.InvariantCulture);

    public static string Position(long id) => id.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The paging parameters every list takes.</summary>
public interface IPageQuery
{
    string? Cursor { get; }

    int? Limit { get; }
}

/// <summary>
/// The paging rules every list's validator includes (<c>Include(new PageRules&lt;TQuery&gt;(cursors, "list", Cursors.IsId))</c>):
/// the cursor is absent, or one this API issued for that list whose position the list accepts; the page size is 1 to
/// <see cref="Cursors.MaxLimit"/>.
/// </summary>
public sealed class PageRules<T> : AbstractValidator<T>
    where T : IPageQuery
{
    public const string NotIssued = "The cursor is not one this API issued for this list with these filters.";

    public PageRules(Cursors cursors, string list, Func<string, bool> isPosition)
    {
        RuleFor(q => q.Cursor).MaximumLength(Cursors.MaxLength)
            .Must(c => cursors.TryRead(list, c, out var position) && (position.Length == 0 ? string.IsNullOrEmpty(c) : isPosition(position)))
            .WithMessage(NotIssued);
        RuleFor(q => q.Limit).InclusiveBetween(1, Cursors.MaxLimit);
    }
}
