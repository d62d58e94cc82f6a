using System.Data.Common;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.Security;
using Dapper;
using FluentValidation;

namespace CoordinationApi.Features.Tasks;

/// <summary>The rules a task's fields must follow on their own (the ones that need the database are in <see cref="TaskRules"/>).</summary>
internal abstract class TaskFieldsValidator<T> : AbstractValidator<T>
    where T : TaskFields
{
    protected TaskFieldsValidator()
    {
        RuleFor(r => r.TitleVi).NotEmpty().MaximumLength(500);
        RuleFor(r => r.TitleEn).NotEmpty().MaximumLength(500);
        RuleFor(r => r.DescriptionVi).MaximumLength(10_000);
        RuleFor(r => r.DescriptionEn).MaximumLength(10_000);
        RuleFor(r => r.Citations).NotEmpty().WithMessage("Cite at least one article or clause of the regulation.")
            .MaxItems(20);
        RuleForEach(r => r.Citations).SetValidator(new CitationInputValidator());
        RuleFor(r => r.LeadUnitCode).NotEmpty().MaximumLength(32);
        RuleFor(r => r.CounterpartUnitCodes).MaxItems(20).Must(c => c is null || c.Distinct().Count() == c.Count)
            .WithMessage("Counterpart units must be distinct (at most 20).");
        RuleForEach(r => r.CounterpartUnitCodes).MaximumLength(Bounds.Code);
        RuleFor(r => r.Contacts).MaxItems(10);
        RuleForEach(r => r.Contacts).SetValidator(new ContactInputValidator());
        RuleFor(r => r.Classification).MaximumLength(Bounds.Code).Must(c => ClearanceNames.TryParse(c, out _))
            .WithMessage($"Classification must be one of: {string.Join(", ", ClearanceNames.All)}.");
        RuleFor(r => r.Kind).MaximumLength(Bounds.Code).Must(TaskKinds.All.Contains).WithMessage($"Kind must be one of: {string.Join(", ", TaskKinds.All)}.");
        RuleFor(r => r.Recurrence).NotEmpty().Must(r => TaskKinds.Recurrences.Contains(r)).When(r => r.Kind == TaskKinds.Recurring)
            .WithMessage($"A recurring task needs a recurrence: {string.Join(", ", TaskKinds.Recurrences)}.");
        RuleFor(r => r.Recurrence).MaximumLength(Bounds.Code);
        RuleFor(r => r.Recurrence).Null().When(r => r.Kind != TaskKinds.Recurring).WithMessage("Only a recurring task has a recurrence.");
        RuleFor(r => r.PlanYear).InclusiveBetween(2000, 2100);
        RuleFor(r => r.StartDate).IsDate();
        RuleFor(r => r.DueDate).IsDate();
        RuleFor(r => r.DueDate).GreaterThanOrEqualTo(r => r.StartDate).WithMessage("The due date cannot be before the start date.");
        RuleFor(r => r.Priority).MaximumLength(Bounds.Code).Must(TaskKinds.Priorities.Contains).WithMessage($"Priority must be one of: {string.Join(", ", TaskKinds.Priorities)}.");
    }
}

internal sealed class CitationInputValidator : AbstractValidator<CitationInput>
{
    public CitationInputValidator()
    {
        RuleFor(c => c.AknId).NotEmpty().MaximumLength(200);
        RuleFor(c => c.VersionId).IsId();
    }
}

internal sealed class ContactInputValidator : AbstractValidator<ContactInput>
{
    public ContactInputValidator()
    {
        RuleFor(c => c.Name).NotEmpty().MaximumLength(200);
        RuleFor(c => c.UnitCode).MaximumLength(Bounds.Code);
        RuleFor(c => c.Phone).MaximumLength(50);
        RuleFor(c => c.Email).MaximumLength(200).EmailAddress().When(x => !string.IsNullOrEmpty(x.Email));
    }
}

internal sealed class CreateTaskRequestValidator : TaskFieldsValidator<CreateTaskRequest>
{
    public CreateTaskRequestValidator() => RuleFor(r => r.RegulationId).IsId();
}

internal sealed class UpdateTaskRequestValidator : TaskFieldsValidator<UpdateTaskRequest>;

internal sealed class TransitionRequestValidator : AbstractValidator<TransitionRequest>
{
    public TransitionRequestValidator()
    {
        RuleFor(r => r.To).MaximumLength(Bounds.Code).Must(TaskStatuses.Stored.Contains).WithMessage($"The target status must be one of: {string.Join(", ", TaskStatuses.Stored)}.");
        RuleFor(r => r.Comment).MaximumLength(2000);
    }
}

internal sealed class ProgressReportRequestValidator : AbstractValidator<ProgressReportRequest>
{
    public ProgressReportRequestValidator()
    {
        RuleFor(r => r.ReportDate).IsDate();
        RuleFor(r => r.Percent).InclusiveBetween(0, 100);
        RuleFor(r => r.Narrative).NotEmpty().MaximumLength(10_000);
        RuleFor(r => r.ReportingUnitCode).MaximumLength(32);
        RuleFor(r => r.AttachmentName).MaximumLength(400);
        RuleFor(r => r.AttachmentBytes).InclusiveBetween(0, 100L * 1024 * 1024).When(r => r.AttachmentBytes is not null);
        RuleFor(r => r.AttachmentBytes).NotNull().When(r => r.AttachmentName is not null).WithMessage("Give the attachment's size.");
    }
}

internal sealed class OccurrencesRequestValidator : AbstractValidator<OccurrencesRequest>
{
    public OccurrencesRequestValidator() => RuleFor(r => r.PlanYear).InclusiveBetween(2000, 2100);
}

