using CoordinationApi.Infrastructure.OpenApi;
using System.Text;
using System.Text.RegularExpressions;
using DiffPlex;
using DiffPlex.Chunkers;

namespace CoordinationApi.Features.RegulationText;

/// <summary>
/// A word-level diff: Myers' diff (DiffPlex) of the two texts' tokens (words, runs of spaces, single punctuation marks),
/// after stripping the common start and end. Within each changed stretch the deleted text comes first, then the
/// inserted text, and a lone space between two changes is folded into them, so a reader sees
/// "delete: old words / insert: new words" rather than interleaved fragments. Myers' diff needs memory linear in the
/// tokens; its time grows with tokens × differences, so a changed stretch of more than <see cref="MaxChangedTokens"/>
/// tokens, or one beyond what is left of a <see cref="Budget"/>, is reported as deleted and inserted whole.
/// </summary>
internal static partial class WordDiff
{
    public const string Equal = "equal";
    public const string Insert = "insert";
    public const string Delete = "delete";

    [VocabularyName("DiffOperation")]
    public static readonly string[] Ops = [Equal, Insert, Delete];

    /// <summary>Beyond this many tokens (both sides) in the changed stretch, it is reported as deleted and inserted whole (a stretch this long diffs in about 0.2 s at worst).</summary>
    public const int MaxChangedTokens = 20_000;

    /// <summary>The tokens one comparison may diff word by word: bounds its time to about this × <see cref="MaxChangedTokens"/> steps.</summary>
    public const int MaxTokensPerComparison = 100_000;

    /// <summary>The tokens one response may diff word by word (<see cref="MaxChangedTokens"/> per stretch), shared by its diffs.</summary>
    public sealed class Budget(int tokens)
    {
        public int Remaining { get; private set; } = tokens;

        public bool TrySpend(int tokens)
        {
            if (tokens > Remaining)
            {
                return false;
            }

            Remaining -= tokens;
            return true;
        }
    }

    public static List<DiffOpDto> Diff(string? before, string? after, Budget? budget = null)
    {
        if (string.Equals(before ?? "", after ?? "", StringComparison.Ordinal))
        {
            return string.IsNullOrEmpty(after) ? [] : [new DiffOpDto(Equal, after)];
        }

        if (string.IsNullOrEmpty(before) || string.IsNullOrEmpty(after))
        {
            return string.IsNullOrEmpty(before) ? [new DiffOpDto(Insert, after!)] : [new DiffOpDto(Delete, before)];
        }

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
        ops.AddRange(Middle(a.GetRange(prefix, a.Count - prefix - suffix), b.GetRange(prefix, b.Count - prefix - suffix), budget));
        ops.AddRange(a.Skip(a.Count - suffix).Select(t => (Equal, t)));
        return Group(ops);
    }

    private static IEnumerable<(string Op, string Text)> Middle(List<string> a, List<string> b, Budget? budget)
    {
        var whole = a.Select(t => (Delete, t)).Concat(b.Select(t => (Insert, t)));
        if (a.Count == 0 || b.Count == 0 || a.Count + b.Count > MaxChangedTokens || budget?.TrySpend(a.Count + b.Count) == false)
        {
            return whole;
        }

        // Each side starts and ends on a token boundary, so cutting its text again gives the same tokens.
        var diff = Differ.Instance.CreateDiffs(
            string.Concat(a), string.Concat(b), ignoreWhiteSpace: false, ignoreCase: false, new CustomFunctionChunker(text => [.. Tokens(text)]));
        var ops = new List<(string, string)>(a.Count + b.Count);
        var x = 0;
        foreach (var block in diff.DiffBlocks)
        {
            while (x < block.DeleteStartA)
            {
                ops.Add((Equal, a[x++]));
            }

            ops.AddRange(a.Skip(block.DeleteStartA).Take(block.DeleteCountA).Select(t => (Delete, t)));
            ops.AddRange(b.Skip(block.InsertStartB).Take(block.InsertCountB).Select(t => (Insert, t)));
            x = block.DeleteStartA + block.DeleteCountA;
        }

        while (x < a.Count)
        {
            ops.Add((Equal, a[x++]));
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
        var equal = new StringBuilder();
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

        // Each run is built in one buffer: appending to the previous run's string would copy the run once per token.
        foreach (var (op, text) in ops)
        {
            if (op == Equal)
            {
                if (deleted.Length > 0 || inserted.Length > 0)
                {
                    Flush();
                }

                equal.Append(text);
            }
            else
            {
                if (equal.Length > 0)
                {
                    result.Add(new DiffOpDto(Equal, equal.ToString()));
                    equal.Clear();
                }

                (op == Delete ? deleted : inserted).Append(text);
            }
        }

        Flush();
        if (equal.Length > 0)
        {
            result.Add(new DiffOpDto(Equal, equal.ToString()));
        }

        return result;
    }

    private static List<string> Tokens(string? text)
    {
        var tokens = new List<string>();
        foreach (var match in Token().EnumerateMatches(text ?? ""))
        {
            tokens.Add(text!.Substring(match.Index, match.Length));
        }

        return tokens;
    }

    [GeneratedRegex(@"\s+|[\p{L}\p{M}\p{N}]+|[^\s\p{L}\p{M}\p{N}]")]
    private static partial Regex Token();
}
