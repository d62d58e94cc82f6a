using CoordinationApi.Features.Audit;
using System.Globalization;
using CoordinationApi.Features.Regulations;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.Security;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoordinationApi.Features.RegulationText;

/// <summary>What the handlers of a regulation's text need besides their route values, request and caller (bound with <c>[AsParameters]</c>).</summary>
public sealed record RegulationTextServices(DbConnectionFactory Db, WriteScopes Writes, Cursors Cursors, TimeProvider Clock, HttpContext Http);

/// <summary>
/// The text of a regulation: its versions, the article tree of each (or as in force on a date), single provisions with
/// the tasks citing them, coverage, comparison; and for coordinators of a party, draft editing, publishing and amendments.
/// </summary>
public static partial class RegulationTextEndpoints
{
    public static RouteGroupBuilder MapRegulationText(this RouteGroupBuilder api)
    {
        var read = api.MapGroup("/regulations/{regulationId:int}").WithTags("Regulation text").RequireAccess(Access.RegulationsRead);
        read.MapGet("/versions", ListVersions).WithName(nameof(ListVersions)).ReturnsNoClassifiedData().ProducesProblem(StatusCodes.Status404NotFound);
        read.MapGet("/versions/{number:int}", GetVersion).WithName(nameof(GetVersion)).ReturnsNoClassifiedData().ProducesProblem(StatusCodes.Status404NotFound);
        read.MapGet("/versions/{number:int}/text", GetVersionText).WithName(nameof(GetVersionText)).ReturnsNoClassifiedData().ProducesProblem(StatusCodes.Status404NotFound);
        read.MapGet("/text", GetTextAsOf).WithName(nameof(GetTextAsOf)).ReturnsNoClassifiedData().ProducesProblem(StatusCodes.Status404NotFound);
        read.MapGet("/versions/{number:int}/provisions/{aknId}", GetProvision).WithName(nameof(GetProvision))
            .ProducesProblem(StatusCodes.Status404NotFound);
        read.MapGet("/versions/{number:int}/coverage", GetCoverage).WithName(nameof(GetCoverage)).ReturnsNoClassifiedData().ProducesProblem(StatusCodes.Status404NotFound);
        read.MapGet("/compare", CompareVersions).WithName(nameof(CompareVersions)).ReturnsNoClassifiedData().ProducesProblem(StatusCodes.Status404NotFound);

        var write = api.MapGroup("/regulations/{regulationId:int}").WithTags("Regulation text").RequireAccess(Access.RegulationsWrite);
        write.MapPost("/versions", StartAmendment).WithName(nameof(StartAmendment)).WithMetadata(Idempotency.Honoured)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        write.MapPost("/versions/{number:int}/publish", PublishVersion).WithName(nameof(PublishVersion))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        write.MapPost("/versions/{number:int}/provisions", CreateProvision).WithName(nameof(CreateProvision)).WithMetadata(Idempotency.Honoured)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        write.MapPut("/versions/{number:int}/provisions/{aknId}", UpdateProvision).WithName(nameof(UpdateProvision))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        write.MapDelete("/versions/{number:int}/provisions/{aknId}", DeleteProvision).WithName(nameof(DeleteProvision))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        return read;
    }

    private static ProblemHttpResult NoRegulation(int regulationId) => Problems.NotFound($"No regulation has the id {regulationId}.");

    private static ProblemHttpResult NoVersion(int regulationId, int number) =>
        Problems.NotFound($"Regulation {regulationId} has no version {number}.");

    private static ProblemHttpResult NoProvision(int regulationId, int number, string aknId) =>
        Problems.NotFound($"Version {number} of regulation {regulationId} has no provision '{aknId}'.");

    private static ProblemHttpResult Published(VersionRow version) => Problems.Conflict(
        "A published version never changes.",
        $"Version {version.Number} of regulation {version.RegulationId} is published; start an amendment (a new draft version) to change the text.");

    private static string EntityId(VersionRow version) => string.Create(CultureInfo.InvariantCulture, $"{version.RegulationId}/v{version.Number}");

    private static string EntityId(VersionRow version, string aknId) => $"{EntityId(version)}/{aknId}";

    /// <summary>The versions of one regulation the caller may see, and which of them is in force when.</summary>
    private sealed class VersionSet(List<VersionRow> all, DateOnly today)
    {
        public List<VersionRow> All { get; } = all;

        /// <summary>Null when the regulation does not exist for the caller (not a party). In a transaction, locks the regulation first (a write follows).</summary>
        public static async Task<VersionSet?> LoadAsync(ReadScope read, Caller caller, int regulationId, DateOnly today, CancellationToken cancellationToken)
        {
            var (connection, transaction, _) = read;
            var parameters = CallerParameters.For(caller, new { RegulationId = regulationId });
            if (transaction is not null)
            {
                await connection.ExecuteAsync(new CommandDefinition(RegulationWritesSql.Lock, parameters, transaction, cancellationToken: cancellationToken));
            }

            if (await connection.ExecuteScalarAsync<int>(new CommandDefinition(
                    RegulationTextSql.RegulationVisible, parameters, transaction, cancellationToken: cancellationToken)) == 0)
            {
                return null;
            }

            var versions = await connection.QueryAsync<VersionRow>(new CommandDefinition(
                RegulationTextSql.Versions, parameters, transaction, cancellationToken: cancellationToken));
            return new VersionSet(versions.AsList(), today);
        }

        public VersionRow? Number(int number) => All.Find(v => v.Number == number);

        /// <summary>The published version with the latest effective date on or before <paramref name="date"/>.</summary>
        public VersionRow? InForceOn(DateOnly date) => All
            .Where(v => !v.IsDraft && v.EffectiveFrom <= date)
            .OrderByDescending(v => v.EffectiveFrom).ThenByDescending(v => v.Number).FirstOrDefault();

        public VersionRow? Draft => All.Find(v => v.IsDraft);

        public VersionRow? LatestPublished => All.Where(v => !v.IsDraft).MaxBy(v => v.Number);

        public VersionDto ToDto(VersionRow v) => new(
            v.Id, v.RegulationId, v.Number, v.Status, v.EffectiveFrom, v.BasedOnNumber, v.Note, v.CreatedAt, v.PublishedAt,
            InForceOn(today)?.Id == v.Id);
    }
}
