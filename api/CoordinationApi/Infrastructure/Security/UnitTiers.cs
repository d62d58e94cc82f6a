using CoordinationApi.Infrastructure.OpenApi;

namespace CoordinationApi.Infrastructure.Security;

/// <summary>The levels of the unit tree (units.tier); same-level coordination pairs units of one tier.</summary>
public static class UnitTiers
{
    public const string Ministry = "ministry";
    public const string Department = "department";
    public const string Division = "division";
    public const string Provincial = "provincial";

    [VocabularyName("UnitTier")]
    public static readonly string[] All = [Ministry, Department, Division, Provincial];
}
