using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace CoordinationApi.Features.RegulationText;

/// <summary>
/// The numbers Word shows before automatically numbered paragraphs (<c>w:numPr</c>, on the paragraph or its style), which are
/// not in the paragraph's text: each paragraph's label from numbering.xml — the level's <c>lvlText</c> (<c>Điều %1.</c>,
/// <c>%1.</c>, <c>%1)</c>) with each <c>%n</c> replaced by the count of level n in its format (<c>decimal</c>,
/// <c>lowerLetter</c>, <c>upperRoman</c>, …) — counting per list (<c>numId</c>) and level from the level's <c>start</c> (or the
/// list's <c>startOverride</c>), a level restarting when a higher one moves on. Read in document order, one paragraph after
/// the other, so a numbered document reads as the same document typed out.
/// </summary>
internal sealed class WordNumbering
{
    private const int Levels = 9;

    private readonly Dictionary<int, AbstractNum> abstracts = [];
    private readonly Dictionary<int, NumberingInstance> instances = [];
    private readonly Dictionary<string, Style> styles = new(StringComparer.Ordinal);
    private readonly Dictionary<int, int?[]> counts = [];

    public WordNumbering(MainDocumentPart main)
    {
        if (main.NumberingDefinitionsPart?.Numbering is { } numbering)
        {
            foreach (var abstractNum in numbering.Elements<AbstractNum>())
            {
                if (abstractNum.AbstractNumberId?.Value is { } id)
                {
                    abstracts[id] = abstractNum;
                }
            }

            foreach (var instance in numbering.Elements<NumberingInstance>())
            {
                if (instance.NumberID?.Value is { } id)
                {
                    instances[id] = instance;
                }
            }
        }

        foreach (var style in main.StyleDefinitionsPart?.Styles?.Elements<Style>() ?? [])
        {
            if (style.StyleId?.Value is { } id)
            {
                styles.TryAdd(id, style);
            }
        }
    }