/// <summary>A task's fields checked against the regulation and the reference data, ready to write.</summary>
internal sealed record ResolvedTask(
    UnitRef LeadUnit, List<UnitRef> Counterparts, List<(int VersionId, string AknId)> Citations, List<(ContactInput Contact, int? UnitId)> Contacts,
    int Classification);

/// <summary>The rules that need the database: same-level coordination, citations, clearance.</summary>
internal static class TaskRules
{
    /// <summary>
    /// Lowering a task's classification is an act of a coordinator of the agency of its lead unit (the agency that owns
    /// the classified work), open only to one cleared for the level it had (the task is not even found for others;
    /// checked here too so the rule does not hang on how the task was read).
    /// </summary>
    public static bool MayDeclassify(Caller caller, int originalClassification, int leadAgencyId) =>
        caller.IsInRole(Roles.Coordinator) && caller.AgencyId == leadAgencyId && (int)caller.Clearance >= originalClassification;

    /// <summary>
    /// Why an edit by a caller who may edit the task is refused, or null: changing its classification (up or down) and
    /// moving its lead unit to another agency are acts of the lead unit's agency only (its coordinators, and its lead
    /// unit's officers for raising); lowering is <see cref="MayDeclassify"/>'s. The other party's coordinator, who may
    /// edit the task's other fields, can thus neither declassify it in two steps nor raise it out of the lead agency's reach.
    /// </summary>
    public static string? RefuseReclassification(Caller caller, int classification, int leadAgencyId, int newClassification, int newLeadAgencyId)
    {
        if (newClassification < classification && !MayDeclassify(caller, classification, leadAgencyId))
        {
            return $"Only a coordinator of the lead unit's agency cleared for {((Clearance)classification).ToName()} lowers this task's classification.";
        }

        return (newClassification != classification || newLeadAgencyId != leadAgencyId) && caller.AgencyId != leadAgencyId
            ? "Only the lead unit's agency changes this task's classification or hands it to another agency."
            : null;
    }

    public static async Task<(ResolvedTask? Task, Dictionary<string, string[]> Errors)> ResolveAsync(
        DbConnection connection, DbTransaction? transaction, SqlDialect dialect, Caller caller, ReferenceData reference,
        int regulationId, TaskFields fields, DateOnly today)
    {
        var errors = new Dictionary<string, string[]>();
        using var context = await connection.QueryMultipleAsync(TasksSql.RegulationContext(dialect),
            CallerParameters.For(caller, new { RegulationId = regulationId, Today = today }), transaction);
        var parties = (await context.ReadAsync<int>()).ToHashSet();
        var inForce = await context.ReadSingleOrDefaultAsync<int?>();
        if (parties.Count == 0)
        {
            errors["regulationId"] = [$"No regulation with the id {regulationId} is open to your agency."];
            return (null, errors);
        }

        var lead = reference.Unit(fields.LeadUnitCode);
        if (lead is null || !parties.Contains(lead.AgencyId))
        {
            errors["leadUnitCode"] = [$"'{fields.LeadUnitCode}' is not a unit of a party to this regulation."];
        }

        var counterparts = new List<UnitRef>();
        var codes = fields.CounterpartUnitCodes ?? [];
        for (var i = 0; i < codes.Count; i++)
        {
            var unit = reference.Unit(codes[i]);
            string? problem = unit switch
            {
                null => $"'{codes[i]}' is not a unit.",
                _ when !parties.Contains(unit.AgencyId) => $"'{codes[i]}' is not a unit of a party to this regulation.",
                _ when lead is not null && unit.AgencyId == lead.AgencyId =>
                    $"'{codes[i]}' belongs to the lead unit's own agency: counterparts come from the other parties.",
                _ when lead is not null && unit.Tier != lead.Tier =>
                    $"'{codes[i]}' is a {unit.Tier} unit but the lead is a {lead.Tier} unit: same-level coordination pairs units of one tier.",
                _ => null,
            };
            if (problem is null)
            {
                counterparts.Add(unit!);
            }
            else
            {
                errors[$"counterpartUnitCodes[{i}]"] = [problem];
            }
        }

        var citations = fields.Citations.Select(c => (VersionId: c.VersionId ?? inForce ?? 0, c.AknId)).ToList();
        var versionIds = citations.Select(c => c.VersionId).Distinct().ToArray();
        var existing = (await connection.QueryAsync<ProvisionKey>(TasksSql.ExistingProvisions(dialect),
                new { RegulationId = regulationId, VersionIds = SqlDialect.JsonList(versionIds) }, transaction))
            .Select(p => (p.VersionId, p.AknId)).ToHashSet();
        for (var i = 0; i < citations.Count; i++)
        {
            if (!existing.Contains(citations[i]))
            {
                errors[$"citations[{i}].aknId"] = [$"'{citations[i].AknId}' is not an article, clause or point of the cited version of this regulation."];
            }
        }

        var classification = ClearanceNames.Parse(fields.Classification);
        if (classification > caller.Clearance)
        {
            errors["classification"] = [$"You cannot classify a task above your own clearance ({caller.Clearance.ToName()})."];
        }

        var contacts = new List<(ContactInput, int?)>();
        var contactInputs = fields.Contacts ?? [];
        for (var i = 0; i < contactInputs.Count; i++)
        {
            var unit = contactInputs[i].UnitCode is { } code ? reference.Unit(code) : null;
            if (contactInputs[i].UnitCode is not null && unit is null)
            {
                errors[$"contacts[{i}].unitCode"] = [$"'{contactInputs[i].UnitCode}' is not a unit."];
            }

            contacts.Add((contactInputs[i], unit?.Id));
        }

        return errors.Count > 0
            ? (null, errors)
            : (new ResolvedTask(lead!, counterparts, [.. citations.Distinct()], contacts, (int)classification), errors);
    }
}
