using System.Text;
using System.Text.RegularExpressions;

namespace CoordinationApi.Features.RegulationText;

/// <summary>
/// A word-level diff: the longest common subsequence of the two texts' tokens (words, runs of spaces, single
/// punctuation marks), after stripping the common start and end. Within each changed stretch the deleted text comes
/// first, then the inserted text, and a lone space between two changes is folded into them, so a reader sees
/// "delete: old words / insert: new words" rather than interleaved fragments.
/// </summary>
internal static partial class WordDiff
{
    public const string Equal = "equal";
    public const string Insert = "insert";
    public const string Delete = "delete";

    /// <summary>Beyond this many table cells, a changed stretch is reported as deleted and inserted whole.</summary>
    private const long MaxCells = 4_000_000;

    public static List<DiffOpDto> Diff(string? before, string? after)
    {
        var a = Tokens(before);
        var b = Tokens(after);
        var prefix = 0;
        while (prefix < a.Count && prefix < b.Count && a[prefix] == b[prefix])
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < a.Count - prefix && suffix < b.Count - prefix && a[a.Count - 1 - suffix] == b[b.Count - 1 - suffix])
        {
            suffix++;
        }

        var ops = new List<(string Op, string Text)>();
        ops.AddRange(a.Take(prefix).Select(t => (Equal, t)));
        ops.AddRange(Middle(a.Skip(prefix).Take(a.Count - prefix - suffix).ToList(), b.Skip(prefix).Take(b.Count - prefix - suffix).ToList()));
        ops.AddRange(a.Skip(a.Count - suffix).Select(t => (Equal, t)));
        return Group(ops);
    }

    private static IEnumerable<(string Op, string Text)> Middle(List<string> a, List<string> b)
    {
        if ((long)(a.Count + 1) * (b.Count + 1) > MaxCells)
        {
            return a.Select(t => (Delete, t)).Concat(b.Select(t => (Insert, t)));
        }

        // lcs[i, j]: length of the longest common subsequence of a[i..] and b[j..].
        var lcs = new int[a.Count + 1, b.Count + 1];
        for (var i = a.Count - 1; i >= 0; i--)
        {
            for (var j = b.Count - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var ops = new List<(string, string)>(a.Count + b.Count);
        int x = 0, y = 0;
        while (x < a.Count || y < b.Count)
        {
            if (x < a.Count && y < b.Count && a[x] == b[y])
            {
                ops.Add((Equal, a[x++]));
                y++;
            }
            else if (y == b.Count || (x < a.Count && lcs[x + 1, y] >= lcs[x, y + 1]))
            {
                ops.Add((Delete, a[x++]));
            }
            else
            {
                ops.Add((Insert, b[y++]));
            }
        }

        return ops;
    }

    /// <summary>Merges the token operations into runs: equal text, then per changed stretch its deletions and its insertions.</summary>
    private static List<DiffOpDto> Group(List<(string Op, string Text)> ops)
    {
        // A whitespace-only equal token between two changes belongs to the change on both sides.
        for (var i = 1; i < ops.Count - 1; i++)
        {
            if (ops[i].Op == Equal && string.IsNullOrWhiteSpace(ops[i].Text) && ops[i - 1].Op != Equal && ops[i + 1].Op != Equal)
            {
                ops[i] = (Delete, ops[i].Text);
                ops.Insert(i + 1, (Insert, ops[i].Text));
                i++;
            }
        }

        var result = new List<DiffOpDto>();
        var deleted = new StringBuilder();
        var inserted = new StringBuilder();
        void Flush()
        {
            if (deleted.Length > 0)
            {
                result.Add(new DiffOpDto(Delete, deleted.ToString()));
            }

            if (inserted.Length > 0)
            {
                result.Add(new DiffOpDto(Insert, inserted.ToString()));
            }

            deleted.Clear();
            inserted.Clear();
        }

        foreach (var (op, text) in ops)
        {
            if (op == Equal)
            {
                Flush();
                if (result.Count > 0 && result[^1].Op == Equal)
                {
                    result[^1] = result[^1] with { Text = result[^1].Text + text };
                }
                else
                {
                    result.Add(new DiffOpDto(Equal, text));
                }
            }
            else
            {
                (op == Delete ? deleted : inserted).Append(text);
            }
        }

        Flush();
        return result;
    }

    private static List<string> Tokens(string? text) =>
        string.IsNullOrEmpty(text) ? [] : [.. Token().Matches(text).Select(m => m.Value)];

    [GeneratedRegex(@"\s+|[\p{L}\p{M}\p{N}]+|[^\s\p{L}\p{M}\p{N}]")]
    private static partial Regex Token();
}
