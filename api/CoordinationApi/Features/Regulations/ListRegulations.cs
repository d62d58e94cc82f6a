using System.Globalization;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.Security;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CoordinationApi.Features.Regulations;

/// <summary>Paging of the regulation list.</summary>
/// <param name="Cursor">The <c>nextCursor</c> of the previous page; omit for the first page.</param>
/// <param name="Limit">Page size, 1–200 (default 50).</param>
public sealed record ListRegulationsQuery([property: FromQuery(Name = "cursor")] string? Cursor, [property: FromQuery(Name = "limit")] int? Limit)
    : IPageQuery;

internal sealed class ListRegulationsQueryValidator : AbstractValidator<ListRegulationsQuery>
{
    public ListRegulationsQueryValidator(Cursors cursors) => Include(new PageRules<ListRegulationsQuery>(cursors, RegulationsEndpoints.ListName, Cursors.IsId));
}

public static partial class RegulationsEndpoints
{
    internal const string ListName = "regulations";

    /// <summary>Lists regulations, in order of creation, a page at a time.</summary>
    public static async Task<Ok<Page<RegulationSummaryDto>>> ListRegulations(
        [AsParameters] ListRegulationsQuery query, Caller caller, [AsParameters] RegulationServices services, CancellationToken cancellationToken)
    {
        var key = services.Cursors.PositionOf(ListName, query.Cursor);
        var limit = query.Limit ?? Cursors.DefaultLimit;
        await using var connection = await services.Db.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<RegulationSummaryRow>(new CommandDefinition(
            RegulationsSql.ListPage(services.Db.Dialect),
            CallerParameters.For(caller, new { AfterId = key.Length == 0 ? 0 : Cursors.ParseId(key), Take = limit + 1 }),
            cancellationToken: cancellationToken))).AsList();
        var page = services.Cursors.ToPage(ListName, rows, limit, r => Cursors.Position(r.Id));

        var parties = (page.Items.Count == 0
            ? []
            : await connection.QueryAsync<PartyCodeRow>(new CommandDefinition(
                RegulationsSql.PartyCodes(services.Db.Dialect), new { Ids = SqlDialect.JsonList(page.Items.Select(r => r.Id)) }, cancellationToken: cancellationToken)))
            .ToLookup(p => p.RegulationId, p => p.AgencyCode);

        return TypedResults.Ok(new Page<RegulationSummaryDto>(
            [.. page.Items.Select(r => new RegulationSummaryDto(r.Id, r.Code, r.TitleVi, r.TitleEn, r.SignedOn, r.Status, [.. parties[r.Id]]))],
            page.NextCursor));
    }
}
