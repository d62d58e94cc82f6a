using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace CoordinationApi.Infrastructure.Security;

/// <summary>
/// The HMAC key that signs the API's own tokens: <c>Auth:SigningKey</c> when configured (production, and every
/// instance behind a load balancer shares it); otherwise generated once into <c>Auth:SigningKeyFile</c>.
/// </summary>
public static class SigningKey
{
    public static SymmetricSecurityKey Resolve(AuthOptions options, string contentRoot)
    {
        if (!string.IsNullOrWhiteSpace(options.SigningKey))
        {
            return Validate(Convert.FromBase64String(options.SigningKey));
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
        for (var attempt = 0; ; attempt++)
        {
            var text = File.ReadAllText(path).Trim();
            if (text.Length > 0 || attempt == 50)
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
