using System.Text.Json;
using System.Text.Json.Serialization;
using CoordinationApi.Features.Audit;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.OpenApi;
using CoordinationApi.Infrastructure.Security;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoordinationApi.Features.Regulations;

/// <summary>
/// A regulation as a coordinator writes it (the whole record: parties and signatories are replaced). The body of a GET
/// PUTs back: a party may name its standing body by the <c>standingUnit</c> object a GET shows, a signatory by the
/// signatory object (its <c>personKey</c>).
/// </summary>
/// <param name="Code">Short code, unique, e.g. <c>QC2021</c>.</param>
/// <param name="TitleVi">Title in Vietnamese (authoritative).</param>
/// <param name="TitleEn">Title in English.</param>
/// <param name="SignedOn">Date of signature; not in the future.</param>
/// <param name="SignedAt">Place of signature.</param>
/// <param name="Status">draft, in_force, superseded or expired.</param>
/// <param name="Parties">Two or more distinct agencies, the caller's among them, each with its standing body unit (a unit of that agency). On a PUT, the agencies that signed it, in any order: none removed, replaced or added; a party's standing body is changed only by that party's agency.</param>
/// <param name="Signatories">The signatories, each of a party's agency: a person key, or the signatory object a GET shows (its <c>personKey</c> names the person).</param>
/// <param name="ReviewPolicy">How results are reviewed.</param>
[RoundTrips(typeof(RegulationDetailDto))]
public sealed record RegulationRequest(
    string Code, string TitleVi, string TitleEn, DateOnly? SignedOn, string SignedAt, [Vocabulary(typeof(RegulationRequestValidator), nameof(RegulationRequestValidator.Statuses))] string Status,
    List<PartyRequest> Parties, List<SignatoryRequest> Signatories, ReviewPolicyRequest ReviewPolicy);

/// <summary>An agency party to a regulation; its standing body is named by <c>standingUnitCode</c>, by <c>standingUnit.code</c> (the GET's form), or by both alike.</summary>
/// <param name="AgencyCode">The agency, e.g. <c>MPS</c>.</param>
/// <param name="StandingUnitCode">Its unit that coordinates the work, e.g. <c>MPS-VP</c>; required unless <c>standingUnit</c> is given.</param>
/// <param name="StandingUnit">The standing body as a GET shows it: its <c>code</c> names the unit (the same as <c>standingUnitCode</c> when both are sent).</param>
[RoundTrips(typeof(PartyDto))]
public sealed record PartyRequest(string AgencyCode, string? StandingUnitCode, StandingUnitReference? StandingUnit = null)
{
    /// <summary>The standing body's code, however the party names it.</summary>
    [JsonIgnore]
    public string UnitCode => StandingUnitCode ?? StandingUnit?.Code ?? "";
}

/// <summary>A party's standing body as a GET shows it; only its code is read.</summary>
/// <param name="Code">The unit, e.g. <c>MPS-VP</c>.</param>
[RoundTrips(typeof(StandingUnitDto))]
public sealed record StandingUnitReference(string Code);

/// <summary>Annual reviews hosted in turn, and a preliminary review after some years.</summary>
/// <param name="AnnualRotating">Parties take turns hosting the annual review.</param>
/// <param name="FirstHostAgencyCode">The party that hosts the first annual review.</param>
/// <param name="ReviewMonth">Month (1–12) of the annual review.</param>
/// <param name="PreliminaryAfterYears">Years after signature of the preliminary review; at least 1.</param>
/// <param name="Note">Anything else about the reviews.</param>
public sealed record ReviewPolicyRequest(bool AnnualRotating, string FirstHostAgencyCode, int ReviewMonth, int PreliminaryAfterYears, string? Note);

