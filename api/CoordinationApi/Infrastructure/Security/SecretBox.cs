using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace CoordinationApi.Infrastructure.Security;

/// <summary>
/// Secrets the API must use again later (a webhook subscription's signing secret), kept encrypted in the database:
/// AES-256-GCM under a key derived (HKDF-SHA256, a label of its own per purpose) from key material kept outside the
/// database (<c>Audit:ChainKey</c> / <c>Audit:ChainKeyFile</c>), so a backup or a reader of the database learns nothing, and a value altered or copied from another purpose
/// is refused. Stored as <c>v1:</c> + base64(nonce (12) | ciphertext | tag (16)); the purpose is the associated data.
/// Every instance that shares the key material opens what the others sealed.
/// </summary>
public sealed class SecretBox
{
    public const string Prefix = "v1:";
    private const int NonceSize = 12;
    private const int TagSize = 16;

    /// <summary>No value this box seals is longer; anything longer is not read at all.</summary>
    private const int MaxStoredLength = 4096;

    private readonly byte[] key;
    private readonly byte[] purpose;

    /// <param name="key">
    /// 32 bytes derived for this purpose alone (HKDF under a label of its own) from key material kept outside the database,
    /// e.g. <see cref="Audit.AuditChainKey.Derive"/>.
    /// </param>
    /// <param name="purpose">What the secrets are, e.g. <c>webhook_subscriptions.secret</c>: bound to each value as associated data.</param>
    public SecretBox(byte[] key, string purpose)
    {
        if (key.Length != 32)
        {
            throw new ArgumentException("A secret box's key is 32 bytes (AES-256).", nameof(key));
        }

        this.key = key;
        this.purpose = Encoding.UTF8.GetBytes(purpose);
    }

    /// <summary>Whether a stored value is in this box's format (not necessarily genuine).</summary>
    public static bool IsSealed(string stored) => stored.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>The value to store for <paramref name="secret"/>: a fresh random nonce each time.</summary>
    public string Seal(string secret)
    {
        var plain = Encoding.UTF8.GetBytes(secret);
        var sealedBytes = new byte[NonceSize + plain.Length + TagSize];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceSize, plain.Length), sealedBytes.AsSpan(NonceSize + plain.Length), purpose);
        return Prefix + Convert.ToBase64String(sealedBytes);
    }

    /// <summary>
    /// The secret a stored value holds; false when it is not one this box sealed under this key and purpose (plain text,
    /// altered, truncated, sealed under other key material or for another purpose).
    /// </summary>
    public bool TryOpen(string? stored, [NotNullWhen(true)] out string? secret)
    {
        secret = null;
        if (stored is null || stored.Length > MaxStoredLength || !IsSealed(stored))
        {
            return false;
        }

        var sealedBytes = new byte[stored.Length];
        if (!Convert.TryFromBase64String(stored[Prefix.Length..], sealedBytes, out var length) || length < NonceSize + TagSize)
        {
            return false;
        }

        var cipherLength = length - NonceSize - TagSize;
        var plain = new byte[cipherLength];
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize, cipherLength),
                sealedBytes.AsSpan(NonceSize + cipherLength, TagSize), plain, purpose);
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }

        secret = Encoding.UTF8.GetString(plain);
        return true;
    }
}
