using CoordinationApi.Infrastructure.OpenApi;
using System.Globalization;
using CoordinationApi.Features.Audit;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.Security;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CoordinationApi.Features.Recognitions;

/// <summary>Who received an award: a person or a unit.</summary>
/// <param name="Kind">person or unit.</param>
/// <param name="PersonId">The person, when a person.</param>
/// <param name="FullName">The person's name.</param>
/// <param name="RankVi">Rank (Vietnamese).</param>
/// <param name="RankEn">Rank (English).</param>
/// <param name="PositionVi">Position (Vietnamese).</param>
/// <param name="PositionEn">Position (English).</param>
/// <param name="UnitCode">The unit (the recipient, or the person's unit).</param>
/// <param name="UnitNameVi">Unit name (Vietnamese).</param>
/// <param name="UnitNameEn">Unit name (English).</param>
/// <param name="AgencyCode">The recipient's agency.</param>
public sealed record RecipientDto(
    [Vocabulary(typeof(RecipientKinds))] string Kind, int? PersonId, string? FullName, string? RankVi, string? RankEn, string? PositionVi, string? PositionEn,
    string? UnitCode, string? UnitNameVi, string? UnitNameEn, string AgencyCode);

/// <summary>Who received an award: a person or a unit.</summary>
public static class RecipientKinds
{
    public const string Person = "person";
    public const string Unit = "unit";

    [VocabularyName("RecipientKind")]
    public static readonly string[] All = [Person, Unit];
}

/// <summary>An award given by an agency on an occasion.</summary>
/// <param name="Id">Recognition id.</param>
/// <param name="AwardVi">The award (Vietnamese).</param>
/// <param name="AwardEn">The award (English).</param>
/// <param name="AwardingAgencyCode">The agency that gave it.</param>
/// <param name="Recipient">Who received it.</param>
/// <param name="AwardedOn">When.</param>
/// <param name="OccasionVi">The occasion (Vietnamese).</param>
/// <param name="OccasionEn">The occasion (English).</param>
/// <param name="RegulationId">The regulation it relates to, if any.</param>
public sealed record RecognitionDto(
    int Id, string AwardVi, string AwardEn, string AwardingAgencyCode, RecipientDto Recipient, DateOnly AwardedOn, string OccasionVi,
    string OccasionEn, int? RegulationId);

/// <summary>Filters of the recognition list.</summary>
/// <param name="AwardingAgency">Given by this agency (code).</param>
/// <param name="RecipientAgency">Received by people or units of this agency (code).</param>
/// <param name="Year">Awarded in this year.</param>
public sealed record ListRecognitionsQuery(
    [property: FromQuery(Name = "awardingAgency")] string? AwardingAgency,
    [property: FromQuery(Name = "recipientAgency")] string? RecipientAgency,
    [property: FromQuery(Name = "year")] int? Year,
    [property: FromQuery(Name = "cursor")] string? Cursor,
    [property: FromQuery(Name = "limit")] int? Limit) : IPageQuery;

internal sealed class ListRecognitionsQueryValidator : AbstractValidator<ListRecognitionsQuery>
{
    public ListRecognitionsQueryValidator(Cursors cursors)
    {
        Include(new PageRules<ListRecognitionsQuery>(cursors, RecognitionsEndpoints.ListName, RecognitionsEndpoints.IsPosition));
        RuleFor(q => q.Year).IsYear();
        RuleFor(q => q.AwardingAgency).MaximumLength(Bounds.Code);
        RuleFor(q => q.RecipientAgency).MaximumLength(Bounds.Code);
    }
}

/// <summary>A new recognition given by the caller's agency.</summary>
/// <param name="AwardVi">The award (Vietnamese).</param>
/// <param name="AwardEn">The award (English).</param>
/// <param name="RecipientPersonId">A person; or give a unit.</param>
/// <param name="RecipientUnitCode">A unit; or give a person.</param>
/// <param name="AwardedOn">When; not in the future.</param>
/// <param name="OccasionVi">The occasion (Vietnamese).</param>
/// <param name="OccasionEn">The occasion (English).</param>
/// <param name="RegulationId">The regulation it relates to.</param>
public sealed record CreateRecognitionRequest(
    string AwardVi, string AwardEn, int? RecipientPersonId, string? RecipientUnitCode, DateOnly AwardedOn, string OccasionVi, string OccasionEn, int? RegulationId);