internal sealed class PartyRequestValidator : AbstractValidator<PartyRequest>
{
    public PartyRequestValidator()
    {
        RuleFor(p => p.AgencyCode).NotEmpty().MaximumLength(32);
        RuleFor(p => p.StandingUnitCode).MaximumLength(32);
        RuleFor(p => p.StandingUnitCode).NotEmpty().When(p => p.StandingUnit is null)
            .WithMessage("Name the standing body: standingUnitCode, or the standingUnit object a GET shows.");
        RuleFor(p => p.StandingUnit).SetValidator(new StandingUnitReferenceValidator()!);
        // Both sent: they must name the same unit; which one was meant is never guessed.
        RuleFor(p => p.StandingUnitCode).Equal(p => p.StandingUnit!.Code, StringComparer.Ordinal)
            .When(p => p.StandingUnitCode is not null && p.StandingUnit is not null)
            .WithMessage(p => $"'{p.StandingUnitCode}' differs from standingUnit.code '{p.StandingUnit!.Code}': send one, or the same in both.");
    }
}

internal sealed class StandingUnitReferenceValidator : AbstractValidator<StandingUnitReference>
{
    public StandingUnitReferenceValidator()
    {
        RuleFor(u => u.Code).NotEmpty().MaximumLength(32);
    }
}

internal sealed class ReviewPolicyRequestValidator : AbstractValidator<ReviewPolicyRequest>
{
    public ReviewPolicyRequestValidator()
    {
        RuleFor(p => p.ReviewMonth).InclusiveBetween(1, 12);
        RuleFor(p => p.PreliminaryAfterYears).InclusiveBetween(1, Bounds.MaxYearSpan)
            .WithMessage($"The preliminary review comes after 1 to {Bounds.MaxYearSpan} years.");
        RuleFor(p => p.Note).MaximumLength(1000);
        RuleFor(p => p.FirstHostAgencyCode).MaximumLength(Bounds.Code);
    }
}

internal sealed class RegulationRequestValidator : AbstractValidator<RegulationRequest>
{
    [VocabularyName("RegulationStatus")]
    public static readonly string[] Statuses = ["draft", "in_force", "superseded", "expired"];
    private const int MaxParties = 20;
    private const int MaxSignatories = 50;

    public RegulationRequestValidator(TimeProvider clock)
    {
        RuleFor(r => r.Code).NotEmpty().MaximumLength(32).Matches("^[A-Za-z0-9._-]+$").WithMessage("Use letters, digits, dots, dashes or underscores.");
        RuleFor(r => r.TitleVi).NotEmpty().MaximumLength(1000);
        RuleFor(r => r.TitleEn).NotEmpty().MaximumLength(1000);
        RuleFor(r => r.SignedOn).IsDate();
        RuleFor(r => r.SignedOn).NotNull()
            .LessThanOrEqualTo(_ => clock.Today()).WithMessage("The signing date cannot be in the future.");
        RuleFor(r => r.SignedAt).NotEmpty().MaximumLength(200);
        RuleFor(r => r.Status).MaximumLength(Bounds.Code).Must(Statuses.Contains).WithMessage($"Status must be one of: {string.Join(", ", Statuses)}.");
        RuleFor(r => r.Parties).Cascade(CascadeMode.Stop).NotNull().MaxItems(MaxParties)
            .Must(p => p.Count >= 2).WithMessage("A coordination regulation has at least two parties.")
            .Must(p => p.Select(x => x?.AgencyCode?.ToUpperInvariant()).Distinct().Count() == p.Count).WithMessage("Each agency is a party once.");
        RuleForEach(r => r.Parties).NotNull().SetValidator(new PartyRequestValidator());
        RuleFor(r => r.Signatories).Cascade(CascadeMode.Stop).NotNull().MaxItems(MaxSignatories).DistinctItems().WithMessage("Each signatory is named once.");
        RuleForEach(r => r.Signatories).NotNull().SetValidator(new SignatoryRequestValidator());
        RuleFor(r => r.ReviewPolicy).NotNull().SetValidator(new ReviewPolicyRequestValidator());
        RuleFor(r => r.ReviewPolicy.FirstHostAgencyCode).NotEmpty()
            .Must((r, host) => r.Parties?.Any(p => string.Equals(p?.AgencyCode, host, StringComparison.OrdinalIgnoreCase)) == true)
            .When(r => r.ReviewPolicy is not null).WithMessage("The first host must be one of the parties.");
    }
}

