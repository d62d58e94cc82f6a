using System.Diagnostics.CodeAnalysis;
using CoordinationApi.Infrastructure.Audit;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Security;
using Dapper;

namespace CoordinationApi.Features.Webhooks;

/// <summary>
/// The subscriptions' signing secrets at rest: <c>webhook_subscriptions.secret</c> holds only a <see cref="SecretBox"/>
/// value (<c>v1:</c> + base64(nonce | ciphertext | tag)), AES-256-GCM under a key derived (HKDF, label
/// <c>CoordinationApi webhook secrets v1</c>) from the audit chain key, which the API keeps outside the database and every
/// instance on one database shares. A secret is opened only to sign a delivery. Plain-text secrets written before they
/// were encrypted are sealed at start-up (<see cref="SealPlainTextAsync"/>); a value that does not open (altered,
/// plain text, another key) signs nothing: the delivery fails and is logged.
/// </summary>
public sealed class WebhookSecrets(AuditChainKey chainKey)
{
    public const string Purpose = "webhook_subscriptions.secret";
    private const string Label = "CoordinationApi webhook secrets v1";
    private readonly SecretBox box = new(chainKey.Derive(Label), Purpose);

    /// <summary>The value stored for a secret shown to its agency system.</summary>
    public string Seal(string secret) => box.Seal(secret);

    /// <summary>The secret a stored value holds, when it opens under this key and is a well-formed secret.</summary>
    public bool TryOpen(string stored, [NotNullWhen(true)] out string? secret) =>
        box.TryOpen(stored, out secret) && WebhookSignature.IsWellFormed(secret);

    /// <summary>
    /// Start-up: seals every secret still stored in plain text (a database of an earlier version), each in a write of its
    /// own that changes it only if it is still that plain text (instances starting together take turns anyway), audited.
    /// </summary>
    public static async Task SealPlainTextAsync(IServiceProvider services)
    {
        var secrets = services.GetRequiredService<WebhookSecrets>();
        var writes = services.GetRequiredService<WriteScopes>();
        List<StoredSecret> plain;
        await using (var connection = await services.GetRequiredService<DbConnectionFactory>().OpenAsync())
        {
            plain = (await connection.QueryAsync<StoredSecret>(WebhooksSql.PlainTextSecrets)).AsList();
        }

        foreach (var row in plain)
        {
            await using var write = await writes.BeginAsync(AuditActor.System, CancellationToken.None);
            var (connection, transaction) = write;
            if (await connection.ExecuteAsync(WebhooksSql.SealSecret, new { row.Id, Plain = row.Secret, Sealed = secrets.Seal(row.Secret) }, transaction) > 0)
            {
                await write.AuditAsync(new AuditEvent("webhook-subscription.seal-secret", "webhook-subscription",
                    row.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }

            await write.CommitAsync();
        }

        if (plain.Count > 0)
        {
            services.GetRequiredService<ILogger<WebhookSecrets>>().LogInformation(
                "Encrypted {Count} webhook signing secrets stored in plain text.", plain.Count);
        }
    }

    private sealed record StoredSecret
    {
        public int Id { get; init; }

        public string Secret { get; init; } = "";
    }
}