internal sealed class CreateRecognitionRequestValidator : AbstractValidator<CreateRecognitionRequest>
{
    public CreateRecognitionRequestValidator()
    {
        RuleFor(r => r.AwardVi).NotEmpty().MaximumLength(400);
        RuleFor(r => r.RecipientPersonId).IsId();
        RuleFor(r => r.RecipientUnitCode).MaximumLength(Bounds.Code);
        RuleFor(r => r.RegulationId).IsId();
        RuleFor(r => r.AwardedOn).IsDate();
        RuleFor(r => r.AwardEn).NotEmpty().MaximumLength(400);
        RuleFor(r => r.OccasionVi).NotEmpty().MaximumLength(1000);
        RuleFor(r => r.OccasionEn).NotEmpty().MaximumLength(1000);
        RuleFor(r => r.RecipientPersonId).NotNull().When(r => r.RecipientUnitCode is null).WithMessage("Name a person or a unit.");
        RuleFor(r => r.RecipientUnitCode).Null().When(r => r.RecipientPersonId is not null).WithMessage("Name a person or a unit, not both.");
    }
}

/// <summary>What the recognition handlers need besides their request and caller (bound with <c>[AsParameters]</c>).</summary>
public sealed record RecognitionServices(DbConnectionFactory Db, WriteScopes Writes, ReferenceData Reference, Cursors Cursors, TimeProvider Clock);

public static class RecognitionsEndpoints
{
    internal const string ListName = "recognitions";

    /// <summary>An award's position in the list: its date and id.</summary>
    internal static bool IsPosition(string position) =>
        position.Split('|') is [var date, var id] && Cursors.IsId(id)
        && DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    public static RouteGroupBuilder MapRecognitions(this RouteGroupBuilder api)
    {
        var read = api.MapGroup("/recognitions").WithTags("Recognitions").RequireAccess(Access.ReviewsRead).ReturnsNoClassifiedData();
        read.MapGet("/", ListRecognitions).WithName(nameof(ListRecognitions));
        read.MapGet("/{id:int}", GetRecognition).WithName(nameof(GetRecognition)).ProducesProblem(StatusCodes.Status404NotFound);
        var write = api.MapGroup("/recognitions").WithTags("Recognitions").RequireAccess(Access.ReviewsWrite);
        write.MapPost("/", CreateRecognition).WithName(nameof(CreateRecognition)).WithMetadata(Idempotency.Honoured);
        return api;
    }

