using System.Globalization;

namespace CoordinationApi.Infrastructure.Audit;

/// <summary>A signed checkpoint of the audit chain's head: keep it outside the register, and give it to <c>verify</c> later.</summary>
/// <param name="HeadId">The last entry it covers.</param>
/// <param name="HeadHash">That entry's hash: it pins every entry before it.</param>
/// <param name="CreatedAt">When it was made (UTC, milliseconds).</param>
/// <param name="Signature">HMAC-SHA256 over the three above, under a key derived from the chain key.</param>
public sealed record AuditCheckpointDto(long HeadId, string HeadHash, DateTimeOffset CreatedAt, string Signature)
{
    /// <summary>The whole checkpoint in one string, as <c>verify?checkpoint=</c> takes it: <c>headId.headHash.createdAtUnixMs.signature</c>.</summary>
    public string Token => string.Create(CultureInfo.InvariantCulture, $"{HeadId}.{HeadHash}.{CreatedAt.ToUnixTimeMilliseconds()}.{Signature}");

    public static AuditCheckpointDto? FromToken(string? token)
    {
        var parts = token?.Split('.') ?? [];
        return parts.Length == 4
               && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var headId)
               && IsHex(parts[1]) && IsHex(parts[3])
               && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var millis)
               && millis <= DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()
            ? new AuditCheckpointDto(headId, parts[1], DateTimeOffset.FromUnixTimeMilliseconds(millis), parts[3])
            : null;
    }

    private static bool IsHex(string text) => text.Length == 64 && text.All(char.IsAsciiHexDigitLower);
}

/// <summary>The result of recomputing the audit chain.</summary>
/// <param name="Valid">True when every entry's hash and link hold and nothing is missing.</param>
/// <param name="EntriesChecked">Entries verified before the first break (all of them when valid).</param>
/// <param name="FirstBrokenEntryId">The first entry that does not hold, when one does not.</param>
/// <param name="Reason">What is wrong with it.</param>
public sealed record AuditVerificationDto(bool Valid, long EntriesChecked, long? FirstBrokenEntryId, string? Reason);
