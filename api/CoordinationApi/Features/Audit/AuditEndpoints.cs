using System.Globalization;
using System.Text.Json;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.OpenApi;
using CoordinationApi.Infrastructure.Security;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CoordinationApi.Features.Audit;

/// <summary>An entry of the audit trail.</summary>
/// <param name="Id">Position in the chain, from 1.</param>
/// <param name="OccurredAt">When it happened (UTC).</param>
/// <param name="ActorType">user, client (an agency system) or system.</param>
/// <param name="ActorId">User id, API client id, or "system".</param>
/// <param name="ActorName">Username or API client name.</param>
/// <param name="Action">What was done, e.g. <c>user.create</c>, <c>task.read</c>.</param>
/// <param name="EntityType">The kind of record.</param>
/// <param name="EntityId">The record's id.</param>
/// <param name="Classification">The record's classification at the time.</param>
/// <param name="Before">The record before the change, when there was one.</param>
/// <param name="After">The record after the change, when there is one.</param>
/// <param name="RequestId">Trace id of the request that made the change.</param>
/// <param name="ClientIp">Address the request came from.</param>
/// <param name="PrevHash">Hash of the previous entry.</param>
/// <param name="Hash">HMAC-SHA256 (under a key kept outside the database) over this entry's content and <paramref name="PrevHash"/>; plain SHA-256 for entries written before the chain was keyed.</param>
public sealed record AuditEntryDto(
    long Id,
    DateTimeOffset OccurredAt,
    [Vocabulary(typeof(AuthorKinds))] string ActorType,
    string ActorId,
    string ActorName,
    string Action,
    string EntityType,
    string EntityId,
    [Vocabulary(typeof(ClearanceNames))] string Classification,
    JsonElement? Before,
    JsonElement? After,
    string? RequestId,
    string? ClientIp,
    string PrevHash,
    string Hash) : IClassifiedRecord
{
    ClassifiedRecord IClassifiedRecord.Audited => new("audit-entry", Id.ToString(CultureInfo.InvariantCulture), ClearanceNames.Parse(Classification), null);
}

/// <summary>What to verify the chain against.</summary>
/// <param name="Checkpoint">A checkpoint's <c>token</c>, as kept outside the register: the chain must still hold its head, unchanged.</param>
public sealed record VerifyQuery([property: FromQuery(Name = "checkpoint")] string? Checkpoint);

internal sealed class VerifyQueryValidator : AbstractValidator<VerifyQuery>
{
    public VerifyQueryValidator() => RuleFor(q => q.Checkpoint).MaximumLength(200)
        .Must(t => AuditCheckpointDto.FromToken(t) is not null).When(q => q.Checkpoint is not null)
        .WithMessage("Not a checkpoint token (headId.headHash.createdAtUnixMs.signature).");
}

/// <summary>A page of checkpoints.</summary>
/// <param name="Cursor">The <c>nextCursor</c> of the previous page.</param>
/// <param name="Limit">Page size, 1–200 (default 50).</param>
public sealed record CheckpointsQuery([property: FromQuery(Name = "cursor")] string? Cursor, [property: FromQuery(Name = "limit")] int? Limit) : IPageQuery;

internal sealed class CheckpointsQueryValidator : AbstractValidator<CheckpointsQuery>
{
    public CheckpointsQueryValidator(Cursors cursors) =>
        Include(new PageRules<CheckpointsQuery>(cursors, AuditEndpoints.CheckpointsList, Cursors.IsLongId));
}

/// <summary>Filters of the audit trail.</summary>
/// <param name="Actor">Username or API client name.</param>
/// <param name="EntityType">Kind of record, e.g. <c>user</c>.</param>
/// <param name="EntityId">A record's id.</param>
/// <param name="Action">e.g. <c>user.create</c>.</param>
/// <param name="From">From this instant (inclusive).</param>
/// <param name="To">Until this instant (exclusive).</param>
/// <param name="Cursor">The <c>nextCursor</c> of the previous page.</param>
/// <param name="Limit">Page size, 1–200 (default 50).</param>
public sealed record AuditQuery(
    [property: FromQuery(Name = "actor")] string? Actor,
    [property: FromQuery(Name = "entityType")] string? EntityType,
    [property: FromQuery(Name = "entityId")] string? EntityId,
    [property: FromQuery(Name = "action")] string? Action,
    [property: FromQuery(Name = "from")] DateTimeOffset? From,
    [property: FromQuery(Name = "to")] DateTimeOffset? To,
    [property: FromQuery(Name = "cursor")] string? Cursor,
    [property: FromQuery(Name = "limit")] int? Limit) : IPageQuery;

internal sealed class AuditQueryValidator : AbstractValidator<AuditQuery>
{
    public AuditQueryValidator(Cursors cursors)
    {
        Include(new PageRules<AuditQuery>(cursors, AuditEndpoints.ListName, Cursors.IsLongId));
        RuleFor(q => q.Actor).MaximumLength(Bounds.Name);
        RuleFor(q => q.EntityType).MaximumLength(Bounds.Name);
        RuleFor(q => q.EntityId).MaximumLength(Bounds.Name);
        RuleFor(q => q.Action).MaximumLength(Bounds.Name);
        RuleFor(q => q.From).IsInstant();
        RuleFor(q => q.To).IsInstant();
        RuleFor(q => q.To).GreaterThan(q => q.From).When(q => q.From is not null && q.To is not null);
    }
}