public static partial class RegulationsEndpoints
{
    /// <summary>Creates a regulation between the caller's agency and one or more others. Its text is added as version 1 (start an amendment, edit, publish).</summary>
    public static async Task<Results<Created<RegulationDetailDto>, ValidationProblem, ProblemHttpResult>> CreateRegulation(
        RegulationRequest request, Caller caller, [AsParameters] RegulationServices services, CancellationToken cancellationToken)
    {
        if (Idempotency.TryReadKey(services.Http, out var idempotencyKey) is { } badKey)
        {
            return badKey;
        }

        await using var write = await services.Writes.BeginAsync(caller, cancellationToken);
        var (connection, transaction) = write;
        var requestHash = Idempotency.HashOf(request);
        async Task<RegulationDetailDto?> IfVisible(RegulationDetailDto regulation) =>
            (await LoadDetailAsync(write, caller, regulation.Id, write.Today, CancellationToken.None)).Regulation is null ? null : regulation;
        if (await write.ReplayAsync<RegulationDetailDto>(services.Http, idempotencyKey, requestHash, IfVisible, withETag: true) is { } earlier)
        {
            return earlier.Problem is { } problem ? problem : earlier.Replay!;
        }

        var (resolved, invalid) = await ResolveAsync(write, request, caller, services.Reference, [], null);
        if (invalid is not null)
        {
            return invalid;
        }

        if (await CodeTakenAsync(write, request.Code, 0))
        {
            return CodeConflict();
        }

        var id = await connection.ExecuteScalarAsync<int>(RegulationWritesSql.InsertRegulation(write.Dialect), Columns(request, resolved!, write.Now), transaction);
        await WriteMembersAsync(write, id, resolved!);
        var (created, rowVersion) = await LoadDetailAsync(write, caller, id, write.Today, CancellationToken.None);
        await write.AuditAsync(
            new AuditEvent("regulation.create", "regulation", Id(id), After: created! with { Chapters = [] }, RegulationId: id));
        var location = $"/api/v1/regulations/{id}";
        Concurrency.SetETag(services.Http, rowVersion);
        // A concurrent request with the same key may have been saved first: then this one's work is rolled back, its result replayed.
        if (await write.RememberAsync(services.Http, idempotencyKey, requestHash, location, created!, IfVisible, withETag: true) is { } winner)
        {
            return winner.Problem is { } problem ? problem : winner.Replay!;
        }

        await write.CommitAsync();
        return TypedResults.Created(location, created);
    }

