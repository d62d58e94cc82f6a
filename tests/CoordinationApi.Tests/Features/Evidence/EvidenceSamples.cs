using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;

namespace CoordinationApi.Tests.Features.Evidence;

/// <summary>
/// A real sample of every accepted kind of file (as its program writes it: a PDF header, an OPC package whose first part is
/// [Content_Types].xml, an OpenDocument whose first entry is its stored mimetype…) and bodies that are none of them.
/// </summary>
internal static class EvidenceSamples
{
    /// <summary>The accepted kinds: extension, media type, a sample and the family whose bodies it rightly accepts.</summary>
    public static readonly Kind[] Kinds =
    [
        new(".pdf", "application/pdf", Pdf(4096), "pdf"),
        new(".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", Ooxml("word/document.xml"), "docx"),
        new(".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Ooxml("xl/workbook.xml"), "xlsx"),
        new(".pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", Ooxml("ppt/presentation.xml"), "pptx"),
        new(".odt", "application/vnd.oasis.opendocument.text", OpenDocument("application/vnd.oasis.opendocument.text"), "odt"),
        new(".ods", "application/vnd.oasis.opendocument.spreadsheet", OpenDocument("application/vnd.oasis.opendocument.spreadsheet"), "ods"),
        new(".png", "image/png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. Noise(2048, 3)], "png"),
        new(".jpg", "image/jpeg", [0xFF, 0xD8, 0xFF, 0xE0, .. Noise(2048, 4)], "jpeg"),
        new(".jpeg", "image/jpeg", [0xFF, 0xD8, 0xFF, 0xE1, .. Noise(2048, 5)], "jpeg"),
        new(".txt", "text/plain", Encoding.UTF8.GetBytes("Biên bản kiểm tra liên ngành\nJoint inspection record\n"), "text"),
        new(".csv", "text/csv", Encoding.UTF8.GetBytes("mã,tên\nA05,An ninh mạng\n"), "text"),
        new(".zip", "application/zip", PlainZip(), "zip"),
    ];

    /// <summary>Bodies that are no kind at all: a Windows executable, an ELF binary, a shell script with a NUL, random bytes.</summary>
    public static readonly (string Name, byte[] Bytes)[] Foreign =
    [
        ("Windows executable", [(byte)'M', (byte)'Z', 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, .. Noise(1024, 6)]),
        ("ELF executable", [0x7F, (byte)'E', (byte)'L', (byte)'F', 0x02, 0x01, 0x01, 0x00, .. Noise(1024, 7)]),
        ("script with a NUL byte", [.. "#!/bin/sh\nrm -rf /\n"u8, 0x00]),
        ("random bytes", Noise(4096, 8)),
    ];

    /// <summary>Whether a body of kind <paramref name="body"/> is rightly accepted under <paramref name="declared"/>: the same family, or any ZIP-based file as a .zip.</summary>
    public static bool Accepts(Kind declared, Kind body) =>
        declared.Family == body.Family
        || (declared.Family == "zip" && body.Family is "docx" or "xlsx" or "pptx" or "odt" or "ods");

    public static byte[] Pdf(int size) => [.. "%PDF-1.7\n"u8, .. Noise(size, 1)];

    /// <summary>Deterministic bytes that are no kind's (first byte not a magic number, and with NULs and invalid UTF-8 about).</summary>
    public static byte[] Noise(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        if (size > 0)
        {
            bytes[0] = 0x00;
        }

        return bytes;
    }

    public static ByteArrayContent Content(byte[] bytes, string mediaType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(mediaType);
        return content;
    }

    /// <summary>A ZIP-based file of <paramref name="family"/> (its base parts, as <see cref="Kinds"/>' sample has them) with <paramref name="extra"/> entries after them.</summary>
    public static byte[] PackageWith(string family, params (string Name, byte[] Bytes)[] extra)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            switch (family)
            {
                case "docx" or "xlsx" or "pptx":
                    Write(zip, "[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>");
                    Write(zip, family switch { "docx" => "word/document.xml", "xlsx" => "xl/workbook.xml", _ => "ppt/presentation.xml" }, "<?xml version=\"1.0\"?><root/>");
                    break;
                case "odt" or "ods":
                    Write(zip, "mimetype", family == "odt" ? "application/vnd.oasis.opendocument.text" : "application/vnd.oasis.opendocument.spreadsheet", CompressionLevel.NoCompression);
                    Write(zip, "content.xml", "<?xml version=\"1.0\"?><root/>");
                    break;
                default:
                    Write(zip, "readme.txt", "Hồ sơ");
                    break;
            }

            foreach (var (name, bytes) in extra)
            {
                using var entry = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
                entry.Write(bytes);
            }
        }

        return stream.ToArray();
    }

    private static byte[] Ooxml(string mainPart)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            Write(zip, "[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>");
            Write(zip, "_rels/.rels", "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"/>");
            Write(zip, mainPart, "<?xml version=\"1.0\"?><root/>");
        }

        return stream.ToArray();
    }

    private static byte[] OpenDocument(string mediaType)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            Write(zip, "mimetype", mediaType, CompressionLevel.NoCompression);
            Write(zip, "content.xml", "<?xml version=\"1.0\"?><office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\"/>");
        }

        return stream.ToArray();
    }

    private static byte[] PlainZip()
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            Write(zip, "photos/site-visit.txt", "Ảnh hiện trường");
        }

        return stream.ToArray();
    }

    private static void Write(ZipArchive zip, string name, string text, CompressionLevel level = CompressionLevel.Optimal)
    {
        using var entry = zip.CreateEntry(name, level).Open();
        entry.Write(Encoding.UTF8.GetBytes(text));
    }

    /// <summary>An accepted kind of file.</summary>
    public sealed record Kind(string Extension, string MediaType, byte[] Sample, string Family)
    {
        public override string ToString() => Extension;
    }
}
