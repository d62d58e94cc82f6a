using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace CoordinationApi.Features.Evidence;

/// <summary>What the central directory of a ZIP-based kind must hold.</summary>
/// <param name="MainPart">An Office Open XML document's main part (<c>word/document.xml</c>…), or null.</param>
/// <param name="MimeType">An OpenDocument's <c>mimetype</c> entry (its first), or null.</param>
/// <param name="IsDocument">An Office or OpenDocument file: it holds no archive and no executable.</param>
public sealed record PackageRule(string? MainPart, string? MimeType, bool IsDocument)
{
    /// <summary>A plain ZIP: only the bounds and the names are checked.</summary>
    public static readonly PackageRule Archive = new(null, null, false);

    public static PackageRule Office(string mainPart) => new(mainPart, null, true);

    public static PackageRule OpenDocument(string mimeType) => new(null, mimeType, true);
}

/// <summary>The bounds of a ZIP-based file: its entries' declared unpacked size together, and each entry's compression ratio.</summary>
public sealed record ArchiveLimits(long MaxUnpackedBytes, int MaxCompressionRatio)
{
    /// <summary>Entries smaller than this (unpacked) are not held to the ratio: a short run of XML packs tightly and harms no one.</summary>
    public const long RatioGraceBytes = 100 * 1024;
}

/// <summary>
/// Checks a received ZIP-based file (Office Open XML, OpenDocument, ZIP) from its central directory, on disk, without
/// extracting it: its entries' declared sizes are bounded (no decompression bomb), no name leaves the archive's folder
/// (<c>../</c>, absolute, a drive), an Office file holds its main part and an OpenDocument its <c>mimetype</c>, and a document
/// holds no nested archive and no executable (the first bytes of each of its entries are read, at most 8).
/// </summary>
public static class EvidenceArchives
{
    private static readonly string[] ArchiveExtensions =
    [
        ".zip", ".jar", ".7z", ".rar", ".gz", ".tgz", ".tar", ".bz2", ".xz", ".cab", ".iso",
        ".docx", ".docm", ".xlsx", ".xlsm", ".pptx", ".pptm", ".odt", ".ods", ".odp",
        ".exe", ".dll", ".scr", ".com", ".msi", ".bat", ".cmd", ".ps1", ".vbs", ".js",
    ];

    private static readonly byte[] Elf = [0x7F, 0x45, 0x4C, 0x46];

    private static readonly byte[][] ForeignMagic =
    [
        "PK\x03\x04"u8.ToArray(), "PK\x05\x06"u8.ToArray(), "7z\xBC\xAF"u8.ToArray(), "Rar!"u8.ToArray(), [0x1F, 0x8B],
        "MZ"u8.ToArray(), [0x7F, 0x45, 0x4C, 0x46], "#!"u8.ToArray(),
    ];

    /// <summary>Why the file at <paramref name="path"/> is refused as a <paramref name="rule"/> package, or null.</summary>
    public static string? Refusal(string path, PackageRule rule, ArchiveLimits limits)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.RandomAccess);
            using var zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: false);
            long unpacked = 0;
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in zip.Entries)
            {
                var name = entry.FullName;
                if (Escapes(name))
                {
                    return $"its entry '{Shown(name)}' names a place outside the archive (an absolute path, a drive or '..')";
                }

                unpacked += entry.Length;
                if (unpacked > limits.MaxUnpackedBytes)
                {
                    return $"its entries unpack to more than {limits.MaxUnpackedBytes:N0} bytes (Evidence:MaxUnpackedBytes)";
                }

                if (entry.Length > ArchiveLimits.RatioGraceBytes && entry.Length > (long)limits.MaxCompressionRatio * Math.Max(entry.CompressedLength, 1))
                {
                    return $"its entry '{Shown(name)}' unpacks {entry.Length:N0} bytes from {entry.CompressedLength:N0}, more than {limits.MaxCompressionRatio}:1 "
                        + "(Evidence:MaxCompressionRatio): a decompression bomb";
                }

                if (rule.IsDocument && name.Length > 0 && !name.EndsWith('/') && NestedOrExecutable(entry) is { } what)
                {
                    return $"a document holds no {what}, and its entry '{Shown(name)}' is one";
                }

                names.Add(name);
            }

            if (rule.MainPart is { } main && (!names.Contains(main) || !names.Contains("[Content_Types].xml")))
            {
                return $"it has no '{main}' and '[Content_Types].xml': it is not that kind of Office document";
            }

            if (rule.MimeType is { } mime && !HoldsMimeType(zip, mime))
            {
                return $"its first entry is not a 'mimetype' holding {mime}";
            }

            return null;
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException)
        {
            return "its ZIP directory cannot be read";
        }
    }

    /// <summary>
    /// Whether a PDF's first bytes hold an executable: a Windows (<c>MZ</c>) or ELF header right after the header line (and
    /// its binary comment line), or a Windows image (<c>MZ</c> … <c>PE\0\0</c> where its header says) anywhere in them.
    /// </summary>
    public static bool HoldsExecutable(ReadOnlySpan<byte> head)
    {
        var after = head;
        for (var line = 0; line < 2 && after.IndexOfAny((byte)'\n', (byte)'\r') is var end and >= 0 && end < 1024; line++)
        {
            after = after[(end + 1)..].TrimStart("\r\n"u8);
            if (after.StartsWith("MZ"u8) || after.StartsWith(Elf))
            {
                return true;
            }

            if (!after.StartsWith("%"u8))
            {
                break;
            }
        }

        for (var at = head.IndexOf("MZ"u8); at >= 0; at = head[(at + 2)..].IndexOf("MZ"u8) is var next and >= 0 ? at + 2 + next : -1)
        {
            if (at + 0x40 <= head.Length)
            {
                var peOffset = BinaryPrimitives.ReadInt32LittleEndian(head.Slice(at + 0x3C, 4));
                if (peOffset is >= 0x40 and < 4096 && at + peOffset + 4 <= head.Length && head.Slice(at + peOffset, 4).SequenceEqual("PE\0\0"u8))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool Escapes(string name)
    {
        var slashed = name.Replace('\\', '/');
        return slashed.StartsWith('/') || (slashed.Length >= 2 && slashed[1] == ':') || slashed.Split('/').Any(part => part == "..")
            || slashed.Any(c => c == '\0');
    }

    private static string? NestedOrExecutable(ZipArchiveEntry entry)
    {
        var extension = Path.GetExtension(entry.Name).ToLowerInvariant();
        if (ArchiveExtensions.Contains(extension, StringComparer.Ordinal))
        {
            return "nested archive or executable";
        }

        Span<byte> first = stackalloc byte[8];
        int read;
        using (var stream = entry.Open())
        {
            read = stream.ReadAtLeast(first, first.Length, throwOnEndOfStream: false);
        }

        foreach (var magic in ForeignMagic)
        {
            if (first[..read].StartsWith(magic))
            {
                return "nested archive or executable";
            }
        }

        return null;
    }

    private static bool HoldsMimeType(ZipArchive zip, string mimeType)
    {
        if (zip.Entries.Count == 0 || zip.Entries[0] is not { FullName: "mimetype" } entry || entry.Length > 200)
        {
            return false;
        }

        using var stream = entry.Open();
        var bytes = new byte[(int)entry.Length];
        return stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false) == bytes.Length && Encoding.ASCII.GetString(bytes) == mimeType;
    }

    private static string Shown(string name) => name.Length > 80 ? name[..80] + "…" : new string([.. name.Select(c => char.IsControl(c) ? '?' : c)]);
}
