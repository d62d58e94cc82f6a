using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace CoordinationApi.Infrastructure.Security;

/// <summary>
/// The HMAC key that signs the API's own tokens: <c>Auth:SigningKey</c> when configured (production, and every
/// instance behind a load balancer shares it); otherwise generated once into <c>Auth:SigningKeyFile</c>.
/// </summary>
public static class SigningKey
{
    /// <param name="options">The <c>Auth</c> section.</param>
    /// <param name="contentRoot">Where a relative <c>Auth:SigningKeyFile</c> lives.</param>
    /// <param name="shared">
    /// True on SQL Server, the database of several instances: a key generated into each instance's own file would make
    /// every token valid on one instance only, so the API refuses to start without <c>Auth:SigningKey</c>.
    /// </param>
    public static SymmetricSecurityKey Resolve(AuthOptions options, string contentRoot, bool shared = false)
    {
        if (!string.IsNullOrWhiteSpace(options.SigningKey))
        {
            return Validate(Convert.FromBase64String(options.SigningKey));
        }

        if (shared)
        {
            throw new InvalidOperationException(
                "Auth:SigningKey is empty. On SQL Server set it (base64, at least 32 bytes, the same value on every instance), "
                + "or set Auth:Oidc:Authority to use an external identity provider.");
        }

        return Validate(ReadOrCreate(Path.GetFullPath(options.SigningKeyFile, contentRoot)));
    }

    /// <summary>A 64-byte key kept in <paramref name="path"/> (base64, readable by this user only), generated there on first use.</summary>
    public static byte[] ReadOrCreate(string path)
    {
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var key = RandomNumberGenerator.GetBytes(64);
            try
            {
                using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }

                stream.Write(System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(key)));
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process (or test host) created it first: use theirs.
            }
        }

        // A key being written by another process is read again until it is whole.
        // The writer holds the file exclusively while it writes (FileShare.None), so a read may also be refused meanwhile.
        for (var attempt = 0; ; attempt++)
        {
            string text;
            try
            {
                text = File.ReadAllText(path).Trim();
            }
            catch (IOException) when (attempt < 50)
            {
                Thread.Sleep(20);
                continue;
            }

            if (text.Length > 0 || attempt >= 50)
            {
                return Convert.FromBase64String(text);
            }

            Thread.Sleep(20);
        }
    }

    private static SymmetricSecurityKey Validate(byte[] key) => key.Length >= 32
        ? new SymmetricSecurityKey(key) { KeyId = Convert.ToHexString(SHA256.HashData(key))[..16] }
        : throw new InvalidOperationException("Auth:SigningKey must be at least 32 bytes (base64).");
}
