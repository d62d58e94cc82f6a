using System.Buffers;
using System.Security.Cryptography;
using CoordinationApi.Infrastructure.Data;

namespace CoordinationApi.Features.Evidence;

/// <summary>Settings of the evidence files (<c>Evidence:*</c>).</summary>
public sealed class EvidenceOptions
{
    public const string Section = "Evidence";

    /// <summary>The default most bytes of one file: 256 MiB.</summary>
    public const long DefaultMaxBytes = 268_435_456;

    /// <summary>The folder the files are kept in (relative: to the API's folder). Empty: <c>evidence/</c> beside the SQLite database, or <c>data/evidence</c>.</summary>
    public string? Root { get; set; }

    /// <summary>The most bytes one file may have.</summary>
    public long MaxBytes { get; set; } = DefaultMaxBytes;

    /// <summary>The most bytes the entries of a ZIP-based file (Office, OpenDocument, ZIP) may declare unpacked, together: 512 MiB.</summary>
    public long MaxUnpackedBytes { get; set; } = 536_870_912;

    /// <summary>The highest unpacked-to-packed ratio of one entry of a ZIP-based file (entries under 100 KiB unpacked are not held to it).</summary>
    public int MaxCompressionRatio { get; set; } = 200;
}

/// <summary>What a body streamed to the store turned out to be.</summary>
/// <param name="StorageKey">The name it is kept under, once kept.</param>
/// <param name="SizeBytes">How many bytes.</param>
/// <param name="Sha256">Their SHA-256, lower-case hex.</param>
/// <param name="Refusal">Why it is refused (415: not the declared kind; 413: too large), or null.</param>
public sealed record StoredUpload(string StorageKey, long SizeBytes, string Sha256, (int Status, string Detail)? Refusal);

/// <summary>
/// The folder of evidence files. An upload streams into a temporary file of the folder while its SHA-256 is computed and
/// its first bytes are sniffed, in chunks of 80 KiB from a pool (memory does not grow with the file's size); it becomes
/// the kept file only by <see cref="Keep"/>, a rename within the folder, in the write that records it. A refused or
/// failed upload leaves no file: <see cref="Discard"/> deletes it.
/// </summary>
public sealed class EvidenceStore
{
    private const int ChunkBytes = 80 * 1024;
    private const string PartialFolder = ".partial";

    public EvidenceStore(EvidenceOptions options, DatabaseOptions database, IHostEnvironment environment)
    {
        MaxBytes = options.MaxBytes;
        Limits = new ArchiveLimits(options.MaxUnpackedBytes, options.MaxCompressionRatio);
        Root = !string.IsNullOrWhiteSpace(options.Root)
            ? Path.GetFullPath(options.Root, environment.ContentRootPath)
            : database.Provider == DatabaseProvider.Sqlite
              && new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(database.ConnectionString).DataSource is { Length: > 0 } file && file != ":memory:"
                ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file, environment.ContentRootPath))!, "evidence")
                : Path.Combine(environment.ContentRootPath, "data", "evidence");
    }

    public string Root { get; }

    public long MaxBytes { get; }

    /// <summary>What a ZIP-based file may declare (<c>Evidence:MaxUnpackedBytes</c>, <c>Evidence:MaxCompressionRatio</c>).</summary>
    public ArchiveLimits Limits { get; }

    /// <summary>Where a kept file lives: two levels of folders by the key's first characters.</summary>
    public string PathOf(string storageKey) => Path.Combine(Root, storageKey[..2], storageKey);

    /// <summary>
    /// Streams <paramref name="body"/> into a temporary file, hashing it and checking it is <paramref name="type"/>. On a
    /// refusal the temporary file is already gone; otherwise it waits for <see cref="Keep"/> or <see cref="Discard"/>.
    /// </summary>
    public async Task<StoredUpload> ReceiveAsync(Stream body, EvidenceType type, CancellationToken cancellationToken)
    {
        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var partial = PartialPath(key);
        Directory.CreateDirectory(Path.GetDirectoryName(partial)!);
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        var head = ArrayPool<byte>.Shared.Rent(EvidenceTypes.SniffBytes);
        var kept = false;
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var text = type.IsText ? new TextCheck() : null;
            long size = 0;
            var headLength = 0;
            await using (var file = new FileStream(partial, new FileStreamOptions
            {
                Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 0, Options = FileOptions.Asynchronous,
            }))
            {
                int read;
                while ((read = await body.ReadAsync(buffer.AsMemory(0, ChunkBytes), cancellationToken)) > 0)
                {
                    size += read;
                    if (size > MaxBytes)
                    {
                        return Refused(key, 413, $"A file has at most {MaxBytes:N0} bytes; nothing was saved.");
                    }

                    var chunk = buffer.AsMemory(0, read);
                    if (headLength < EvidenceTypes.SniffBytes)
                    {
                        var take = Math.Min(read, EvidenceTypes.SniffBytes - headLength);
                        chunk.Span[..take].CopyTo(head.AsSpan(headLength));
                        headLength += take;
                    }

                    hash.AppendData(chunk.Span);
                    text?.Add(chunk.Span);
                    await file.WriteAsync(chunk, cancellationToken);
                }

                text?.Add([], final: true);
                await file.FlushAsync(cancellationToken);
            }

            var sniffed = head.AsMemory(0, headLength);
            if (size == 0)
            {
                return Refused(key, 400, "The body is empty: send the file's bytes; nothing was saved.");
            }

            if (!type.Matches(sniffed) || text is { Valid: false })
            {
                var why = text is { Valid: false } ? "they are not UTF-8 text without control characters" : EvidenceTypes.Describe(sniffed);
                return Refused(key, 415, $"The file's bytes are not {type.Name} ({type.MediaType}) as its name and Content-Type say: {why}. Nothing was saved.");
            }

            // A ZIP-based kind: its central directory, read from the file on disk (nothing is extracted).
            if (type.Package is { } package && EvidenceArchives.Refusal(partial, package, Limits) is { } unsafeArchive)
            {
                return Refused(key, 415, $"The file is not accepted as {type.Name} ({type.MediaType}): {unsafeArchive}. Nothing was saved.");
            }

            kept = true;
            return new StoredUpload(key, size, Convert.ToHexStringLower(hash.GetHashAndReset()), null);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            ArrayPool<byte>.Shared.Return(head);
            if (!kept)
            {
                Delete(partial);
            }
        }
    }

    /// <summary>Makes a received upload the kept file of its key (a rename within the folder).</summary>
    public void Keep(string storageKey)
    {
        var target = PathOf(storageKey);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Move(PartialPath(storageKey), target);
    }

    /// <summary>Deletes a received upload, kept or not (the write that would have recorded it did not commit).</summary>
    public void Discard(string storageKey)
    {
        Delete(PartialPath(storageKey));
        Delete(PathOf(storageKey));
    }

    /// <summary>Opens a kept file for reading, streamed (null when it is missing from the folder).</summary>
    public FileInfo? Find(string storageKey) => new FileInfo(PathOf(storageKey)) is { Exists: true } file ? file : null;

    private string PartialPath(string storageKey) => Path.Combine(Root, PartialFolder, storageKey);

    private static StoredUpload Refused(string key, int status, string detail) => new(key, 0, "", (status, detail));

    private static void Delete(string path)
    {
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }
}
