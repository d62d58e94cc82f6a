using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace CoordinationApi.Features.RegulationText;

/// <summary>
/// Reads a Word document (.docx) of a Vietnamese legal text in the standard structure, paragraph by paragraph:
/// <c>Chương I</c> opens a chapter (its title on the same line or the next paragraph), <c>Điều 1.</c> an article (its
/// heading after the number, or the next paragraph), <c>1.</c> a clause of the article, <c>a)</c> a point of the clause;
/// any other paragraph continues the text of the provision before it (one line each). Paragraphs before the first
/// chapter or article (the header, the title, the preamble) are skipped and listed. A number Word adds by automatic
/// numbering (numbering.xml) is read as if typed (<see cref="WordNumbering"/>). Chapters are numbered I, II, … and articles
/// upwards through the whole text: a chapter heading out of order, after articles of no chapter, or whose number cannot be
/// read is a paragraph that cannot be placed. <c>Điều 2</c> without its dot (alone, or with the heading after a space) is
/// the next article's heading when 2 is the next number; any other paragraph starting with <c>Điều</c> and a number that is
/// not an article heading cannot be placed either: it is never folded into the text before it. The English rendering reads the same way with <c>Chapter I</c> and
/// <c>Article 1.</c> (<see cref="Read"/> with <c>english</c>).
/// </summary>
internal static partial class DocxText
{
    public const string MediaType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    /// <summary>Bounds of the unpacked package: a few megabytes of XML are a very long regulation; more is a zip bomb.</summary>
    private const long MaxUnpackedBytes = 50_000_000;

    private const int MaxEntries = 1_000;

    public static ImportedText Read(byte[] bytes, bool english = false)
    {
        var result = new ImportedText();
        try
        {
            using (var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read))
            {
                if (zip.Entries.Count > MaxEntries || zip.Entries.Sum(e => e.Length) > MaxUnpackedBytes)
                {
                    result.Fail("document", $"The document unpacks to more than {MaxUnpackedBytes:N0} bytes or {MaxEntries:N0} parts.");
                    return result;
                }
            }

            using var document = WordprocessingDocument.Open(new MemoryStream(bytes, writable: false), false, new OpenSettings
            {
                MaxCharactersInPart = MaxUnpackedBytes,
            });
            if (document.MainDocumentPart?.Document?.Body is not { } body)
            {
                result.Fail("document", "The Word document has no body.");
                return result;
            }

            var numbering = new WordNumbering(document.MainDocumentPart);
            Place(body.Descendants<Paragraph>().Select(p => numbering.Label(p) + TextOf(p)).ToList(), result, english ? English : Vietnamese);
        }
        catch (Exception e) when (e is InvalidDataException or OpenXmlPackageException or XmlException or IOException or InvalidOperationException)
        {
            result.Fail("document", "The body is not a Word document (.docx) that can be read: a DTD (DOCTYPE) or an external entity in its XML is refused.");
            return result;
        }

        if (!english)
        {
            result.Check();
        }

