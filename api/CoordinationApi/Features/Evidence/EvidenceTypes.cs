using System.Text;

namespace CoordinationApi.Features.Evidence;

/// <summary>One kind of file the register keeps as evidence: its extensions, its media type and how its bytes begin.</summary>
/// <param name="Name">What it is called in messages ("a PDF document").</param>
/// <param name="MediaType">The one media type it is sent and served with.</param>
/// <param name="Extensions">The file name endings it is accepted under (lower case, with the dot).</param>
/// <param name="Matches">Whether the first bytes of a file (up to <see cref="EvidenceTypes.SniffBytes"/>) are this kind's.</param>
/// <param name="IsText">UTF-8 text throughout, checked over the whole file as it streams in.</param>
/// <param name="Package">A ZIP-based kind: what its central directory must hold once the file is on disk (<see cref="EvidenceArchives"/>).</param>
public sealed record EvidenceType(
    string Name, string MediaType, string[] Extensions, Func<ReadOnlyMemory<byte>, bool> Matches, bool IsText = false, PackageRule? Package = null);

/// <summary>
/// The kinds of file accepted as evidence, and content sniffing: a file's first bytes must be what its name and its
/// Content-Type say (a PDF starts <c>%PDF-</c>, an Office Open XML document is a ZIP whose first part is
/// <c>[Content_Types].xml</c>, an OpenDocument is a ZIP whose first entry is its <c>mimetype</c>, text is UTF-8 without
/// control characters). A renamed executable matches none of them.
/// </summary>
public static class EvidenceTypes
{
    /// <summary>How many leading bytes are sniffed (a file shorter than that is sniffed whole).</summary>
    public const int SniffBytes = 64 * 1024;

