using CoordinationApi.Infrastructure.Http;
using System.Globalization;
using System.Text;
using CoordinationApi.Features.Regulations;

namespace CoordinationApi.Features.RegulationText;

/// <summary>One provision read from an imported document, with where it came from (to name it in an error).</summary>
internal sealed class ImportedProvision
{
    public required string Kind { get; init; }

    public required string Num { get; init; }

    public required string AknId { get; init; }

    public string? ParentAknId { get; init; }

    public string? HeadingVi { get; set; }

    public string? HeadingEn { get; set; }

    public string? TextVi { get; set; }

    public string? TextEn { get; set; }

    public bool IsSummary { get; set; }

    /// <summary>The error key of its source: <c>paragraphs[12]</c> or <c>elements[7]</c>.</summary>
    public required string Source { get; init; }

    /// <summary>Its source as a person finds it: <c>Paragraph 12 ('Điều 3. Nguyên tắc…')</c>.</summary>
    public required string Where { get; init; }

    public ProvisionRow ToRow() => new()
    {
        AknId = AknId, ParentAknId = ParentAknId, Kind = Kind, Num = Num, HeadingVi = HeadingVi, HeadingEn = HeadingEn,
        TextVi = TextVi, TextEn = TextEn, IsSummary = IsSummary,
    };
}

/// <summary>What a document holds: its provisions in reading order, or the errors naming what could not be placed.</summary>
internal sealed class ImportedText
{
    public List<ImportedProvision> Provisions { get; } = [];

    public List<SkippedParagraphDto> Skipped { get; } = [];

    public Dictionary<string, string[]> Errors { get; } = [];

    public void Fail(string key, string message) =>
        Errors[key] = Errors.TryGetValue(key, out var earlier) ? [.. earlier, message] : [message];

    /// <summary>A person's name for a piece of the document: its kind and number, and the start of its text.</summary>
    public static string Describe(string what, int index, string text) =>
        string.Create(CultureInfo.InvariantCulture, $"{what} {index} ('{Start(text)}')");

    public static string Start(string text) => text.Length <= 60 ? text : text[..60] + "…";

    /// <summary>Whitespace runs as one space, trimmed, in NFC; null when nothing is left.</summary>
    public static string? Clean(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                if (builder.Length > 0 && builder[^1] != ' ')
                {
                    builder.Append(' ');
                }
            }
            else
            {
                builder.Append(c);
            }
        }

        var cleaned = builder.ToString().Trim().Normalize(NormalizationForm.FormC);
        return cleaned.Length == 0 ? null : cleaned;
    }

    public static string? Append(string? text, string line) => text is null ? line : text + "\n" + line;

    /// <summary>
    /// The rules a draft's text keeps (those of creating provisions one by one): numbers, required headings and texts,
    /// lengths, unique ids, the most provisions per parent and per version, the most text per article and per version.
    /// </summary>
    public void Check()
    {
        if (Errors.Count > 0)
        {
            return;
        }

        if (Provisions.Count == 0)
        {
            Fail("document", "No chapter (Chương I) or article (Điều 1.) was found: the document holds no text to import.");
            return;
        }

        if (Provisions.Count > ProvisionRules.MaxProvisionsPerVersion)
        {
            Fail("document", $"The document holds {Provisions.Count:N0} provisions; a version holds at most {ProvisionRules.MaxProvisionsPerVersion:N0}.");
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var children = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var p in Provisions)
        {
            if (!AknIds.IsValidNum(p.Kind, p.Num))
            {
                Fail(p.Source, $"{p.Where}: '{p.Num}' is not a {p.Kind} number. {AknIds.NumRule(p.Kind)}");
            }
            else if (!seen.Add(p.AknId))
            {
                Fail(p.Source, $"{p.Where}: a second {p.Kind} numbered {p.Num} at the same place ('{p.AknId}').");
            }

            if (ProvisionRules.NeedsHeading(p.Kind) && string.IsNullOrWhiteSpace(p.HeadingVi))
            {
                Fail(p.Source, $"{p.Where}: a {p.Kind} needs a Vietnamese heading.");
            }

            if (p.Kind is AknIds.Clause or AknIds.Point && string.IsNullOrWhiteSpace(p.TextVi))
            {
                Fail(p.Source, $"{p.Where}: a {p.Kind} needs a Vietnamese text.");
            }

            // The same rule as a provision written through the API: no control characters but tabs and line breaks.
            if (new[] { p.HeadingVi, p.HeadingEn, p.TextVi, p.TextEn }.Any(t => t is not null && t.Any(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r'))))
            {
                Fail(p.Source, $"{p.Where}: {NfcStringConverter.ControlCharacter}");
            }

            if ((p.HeadingVi?.Length ?? 0) > ProvisionRules.MaxHeading || (p.HeadingEn?.Length ?? 0) > ProvisionRules.MaxHeading)
            {
                Fail(p.Source, $"{p.Where}: a heading holds at most {ProvisionRules.MaxHeading:N0} characters.");
            }

            if ((p.TextVi?.Length ?? 0) > ProvisionRules.MaxText || (p.TextEn?.Length ?? 0) > ProvisionRules.MaxText)
            {
                Fail(p.Source, $"{p.Where}: a text holds at most {ProvisionRules.MaxText:N0} characters.");
            }

            var parent = p.ParentAknId ?? "";
            children[parent] = children.GetValueOrDefault(parent) + 1;
            if (children[parent] == ProvisionRules.MaxChildren + 1)
            {
                Fail(p.Source, $"{p.Where}: '{p.ParentAknId ?? "The text"}' would hold more than {ProvisionRules.MaxChildren} provisions.");
            }
        }

        foreach (var (language, text) in new (string, Func<ImportedProvision, string?>)[] { ("Vietnamese", p => p.TextVi), ("English", p => p.TextEn) })
        {
            foreach (var article in Provisions.GroupBy(p => ProvisionRules.ArticleOf(p.AknId)).Where(g => g.Key is not null))
            {
                if (article.Sum(p => (long)(text(p)?.Length ?? 0)) > ProvisionRules.MaxArticleText)
                {
                    var first = article.First();
                    Fail(first.Source, $"{first.Where}: the article with its clauses and points holds more than {ProvisionRules.MaxArticleText:N0} characters of {language} text; split it into articles.");
                }
            }
        }

        if (Provisions.Sum(p => (long)(p.HeadingVi?.Length ?? 0) + (p.TextVi?.Length ?? 0)) > ProvisionRules.MaxVersionText
            || Provisions.Sum(p => (long)(p.HeadingEn?.Length ?? 0) + (p.TextEn?.Length ?? 0)) > ProvisionRules.MaxVersionText)
        {
            Fail("document", $"The text holds more than {ProvisionRules.MaxVersionText:N0} characters of headings and text in one language.");
        }
    }
}
