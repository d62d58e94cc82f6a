using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.OpenApi;
using CoordinationApi.Infrastructure.Security;
using FluentValidation;

namespace CoordinationApi.Features.Tasks;

/// <summary>The fields of a task that a create or an update sets.</summary>
/// <param name="TitleVi">Title in Vietnamese.</param>
/// <param name="TitleEn">Title in English.</param>
/// <param name="DescriptionVi">Description in Vietnamese.</param>
/// <param name="DescriptionEn">Description in English.</param>
/// <param name="Citations">One or more provisions of the regulation's text.</param>
/// <param name="LeadUnitCode">A unit of a party to the regulation.</param>
/// <param name="CounterpartUnitCodes">Units of the other parties, of the lead's tier (same-level coordination).</param>
/// <param name="Contacts">People to contact.</param>
/// <param name="Classification">Not above the caller's clearance.</param>
/// <param name="Kind">one_off, recurring or continuous.</param>
/// <param name="Recurrence">Required for recurring tasks: monthly, quarterly, semiannual or annual.</param>
/// <param name="PlanYear">Plan year.</param>
/// <param name="StartDate">Start date.</param>
/// <param name="DueDate">Due date, not before the start.</param>
/// <param name="Priority">low, normal, high or urgent.</param>
public abstract record TaskFields(
    string TitleVi, string TitleEn, string? DescriptionVi, string? DescriptionEn, List<CitationInput> Citations,
    string LeadUnitCode, List<string>? CounterpartUnitCodes, List<ContactInput>? Contacts, [Vocabulary(typeof(ClearanceNames))] string Classification, [Vocabulary(typeof(TaskKinds))] string Kind,
    [Vocabulary(typeof(TaskKinds), nameof(TaskKinds.Recurrences))] string? Recurrence, int PlanYear, DateOnly StartDate, DateOnly DueDate, [Vocabulary(typeof(TaskKinds), nameof(TaskKinds.Priorities))] string Priority);

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
        RuleForEach(r => r.Citations).NotNull().SetValidator(new CitationInputValidator());
        RuleFor(r => r.LeadUnitCode).NotEmpty().MaximumLength(32);
        RuleFor(r => r.CounterpartUnitCodes).MaxItems(20).DistinctItems().WithMessage("Counterpart units must be distinct (at most 20).");
        RuleForEach(r => r.CounterpartUnitCodes).MaximumLength(Bounds.Code);
        RuleFor(r => r.Contacts).MaxItems(10);
        RuleForEach(r => r.Contacts).NotNull().SetValidator(new ContactInputValidator());
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

/// <summary>A citation in a request: the version defaults to the one in force today.</summary>
/// <param name="AknId">A provision id of the regulation's text.</param>
/// <param name="VersionId">The version cited; omit for the version in force.</param>
public sealed record CitationInput(string AknId, int? VersionId);

internal sealed class CitationInputValidator : AbstractValidator<CitationInput>
{
    public CitationInputValidator()
    {
        RuleFor(c => c.AknId).NotEmpty().MaximumLength(200);
        RuleFor(c => c.VersionId).IsId();
    }
}

/// <summary>A contact in a request.</summary>
/// <param name="Name">Full name.</param>
/// <param name="UnitCode">Their unit.</param>
/// <param name="Phone">Phone number.</param>
/// <param name="Email">E-mail address.</param>
public sealed record ContactInput(string Name, string? UnitCode, string? Phone, string? Email);

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
