using CoordinationApi.Infrastructure.OpenApi;
using System.Text.RegularExpressions;

namespace CoordinationApi.Features.RegulationText;

/// <summary>
/// The Akoma Ntoso-style ids of the text tree, derived from the parent's id and the provision's number:
/// <c>chp_1</c>, <c>chp_1__art_2</c>, <c>chp_1__art_2__para_1</c>, <c>chp_1__art_2__para_1__point_a</c>.
/// A chapter numbered in Roman numerals (I, II) gets its Arabic value; the Vietnamese point letter đ becomes <c>dd</c>.
/// </summary>
internal static partial class AknIds
{
    public const string Chapter = "chapter";
    public const string Article = "article";
    public const string Clause = "clause";
    public const string Point = "point";

    [VocabularyName("ProvisionKind")]
    public static readonly string[] Kinds = [Chapter, Article, Clause, Point];

    /// <summary>The kind a provision's parent must be: a chapter has none, an article sits in a chapter or at the top.</summary>
    public static string? ParentKind(string kind) => kind switch
    {
        Article => Chapter,
        Clause => Article,
        Point => Clause,
        _ => null,
    };

    public static bool NeedsParent(string kind) => kind is Clause or Point;

    public static bool IsValidNum(string kind, string num) => kind switch
    {
        Chapter => ArabicNumber().IsMatch(num) || RomanValue(num) is not null,
        Article or Clause => ArabicNumber().IsMatch(num),
        Point => PointLetter().IsMatch(num),
        _ => false,
    };

    public static string NumRule(string kind) => kind switch
    {
        Chapter => "A chapter is numbered in Roman (I, II) or Arabic numerals.",
        Article => "An article is numbered 1, 2, … (an inserted one 4a).",
        Clause => "A clause is numbered 1, 2, … (an inserted one 2a).",
        _ => "A point is lettered a, b, c, d, đ, e, …",
    };

    public static string Derive(string? parentAknId, string kind, string num)
    {
        var own = kind switch
        {
            Chapter => $"chp_{RomanValue(num)?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? num}",
            Article => $"art_{num}",
            Clause => $"para_{num}",
            _ => $"point_{num.Replace("đ", "dd", StringComparison.Ordinal)}",
        };
        return parentAknId is null ? own : $"{parentAknId}__{own}";
    }

    /// <summary>A LIKE pattern (escape character <c>\</c>) that matches the ids of the provisions under <paramref name="aknId"/>.</summary>
    public static string DescendantsPattern(string aknId) =>
        aknId.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal) + @"\_\_%";

    private static int? RomanValue(string num)
    {
        if (!RomanNumeral().IsMatch(num))
        {
            return null;
        }

        var values = num.Select(c => c switch { 'I' => 1, 'V' => 5, 'X' => 10, 'L' => 50, _ => 100 }).ToArray();
        var total = values.Select((v, i) => i + 1 < values.Length && v < values[i + 1] ? -v : v).Sum();
        return total is > 0 and < 400 ? total : null;
    }

    [GeneratedRegex("^[1-9][0-9]{0,3}[a-z]?$")]
    private static partial Regex ArabicNumber();

    [GeneratedRegex("^(C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")]
    private static partial Regex RomanNumeral();

    [GeneratedRegex("^[a-zđ]{1,2}$")]
    private static partial Regex PointLetter();
}
