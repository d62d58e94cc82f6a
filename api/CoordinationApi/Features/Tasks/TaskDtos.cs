using System.Globalization;
using CoordinationApi.Features.Audit;
using CoordinationApi.Infrastructure.OpenApi;
using CoordinationApi.Infrastructure.Security;

namespace CoordinationApi.Features.Tasks;

/// <summary>A unit taking part in a task.</summary>
/// <param name="Id">Unit id.</param>
/// <param name="Code">Unit code, e.g. <c>MPS-A05</c>.</param>
/// <param name="NameVi">Name in Vietnamese.</param>
/// <param name="NameEn">Name in English.</param>
/// <param name="Tier">ministry, department, division or provincial.</param>
/// <param name="AgencyCode">The unit's agency.</param>
public sealed record TaskUnitDto(int Id, string Code, string NameVi, string NameEn, [Vocabulary(typeof(UnitTiers))] string Tier, string AgencyCode);

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
    List<string> CounterpartUnitCodes, [Vocabulary(typeof(ClearanceNames))] string Classification, [Vocabulary(typeof(TaskKinds))] string Kind, int PlanYear, DateOnly StartDate, DateOnly DueDate,
    [Vocabulary(typeof(TaskKinds), nameof(TaskKinds.Priorities))] string Priority, [Vocabulary(typeof(TaskStatuses), nameof(TaskStatuses.Stored))] string Status, bool Overdue, int Progress, DateTimeOffset UpdatedAt) : IClassifiedRecord
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
    [Vocabulary(typeof(ClearanceNames))] string Classification, [Vocabulary(typeof(TaskKinds))] string Kind, [Vocabulary(typeof(TaskKinds), nameof(TaskKinds.Recurrences))] string? Recurrence, int PlanYear, DateOnly StartDate, DateOnly DueDate,
    [Vocabulary(typeof(TaskKinds), nameof(TaskKinds.Priorities))] string Priority, [Vocabulary(typeof(TaskStatuses), nameof(TaskStatuses.Stored))] string Status, bool Overdue, int Progress, int? SeriesTaskId, int? ContinuesTaskId, DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt, DateTimeOffset? CompletedAt, [Vocabulary(typeof(TaskStatuses), nameof(TaskStatuses.Stored))] List<string> AllowedTransitions, bool MayEdit, bool MayReport) : IClassifiedRecord
{
    /// <summary>
    /// The task that continues this one: set when a review's conclusion carried it over (status <c>carried_over</c>), whose
    /// successor names it back in <c>continuesTaskId</c>; null otherwise, or when the successor is above the caller's clearance.
    /// </summary>
    public int? CarriedOverToTaskId { get; init; }

    /// <summary>The code of the unit that leads it, as an update names it (<c>leadUnit.code</c>).</summary>
    public string LeadUnitCode => LeadUnit.Code;

    /// <summary>The codes of the counterpart units, as an update names them.</summary>
    public List<string> CounterpartUnitCodes => [.. CounterpartUnits.Select(u => u.Code)];

    ClassifiedRecord IClassifiedRecord.Audited => new("task", Id.ToString(CultureInfo.InvariantCulture), ClearanceNames.Parse(Classification), RegulationId);
}

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
    long? AttachmentBytes, bool IsCorrection, string CreatedBy, [Vocabulary(typeof(AuthorKinds))] string CreatedByKind, DateTimeOffset CreatedAt, bool Redacted) : IClassifiedRecord
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
    int Id, DateTimeOffset OccurredAt, string ActorName, [Vocabulary(typeof(AuthorKinds))] string ActorKind, [Vocabulary(typeof(TaskHistoryKinds))] string Kind, [Vocabulary(typeof(TaskStatuses), nameof(TaskStatuses.Stored))] string? FromStatus, [Vocabulary(typeof(TaskStatuses), nameof(TaskStatuses.Stored))] string? ToStatus, string? Comment,
    System.Text.Json.JsonElement? Changes, bool Redacted) : IClassifiedRecord
{
    /// <summary>The task it belongs to, for the audit of classified reads (not serialised).</summary>
    internal ClassifiedRecord Of { get; init; }

    ClassifiedRecord IClassifiedRecord.Audited => Of;
}
