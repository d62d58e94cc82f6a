using CoordinationApi.Features.Audit;
using CoordinationApi.Features.Search;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.Security;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoordinationApi.Features.RegulationText;

/// <summary>A new draft version (the body is optional).</summary>
/// <param name="Note">What the amendment is about.</param>
public sealed record StartAmendmentRequest(string? Note);

internal sealed class StartAmendmentRequestValidator : AbstractValidator<StartAmendmentRequest>
{
    public StartAmendmentRequestValidator() => RuleFor(r => r.Note).MaximumLength(1000);
}

/// <summary>Publishing a draft: send the version's ETag in <c>If-Match</c>.</summary>
/// <param name="EffectiveFrom">From when the version is in force; not before the effective date of the version published before it.</param>
/// <param name="Note">Replaces the version's note when given.</param>
public sealed record PublishVersionRequest(DateOnly? EffectiveFrom, string? Note);

internal sealed class PublishVersionRequestValidator : AbstractValidator<PublishVersionRequest>
{
    public PublishVersionRequestValidator()
    {
        RuleFor(r => r.EffectiveFrom).NotNull().IsDate();
        RuleFor(r => r.Note).MaximumLength(1000);
    }
}

public static partial class RegulationTextEndpoints
{
    /// <summary>
    /// Starts an amendment: a new draft version (number N + 1) holding a copy of the latest published version's text,
    /// or an empty draft when nothing is published yet. Only one draft exists at a time (409 otherwise).
    /// </summary>
    /// <param name="regulationId">Regulation id.</param>
    public static async Task<Results<Created<VersionDto>, ValidationProblem, ProblemHttpResult>> StartAmendment(
        int regulationId, StartAmendmentRequest? request, Caller caller, [AsParameters] RegulationTextServices services,
        CancellationToken cancellationToken)
    {
        if (Idempotency.TryReadKey(services.Http, out var idempotencyKey) is { } badKey)
        {
            return badKey;
        }

        await using var write = await services.Writes.BeginAsync(caller, cancellationToken);
        var (connection, transaction) = write;
        var requestHash = Idempotency.HashOf(new { regulationId, request });
        async Task<VersionDto?> IfVisible(VersionDto version) =>
            await VersionSet.LoadAsync(write, caller, regulationId, write.Today, CancellationToken.None) is null ? null : version;
        if (await write.ReplayAsync<VersionDto>(services.Http, idempotencyKey, requestHash, IfVisible, withETag: true) is { } earlier)
        {
            return earlier.Problem is { } problem ? problem : earlier.Replay!;
        }

        var versions = await VersionSet.LoadAsync(write, caller, regulationId, write.Today, CancellationToken.None);
        if (versions is null)
        {
            return NoRegulation(regulationId);
        }

        if (versions.Draft is { } draft)
        {
            return Problems.Conflict(
                "A draft version already exists.",
                $"Version {draft.Number} of regulation {regulationId} is a draft: edit and publish it before starting another amendment.",
                new Dictionary<string, object?> { ["draftNumber"] = draft.Number });
        }

        var basedOn = versions.LatestPublished;
        var number = versions.All.Count == 0 ? 1 : versions.All.Max(v => v.Number) + 1;
        var versionId = await connection.ExecuteScalarAsync<int>(RegulationTextSql.InsertDraftVersion(write.Dialect), new
        {
            RegulationId = regulationId, Number = number, BasedOnId = basedOn?.Id, request?.Note, Now = write.Now,
        }, transaction);
        if (basedOn is not null)
        {
            await connection.ExecuteAsync(RegulationTextSql.CopyProvisions, new { VersionId = versionId, BasedOnId = basedOn.Id }, transaction);
            await SearchIndex.IndexMissingProvisionsAsync(write, versionId);
        }

        versions = (await VersionSet.LoadAsync(write, caller, regulationId, write.Today, CancellationToken.None))!;
        var created = versions.Number(number)!;
        await write.AuditAsync(
            new AuditEvent("version.create", "regulation-version", EntityId(created), After: versions.ToDto(created), RegulationId: regulationId));
        var location = $"/api/v1/regulations/{regulationId}/versions/{number}";
        Concurrency.SetETag(services.Http, created.RowVersion);
        // A concurrent request with the same key may have been saved first: then this one's work is rolled back, its result replayed.
        if (await write.RememberAsync(services.Http, idempotencyKey, requestHash, location, versions.ToDto(created), IfVisible, withETag: true) is { } winner)
        {
            return winner.Problem is { } problem ? problem : winner.Replay!;
        }

        await write.CommitAsync();
        return TypedResults.Created(location, versions.ToDto(created));
    }

    /// <summary>
    /// Publishes a draft: it gets its effective date and never changes again. Requires the version's ETag in <c>If-Match</c>,
    /// so that what is published is what was last read.
    /// </summary>
    /// <param name="regulationId">Regulation id.</param>
    /// <param name="number">Number of the draft version.</param>
    public static async Task<Results<Ok<VersionDto>, ValidationProblem, ProblemHttpResult>> PublishVersion(
        int regulationId, int number, PublishVersionRequest request, Caller caller, [AsParameters] RegulationTextServices services,
        CancellationToken cancellationToken)
    {
        if (!Concurrency.TryReadIfMatch(services.Http, out var ifMatch, out var precondition))
        {
            return precondition!;
        }

        await using var write = await services.Writes.BeginAsync(caller, cancellationToken);
        var (connection, transaction) = write;
        var versions = await VersionSet.LoadAsync(write, caller, regulationId, write.Today, CancellationToken.None);
        if (versions is null)
        {
            return NoRegulation(regulationId);
        }

        if (versions.Number(number) is not { } version)
        {
            return NoVersion(regulationId, number);
        }

        if (!version.IsDraft)
        {
            return Published(version);
        }

        if (versions.LatestPublished is { EffectiveFrom: { } previous } latest && request.EffectiveFrom < previous)
        {
            return Problems.Invalid("effectiveFrom", $"Version {latest.Number} is in force from {previous:yyyy-MM-dd}; an amendment cannot take effect before it.");
        }

        if ((await ProvisionsAsync(write, caller, version.Id, CancellationToken.None)).Count == 0)
        {
            return Problems.Conflict("The draft is empty.", $"Version {number} of regulation {regulationId} has no text to publish.");
        }

        if (!ifMatch.Matches(version.RowVersion))
        {
            return Concurrency.Stale();
        }

        if (await connection.ExecuteAsync(RegulationTextSql.Publish, new
        {
            VersionId = version.Id, RowVersion = version.RowVersion, request.EffectiveFrom, request.Note, Now = write.Now,
        }, transaction) == 0)
        {
            return Concurrency.Stale();
        }

        versions = (await VersionSet.LoadAsync(write, caller, regulationId, write.Today, CancellationToken.None))!;
        var published = versions.Number(number)!;
        await write.AuditAsync(new AuditEvent(
            "version.publish", "regulation-version", EntityId(published), versions.ToDto(version), versions.ToDto(published), RegulationId: regulationId));
        await write.CommitAsync();

        Concurrency.SetETag(services.Http, published.RowVersion);
        return TypedResults.Ok(versions.ToDto(published));
    }
}
