using CoordinationApi.Infrastructure.OpenApi;

namespace CoordinationApi.Infrastructure.Security;

/// <summary>
/// Clearance of a caller and classification of a record, ordered: a record classified above the
/// caller's clearance does not exist for them. Stored as the integer level.
/// </summary>
public enum Clearance
{
    Unclassified = 0,
    Confidential = 1,
    Secret = 2,
    TopSecret = 3,
}

public static class ClearanceNames
{
    /// <summary>The wire names, in order: unclassified, confidential (Mật), secret (Tối mật), top-secret (Tuyệt mật).</summary>
    [VocabularyName("Clearance")]
    public static readonly string[] All = ["unclassified", "confidential", "secret", "top-secret"];

    public static string ToName(this Clearance clearance) => All[(int)clearance];

    public static bool TryParse(string? name, out Clearance clearance)
    {
        var index = Array.IndexOf(All, name);
        clearance = index < 0 ? Clearance.Unclassified : (Clearance)index;
        return index >= 0;
    }

    public static Clearance Parse(string name) =>
        TryParse(name, out var clearance) ? clearance : throw new FormatException($"Unknown clearance '{name}'.");
}
