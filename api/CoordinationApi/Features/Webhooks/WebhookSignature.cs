using System.Security.Cryptography;
using System.Text;

namespace CoordinationApi.Features.Webhooks;

/// <summary>
/// Standard Webhooks signing (https://www.standardwebhooks.com): a secret is <c>whsec_</c> + base64 of 32 random bytes;
/// a message is signed as <c>v1,</c> + base64(HMAC-SHA256(key, "{webhook-id}.{webhook-timestamp}.{body}")).
/// </summary>
public static class WebhookSignature
{
    public const string SecretPrefix = "whsec_";
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";

    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>Whether <paramref name="secret"/> is <c>whsec_</c> + base64 of a key (what <see cref="NewSecret"/> makes).</summary>
    public static bool IsWellFormed(string secret) =>
        secret.StartsWith(SecretPrefix, StringComparison.Ordinal) && secret.Length > SecretPrefix.Length
        && Convert.TryFromBase64String(secret[SecretPrefix.Length..], new byte[secret.Length], out _);

    /// <summary>The <c>webhook-signature</c> value of a message.</summary>
    public static string Sign(string secret, string id, long timestamp, string body)
    {
        var key = Convert.FromBase64String(secret[SecretPrefix.Length..]);
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}"));
        return "v1," + Convert.ToBase64String(mac);
    }
}