        return result;
    }

    /// <summary>How a language writes the headings of chapters and articles (clauses and points are numbered alike).</summary>
    private sealed record Headings(
        Regex Chapter, Regex Article, Regex UnreadableChapter, Regex UndottedArticle, Regex UnreadableArticle, string ChapterWord, string ArticleWord);

    private static readonly Headings Vietnamese = new(
        ChapterLine(), ArticleLine(), UnreadableChapterLine(), UndottedArticleLine(), UnreadableArticleLine(), "Chương", "Điều");

    private static readonly Headings English = new(
        EnglishChapterLine(), EnglishArticleLine(), UnreadableEnglishChapterLine(), UndottedEnglishArticleLine(), UnreadableEnglishArticleLine(), "Chapter", "Article");

    private static string TextOf(Paragraph paragraph)
    {
        var text = new StringBuilder();
        foreach (var element in paragraph.Descendants())
        {
            switch (element)
            {
                // Hidden text (w:vanish) is not what the reader of the document sees: it never becomes regulation text.
                case Text t when !IsHidden(t):
                    text.Append(t.Text);
                    break;
                case TabChar or Break or CarriageReturn:
                    text.Append(' ');
                    break;
            }
        }

        return text.ToString();
    }

    private static bool IsHidden(Text text) =>
        text.Ancestors<Run>().FirstOrDefault()?.RunProperties?.Vanish is { } vanish && (vanish.Val is null || vanish.Val.Value);

    private static void Place(List<string> paragraphs, ImportedText result, Headings headings)
    {
        ImportedProvision? chapter = null, article = null, clause = null, last = null;
        int? chapterNumber = null, articleNumber = null;
        for (var i = 0; i < paragraphs.Count; i++)
        {
            if (ImportedText.Clean(paragraphs[i]) is not { } text)
            {
                continue;
            }

            var index = i + 1;
            var key = string.Create(CultureInfo.InvariantCulture, $"paragraphs[{index}]");
            var where = ImportedText.Describe("Paragraph", index, text);
            ImportedProvision New(string kind, string num, ImportedProvision? parent, string? heading, string? own) => new()
            {
                Kind = kind, Num = num, AknId = AknIds.Derive(parent?.AknId, kind, num), ParentAknId = parent?.AknId,
                HeadingVi = heading, TextVi = own, Source = key, Where = where,
            };

            if (!headings.Chapter.IsMatch(text) && headings.UnreadableChapter.IsMatch(text))
            {
                result.Fail(key, $"{where}: reads as a chapter heading, but its number cannot be read ({headings.ChapterWord} I, {headings.ChapterWord} II, …).");
                continue;
            }

            var articleHeading = headings.Article.Match(text) is { Success: true } dotted ? (Num: dotted.Groups["num"].Value, Heading: dotted.Groups["rest"].Value)
                : headings.UndottedArticle.Match(text) is { Success: true } undotted && LeadingNumber(undotted.Groups["num"].Value) == (articleNumber ?? 0) + 1
                    ? (Num: undotted.Groups["num"].Value, Heading: undotted.Groups["rest"].Value)
                    : ((string Num, string Heading)?)null;
            if (articleHeading is null && headings.UnreadableArticle.IsMatch(text))
            {
                var next = (articleNumber ?? 0) + 1;
                result.Fail(key, $"{where}: starts like an article heading ({headings.ArticleWord} and a number), but cannot be read as one: the next article is "
                    + $"'{headings.ArticleWord} {next}.' and its heading; a paragraph of text must not start with '{headings.ArticleWord}' and a number.");
                continue;
            }

            if (last is not null && ProvisionRules.NeedsHeading(last.Kind) && last.HeadingVi is null && articleHeading is null && !IsStructure(text, headings))
            {
                last.HeadingVi = text;
                continue;
            }

            if (headings.Chapter.Match(text) is { Success: true } c)
            {
                var number = WordNumbering.ChapterNumber(c.Groups["num"].Value);
                var misplaced = (chapter, article) switch
                {
                    (null, not null) => $"{where}: a chapter heading after articles that belong to no chapter: either every article is in a chapter or none is.",
                    _ when number is null => $"{where}: '{c.Groups["num"].Value}' is not a chapter number ({headings.ChapterWord} I, {headings.ChapterWord} II, …).",
                    _ when number != (chapterNumber ?? 0) + 1 => chapterNumber is null
                        ? $"{where}: the first chapter is numbered {c.Groups["num"].Value}; chapters are numbered from I, in order, so this heading is out of place."
                        : $"{where}: chapter {c.Groups["num"].Value} comes after chapter {WordNumbering.Roman(chapterNumber.Value)}; chapters are numbered in order, so this heading is out of place.",
                    _ => null,
                };
                if (misplaced is not null)
                {
                    result.Fail(key, misplaced);
                    continue;
                }

                chapterNumber = number;
                chapter = last = New(AknIds.Chapter, c.Groups["num"].Value, null, ImportedText.Clean(c.Groups["rest"].Value), null);
                article = clause = null;
            }
            else if (articleHeading is { } a)
            {
                var number = LeadingNumber(a.Num);
                if (articleNumber is { } previous && number <= previous)
                {
                    result.Fail(key, $"{where}: article {a.Num} comes after article {previous}; articles are numbered upwards through the whole text, so it is out of place.");
                    continue;
                }

                articleNumber = number;
                article = last = New(AknIds.Article, a.Num, chapter, ImportedText.Clean(a.Heading), null);
                clause = null;
            }
            else if (ClauseLine().Match(text) is { Success: true } k)
            {
                if (article is null)
                {
                    result.Fail(key, $"{where}: a numbered clause ({k.Groups["num"].Value}.) must follow an article (Điều …), and none comes before it.");
                    continue;
                }

                clause = last = New(AknIds.Clause, k.Groups["num"].Value, article, null, ImportedText.Clean(k.Groups["rest"].Value));
            }
            else if (PointLine().Match(text) is { Success: true } p)
            {
                if (clause is null)
                {
                    result.Fail(key, $"{where}: a lettered point ({p.Groups["num"].Value}) must follow a numbered clause (1., 2., …) of its article, and none comes before it.");
                    continue;
                }

                last = New(AknIds.Point, p.Groups["num"].Value, clause, null, ImportedText.Clean(p.Groups["rest"].Value));
            }
            else
            {
                if (last is null)
                {
                    result.Skipped.Add(new SkippedParagraphDto(index, ImportedText.Start(text)));
                }
                else
                {
                    last.TextVi = ImportedText.Append(last.TextVi, text);
                }

                continue;
            }

            result.Provisions.Add(last);
        }
    }

    private static bool IsStructure(string text, Headings headings) =>
        headings.Chapter.IsMatch(text) || headings.Article.IsMatch(text) || ClauseLine().IsMatch(text) || PointLine().IsMatch(text);

    private static int LeadingNumber(string num) =>
        int.Parse(num.AsSpan(0, num.TakeWhile(char.IsAsciiDigit).Count()), NumberStyles.None, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?i:chương)\s+(?<num>[IVXLC]+|[0-9]+)\b\s*[.:\-–]?\s*(?<rest>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex ChapterLine();

    /// <summary>
    /// A paragraph that starts like a chapter heading (<c>Chương</c> and a numeral or digit, or a lower-case numeral standing
    /// alone: <c>Chương ii</c>), read or not.
    /// </summary>
    [GeneratedRegex(@"^(?i:chương)\s+(?:[IVXLC0-9]|[ivxlc]+\b)", RegexOptions.CultureInvariant)]
    private static partial Regex UnreadableChapterLine();

    [GeneratedRegex(@"^(?i:chapter)\s+(?<num>[IVXLC]+|[0-9]+)\b\s*[.:\-–]?\s*(?<rest>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex EnglishChapterLine();

    [GeneratedRegex(@"^(?i:chapter)\s+(?:[IVXLC0-9]|[ivxlc]+\b)", RegexOptions.CultureInvariant)]
    private static partial Regex UnreadableEnglishChapterLine();

    [GeneratedRegex(@"^(?i:article)\s+(?<num>[0-9]+[a-z]?)\s*[.:]\s*(?<rest>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex EnglishArticleLine();

    [GeneratedRegex(@"^(?i:điều)\s+(?<num>[0-9]+[a-z]?)\s*[.:]\s*(?<rest>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex ArticleLine();

    /// <summary>An article heading without its dot: <c>Điều 2</c> alone, or with the heading after a space.</summary>
    [GeneratedRegex(@"^(?i:điều)\s+(?<num>[0-9]+)(?:\s+(?<rest>.*))?$", RegexOptions.CultureInvariant)]
    private static partial Regex UndottedArticleLine();

    /// <summary>A paragraph that starts like an article heading (<c>Điều</c> and a digit), read or not.</summary>
    [GeneratedRegex(@"^(?i:điều)\s+[0-9]", RegexOptions.CultureInvariant)]
    private static partial Regex UnreadableArticleLine();

    [GeneratedRegex(@"^(?i:article)\s+(?<num>[0-9]+)(?:\s+(?<rest>.*))?$", RegexOptions.CultureInvariant)]
    private static partial Regex UndottedEnglishArticleLine();

    [GeneratedRegex(@"^(?i:article)\s+[0-9]", RegexOptions.CultureInvariant)]
    private static partial Regex UnreadableEnglishArticleLine();

    [GeneratedRegex(@"^(?<num>[0-9]+[a-z]?)\.\s+(?<rest>.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex ClauseLine();

    [GeneratedRegex(@"^(?<num>[a-zđ]{1,2})\)\s+(?<rest>.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex PointLine();
}
