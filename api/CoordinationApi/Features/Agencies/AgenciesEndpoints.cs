using CoordinationApi.Infrastructure.OpenApi;
using CoordinationApi.Features.Audit;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.Security;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoordinationApi.Features.Agencies;

/// <summary>An agency party to a regulation.</summary>
public sealed record AgencyDto
{
    /// <summary>Stable agency code, e.g. <c>MPS</c>.</summary>
    public required string Code { get; init; }

    /// <summary>Name in Vietnamese.</summary>
    public required string NameVi { get; init; }

    /// <summary>Name in English.</summary>
    public required string NameEn { get; init; }

    /// <summary>False when the agency is retired: it keeps its records but gets no new units, persons or admin.</summary>
    public required bool Active { get; init; }
}

/// <summary>A unit of an agency with its sub-units.</summary>
/// <param name="Id">Unit id.</param>
/// <param name="Code">Stable unit code, e.g. <c>MPS-VP</c>.</param>
/// <param name="NameVi">Name in Vietnamese.</param>
/// <param name="NameEn">Name in English.</param>
/// <param name="Tier">ministry, department, division or provincial: same-level coordination pairs units of one tier.</param>
/// <param name="Children">Units directly under this one.</param>
/// <param name="Active">False when the unit is retired.</param>
public sealed record UnitNodeDto(int Id, string Code, string NameVi, string NameEn, [Vocabulary(typeof(UnitTiers))] string Tier, List<UnitNodeDto> Children, bool Active);

internal sealed record UnitRow
{
    public required int Id { get; init; }

    public int? ParentId { get; init; }

    public required string Code { get; init; }

    public required string NameVi { get; init; }

    public required string NameEn { get; init; }

    public required string Tier { get; init; }

    public required bool Active { get; init; }
}

public static class AgenciesEndpoints
{
    public static RouteGroupBuilder MapAgencies(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/agencies").WithTags("Agencies").RequireAccess(Access.RegulationsRead).ReturnsNoClassifiedData();
        group.MapGet("/", ListAgencies).WithName(nameof(ListAgencies));
        group.MapGet("/{code}/units", ListUnits).WithName(nameof(ListUnits)).ProducesProblem(StatusCodes.Status404NotFound);
        RegistryEndpoints.MapRegistry(api, group);
        return group;
    }

    /// <summary>Lists the agencies known to the register.</summary>
    public static async Task<Ok<List<AgencyDto>>> ListAgencies(DbConnectionFactory db, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var agencies = await connection.QueryAsync<AgencyDto>(new CommandDefinition(AgenciesSql.List, cancellationToken: cancellationToken));
        return TypedResults.Ok(agencies.AsList());
    }

    /// <summary>The units of one agency, as a tree from the ministry down.</summary>
    /// <param name="code">Agency code, e.g. <c>MIC</c>.</param>
    public static async Task<Results<Ok<List<UnitNodeDto>>, ProblemHttpResult>> ListUnits(
        string code, DbConnectionFactory db, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<UnitRow>(new CommandDefinition(
            AgenciesSql.Units, new { Code = code.ToUpperInvariant() }, cancellationToken: cancellationToken))).AsList();
        if (rows.Count == 0 && await connection.ExecuteScalarAsync<int>(new CommandDefinition(
                AgenciesSql.AgencyExists, new { Code = code.ToUpperInvariant() }, cancellationToken: cancellationToken)) == 0)
        {
            return Problems.NotFound($"No agency has the code '{code}'.");
        }

        return TypedResults.Ok(BuildTree(rows));
    }

    private static List<UnitNodeDto> BuildTree(List<UnitRow> rows)
    {
        var nodes = rows.ToDictionary(r => r.Id, r => new UnitNodeDto(r.Id, r.Code, r.NameVi, r.NameEn, r.Tier, [], r.Active));
        var roots = new List<UnitNodeDto>();
        foreach (var row in rows)
        {
            var node = nodes[row.Id];
            if (row.ParentId is { } parentId && nodes.TryGetValue(parentId, out var parent))
            {
                parent.Children.Add(node);
            }
            else
            {
                roots.Add(node);
            }
        }

        return roots;
    }
}