    /// <summary>Awards given between the agencies, newest first.</summary>
    public static async Task<Results<Ok<Page<RecognitionDto>>, ValidationProblem>> ListRecognitions(
        [AsParameters] ListRecognitionsQuery query, [AsParameters] RecognitionServices services, CancellationToken cancellationToken)
    {
        var position = services.Cursors.PositionOf(ListName, query.Cursor).Split('|');
        var limit = query.Limit ?? Cursors.DefaultLimit;
        var awarding = query.AwardingAgency is null ? null : services.Reference.Agency(query.AwardingAgency);
        var recipient = query.RecipientAgency is null ? null : services.Reference.Agency(query.RecipientAgency);
        if ((query.AwardingAgency is not null && awarding is null) || (query.RecipientAgency is not null && recipient is null))
        {
            return Problems.Invalid(awarding is null && query.AwardingAgency is not null ? "awardingAgency" : "recipientAgency", "Not an agency code.");
        }

        await using var connection = await services.Db.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<RecognitionRow>(new CommandDefinition(RecognitionsSql.ListPage(services.Db.Dialect), new
        {
            AwardingAgencyId = awarding?.Id, RecipientAgencyId = recipient?.Id,
            From = query.Year is { } y ? new DateOnly(y, 1, 1) : (DateOnly?)null, To = query.Year is { } z ? new DateOnly(z, 12, 31) : (DateOnly?)null,
            KeyDate = position.Length == 2 ? DateOnly.ParseExact(position[0], "yyyy-MM-dd", CultureInfo.InvariantCulture) : (DateOnly?)null,
            KeyId = position.Length == 2 ? Cursors.ParseId(position[1]) : 0,
            Take = limit + 1,
        }, cancellationToken: cancellationToken))).AsList();
        var page = services.Cursors.ToPage(ListName, rows, limit, r => string.Create(CultureInfo.InvariantCulture, $"{r.AwardedOn:yyyy-MM-dd}|{r.Id}"));
        return TypedResults.Ok(new Page<RecognitionDto>([.. page.Items.Select(r => r.ToDto())], page.NextCursor));
    }

    /// <summary>One recognition.</summary>
    /// <param name="id">Recognition id.</param>
    public static async Task<Results<Ok<RecognitionDto>, ProblemHttpResult>> GetRecognition(
        int id, [AsParameters] RecognitionServices services, CancellationToken cancellationToken)
    {
        await using var connection = await services.Db.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<RecognitionRow>(new CommandDefinition(RecognitionsSql.One, new { Id = id }, cancellationToken: cancellationToken));
        return row is null ? Problems.NotFound($"No recognition has the id {id}.") : TypedResults.Ok(row.ToDto());
    }

    /// <summary>Registers an award given by the caller's agency. Coordinators.</summary>
    public static async Task<Results<Created<RecognitionDto>, ValidationProblem, ProblemHttpResult>> CreateRecognition(
        CreateRecognitionRequest request, Caller caller, [AsParameters] RecognitionServices services, HttpContext http, CancellationToken cancellationToken)
    {
        if (Idempotency.TryReadKey(http, out var idempotencyKey) is { } badKey)
        {
            return badKey;
        }

        var unit = request.RecipientUnitCode is null ? null : services.Reference.Unit(request.RecipientUnitCode);
        if (request.RecipientUnitCode is not null && unit is null)
        {
            return Problems.Invalid("recipientUnitCode", $"'{request.RecipientUnitCode}' is not a unit.");
        }

        if (request.AwardedOn > services.Clock.Today())
        {
            return Problems.Invalid("awardedOn", "An award cannot be dated in the future.");
        }

        await using var write = await services.Writes.BeginAsync(caller, cancellationToken);
        var (connection, transaction) = write;
        var requestHash = Idempotency.HashOf(request);
        async Task<RecognitionDto?> IfVisible(RecognitionDto recognition) =>
            await connection.QuerySingleOrDefaultAsync<RecognitionRow>(RecognitionsSql.One, new { recognition.Id }, transaction) is null ? null : recognition;
        if (await write.ReplayAsync<RecognitionDto>(http, idempotencyKey, requestHash, IfVisible) is { } earlier)
        {
            return earlier.Problem is { } problem ? problem : earlier.Replay!;
        }

        if (request.RecipientPersonId is { } personId && await connection.ExecuteScalarAsync<int>(RecognitionsSql.PersonExists, new { Id = personId }, transaction) == 0)
        {
            return Problems.Invalid("recipientPersonId", $"No person has the id {personId}.");
        }

        if (request.RegulationId is { } regulationId && await connection.ExecuteScalarAsync<int>(
                RecognitionsSql.RegulationVisible, CallerParameters.For(caller, new { RegulationId = regulationId }), transaction) == 0)
        {
            return Problems.Invalid("regulationId", $"No regulation with the id {regulationId} exists for you.");
        }

        var id = await connection.ExecuteScalarAsync<int>(RecognitionsSql.Insert(write.Dialect), new
        {
            request.AwardVi, request.AwardEn, AwardingAgencyId = caller.AgencyId, request.RecipientPersonId, RecipientUnitId = unit?.Id,
            request.AwardedOn, request.OccasionVi, request.OccasionEn, request.RegulationId, IsDemo = false, Now = write.Now,
        }, transaction);
        var created = (await connection.QuerySingleAsync<RecognitionRow>(RecognitionsSql.One, new { Id = id }, transaction)).ToDto();
        await write.AuditAsync(new AuditEvent("recognition.create", "recognition", id.ToString(CultureInfo.InvariantCulture), After: created));
        var location = $"/api/v1/recognitions/{id}";
        // A concurrent request with the same key may have been saved first: then this one's work is rolled back, its result replayed.
        if (await write.RememberAsync(http, idempotencyKey, requestHash, location, created, IfVisible) is { } winner)
        {
            return winner.Problem is { } problem ? problem : winner.Replay!;
        }

        await write.CommitAsync();
        return TypedResults.Created(location, created);
    }
}

internal sealed record RecognitionRow
{
    public int Id { get; init; }

    public string AwardVi { get; init; } = "";

    public string AwardEn { get; init; } = "";

    public string AwardingAgencyCode { get; init; } = "";

    public int? PersonId { get; init; }

    public string? FullName { get; init; }

    public string? RankVi { get; init; }

    public string? RankEn { get; init; }

    public string? PositionVi { get; init; }

    public string? PositionEn { get; init; }

    public string? UnitCode { get; init; }

    public string? UnitNameVi { get; init; }

    public string? UnitNameEn { get; init; }

    public string RecipientAgencyCode { get; init; } = "";

    public DateOnly AwardedOn { get; init; }

    public string OccasionVi { get; init; } = "";

