using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.Security;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoordinationApi.Features.Regulations;

public static partial class RegulationsEndpoints
{
    /// <summary>One regulation: parties, signatories, standing body, review policy and the chapters and articles of its current version; with its ETag.</summary>
    /// <param name="id">Regulation id.</param>
    public static async Task<Results<Ok<RegulationDetailDto>, ProblemHttpResult>> GetRegulation(
        int id, Caller caller, [AsParameters] RegulationServices services, CancellationToken cancellationToken)
    {
        await using var connection = await services.Db.OpenAsync(cancellationToken);
        var (regulation, rowVersion) = await LoadDetailAsync(
            new(connection, services.Db.Dialect), caller, id, services.Clock.Today(), cancellationToken);
        if (regulation is null)
        {
            return Problems.NotFound($"No regulation has the id {id}.");
        }

        Concurrency.SetETag(services.Http, rowVersion);
        return TypedResults.Ok(regulation);
    }

    /// <summary>The regulation as the caller may see it (null when their agency is not a party), and its row version.</summary>
    internal static async Task<(RegulationDetailDto? Regulation, int RowVersion)> LoadDetailAsync(
        ReadScope read, Caller caller, int id, DateOnly today, CancellationToken cancellationToken)
    {
        var (connection, transaction, _) = read;
        using var results = await connection.QueryMultipleAsync(new CommandDefinition(
            RegulationsSql.Detail(read.Dialect),
            CallerParameters.For(caller, new { Id = id, Today = today }),
            transaction,
            cancellationToken: cancellationToken));
        var regulation = await results.ReadSingleOrDefaultAsync<RegulationRow>();
        if (regulation is null)
        {
            return (null, 0);
        }

        var parties = (await results.ReadAsync<PartyRow>()).Select(p => new PartyDto(
            p.AgencyCode, p.AgencyNameVi, p.AgencyNameEn,
            new StandingUnitDto(p.UnitId, p.UnitCode, p.UnitNameVi, p.UnitNameEn, p.UnitTier))).ToList();
        var signatories = (await results.ReadAsync<SignatoryDto>()).AsList();
        var version = await results.ReadSingleOrDefaultAsync<VersionRefDto>();

        var chapters = version is null
            ? []
            : ProvisionTree.Build((await connection.QueryAsync<ProvisionRow>(new CommandDefinition(
                RegulationsSql.Provisions, new { VersionId = version.Id }, transaction, cancellationToken: cancellationToken))).AsList());

        return (new RegulationDetailDto(
            regulation.Id, regulation.Code, regulation.TitleVi, regulation.TitleEn, regulation.SignedOn, regulation.SignedAt,
            regulation.Status, parties, signatories,
            new ReviewPolicyDto(regulation.AnnualRotating, regulation.FirstHostAgencyCode, regulation.ReviewMonth, regulation.PreliminaryAfterYears, regulation.ReviewNote),
            version, chapters), regulation.RowVersion);
    }
}

/// <summary>Rebuilds the chapter → article → clause → point tree from the flat provision rows.</summary>
internal static class ProvisionTree
{
    public static List<ProvisionDto> Build(List<ProvisionRow> rows)
    {
        var byParent = rows.ToLookup(r => r.ParentAknId ?? "");
        List<ProvisionDto> ChildrenOf(string parent) =>
            [.. byParent[parent].Select(r => new ProvisionDto(
                r.AknId, r.Kind, r.Num, r.HeadingVi, r.HeadingEn, r.TextVi, r.TextEn, r.IsSummary, ChildrenOf(r.AknId)))];
        return ChildrenOf("");
    }
}
