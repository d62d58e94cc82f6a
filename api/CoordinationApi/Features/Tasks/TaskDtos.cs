using System.Globalization;
using CoordinationApi.Features.Audit;
using CoordinationApi.Infrastructure.Security;

namespace CoordinationApi.Features.Tasks;

/// <summary>A unit taking part in a task.</summary>
/// <param name="Id">Unit id.</param>
/// <param name="Code">Unit code, e.g. <c>MPS-A05</c>.</param>
/// <param name="NameVi">Name in Vietnamese.</param>
/// <param name="NameEn">Name in English.</param>
/// <param name="Tier">ministry, department, division or provincial.</param>
/// <param name="AgencyCode">The unit's agency.</param>
public sealed record TaskUnitDto(int Id, string Code, string NameVi, string NameEn, string Tier, string AgencyCode);

/// <summary>A provision of the regulation's text that a task carries out.</summary>
/// <param name="VersionId">The version of the text cited.</param>
/// <param name="AknId">The provision's id, e.g. <c>chp_2__art_4__para_1</c>.</param>
public sealed record CitationDto(int VersionId, string AknId);

/// <summary>A person to contact about a task.</summary>
/// <param name="Name">Full name.</param>
/// <param name="UnitCode">Their unit.</param>
/// <param name="Phone">Phone number.</param>
/// <param name="Email">E-mail address.</param>
public sealed record ContactDto(string Name, string? UnitCode, string? Phone, string? Email);

/// <summary>A joint task in a list.</summary>
/// <param name="Id">Task id.</param>
/// <param name="RegulationId">The regulation it carries out.</param>
/// <param name="Code">Code, unique per regulation, e.g. <c>QC2021-T07</c>.</param>
/// <param name="TitleVi">Title in Vietnamese.</param>
/// <param name="TitleEn">Title in English.</param>
/// <param name="LeadUnitCode">The unit that leads it.</param>
/// <param name="LeadAgencyCode">The lead unit's agency.</param>
/// <param name="CounterpartUnitCodes">Units of the other parties taking part.</param>
/// <param name="Classification">unclassified, confidential, secret or top-secret.</param>
/// <param name="Kind">one_off, recurring or continuous.</param>
/// <param name="PlanYear">The plan year it belongs to.</param>
/// <param name="StartDate">Start date.</param>
/// <param name="DueDate">Due date.</param>
/// <param name="Priority">low, normal, high or urgent.</param>
/// <param name="Status">draft, assigned, in_progress, completed or cancelled.</param>
/// <param name="Overdue">Open and past its due date (derived, never stored).</param>
/// <param name="Progress">Percent complete, from the latest progress report.</param>
/// <param name="UpdatedAt">Last change.</param>
public sealed record TaskSummaryDto(
    int Id, int RegulationId, string Code, string TitleVi, string TitleEn, string LeadUnitCode, string LeadAgencyCode,
    List<string> CounterpartUnitCodes, string Classification, string Kind, int PlanYear, DateOnly StartDate, DateOnly DueDate,
    string Priority, string Status, bool Overdue, int Progress, DateTimeOffset UpdatedAt) : IClassifiedRecord
{
    ClassifiedRecord IClassifiedRecord.Audited => new("task", Id.ToString(CultureInfo.InvariantCulture), ClearanceNames.Parse(Classification), RegulationId);
}