/// <summary>What the audit handlers need besides their query and caller (bound with <c>[AsParameters]</c>).</summary>
public sealed record AuditServices(DbConnectionFactory Db, WriteScopes Writes, AuditTrail Audit, Cursors Cursors);

public static class AuditEndpoints
{
    internal const string ListName = "audit";
    internal const string CheckpointsList = "audit-checkpoints";

    public static RouteGroupBuilder MapAudit(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/audit").WithTags("Audit").RequireAccess(Access.AuditRead);
        group.MapGet("/", ListAuditEntries).WithName(nameof(ListAuditEntries));
        group.MapGet("/verify", VerifyAuditChain).WithName(nameof(VerifyAuditChain)).ReturnsNoClassifiedData();
        group.MapGet("/checkpoints", ListAuditCheckpoints).WithName(nameof(ListAuditCheckpoints)).ReturnsNoClassifiedData();
        group.MapPost("/checkpoints", CreateAuditCheckpoint).WithName(nameof(CreateAuditCheckpoint));
        return group;
    }

    /// <summary>The audit trail, newest first, within the caller's clearance and agency scope.</summary>
    public static async Task<Ok<Page<AuditEntryDto>>> ListAuditEntries(
        [AsParameters] AuditQuery query, Caller caller, [AsParameters] AuditServices services, CancellationToken cancellationToken)
    {
        var key = services.Cursors.PositionOf(ListName, query.Cursor);
        var limit = query.Limit ?? Cursors.DefaultLimit;
        await using var connection = await services.Db.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<AuditEntryRow>(new CommandDefinition(
            AuditSql.Page(services.Db.Dialect),
            CallerParameters.For(caller, new
            {
                BeforeId = key.Length == 0 ? long.MaxValue : long.Parse(key, CultureInfo.InvariantCulture),
                query.Actor, query.EntityType, query.EntityId, query.Action, query.From, query.To,
                Take = limit + 1,
            }),
            cancellationToken: cancellationToken))).AsList();
        var page = services.Cursors.ToPage(ListName, rows, limit, r => Cursors.Position(r.Id));
        return TypedResults.Ok(new Page<AuditEntryDto>([.. page.Items.Select(ToDto)], page.NextCursor));
    }

    /// <summary>
    /// Recomputes the keyed chain of the whole trail and names the first entry that was altered or removed; given a checkpoint
    /// kept outside the register, also checks that the chain still holds its head unchanged (no truncation, no rewrite).
    /// </summary>
    public static async Task<Ok<AuditVerificationDto>> VerifyAuditChain(
        [AsParameters] VerifyQuery query, [AsParameters] AuditServices services, CancellationToken cancellationToken)
    {
        await using var connection = await services.Db.OpenAsync(cancellationToken);
        return TypedResults.Ok(await services.Audit.VerifyAsync(connection, AuditCheckpointDto.FromToken(query.Checkpoint), cancellationToken));
    }

    /// <summary>The signed checkpoints of the chain's head, newest first: made every <c>Audit:CheckpointEvery</c> entries and on demand.</summary>
    public static async Task<Ok<Page<AuditCheckpointDto>>> ListAuditCheckpoints(
        [AsParameters] CheckpointsQuery query, [AsParameters] AuditServices services, CancellationToken cancellationToken)
    {
        var key = services.Cursors.PositionOf(CheckpointsList, query.Cursor);
        var limit = query.Limit ?? Cursors.DefaultLimit;
        await using var connection = await services.Db.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<AuditCheckpointRow>(new CommandDefinition(AuditSql.Checkpoints(services.Db.Dialect), new
        {
            BeforeId = key.Length == 0 ? long.MaxValue : long.Parse(key, CultureInfo.InvariantCulture), Take = limit + 1,
        }, cancellationToken: cancellationToken))).AsList();
        var page = services.Cursors.ToPage(CheckpointsList, rows, limit, r => Cursors.Position(r.HeadId));
        return TypedResults.Ok(new Page<AuditCheckpointDto>([.. page.Items.Select(r => r.ToDto())], page.NextCursor));
    }

    /// <summary>Signs a checkpoint of the chain's current head now (the existing one when the head already has one), to keep elsewhere.</summary>
    public static async Task<Ok<AuditCheckpointDto>> CreateAuditCheckpoint(
        [AsParameters] AuditServices services, CancellationToken cancellationToken) =>
        TypedResults.Ok(await services.Audit.CheckpointHeadAsync(services.Writes, cancellationToken));

    private static AuditEntryDto ToDto(AuditEntryRow r) => new(
        r.Id, r.OccurredAt, r.ActorType, r.ActorId, r.ActorName, r.Action, r.EntityType, r.EntityId,
        ((Clearance)r.Classification).ToName(), Parse(r.BeforeJson), Parse(r.AfterJson), r.RequestId, r.ClientIp, r.PrevHash, r.Hash);

    private static JsonElement? Parse(string? json) => json is null ? null : JsonDocument.Parse(json).RootElement.Clone();
}
