using System.Buffers.Text;
using System.Globalization;
using System.Text;
using FluentValidation;

namespace CoordinationApi.Infrastructure.Http;

/// <summary>One page of a list and the opaque cursor of the next page (null on the last page).</summary>
/// <param name="Items">The items of this page, in the list's order.</param>
/// <param name="NextCursor">Pass as <c>cursor</c> to read the next page; null when there is none.</param>
public sealed record Page<T>(List<T> Items, string? NextCursor);

/// <summary>Keyset cursors: the sort key of the last row of a page, base64url-encoded.</summary>
public static class Cursor
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public static string Encode(string key) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(key));

    public static bool TryDecode(string? cursor, out string key)
    {
        key = "";
        if (string.IsNullOrEmpty(cursor))
        {
            return true;
        }

        try
        {
            key = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>Builds the page from <paramref name="limit"/> + 1 rows read: the extra row only says that more exist.</summary>
    public static Page<T> ToPage<T>(List<T> rows, int limit, Func<T, string> keyOf)
    {
        if (rows.Count <= limit)
        {
            return new Page<T>(rows, null);
        }

        rows.RemoveAt(rows.Count - 1);
        return new Page<T>(rows, Encode(keyOf(rows[^1])));
    }
}

public static class CursorRules
{
    /// <summary>The cursor is absent or one this API issued for a list ordered by an integer key.</summary>
    public static IRuleBuilderOptions<T, string?> IsIntegerCursor<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(c => Cursor.TryDecode(c, out var key) && (key.Length == 0 || long.TryParse(key, CultureInfo.InvariantCulture, out _)))
            .WithMessage("The cursor is not one this API issued.");

    public static IRuleBuilderOptions<T, int?> IsPageSize<T>(this IRuleBuilder<T, int?> rule) =>
        rule.InclusiveBetween(1, Cursor.MaxLimit);
}
