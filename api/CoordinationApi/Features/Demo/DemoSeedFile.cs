namespace CoordinationApi.Features.Demo;

// The shape of database/seed/demo-seed.json: the MPS–MIC regulation of 24 November 2021.

internal sealed record DemoSeedFile(
    List<SeedAgency> Agencies,
    List<SeedUnit> Units,
    List<SeedPerson> Persons,
    SeedRegulation Regulation,
    List<SeedRecognition> Recognitions);

internal sealed record SeedRecognition(
    string AwardVi, string AwardEn, string AwardingAgency, string Recipient, DateOnly AwardedOn, string OccasionVi, string OccasionEn);

internal sealed record SeedAgency(string Code, string NameVi, string NameEn);

internal sealed record SeedUnit(string Code, string Agency, string? Parent, string Tier, string NameVi, string NameEn);

internal sealed record SeedPerson(
    string Key,
    string FullName,
    string? RankVi,
    string? RankEn,
    string? PositionVi,
    string? PositionEn,
    string Agency,
    string? Unit);

internal sealed record SeedRegulation(
    string Code,
    string TitleVi,
    string TitleEn,
    DateOnly SignedOn,
    string SignedAt,
    string Status,
    List<SeedParty> Parties,
    List<string> Signatories,
    SeedReviewPolicy ReviewPolicy,
    SeedVersion Version);

internal sealed record SeedParty(string Agency, string StandingUnit);

internal sealed record SeedReviewPolicy(bool AnnualRotating, string FirstHost, int ReviewMonth, int PreliminaryAfterYears, string? Note);

internal sealed record SeedVersion(DateOnly EffectiveFrom, string? Note, List<SeedProvision> Provisions);

internal sealed record SeedProvision(
    string AknId,
    string Kind,
    string Num,
    string? HeadingVi,
    string? HeadingEn,
    string? TextVi,
    string? TextEn,
    bool IsSummary,
    List<SeedProvision>? Children);
