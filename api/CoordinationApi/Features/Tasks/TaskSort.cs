using CoordinationApi.Infrastructure.OpenApi;
using System.Globalization;
using CoordinationApi.Infrastructure.Http;
using Dapper;

namespace CoordinationApi.Features.Tasks;

/// <summary>
/// An order of the task list, defined once: its name in the query string, its SQL order, its keyset condition after a
/// cursor, and the cursor position of a row (<c>due|yyyy-MM-dd|id</c>, <c>code|seq|id</c>, <c>-updated|ticks|id</c>,
/// <c>updated|ticks|id</c>). <c>updated</c> is the change order (oldest change first), the order of <c>updatedSince</c>.
/// </summary>
public sealed class TaskSort
{
    public static readonly TaskSort Due = new("due", "t.due_date, t.id", "(t.due_date > @KeyDate OR (t.due_date = @KeyDate AND t.id > @KeyId))", Key.Date);
    public static readonly TaskSort DueDescending = new("-due", "t.due_date DESC, t.id DESC", "(t.due_date < @KeyDate OR (t.due_date = @KeyDate AND t.id < @KeyId))", Key.Date);
    public static readonly TaskSort Code = new("code", "t.seq, t.id", "(t.seq > @KeySeq OR (t.seq = @KeySeq AND t.id > @KeyId))", Key.Seq);
    public static readonly TaskSort Updated = new("-updated", "t.updated_at DESC, t.id DESC", "(t.updated_at < @KeyInstant OR (t.updated_at = @KeyInstant AND t.id < @KeyId))", Key.Instant);

    public static readonly TaskSort Changed = new("updated", "t.updated_at, t.id", "(t.updated_at > @KeyInstant OR (t.updated_at = @KeyInstant AND t.id > @KeyId))", Key.Instant);

    public static readonly IReadOnlyList<TaskSort> All = [Due, DueDescending, Code, Updated, Changed];

    [VocabularyName("TaskSort")]
    public static readonly string[] Names = [.. All.Select(s => s.Name)];

    private readonly Key key;

    private TaskSort(string name, string order, string keyset, Key key)
    {
        Name = name;
        Order = order;
        Keyset = keyset;
        this.key = key;
    }

    private enum Key
    {
        Date,
        Seq,
        Instant,
    }

    /// <summary>As the query string names it.</summary>
    public string Name { get; }

    /// <summary>The ORDER BY of the list (without the keyword).</summary>
    public string Order { get; }

    /// <summary>The rows after the cursor's row, in this order.</summary>
    public string Keyset { get; }

    /// <summary>The sort a query names (the default, <c>due</c>, when none); null for a name that is not a sort.</summary>
    public static TaskSort? Parse(string? name) => name is null ? Due : All.FirstOrDefault(s => s.Name == name);

    /// <summary>The cursor position of the row after which the next page starts: the sort's name, its key and the id.</summary>
    internal string CursorOf(TaskSummaryRow row) => key switch
    {
        Key.Seq => string.Create(CultureInfo.InvariantCulture, $"{Name}|{row.Seq}|{row.Id}"),
        Key.Instant => string.Create(CultureInfo.InvariantCulture, $"{Name}|{row.UpdatedAt.UtcTicks}|{row.Id}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{Name}|{row.DueDate:yyyy-MM-dd}|{row.Id}"),
    };

    /// <summary>A cursor position of the task list, of any sort (the list checks that it is of the sort asked).</summary>
    internal static bool IsCursorPosition(string position) =>
        position.Split('|') is [var name, _, _] && Parse(name) is { } sort && sort.TryAddCursor(new DynamicParameters(), position);

    /// <summary>Adds the keyset parameters from a cursor position; false when it is not one of this sort.</summary>
    internal bool TryAddCursor(DynamicParameters parameters, string position)
    {
        var parts = position.Split('|');
        if (parts.Length != 3 || parts[0] != Name || !Cursors.IsId(parts[2]))
        {
            return false;
        }

        parameters.Add("KeyId", Cursors.ParseId(parts[2]));
        switch (key)
        {
            case Key.Seq when int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var seq):
                parameters.Add("KeySeq", seq);
                return true;
            case Key.Instant when long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && ticks >= Bounds.MinInstant.UtcTicks && ticks <= Bounds.MaxInstant.UtcTicks:
                parameters.Add("KeyInstant", new DateTimeOffset(ticks, TimeSpan.Zero));
                return true;
            case Key.Date when DateOnly.TryParseExact(parts[1], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date):
                parameters.Add("KeyDate", date);
                return true;
            default:
                return false;
        }
    }
}
