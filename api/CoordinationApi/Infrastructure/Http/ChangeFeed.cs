using System.Globalization;

namespace CoordinationApi.Infrastructure.Http;

/// <summary>
/// The change order of the lists that take <c>updatedSince</c> (tasks, progress reports, reviews, evaluations): by the time
/// of a record's last change, then its id, so records changed at the same instant are neither lost nor repeated between
/// pages. A cursor of that order holds both (<c>~ticks|id</c>); the first page starts at (<c>updatedSince</c>, 0), so a
/// record changed exactly at <c>updatedSince</c> is included.
/// </summary>
public static class ChangeFeed
{
    /// <summary>The query parameter's name.</summary>
    public const string Parameter = "updatedSince";

    /// <summary>The keyset condition after (<c>@KeyAt</c>, <c>@KeyId</c>) on a change-time column and an id column.</summary>
    public static string After(string changedAt, string id) => $"({changedAt} > @KeyAt OR ({changedAt} = @KeyAt AND {id} > @KeyId))";

    /// <summary>The cursor position of a record in change order.</summary>
    public static string Position(DateTimeOffset changedAt, int id) =>
        string.Create(CultureInfo.InvariantCulture, $"~{changedAt.UtcTicks}|{id}");

    public static bool IsPosition(string position) => TryParse(position, out _, out _);

    /// <summary>
    /// The keyset parameters <c>KeyAt</c> and <c>KeyId</c>: the cursor's, or (<paramref name="since"/>, 0) on the first page.
    /// </summary>
    public static (DateTimeOffset KeyAt, int KeyId) Key(DateTimeOffset since, string position) =>
        position.Length > 0 && TryParse(position, out var at, out var id) ? (at, id) : (since, 0);

    private static bool TryParse(string position, out DateTimeOffset changedAt, out int id)
    {
        changedAt = default;
        id = 0;
        if (position.Split('|') is not [var ticks, var key] || !ticks.StartsWith('~') || !Cursors.IsId(key)
            || !long.TryParse(ticks.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            || value < Bounds.MinInstant.UtcTicks || value > Bounds.MaxInstant.UtcTicks)
        {
            return false;
        }

        changedAt = new DateTimeOffset(value, TimeSpan.Zero);
        id = Cursors.ParseId(key);
        return true;
    }
}
