using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CoordinationApi.Infrastructure.Security;

namespace CoordinationApi.Infrastructure.Audit;

/// <summary>The <c>Audit</c> configuration section.</summary>
public sealed class AuditOptions
{
    public const string Section = "Audit";

    /// <summary>
    /// Base64 key (at least 32 bytes) of the audit chain's HMAC-SHA256, kept outside the database: every instance on one
    /// database shares it. Empty: generated on first run into <see cref="ChainKeyFile"/>.
    /// </summary>
    public string ChainKey { get; set; } = "";

    /// <summary>Where the generated key is kept (default: beside the JWT signing key, outside the repository's tracked files).</summary>
    public string ChainKeyFile { get; set; } = "data/audit-chain.key";

    /// <summary>A signed checkpoint is made automatically each time the chain reaches a multiple of this many entries.</summary>
    public int CheckpointEvery { get; set; } = 1000;
}

/// <summary>
/// The key that makes the audit trail tamper-evident to someone who can write the database: entries are chained with
/// HMAC-SHA256 under it, and checkpoints are signed with a key derived from it. Without it, recomputing the chain is
/// impossible, so a rewrite is found even when every later hash was recomputed.
/// </summary>
public sealed class AuditChainKey
{
    private readonly byte[] chain;
    private readonly byte[] checkpoints;

    public AuditChainKey(byte[] key)
    {
        if (key.Length < 32)
        {
            throw new InvalidOperationException("Audit:ChainKey must be at least 32 bytes (base64).");
        }

        chain = key;
        checkpoints = HMACSHA256.HashData(key, "coordination-audit-checkpoints"u8);
    }

    /// <param name="options">The <c>Audit</c> section.</param>
    /// <param name="contentRoot">Where a relative <c>Audit:ChainKeyFile</c> lives.</param>
    /// <param name="shared">
    /// True on SQL Server, the database of several instances: a key generated into each instance's own file would chain
    /// every instance's entries under another key, so the API refuses to start without <c>Audit:ChainKey</c>.
    /// </param>
    public static AuditChainKey Resolve(AuditOptions options, string contentRoot, bool shared = false) =>
        !string.IsNullOrWhiteSpace(options.ChainKey) ? new(Convert.FromBase64String(options.ChainKey))
        : shared ? throw new InvalidOperationException(
            "Audit:ChainKey is empty. On SQL Server set it (base64, at least 32 bytes, the same value on every instance, kept outside the database).")
        : new(SigningKey.ReadOrCreate(Path.GetFullPath(options.ChainKeyFile, contentRoot)));

    /// <summary>
    /// A key for another purpose derived (HKDF-SHA256) from the chain key under <paramref name="label"/>: key material the
    /// API keeps outside the database and every instance on one database shares (required on SQL Server).
    /// </summary>
    public byte[] Derive(string label) => HKDF.DeriveKey(HashAlgorithmName.SHA256, chain, 32, info: Encoding.UTF8.GetBytes(label));

    /// <summary>An entry's MAC over its content (which includes the previous entry's hash).</summary>
    internal string Mac(string content) => Hex(HMACSHA256.HashData(chain, Encoding.UTF8.GetBytes(content)));

    /// <summary>Seals the last entry written before the chain was keyed (0 and the genesis hash on a new database).</summary>
    internal string Seal(long keyedAfterId, string keyedAfterHash) =>
        Mac(string.Create(CultureInfo.InvariantCulture, $"keyed-after\n{keyedAfterId}\n{keyedAfterHash}"));

    /// <summary>A checkpoint's signature over the head it names and when it was made.</summary>
    internal string Sign(long headId, string headHash, DateTimeOffset createdAt) => Hex(HMACSHA256.HashData(checkpoints, Encoding.UTF8.GetBytes(
        string.Create(CultureInfo.InvariantCulture, $"checkpoint\n{headId}\n{headHash}\n{createdAt.ToUnixTimeMilliseconds()}"))));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