    /// <summary>
    /// Changes a regulation: titles, signature, status, standing bodies, signatories, review policy. Requires <c>If-Match</c>.
    /// Its parties are the agencies that signed it: the body names the same agencies (in any order; the order stays as
    /// signed), so no party is removed, replaced or added here (400 naming <c>parties</c>; a new party joins through a new
    /// regulation signed by all), and a party's standing body is changed only by its own agency (400 naming
    /// <c>parties[i].standingUnitCode</c>). A refused body changes nothing.
    /// </summary>
    /// <param name="id">Regulation id.</param>
    public static async Task<Results<Ok<RegulationDetailDto>, ValidationProblem, ProblemHttpResult>> UpdateRegulation(
        int id, RegulationRequest request, Caller caller, [AsParameters] RegulationServices services, CancellationToken cancellationToken)
    {
        if (!Concurrency.TryReadIfMatch(services.Http, out var ifMatch, out var precondition))
        {
            return precondition!;
        }

        await using var write = await services.Writes.BeginAsync(caller, cancellationToken);
        var (connection, transaction) = write;
        await connection.ExecuteAsync(RegulationWritesSql.Lock, new { RegulationId = id }, transaction);
        var (before, current) = await LoadDetailAsync(write, caller, id, write.Today, CancellationToken.None);
        if (before is null)
        {
            return Problems.NotFound($"No regulation has the id {id}.");
        }

        if (PartiesRefused(request, before, caller) is { } refused)
        {
            return refused;
        }

        var (resolved, invalid) = await ResolveAsync(write, request, caller, services.Reference, [.. before.Signatories.Select(s => s.PersonId)], before);
        if (invalid is not null)
        {
            return invalid;
        }

        // The parties keep the order they signed in (it is the order of the hosts' rotation): reordering them is no change.
        var signedOrder = before.Parties.Select(p => services.Reference.Agency(p.AgencyCode)!.Id).ToList();
        resolved = resolved! with { Parties = [.. resolved.Parties.OrderBy(p => signedOrder.IndexOf(p.AgencyId))] };

        if (await CodeTakenAsync(write, request.Code, id))
        {
            return CodeConflict();
        }

        if (!ifMatch.Matches(current))
        {
            return Concurrency.Stale();
        }

        var columns = new DynamicParameters(Columns(request, resolved!, write.Now));
        columns.AddDynamicParams(new { Id = id, RowVersion = current });
        if (await connection.ExecuteAsync(RegulationWritesSql.UpdateRegulation, columns, transaction) == 0)
        {
            return Concurrency.Stale();
        }

        await connection.ExecuteAsync(RegulationWritesSql.DeleteParties, new { Id = id }, transaction);
        await connection.ExecuteAsync(RegulationWritesSql.DeleteSignatories, new { Id = id }, transaction);
        await WriteMembersAsync(write, id, resolved!);
        var (after, newRowVersion) = await LoadDetailAsync(write, caller, id, write.Today, CancellationToken.None);
        if (Unchanged(before, after!))
        {
            // A PUT that changes nothing (a GET body sent back as it is) writes nothing: the scope is left uncommitted, so
            // the row version, the ETag, the change time and the audit trail stay as they were.
            Concurrency.SetETag(services.Http, current);
            return TypedResults.Ok(before);
        }

        await write.AuditAsync(new AuditEvent(
            "regulation.update", "regulation", Id(id), before with { Chapters = [] }, after! with { Chapters = [] }, RegulationId: id));
        await write.CommitAsync();

        Concurrency.SetETag(services.Http, newRowVersion);
        return TypedResults.Ok(after);
    }

