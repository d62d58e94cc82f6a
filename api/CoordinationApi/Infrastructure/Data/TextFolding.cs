using System.Globalization;
using System.Text;

namespace CoordinationApi.Infrastructure.Data;

/// <summary>
/// Case- and diacritic-insensitive text for search (SPEC §6): Unicode NFD, combining marks removed, đ/Đ → d,
/// lower case. "Bảo vệ AN NINH", its NFD spelling and "bao ve an ninh" all fold to "bao ve an ninh".
/// Done in C#, not SQL, so both databases store and compare exactly the same folded text.
/// </summary>
public static class TextFolding
{
    public static string Fold(string? text) => Map(text).Folded;

    /// <summary>
    /// Folds <paramref name="text"/> and remembers, for each folded character, the index of the original
    /// character it came from, so a hit found in the folded text can be marked in the original.
    /// </summary>
    public static FoldedText Map(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return new FoldedText("", "", []);
        }

        var folded = new StringBuilder(text.Length);
        var origins = new List<int>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < 0x80)
            {
                folded.Append(char.ToLowerInvariant(c));
                origins.Add(i);
                continue;
            }

            var length = char.IsSurrogatePair(text, i) ? 2 : 1;
            // A lone surrogate cannot be normalised; it is kept as it is.
            var foldedPiece = length == 2 ? FoldPiece(text.Substring(i, 2)) : char.IsSurrogate(c) ? c.ToString() : FoldedChar(c);
            foreach (var part in foldedPiece)
            {
                folded.Append(part);
                origins.Add(i);
            }

            i += length - 1;
        }

        return new FoldedText(text, folded.ToString(), [.. origins]);
    }

    // The folded form of each character of the Basic Multilingual Plane, computed the first time it is met: folding runs
    // on every search hit's texts, and Vietnamese has a non-ASCII letter in about every third character.
    private static readonly string?[] FoldedChars = new string?[char.MaxValue + 1];

    private static string FoldedChar(char c) => FoldedChars[c] ??= FoldPiece(c.ToString());

    /// <summary>One character (or surrogate pair) decomposed, its combining marks dropped, <c>đ</c> as <c>d</c>, in lower case.</summary>
    private static string FoldPiece(string piece)
    {
        var folded = new StringBuilder(piece.Length);
        foreach (var part in piece.Normalize(NormalizationForm.FormD))
        {
            if (IsCombiningMark(part))
            {
                continue;
            }

            // Đ/đ have no decomposition; Ð/ð (eth) are often typed for them.
            folded.Append(part is 'đ' or 'Đ' or 'ð' or 'Ð' ? 'd' : char.ToLowerInvariant(part));
        }

        return folded.ToString();
    }

    /// <summary>The words of folded text: runs of letters and digits, as (start, length) in it.</summary>
    public static List<(int Start, int Length)> Words(string folded)
    {
        var words = new List<(int, int)>();
        var start = -1;
        for (var i = 0; i <= folded.Length; i++)
        {
            var inWord = i < folded.Length && char.IsLetterOrDigit(folded[i]);
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                words.Add((start, i - start));
                start = -1;
            }
        }

        return words;
    }

    /// <summary>The folded words of a text, in order, e.g. the terms of a search query.</summary>
    public static List<string> Terms(string? text)
    {
        var folded = Fold(text);
        return [.. Words(folded).Select(w => folded.Substring(w.Start, w.Length))];
    }

    /// <summary>
    /// The form stored in the search index: the folded words separated by single spaces, with a space at each
    /// end, so that a whole word matches as <c>LIKE '% word %'</c> and a full-text tokenizer splits it as we do.
    /// </summary>
    public static string IndexForm(params string?[] texts) =>
        $" {string.Join(' ', texts.SelectMany(Terms))} ";

    internal static bool IsCombiningMark(char c) => CharUnicodeInfo.GetUnicodeCategory(c) is
        UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;
}

/// <summary>A text, its folded form, and for each folded character the index of its original character.</summary>
public sealed record FoldedText(string Original, string Folded, int[] Origins)
{
    /// <summary>
    /// The range of the original text that folded characters [<paramref name="start"/>, <paramref name="start"/> +
    /// <paramref name="length"/>) came from, including combining marks that follow it in an NFD original.
    /// </summary>
    public (int Start, int End) OriginalRange(int start, int length)
    {
        var first = Origins[start];
        var last = Origins[start + length - 1];
        var end = last + (char.IsSurrogatePair(Original, last) ? 2 : 1);
        while (end < Original.Length && TextFolding.IsCombiningMark(Original[end]))
        {
            end++;
        }

        return (first, end);
    }
}