/// <summary>A joint task with everything about it, and what the caller may do with it.</summary>
/// <param name="Id">Task id.</param>
/// <param name="RegulationId">The regulation it carries out.</param>
/// <param name="Code">Code, unique per regulation.</param>
/// <param name="TitleVi">Title in Vietnamese.</param>
/// <param name="TitleEn">Title in English.</param>
/// <param name="DescriptionVi">Description in Vietnamese.</param>
/// <param name="DescriptionEn">Description in English.</param>
/// <param name="Citations">The provisions it carries out.</param>
/// <param name="LeadUnit">The unit that leads it.</param>
/// <param name="CounterpartUnits">Units of the other parties, of the lead's tier.</param>
/// <param name="Contacts">People to contact.</param>
/// <param name="Classification">unclassified, confidential, secret or top-secret.</param>
/// <param name="Kind">one_off, recurring or continuous.</param>
/// <param name="Recurrence">For recurring tasks: monthly, quarterly, semiannual or annual.</param>
/// <param name="PlanYear">The plan year it belongs to.</param>
/// <param name="StartDate">Start date.</param>
/// <param name="DueDate">Due date.</param>
/// <param name="Priority">low, normal, high or urgent.</param>
/// <param name="Status">draft, assigned, in_progress, completed or cancelled.</param>
/// <param name="Overdue">Open and past its due date.</param>
/// <param name="Progress">Percent complete, from the latest progress report.</param>
/// <param name="SeriesTaskId">For an occurrence: the recurring task it belongs to.</param>
/// <param name="ContinuesTaskId">For a task carried over by a review: the task it continues.</param>
/// <param name="CreatedAt">Creation time.</param>
/// <param name="UpdatedAt">Last change.</param>
/// <param name="CompletedAt">When it was completed.</param>
/// <param name="AllowedTransitions">The status changes the caller may make now.</param>
/// <param name="MayEdit">Whether the caller may edit its fields.</param>
/// <param name="MayReport">Whether the caller may report progress on it.</param>
public sealed record TaskDto(
    int Id, int RegulationId, string Code, string TitleVi, string TitleEn, string DescriptionVi, string DescriptionEn,
    List<CitationDto> Citations, TaskUnitDto LeadUnit, List<TaskUnitDto> CounterpartUnits, List<ContactDto> Contacts,
    string Classification, string Kind, string? Recurrence, int PlanYear, DateOnly StartDate, DateOnly DueDate, string Priority,
    string Status, bool Overdue, int Progress, int? SeriesTaskId, int? ContinuesTaskId, DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt, DateTimeOffset? CompletedAt, List<string> AllowedTransitions, bool MayEdit, bool MayReport) : IClassifiedRecord
{
    ClassifiedRecord IClassifiedRecord.Audited => new("task", Id.ToString(CultureInfo.InvariantCulture), ClearanceNames.Parse(Classification), RegulationId);
}

/// <summary>A citation in a request: the version defaults to the one in force today.</summary>
/// <param name="AknId">A provision id of the regulation's text.</param>
/// <param name="VersionId">The version cited; omit for the version in force.</param>
public sealed record CitationInput(string AknId, int? VersionId);

/// <summary>A contact in a request.</summary>
/// <param name="Name">Full name.</param>
/// <param name="UnitCode">Their unit.</param>
/// <param name="Phone">Phone number.</param>
/// <param name="Email">E-mail address.</param>
public sealed record ContactInput(string Name, string? UnitCode, string? Phone, string? Email);

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
    string LeadUnitCode, List<string>? CounterpartUnitCodes, List<ContactInput>? Contacts, string Classification, string Kind,
    string? Recurrence, int PlanYear, DateOnly StartDate, DateOnly DueDate, string Priority);

/// <summary>A new task, created as a draft. Send an <c>Idempotency-Key</c> header to make retries safe.</summary>
/// <param name="RegulationId">The regulation it carries out.</param>
public sealed record CreateTaskRequest(
    int RegulationId, string TitleVi, string TitleEn, string? DescriptionVi, string? DescriptionEn, List<CitationInput> Citations,
    string LeadUnitCode, List<string>? CounterpartUnitCodes, List<ContactInput>? Contacts, string Classification, string Kind,
    string? Recurrence, int PlanYear, DateOnly StartDate, DateOnly DueDate, string Priority)
    : TaskFields(TitleVi, TitleEn, DescriptionVi, DescriptionEn, Citations, LeadUnitCode, CounterpartUnitCodes, Contacts,
        Classification, Kind, Recurrence, PlanYear, StartDate, DueDate, Priority);

/// <summary>New values for a task's fields; send the ETag you read in <c>If-Match</c>. Status changes go through transitions.</summary>
public sealed record UpdateTaskRequest(
    string TitleVi, string TitleEn, string? DescriptionVi, string? DescriptionEn, List<CitationInput> Citations,
    string LeadUnitCode, List<string>? CounterpartUnitCodes, List<ContactInput>? Contacts, string Classification, string Kind,
    string? Recurrence, int PlanYear, DateOnly StartDate, DateOnly DueDate, string Priority)
    : TaskFields(TitleVi, TitleEn, DescriptionVi, DescriptionEn, Citations, LeadUnitCode, CounterpartUnitCodes, Contacts,
        Classification, Kind, Recurrence, PlanYear, StartDate, DueDate, Priority);