    /// <summary>
    /// The parties of a signed regulation are the agencies that signed it, so that one party can neither drop the other
    /// (which would hide the regulation, its tasks and reviews from it) nor let an agency in that never signed: the body
    /// names the same agencies, and a party's standing body is changed only by that party's own agency. Null when the body
    /// keeps to this, else the field errors.
    /// </summary>
    private static ValidationProblem? PartiesRefused(RegulationRequest request, RegulationDetailDto before, Caller caller)
    {
        var signed = before.Parties.ToDictionary(p => p.AgencyCode, StringComparer.OrdinalIgnoreCase);
        var named = request.Parties.Select(p => p.AgencyCode).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var removed = signed.Keys.Where(code => !named.Contains(code)).ToList();
        var added = request.Parties.Select(p => p.AgencyCode).Where(code => !signed.ContainsKey(code)).ToList();
        if (removed.Count > 0 || added.Count > 0)
        {
            List<string> messages = [];
            if (removed.Count > 0)
            {
                messages.Add($"A party cannot be removed or replaced: {string.Join(", ", removed)} signed this regulation and remains a party.");
            }

            if (added.Count > 0)
            {
                messages.Add($"A party cannot be added to a signed regulation: {string.Join(", ", added)} can join only through a new regulation signed by every party.");
            }

            return Problems.Invalid(new Dictionary<string, string[]>(StringComparer.Ordinal) { ["parties"] = [.. messages] });
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        for (var i = 0; i < request.Parties.Count; i++)
        {
            var party = request.Parties[i];
            var current = signed[party.AgencyCode];
            if (!string.Equals(party.UnitCode, current.StandingUnit.Code, StringComparison.OrdinalIgnoreCase)
                && !string.Equals(current.AgencyCode, caller.AgencyCode, StringComparison.OrdinalIgnoreCase))
            {
                errors[$"parties[{i}].{(party.StandingUnitCode is null ? "standingUnit.code" : "standingUnitCode")}"] =
                    [$"Only {current.AgencyCode} changes its own standing body: it stays {current.StandingUnit.Code}."];
            }
        }

        return errors.Count > 0 ? Problems.Invalid(errors) : null;
    }

    /// <summary>
    /// The ids behind the request's codes and keys, or the field errors of those that do not hold. A retired person is
    /// kept where they already sign (<paramref name="signing"/>: a read regulation PUTs back) but named in no other; likewise
    /// a retired agency or standing unit stays where it is a party (<paramref name="current"/>) and joins no other regulation.
    /// </summary>
    private static async Task<(Resolved? Resolved, ValidationProblem? Invalid)> ResolveAsync(
        WriteScope write, RegulationRequest request, Caller caller, ReferenceData reference, HashSet<int> signing, RegulationDetailDto? current)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var retired = await RetiredReferences.ReadAsync(write);
        var keptAgencies = current?.Parties.Select(p => p.AgencyCode).ToHashSet(StringComparer.OrdinalIgnoreCase) ?? [];
        var keptUnits = current?.Parties.Select(p => p.StandingUnit.Code).ToHashSet(StringComparer.OrdinalIgnoreCase) ?? [];
        var parties = new List<(int AgencyId, int UnitId)>();
        for (var i = 0; i < request.Parties.Count; i++)
        {
            var party = request.Parties[i];
            var agency = reference.Agency(party.AgencyCode);
            var unit = reference.Unit(party.UnitCode);
            if (agency is null)
            {
                errors[$"parties[{i}].agencyCode"] = [$"No agency has the code '{party.AgencyCode}'."];
            }
            else if (unit is null || unit.AgencyId != agency.Id)
            {
                errors[$"parties[{i}].{(party.StandingUnitCode is null ? "standingUnit.code" : "standingUnitCode")}"] = [$"'{party.UnitCode}' is not a unit of {agency.Code}."];
            }
            else if (retired.AgencyIds.Contains(agency.Id) && !keptAgencies.Contains(agency.Code))
            {
                errors[$"parties[{i}].agencyCode"] = [RetiredReferences.Message(agency.Code)];
            }
            else if (retired.UnitIds.Contains(unit.Id) && !keptUnits.Contains(unit.Code))
            {
                errors[$"parties[{i}].{(party.StandingUnitCode is null ? "standingUnit.code" : "standingUnitCode")}"] = [RetiredReferences.Message(unit.Code)];
            }
            else
            {
                parties.Add((agency.Id, unit.Id));
            }
        }

        if (reference.Agency(request.ReviewPolicy.FirstHostAgencyCode) is { } host && retired.AgencyIds.Contains(host.Id)
            && !string.Equals(current?.ReviewPolicy.FirstHostAgencyCode, host.Code, StringComparison.OrdinalIgnoreCase))
        {
            errors["reviewPolicy.firstHostAgencyCode"] = [RetiredReferences.Message(host.Code)];
        }

        if (!request.Parties.Any(p => reference.Agency(p.AgencyCode)?.Id == caller.AgencyId))
        {
            errors["parties"] = [$"Your agency ({caller.AgencyCode}) must be one of the parties."];
        }

        var partyCodes = request.Parties.Select(p => p.AgencyCode.ToUpperInvariant()).ToHashSet(StringComparer.Ordinal);
        var keys = request.Signatories.Select(s => s.PersonKey).ToList();
        var persons = keys.Count == 0
            ? []
            : (await write.Connection.QueryAsync<PersonRow>(
                RegulationWritesSql.Persons(write.Dialect), new { Keys = SqlDialect.JsonList(keys) }, write.Transaction))
                .ToDictionary(p => p.PersonKey, StringComparer.Ordinal);
        for (var i = 0; i < keys.Count; i++)
        {
            if (!persons.TryGetValue(keys[i], out var person))
            {
                errors[$"signatories[{i}]"] = [$"No person has the key '{keys[i]}'."];
            }
            else if (!partyCodes.Contains(person.AgencyCode))
            {
                errors[$"signatories[{i}]"] = [$"{keys[i]} is of {person.AgencyCode}, which is not a party."];
            }
            else if (!person.Active && !signing.Contains(person.Id))
            {
                errors[$"signatories[{i}]"] = [$"{keys[i]} is retired and can sign no other regulation."];
            }
        }

        return errors.Count > 0
            ? (null, Problems.Invalid(errors))
            : (new Resolved(parties, [.. keys.Select(k => persons[k].Id)], reference.Agency(request.ReviewPolicy.FirstHostAgencyCode)!.Id), null);
    }

