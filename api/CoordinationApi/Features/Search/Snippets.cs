using System.Text;
using CoordinationApi.Infrastructure.Data;

namespace CoordinationApi.Features.Search;

/// <summary>
/// A short excerpt of the original text around the hits, with each run of hit words wrapped in
/// <c>&lt;mark&gt;…&lt;/mark&gt;</c>. The hits are found on the folded text and marked on the original, so
/// "bao ve" marks "bảo vệ" (NFC or NFD) exactly, diacritics included.
/// </summary>
internal static class Snippets
{
    private const int WordsBefore = 8;
    private const int WindowWords = 30;

    /// <summary>The excerpt of whichever text has most hits (the first text when none has any).</summary>
    public static string Build(IReadOnlyList<string?> texts, IReadOnlySet<string> terms)
    {
        var best = texts.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => Locate(t!, terms))
            .Aggregate((Best: (Located?)null, Count: -1), (acc, l) => l.Hits.Count > acc.Count ? (l, l.Hits.Count) : acc).Best;
        return best is null ? "" : Render(best);
    }

    private static Located Locate(string text, IReadOnlySet<string> terms)
    {
        var map = TextFolding.Map(text);
        var words = TextFolding.Words(map.Folded);
        var hits = words.Select((w, i) => (w, i)).Where(x => terms.Contains(map.Folded.Substring(x.w.Start, x.w.Length))).Select(x => x.i).ToList();
        return new Located(map, words, hits);
    }

    private static string Render(Located located)
    {
        var (map, words, hits) = located;
        if (words.Count == 0)
        {
            return Escape(map.Original.Trim());
        }

        // The window that starts a few words before the first hit and holds the most hits.
        var start = hits.Count == 0 ? 0 : hits
            .Select(h => Math.Max(0, h - WordsBefore))
            .OrderByDescending(s => hits.Count(h => h >= s && h < s + WindowWords)).ThenBy(s => s).First();
        var end = Math.Min(words.Count, start + WindowWords);
        var hitSet = hits.ToHashSet();

        var snippet = new StringBuilder();
        var from = start == 0 ? 0 : map.OriginalRange(words[start].Start, words[start].Length).Start;
        if (start > 0)
        {
            snippet.Append('…');
        }

        var cursor = from;
        for (var i = start; i < end; i++)
        {
            if (!hitSet.Contains(i))
            {
                continue;
            }

            // Runs of hit words separated only by spaces are one mark: "<mark>bảo vệ an ninh</mark>".
            var last = i;
            while (last + 1 < end && hitSet.Contains(last + 1) && IsBlank(map, words[last], words[last + 1]))
            {
                last++;
            }

            var (markStart, _) = map.OriginalRange(words[i].Start, words[i].Length);
            var (_, markEnd) = map.OriginalRange(words[last].Start, words[last].Length);
            snippet.Append(Escape(map.Original[cursor..markStart])).Append("<mark>")
                .Append(Escape(map.Original[markStart..markEnd])).Append("</mark>");
            cursor = markEnd;
            i = last;
        }

        var to = end == words.Count ? map.Original.Length : map.OriginalRange(words[end - 1].Start, words[end - 1].Length).End;
        snippet.Append(Escape(map.Original[cursor..Math.Max(cursor, to)]));
        if (end < words.Count)
        {
            snippet.Append('…');
        }

        return snippet.ToString().Trim();
    }

    private static bool IsBlank(FoldedText map, (int Start, int Length) left, (int Start, int Length) right) =>
        string.IsNullOrWhiteSpace(map.Folded[(left.Start + left.Length)..right.Start]);

    /// <summary>The snippet is text with marks: the text's own markup characters are escaped.</summary>
    private static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    private sealed record Located(FoldedText Map, List<(int Start, int Length)> Words, List<int> Hits);
}