    /// <summary>The label Word shows before the paragraph followed by its separator (a space), or "" when it is not numbered.</summary>
    public string Label(Paragraph paragraph)
    {
        var (numId, level) = NumberingOf(paragraph);
        if (numId is not { } id || id == 0 || !instances.TryGetValue(id, out var instance)
            || instance.AbstractNumId?.Val?.Value is not { } abstractId || !abstracts.TryGetValue(abstractId, out var abstractNum))
        {
            return "";
        }

        var ilvl = Math.Clamp(level ?? 0, 0, Levels - 1);
        var values = counts.TryGetValue(id, out var known) ? known : counts[id] = new int?[Levels];
        values[ilvl] = values[ilvl] is { } current ? current + 1 : StartOf(instance, abstractNum, ilvl);
        for (var deeper = ilvl + 1; deeper < Levels; deeper++)
        {
            values[deeper] = null;
        }

        var definition = LevelOf(instance, abstractNum, ilvl);
        if (definition is null || Format(definition) == NumberFormatValues.None)
        {
            return "";
        }

        var text = definition.LevelText?.Val?.Value ?? "";
        if (Format(definition) == NumberFormatValues.Bullet)
        {
            // A bullet is decoration unless it is a character a person could type (a dash); symbol-font bullets are dropped.
            return text.Length > 0 && text.All(c => c is '-' or '–' or '+' or '*') ? text + " " : "";
        }

        var label = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '%' && i + 1 < text.Length && text[i + 1] is >= '1' and <= '9')
            {
                var referenced = text[i + 1] - '1';
                var referencedLevel = LevelOf(instance, abstractNum, referenced);
                var value = values[referenced] ?? StartOf(instance, abstractNum, referenced);
                var legal = definition.IsLegalNumberingStyle is { } isLgl && (isLgl.Val is null || isLgl.Val.Value) && referenced < ilvl;
                label.Append(Render(value, legal || referencedLevel is null ? NumberFormatValues.Decimal : Format(referencedLevel)));
                i++;
            }
            else
            {
                label.Append(text[i]);
            }
        }

        return definition.LevelSuffix?.Val?.Value == LevelSuffixValues.Nothing ? label.ToString() : label + " ";
    }

    /// <summary>The paragraph's own numbering, else that of its style (and the styles it is based on).</summary>
    private (int? NumId, int? Level) NumberingOf(Paragraph paragraph)
    {
        var own = paragraph.ParagraphProperties?.NumberingProperties;
        int? numId = own?.NumberingId?.Val?.Value;
        int? level = own?.NumberingLevelReference?.Val?.Value;
        var styleId = paragraph.ParagraphProperties?.ParagraphStyleId?.Val?.Value;
        for (var depth = 0; numId is null && styleId is not null && depth < 20 && styles.TryGetValue(styleId, out var style); depth++)
        {
            var fromStyle = style.StyleParagraphProperties?.NumberingProperties;
            numId = fromStyle?.NumberingId?.Val?.Value;
            level ??= fromStyle?.NumberingLevelReference?.Val?.Value;
            styleId = style.BasedOn?.Val?.Value;
        }

        return (numId, level);
    }

    private static Level? LevelOf(NumberingInstance instance, AbstractNum abstractNum, int ilvl) =>
        instance.Elements<LevelOverride>().FirstOrDefault(o => o.LevelIndex?.Value == ilvl)?.Level
        ?? abstractNum.Elements<Level>().FirstOrDefault(l => l.LevelIndex?.Value == ilvl);

    private static int StartOf(NumberingInstance instance, AbstractNum abstractNum, int ilvl) =>
        instance.Elements<LevelOverride>().FirstOrDefault(o => o.LevelIndex?.Value == ilvl)?.StartOverrideNumberingValue?.Val?.Value
        ?? LevelOf(instance, abstractNum, ilvl)?.StartNumberingValue?.Val?.Value
        ?? 0;

    private static NumberFormatValues Format(Level level) => level.NumberingFormat?.Val?.Value ?? NumberFormatValues.Decimal;

    private static string Render(int value, NumberFormatValues format)
    {
        if (format == NumberFormatValues.LowerLetter || format == NumberFormatValues.UpperLetter)
        {
            // Word's letters: a … z, then aa … zz, aaa …
            var letters = value <= 0 ? "" : new string((char)('a' + ((value - 1) % 26)), ((value - 1) / 26) + 1);
            return format == NumberFormatValues.UpperLetter ? letters.ToUpperInvariant() : letters;
        }

        if (format == NumberFormatValues.LowerRoman || format == NumberFormatValues.UpperRoman)
        {
            var roman = Roman(value);
            return format == NumberFormatValues.LowerRoman ? roman.ToLowerInvariant() : roman;
        }

        if (format == NumberFormatValues.DecimalZero)
        {
            return value.ToString("00", CultureInfo.InvariantCulture);
        }

        return value.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>A number in Roman numerals (1–3999; others as digits).</summary>
    internal static string Roman(int value)
    {
        if (value is <= 0 or >= 4000)
        {
            return value.ToString(CultureInfo.InvariantCulture);
        }

        (int Value, string Numeral)[] numerals =
            [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")];
        var roman = new StringBuilder();
        foreach (var (step, numeral) in numerals)
        {
            while (value >= step)
            {
                roman.Append(numeral);
                value -= step;
            }
        }

        return roman.ToString();
    }

    /// <summary>The value of a chapter number written in Roman numerals or digits, or null.</summary>
    internal static int? ChapterNumber(string num)
    {
        if (int.TryParse(num, NumberStyles.None, CultureInfo.InvariantCulture, out var arabic))
        {
            return arabic;
        }

        var upper = num.ToUpperInvariant();
        for (var candidate = 1; candidate < 400; candidate++)
        {
            if (Roman(candidate) == upper)
            {
                return candidate;
            }
        }

        return null;
    }
}
