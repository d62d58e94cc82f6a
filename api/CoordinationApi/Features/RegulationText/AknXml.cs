using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using CoordinationApi.Features.Regulations;

namespace CoordinationApi.Features.RegulationText;

/// <summary>
/// The text of a version as an Akoma Ntoso 3.0 act, and back. A chapter is a <c>chapter</c>, an article an
/// <c>article</c>, a clause a <c>paragraph</c>, a point a <c>point</c>; each has its AKN id as <c>eId</c>, its number in
/// <c>num</c>, its heading in <c>heading</c> (a <c>span</c> per language) and its text in <c>content</c> (or <c>intro</c>
/// when provisions follow it; a <c>p</c> per language and line). Languages are marked with <c>xml:lang</c> (vi, en); a
/// summary (not the official wording) has <c>class="summary"</c>.
/// </summary>
internal static partial class AknXml
{
    public const string MediaType = "application/akn+xml";

    public static readonly XNamespace Akn = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0";

    private static readonly XNamespace Xml = XNamespace.Xml;

    private static readonly Dictionary<string, string> Elements = new(StringComparer.Ordinal)
    {
        [AknIds.Chapter] = "chapter", [AknIds.Article] = "article", [AknIds.Clause] = "paragraph", [AknIds.Point] = "point",
    };

    /// <summary>The characters an imported XML document may hold (the bytes are bounded before; this bounds entity-free expansion too).</summary>
    private const long MaxCharacters = 10_000_000;

    public static byte[] Write(RegulationTextDto text)
    {
        var version = text.Version;
        var date = (version.EffectiveFrom ?? DateOnly.FromDateTime(version.CreatedAt.UtcDateTime)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var work = string.Create(CultureInfo.InvariantCulture, $"/akn/vn/act/regulation/{text.RegulationId}");
        var languages = text.Lang switch { "vi" => new[] { "vie" }, "en" => ["eng"], _ => ["vie", "eng"] };
        var expression = $"{work}/{string.Join("-", languages)}@v{version.Number.ToString(CultureInfo.InvariantCulture)}";
        XElement Frbr(string name, params object[] content) => new(Akn + name, content);
        var document = new XDocument(
            new XDeclaration("1.0", "utf-8", null),
            new XElement(Akn + "akomaNtoso",
                new XElement(Akn + "act", new XAttribute("name", "regulation"),
                    new XElement(Akn + "meta",
                        new XElement(Akn + "identification", new XAttribute("source", "#coordination-api"),
                            Frbr("FRBRWork",
                                Frbr("FRBRthis", new XAttribute("value", $"{work}/main")),
                                Frbr("FRBRuri", new XAttribute("value", work)),
                                Frbr("FRBRdate", new XAttribute("date", date), new XAttribute("name", "version")),
                                Frbr("FRBRauthor", new XAttribute("href", "#coordination-api")),
                                Frbr("FRBRcountry", new XAttribute("value", "vn"))),
                            Frbr("FRBRExpression",
                                Frbr("FRBRthis", new XAttribute("value", $"{expression}/main")),
                                Frbr("FRBRuri", new XAttribute("value", expression)),
                                Frbr("FRBRdate", new XAttribute("date", date), new XAttribute("name", "version")),
                                Frbr("FRBRauthor", new XAttribute("href", "#coordination-api")),
                                languages.Select(l => Frbr("FRBRlanguage", new XAttribute("language", l)))),
                            Frbr("FRBRManifestation",
                                Frbr("FRBRthis", new XAttribute("value", $"{expression}/main.xml")),
                                Frbr("FRBRuri", new XAttribute("value", $"{expression}.akn")),
                                Frbr("FRBRdate", new XAttribute("date", date), new XAttribute("name", "generation")),
                                Frbr("FRBRauthor", new XAttribute("href", "#coordination-api")))),
                        new XElement(Akn + "references", new XAttribute("source", "#coordination-api"),
                            new XElement(Akn + "TLCOrganization", new XAttribute("eId", "coordination-api"),
                                new XAttribute("href", "/ontology/organization/coordination-api"), new XAttribute("showAs", "CoordinationApi")))),
                    new XElement(Akn + "body", text.Chapters.Select(Provision)))));
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            document.Save(writer);
        }

        return stream.ToArray();
    }

    private static XElement Provision(ProvisionDto p)
    {
        var element = new XElement(Akn + Elements[p.Kind], new XAttribute("eId", p.AknId));
        if (p.IsSummary)
        {
            element.Add(new XAttribute("class", "summary"));
        }

        element.Add(new XElement(Akn + "num", p.Num));
        if (p.HeadingVi is not null || p.HeadingEn is not null)
        {
            element.Add(new XElement(Akn + "heading", Span("vi", p.HeadingVi), Span("en", p.HeadingEn)));
        }

        var text = Lines("vi", p.TextVi).Concat(Lines("en", p.TextEn)).ToList();
        if (p.Children.Count == 0)
        {
            element.Add(new XElement(Akn + "content", text.Count == 0 ? [new XElement(Akn + "p")] : text));
        }
        else
        {
            if (text.Count > 0)
            {
                element.Add(new XElement(Akn + "intro", text));
            }

            element.Add(p.Children.Select(Provision));
        }

        return element;
    }

    private static XElement? Span(string lang, string? text) =>
        text is null ? null : new XElement(Akn + "span", new XAttribute(Xml + "lang", lang), text);

    private static IEnumerable<XElement> Lines(string lang, string? text) =>
        text is null ? [] : text.Split('\n').Select(line => new XElement(Akn + "p", new XAttribute(Xml + "lang", lang), line));