/// <summary>A status change.</summary>
/// <param name="To">The target status: assigned, in_progress, completed or cancelled.</param>
/// <param name="Comment">Why; kept in the task's history.</param>
public sealed record TransitionRequest(string To, string? Comment);

/// <summary>A progress report on a task.</summary>
/// <param name="ReportDate">The date the report speaks for; not in the future.</param>
/// <param name="Percent">Percent complete, 0–100; not below the last report unless a coordinator corrects it.</param>
/// <param name="Narrative">What was done.</param>
/// <param name="ReportingUnitCode">The unit reporting; defaults to the caller's unit.</param>
/// <param name="AttachmentName">Name of an attached document (metadata only).</param>
/// <param name="AttachmentBytes">Its size in bytes.</param>
public sealed record ProgressReportRequest(
    DateOnly ReportDate, int Percent, string Narrative, string? ReportingUnitCode, string? AttachmentName, long? AttachmentBytes);

/// <summary>A progress report.</summary>
/// <param name="Id">Report id.</param>
/// <param name="TaskId">The task.</param>
/// <param name="ReportingUnitCode">The unit that reported.</param>
/// <param name="ReportDate">The date it speaks for.</param>
/// <param name="Percent">Percent complete.</param>
/// <param name="Narrative">What was done.</param>
/// <param name="AttachmentName">Name of an attached document.</param>
/// <param name="AttachmentBytes">Its size in bytes.</param>
/// <param name="IsCorrection">A coordinator lowered the percent.</param>
/// <param name="CreatedBy">Who reported: a username or an agency system's name.</param>
/// <param name="CreatedByKind">user (a person), client (an agency system) or system.</param>
/// <param name="CreatedAt">When.</param>
/// <param name="Redacted">Written while the task was classified above your clearance (before it was declassified): the narrative is empty and the attachment name left out.</param>
public sealed record ProgressReportDto(
    int Id, int TaskId, string ReportingUnitCode, DateOnly ReportDate, int Percent, string Narrative, string? AttachmentName,
    long? AttachmentBytes, bool IsCorrection, string CreatedBy, string CreatedByKind, DateTimeOffset CreatedAt, bool Redacted) : IClassifiedRecord
{
    /// <summary>The task it belongs to, for the audit of classified reads (not serialised).</summary>
    internal ClassifiedRecord Of { get; init; }

    ClassifiedRecord IClassifiedRecord.Audited => Of;
}

/// <summary>Something that happened to a task.</summary>
/// <param name="Id">Entry id.</param>
/// <param name="OccurredAt">When.</param>
/// <param name="ActorName">Who: a username or an agency system's name.</param>
/// <param name="ActorKind">user (a person), client (an agency system) or system.</param>
/// <param name="Kind">created, edited, transition or report.</param>
/// <param name="FromStatus">Status before a transition.</param>
/// <param name="ToStatus">Status after a transition.</param>
/// <param name="Comment">The comment of a transition, or the narrative of a report.</param>
/// <param name="Changes">For an edit: the fields that changed, with old and new values.</param>
/// <param name="Redacted">The entry holds values classified above your clearance (from before the task was declassified): its comment and changes are left out.</param>
public sealed record TaskHistoryEntryDto(
    int Id, DateTimeOffset OccurredAt, string ActorName, string ActorKind, string Kind, string? FromStatus, string? ToStatus, string? Comment,
    System.Text.Json.JsonElement? Changes, bool Redacted) : IClassifiedRecord
{
    /// <summary>The task it belongs to, for the audit of classified reads (not serialised).</summary>
    internal ClassifiedRecord Of { get; init; }

    ClassifiedRecord IClassifiedRecord.Audited => Of;
}

/// <summary>Which plan year to produce a recurring task's occurrences for.</summary>
/// <param name="PlanYear">The year.</param>
public sealed record OccurrencesRequest(int PlanYear);