    private static readonly byte[] Zip = [0x50, 0x4B, 0x03, 0x04];
    private static readonly byte[] EmptyZip = [0x50, 0x4B, 0x05, 0x06];
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] ContentTypesPart = "[Content_Types].xml"u8.ToArray();
    private static readonly byte[] Elf = [0x7F, 0x45, 0x4C, 0x46];
    private static readonly byte[][] MachO = [[0xCF, 0xFA, 0xED, 0xFE], [0xFE, 0xED, 0xFA, 0xCF], [0xCA, 0xFE, 0xBA, 0xBE]];

    public static readonly EvidenceType[] All =
    [
        new("a PDF document", "application/pdf", [".pdf"], b => b.Span.StartsWith("%PDF-"u8) && !EvidenceArchives.HoldsExecutable(b.Span)),
        new("a Word document", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", [".docx"], b => OfficeOpenXml(b, "word/"u8),
            Package: PackageRule.Office("word/document.xml")),
        new("an Excel workbook", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", [".xlsx"], b => OfficeOpenXml(b, "xl/"u8),
            Package: PackageRule.Office("xl/workbook.xml")),
        new("a PowerPoint presentation", "application/vnd.openxmlformats-officedocument.presentationml.presentation", [".pptx"], b => OfficeOpenXml(b, "ppt/"u8),
            Package: PackageRule.Office("ppt/presentation.xml")),
        new("an OpenDocument text", "application/vnd.oasis.opendocument.text", [".odt"], b => OpenDocument(b, "application/vnd.oasis.opendocument.text"),
            Package: PackageRule.OpenDocument("application/vnd.oasis.opendocument.text")),
        new("an OpenDocument spreadsheet", "application/vnd.oasis.opendocument.spreadsheet", [".ods"], b => OpenDocument(b, "application/vnd.oasis.opendocument.spreadsheet"),
            Package: PackageRule.OpenDocument("application/vnd.oasis.opendocument.spreadsheet")),
        new("a PNG image", "image/png", [".png"], b => b.Span.StartsWith(Png)),
        new("a JPEG image", "image/jpeg", [".jpg", ".jpeg"], b => b.Span.StartsWith(Jpeg)),
        new("a text file", "text/plain", [".txt"], _ => true, IsText: true),
        new("a CSV file", "text/csv", [".csv"], _ => true, IsText: true),
        new("a ZIP archive", "application/zip", [".zip"], b => b.Span.StartsWith(Zip) || b.Span.StartsWith(EmptyZip), Package: PackageRule.Archive),
    ];

    /// <summary>Every media type accepted (each kind has one).</summary>
    public static IReadOnlyList<string> MediaTypes { get; } = [.. All.Select(t => t.MediaType)];

    /// <summary>Every extension accepted, for messages.</summary>
    public static string ExtensionList { get; } = string.Join(", ", All.SelectMany(t => t.Extensions));

    public static EvidenceType? ByExtension(string fileName)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        return All.FirstOrDefault(t => t.Extensions.Contains(extension, StringComparer.Ordinal));
    }

    public static EvidenceType? ByMediaType(string mediaType) =>
        All.FirstOrDefault(t => string.Equals(t.MediaType, mediaType, StringComparison.OrdinalIgnoreCase));

    /// <summary>What the first bytes look like, for the refusal's message (never the bytes themselves).</summary>
    public static string Describe(ReadOnlyMemory<byte> head)
    {
        var span = head.Span;
        if (span.IsEmpty)
        {
            return "the file is empty";
        }

        if (span.StartsWith("MZ"u8))
        {
            return "they are a Windows executable (MZ)";
        }

        if (span.StartsWith("%PDF-"u8) && EvidenceArchives.HoldsExecutable(span))
        {
            return "they are a PDF header followed by a Windows or ELF executable (a polyglot)";
        }

        if (span.StartsWith(Elf))
        {
            return "they are an ELF executable";
        }

        foreach (var magic in MachO)
        {
            if (span.StartsWith(magic))
            {
                return "they are a Mach-O executable";
            }
        }

        if (span.StartsWith("#!"u8))
        {
            return "they are a script (#!)";
        }

        return All.FirstOrDefault(t => !t.IsText && t.Matches(head)) is { } other ? $"they look like {other.Name}" : "their first bytes are not";
    }

    /// <summary>
    /// A ZIP holding <c>[Content_Types].xml</c> (the OPC package's first part, as Office writes it) and a part under the
    /// kind's main folder (<c>word/</c>, <c>xl/</c>, <c>ppt/</c>) among the local headers of the sniffed bytes, so a workbook
    /// is not taken for a Word document.
    /// </summary>
    private static bool OfficeOpenXml(ReadOnlyMemory<byte> head, ReadOnlySpan<byte> mainFolder)
    {
        var span = head.Span;
        return span.StartsWith(Zip) && span.IndexOf(ContentTypesPart) >= 0 && HasEntryUnder(span, mainFolder);
    }

    /// <summary>Whether a local file header (<c>PK\x03\x04</c>) in the bytes names an entry under <paramref name="folder"/>.</summary>
    private static bool HasEntryUnder(ReadOnlySpan<byte> zip, ReadOnlySpan<byte> folder)
    {
        for (var at = zip.IndexOf(Zip); at >= 0 && at + 30 <= zip.Length;)
        {
            var nameLength = zip[at + 26] | (zip[at + 27] << 8);
            if (at + 30 + nameLength <= zip.Length && zip.Slice(at + 30, nameLength).StartsWith(folder))
            {
                return true;
            }

            var next = zip[(at + 4)..].IndexOf(Zip);
            at = next < 0 ? -1 : at + 4 + next;
        }

        return false;
    }

    /// <summary>A ZIP whose first entry is <c>mimetype</c>, stored, holding the kind's media type (OpenDocument, part 3, 3.3).</summary>
    private static bool OpenDocument(ReadOnlyMemory<byte> head, string mediaType)
    {
        var span = head.Span;
        var expected = Encoding.ASCII.GetBytes("mimetype" + mediaType);
        return span.StartsWith(Zip) && span.Length >= 30 + expected.Length && span.Slice(30, expected.Length).SequenceEqual(expected);
    }
}

/// <summary>
/// Checks that a text file is UTF-8 throughout with no control characters but tab, line feed, form feed and carriage
/// return, chunk by chunk as it streams in (a byte order mark is allowed).
/// </summary>
public sealed class TextCheck
{
    private readonly Decoder decoder = new UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder();
    private readonly char[] chars = new char[8192];

    public bool Valid { get; private set; } = true;

    public void Add(ReadOnlySpan<byte> bytes, bool final = false)
    {
        if (!Valid)
        {
            return;
        }

        try
        {
            do
            {
                decoder.Convert(bytes, chars, final, out var used, out var produced, out var completed);
                foreach (var c in chars.AsSpan(0, produced))
                {
                    if (char.IsControl(c) && c is not ('\t' or '\n' or '\r' or '\f'))
                    {
                        Valid = false;
                        return;
                    }
                }

                bytes = bytes[used..];
                if (bytes.IsEmpty && (completed || !final))
                {
                    return;
                }
            }
            while (true);
        }
        catch (DecoderFallbackException)
        {
            Valid = false;
        }
    }
}