    /// <summary>
    /// Reads the provisions of an Akoma Ntoso document's <c>body</c>. No DTD is processed and no external resource is
    /// resolved: a document that declares one is refused. Ids are derived from the numbers (as when provisions are
    /// created one by one), so they do not depend on the eIds of a foreign document.
    /// </summary>
    public static ImportedText Read(byte[] bytes)
    {
        var result = new ImportedText();
        XDocument document;
        try
        {
            var settings = new XmlReaderSettings
            {
                DtdProcessing = DtdProcessing.Prohibit,
                XmlResolver = null,
                MaxCharactersInDocument = MaxCharacters,
                MaxCharactersFromEntities = 0,
                IgnoreComments = true,
                IgnoreProcessingInstructions = true,
            };
            using var reader = XmlReader.Create(new MemoryStream(bytes, writable: false), settings);
            document = XDocument.Load(reader, LoadOptions.None);
        }
        catch (XmlException e)
        {
            result.Fail("document", string.Create(CultureInfo.InvariantCulture,
                $"The XML could not be read (line {e.LineNumber}, position {e.LinePosition}): it must be well-formed, and a DTD (DOCTYPE) or an external entity is refused."));
            return result;
        }

        var body = document.Root?.Name.LocalName == "akomaNtoso"
            ? document.Root.Descendants().FirstOrDefault(e => e.Name.LocalName == "body")
            : null;
        if (body is null)
        {
            result.Fail("document", "The document is not an Akoma Ntoso act: no akomaNtoso root with a body was found.");
            return result;
        }

        var index = 0;
        void Visit(XElement container, ImportedProvision? parent)
        {
            foreach (var element in container.Elements())
            {
                var name = element.Name.LocalName;
                if (name is "num" or "heading" or "subheading" or "intro" or "content" or "wrapUp" or "componentRef")
                {
                    continue;
                }

                index++;
                var kind = Elements.FirstOrDefault(e => e.Value == name).Key;
                var num = CleanNum(ImportedText.Clean(element.Elements().FirstOrDefault(e => e.Name.LocalName == "num")?.Value) ?? "");
                var where = ImportedText.Describe($"Element {index} <{name}{(element.Attribute("eId") is { } eId ? $" eId=\"{eId.Value}\"" : "")}>", index, num);
                var key = string.Create(CultureInfo.InvariantCulture, $"elements[{index}]");
                if (name is "list" or "blockList")
                {
                    // Points held in a list, as some documents hold them: the list's intro is the clause's text.
                    Visit(element, parent);
                    continue;
                }

                if (kind is null)
                {
                    result.Fail(key, $"{where}: this register holds chapters, articles, clauses (paragraph) and points only.");
                    continue;
                }

                if (parent is null ? kind is AknIds.Clause or AknIds.Point : parent.Kind != AknIds.ParentKind(kind))
                {
                    result.Fail(key, $"{where}: a {kind} cannot be placed {(parent is null ? "at the top of the text" : $"in a {parent.Kind}")}; it belongs in a {AknIds.ParentKind(kind) ?? "nothing (the top)"}.");
                    continue;
                }

                if (num.Length == 0)
                {
                    result.Fail(key, $"{where}: a {kind} needs its number in <num>.");
                    continue;
                }

                var heading = element.Elements().FirstOrDefault(e => e.Name.LocalName == "heading");
                var provision = new ImportedProvision
                {
                    Kind = kind, Num = num, AknId = AknIds.Derive(parent?.AknId, kind, num), ParentAknId = parent?.AknId, Source = key, Where = where,
                    IsSummary = (element.Attribute("class")?.Value ?? "").Split(' ').Contains("summary"),
                };
                if (heading is not null)
                {
                    var spans = heading.Elements().Where(e => e.Name.LocalName == "span" && e.Attribute(Xml + "lang") is not null).ToList();
                    provision.HeadingVi = spans.Count == 0 ? ImportedText.Clean(heading.Value) : ImportedText.Clean(string.Concat(spans.Where(s => !IsEnglish(s)).Select(s => s.Value)));
                    provision.HeadingEn = ImportedText.Clean(string.Concat(spans.Where(IsEnglish).Select(s => s.Value)));
                }

                foreach (var block in element.Elements().Where(e => e.Name.LocalName is "intro" or "content")
                    .Concat(element.Elements().Where(e => e.Name.LocalName is "list" or "blockList").SelectMany(l => l.Elements().Where(e => e.Name.LocalName == "intro"))))
                {
                    foreach (var p in block.Descendants().Where(e => e.Name.LocalName == "p"))
                    {
                        if (ImportedText.Clean(p.Value) is not { } line)
                        {
                            continue;
                        }

                        if (IsEnglish(p))
                        {
                            provision.TextEn = ImportedText.Append(provision.TextEn, line);
                        }
                        else
                        {
                            provision.TextVi = ImportedText.Append(provision.TextVi, line);
                        }
                    }
                }

                result.Provisions.Add(provision);
                Visit(element, provision);
            }
        }

        Visit(body, null);
        result.Check();
        return result;
    }

    private static bool IsEnglish(XElement element) =>
        element.AncestorsAndSelf().Select(e => e.Attribute(Xml + "lang")?.Value).FirstOrDefault(l => l is not null) is { } lang
        && lang.StartsWith("en", StringComparison.OrdinalIgnoreCase);

    /// <summary>A number as printed, without its label and punctuation: "Chương II" → II, "Điều 4." → 4, "a)" → a.</summary>
    public static string CleanNum(string num) => NumDecoration().Replace(num, "").Trim();

    [GeneratedRegex(@"^(Chương|Chapter|Điều|Article|Khoản|Điểm|Point|Clause)\s+|[.):]+$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NumDecoration();
}