    /// <summary>Whether the write left every member of the representation as it was.</summary>
    private static bool Unchanged(RegulationDetailDto before, RegulationDetailDto after) =>
        JsonSerializer.Serialize(before) == JsonSerializer.Serialize(after);

    private static object Columns(RegulationRequest request, Resolved resolved, DateTimeOffset now) => new
    {
        request.Code, request.TitleVi, request.TitleEn, request.SignedOn, request.SignedAt, request.Status,
        request.ReviewPolicy.AnnualRotating, FirstHostAgencyId = resolved.FirstHostAgencyId, request.ReviewPolicy.ReviewMonth,
        request.ReviewPolicy.PreliminaryAfterYears, ReviewNote = request.ReviewPolicy.Note, Now = now,
    };

    private static async Task WriteMembersAsync(WriteScope write, int id, Resolved resolved)
    {
        var (connection, transaction) = write;
        await connection.ExecuteAsync(RegulationWritesSql.InsertParty, resolved.Parties.Select((p, i) => new
        {
            RegulationId = id, p.AgencyId, StandingUnitId = p.UnitId, Ordinal = i + 1,
        }), transaction);
        await connection.ExecuteAsync(RegulationWritesSql.InsertSignatory, resolved.SignatoryIds.Select((personId, i) => new
        {
            RegulationId = id, PersonId = personId, Ordinal = i + 1,
        }), transaction);
    }

    private static async Task<bool> CodeTakenAsync(WriteScope write, string code, int id) =>
        await write.Connection.ExecuteScalarAsync<int>(RegulationWritesSql.CodeTaken, new { Code = code, Id = id }, write.Transaction) > 0;

    /// <summary>
    /// A code is unique among all regulations, the ones the caller cannot see included; the answer is the same whichever
    /// holds it (and the same kind as a reserved name), so it neither names nor confirms a regulation the caller may not see.
    /// </summary>
    private static ProblemHttpResult CodeConflict() =>
        Problems.Conflict("The code cannot be used.", CodeUnusable, new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["code"] = [CodeUnusable] } },
            ProblemTypes.NameTaken);

    private const string CodeUnusable = "This code is in use or reserved: choose another.";

    private static string Id(int id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private sealed record Resolved(List<(int AgencyId, int UnitId)> Parties, List<int> SignatoryIds, int FirstHostAgencyId);
}

internal sealed record PersonRow
{
    public required int Id { get; init; }

    public required string PersonKey { get; init; }

    public required string AgencyCode { get; init; }

    public required bool Active { get; init; }
}