    public string OccasionEn { get; init; } = "";

    public int? RegulationId { get; init; }

    public RecognitionDto ToDto() => new(Id, AwardVi, AwardEn, AwardingAgencyCode,
        new RecipientDto(PersonId is null ? RecipientKinds.Unit : RecipientKinds.Person, PersonId, FullName, RankVi, RankEn, PositionVi, PositionEn, UnitCode, UnitNameVi,
            UnitNameEn, RecipientAgencyCode),
        AwardedOn, OccasionVi, OccasionEn, RegulationId);
}

internal static class RecognitionsSql
{
    private const string Select = $"""
        SELECT g.id AS {nameof(RecognitionRow.Id)}, g.award_vi AS {nameof(RecognitionRow.AwardVi)}, g.award_en AS {nameof(RecognitionRow.AwardEn)},
               ga.code AS {nameof(RecognitionRow.AwardingAgencyCode)}, p.id AS {nameof(RecognitionRow.PersonId)}, p.full_name AS {nameof(RecognitionRow.FullName)},
               p.rank_vi AS {nameof(RecognitionRow.RankVi)}, p.rank_en AS {nameof(RecognitionRow.RankEn)},
               p.position_vi AS {nameof(RecognitionRow.PositionVi)}, p.position_en AS {nameof(RecognitionRow.PositionEn)},
               u.code AS {nameof(RecognitionRow.UnitCode)}, u.name_vi AS {nameof(RecognitionRow.UnitNameVi)}, u.name_en AS {nameof(RecognitionRow.UnitNameEn)},
               ra.code AS {nameof(RecognitionRow.RecipientAgencyCode)}, g.awarded_on AS {nameof(RecognitionRow.AwardedOn)},
               g.occasion_vi AS {nameof(RecognitionRow.OccasionVi)}, g.occasion_en AS {nameof(RecognitionRow.OccasionEn)},
               g.regulation_id AS {nameof(RecognitionRow.RegulationId)}
        FROM recognitions g
        JOIN agencies ga ON ga.id = g.awarding_agency_id
        LEFT JOIN persons p ON p.id = g.recipient_person_id
        LEFT JOIN units u ON u.id = COALESCE(g.recipient_unit_id, p.unit_id)
        JOIN agencies ra ON ra.id = COALESCE(p.agency_id, u.agency_id)
        """;

    public const string List = $"""
        {Select}
        WHERE (@AwardingAgencyId IS NULL OR g.awarding_agency_id = @AwardingAgencyId)
          AND (@RecipientAgencyId IS NULL OR ra.id = @RecipientAgencyId)
          AND (@From IS NULL OR g.awarded_on >= @From) AND (@To IS NULL OR g.awarded_on <= @To)
        ORDER BY g.awarded_on DESC, g.id;
        """;

    /// <summary>A page of <see cref="List"/>, after the (date, id) of the previous page's last award.</summary>
    public static string ListPage(SqlDialect dialect) => $"""
        {Select}
        WHERE (@AwardingAgencyId IS NULL OR g.awarding_agency_id = @AwardingAgencyId)
          AND (@RecipientAgencyId IS NULL OR ra.id = @RecipientAgencyId)
          AND (@From IS NULL OR g.awarded_on >= @From) AND (@To IS NULL OR g.awarded_on <= @To)
          AND (@KeyDate IS NULL OR g.awarded_on < @KeyDate OR (g.awarded_on = @KeyDate AND g.id > @KeyId))
        ORDER BY g.awarded_on DESC, g.id
        {dialect.Limit("@Take")};
        """;

    public const string One = $"""
        {Select}
        WHERE g.id = @Id;
        """;

    public const string PersonExists = "SELECT COUNT(*) FROM persons WHERE id = @Id;";

    /// <summary>The regulation exists and the caller's agency is a party to it (otherwise it does not exist for them).</summary>
    public static readonly string RegulationVisible = $"SELECT COUNT(*) FROM regulations r WHERE r.id = @RegulationId AND {Scope.RegulationVisible("r.id")};";

    public static string Insert(SqlDialect dialect) => dialect.InsertReturningId(
        "recognitions",
        "award_vi, award_en, awarding_agency_id, recipient_person_id, recipient_unit_id, awarded_on, occasion_vi, occasion_en, regulation_id, is_demo, created_at",
        "@AwardVi, @AwardEn, @AwardingAgencyId, @RecipientPersonId, @RecipientUnitId, @AwardedOn, @OccasionVi, @OccasionEn, @RegulationId, @IsDemo, @Now");
}
