using CoordinationApi.Features.RegulationText;
using CoordinationApi.Infrastructure.OpenApi;
using CoordinationApi.Infrastructure.Security;

namespace CoordinationApi.Features.Regulations;

/// <summary>A regulation in a list.</summary>
/// <param name="Id">Regulation id.</param>
/// <param name="Code">Short code, e.g. <c>QC2021</c>.</param>
/// <param name="TitleVi">Title in Vietnamese (authoritative).</param>
/// <param name="TitleEn">Title in English.</param>
/// <param name="SignedOn">Date of signature.</param>
/// <param name="Status">draft, in_force, superseded or expired.</param>
/// <param name="Parties">Codes of the agencies party to it.</param>
public sealed record RegulationSummaryDto(int Id, string Code, string TitleVi, string TitleEn, DateOnly SignedOn, [Vocabulary(typeof(RegulationRequestValidator), nameof(RegulationRequestValidator.Statuses))] string Status, List<string> Parties);

/// <summary>A regulation with its parties, signatories, review policy and the text of its current version.</summary>
/// <param name="Id">Regulation id.</param>
/// <param name="Code">Short code, e.g. <c>QC2021</c>.</param>
/// <param name="TitleVi">Title in Vietnamese (authoritative).</param>
/// <param name="TitleEn">Title in English.</param>
/// <param name="SignedOn">Date of signature.</param>
/// <param name="SignedAt">Place of signature.</param>
/// <param name="Status">draft, in_force, superseded or expired.</param>
/// <param name="Parties">The agencies party to it, each with the unit that is its standing body.</param>
/// <param name="Signatories">Who signed it.</param>
/// <param name="ReviewPolicy">How its results are reviewed.</param>
/// <param name="CurrentVersion">The version in force today, else the latest; null when it has no text yet.</param>
/// <param name="Chapters">The text of that version: chapters, with their articles, clauses and points.</param>
public sealed record RegulationDetailDto(
    int Id,
    string Code,
    string TitleVi,
    string TitleEn,
    DateOnly SignedOn,
    string SignedAt,
    [Vocabulary(typeof(RegulationRequestValidator), nameof(RegulationRequestValidator.Statuses))] string Status,
    List<PartyDto> Parties,
    List<SignatoryDto> Signatories,
    ReviewPolicyDto ReviewPolicy,
    VersionRefDto? CurrentVersion,
    List<ProvisionDto> Chapters);

/// <summary>An agency party to a regulation and its standing body.</summary>
public sealed record PartyDto(string AgencyCode, string AgencyNameVi, string AgencyNameEn, StandingUnitDto StandingUnit);

/// <summary>The unit that coordinates the regulation's work for one party (SPEC: the Offices).</summary>
public sealed record StandingUnitDto(int Id, string Code, string NameVi, string NameEn, [Vocabulary(typeof(UnitTiers))] string Tier);

/// <summary>A person who signed the regulation.</summary>
public sealed record SignatoryDto
{
    public required int PersonId { get; init; }

    /// <summary>The person's key: what the request's <c>signatories</c> take (<c>GET /api/v1/persons/{key}</c>).</summary>
    public required string PersonKey { get; init; }

    public required string FullName { get; init; }

    public required string RankVi { get; init; }

    public required string RankEn { get; init; }

    public required string PositionVi { get; init; }

    public required string PositionEn { get; init; }

    public required string AgencyCode { get; init; }
}

/// <summary>Annual reviews hosted in turn, and a preliminary review after some years.</summary>
/// <param name="AnnualRotating">Parties take turns hosting the annual review.</param>
/// <param name="FirstHostAgencyCode">The party that hosts the first annual review.</param>
/// <param name="ReviewMonth">Month (1–12) in which annual reviews are held.</param>
/// <param name="PreliminaryAfterYears">Years after signature of the preliminary review.</param>
/// <param name="Note">Anything else about the reviews.</param>
public sealed record ReviewPolicyDto(bool AnnualRotating, string FirstHostAgencyCode, int ReviewMonth, int PreliminaryAfterYears, string? Note);

/// <summary>A version of a regulation's text.</summary>
public sealed record VersionRefDto
{
    /// <summary>Version id.</summary>
    public required int Id { get; init; }

    /// <summary>1 for the text as signed, then one per amendment.</summary>
    public required int Number { get; init; }

    /// <summary>draft or published; a published version never changes.</summary>
    [Vocabulary(typeof(VersionStatuses))]
    public required string Status { get; init; }

    /// <summary>Date from which a published version is in force.</summary>
    public DateOnly? EffectiveFrom { get; init; }
}

/// <summary>A provision of the text: chapter, article, clause or point.</summary>
/// <param name="AknId">Stable Akoma Ntoso-style id, e.g. <c>chp_1__art_2__para_1</c>.</param>
/// <param name="Kind">chapter, article, clause or point.</param>
/// <param name="Num">Its number as printed: I, 1, a.</param>
/// <param name="HeadingVi">Heading in Vietnamese.</param>
/// <param name="HeadingEn">Heading in English.</param>
/// <param name="TextVi">Text in Vietnamese (authoritative).</param>
/// <param name="TextEn">Text in English.</param>
/// <param name="IsSummary">True when the text summarises the provision rather than quoting its official wording.</param>
/// <param name="Children">Provisions under this one, in order.</param>
public sealed record ProvisionDto(
    string AknId,
    [Vocabulary(typeof(AknIds), nameof(AknIds.Kinds))] string Kind,
    string Num,
    string? HeadingVi,
    string? HeadingEn,
    string? TextVi,
    string? TextEn,
    bool IsSummary,
    List<ProvisionDto> Children);

internal sealed record RegulationSummaryRow
{
    public required int Id { get; init; }

    public required string Code { get; init; }

    public required string TitleVi { get; init; }

    public required string TitleEn { get; init; }

    public required DateOnly SignedOn { get; init; }

    public required string Status { get; init; }
}

internal sealed record PartyCodeRow
{
    public required int RegulationId { get; init; }

    public required string AgencyCode { get; init; }
}

internal sealed record RegulationRow
{
    public required int Id { get; init; }

    public required string Code { get; init; }

    public required string TitleVi { get; init; }

    public required string TitleEn { get; init; }

    public required DateOnly SignedOn { get; init; }

    public required string SignedAt { get; init; }

    public required string Status { get; init; }

    public required bool AnnualRotating { get; init; }

    public required string FirstHostAgencyCode { get; init; }

    public required int ReviewMonth { get; init; }

    public required int PreliminaryAfterYears { get; init; }

    public string? ReviewNote { get; init; }

    public required int RowVersion { get; init; }
}

internal sealed record PartyRow
{
    public required string AgencyCode { get; init; }

    public required string AgencyNameVi { get; init; }

    public required string AgencyNameEn { get; init; }

    public required int UnitId { get; init; }

    public required string UnitCode { get; init; }

    public required string UnitNameVi { get; init; }

    public required string UnitNameEn { get; init; }

    public required string UnitTier { get; init; }
}

internal sealed record ProvisionRow
{
    public required string AknId { get; init; }

    public string? ParentAknId { get; init; }

    public required string Kind { get; init; }

    public required string Num { get; init; }

    public string? HeadingVi { get; init; }

    public string? HeadingEn { get; init; }

    public string? TextVi { get; init; }

    public string? TextEn { get; init; }

    public required bool IsSummary { get; init; }
}
