using CoordinationApi.Infrastructure.Security;

namespace CoordinationApi.Features.Tasks;

internal sealed record TaskRow
{
    /// <summary>This task, as the audit of classified reads names it.</summary>
    public ClassifiedRecord AuditedAs() =>
        new("task", Id.ToString(System.Globalization.CultureInfo.InvariantCulture), (Clearance)Classification, RegulationId);

    public int Id { get; init; }

    public int RegulationId { get; init; }

    public string Code { get; init; } = "";

    public string TitleVi { get; init; } = "";

    public string TitleEn { get; init; } = "";

    public string DescriptionVi { get; init; } = "";

    public string DescriptionEn { get; init; } = "";

    public int LeadUnitId { get; init; }

    public int LeadAgencyId { get; init; }

    public int Classification { get; init; }

    public string Kind { get; init; } = "";

    public string? Recurrence { get; init; }

    public int PlanYear { get; init; }

    public DateOnly StartDate { get; init; }

    public DateOnly DueDate { get; init; }

    public string Priority { get; init; } = "";

    public string Status { get; init; } = "";

    public int Progress { get; init; }

    public int? SeriesTaskId { get; init; }

    public int? ContinuesTaskId { get; init; }

    /// <summary>The task that continues this one after a review carried it over (<c>carried_over</c>).</summary>
    public int? CarriedOverToTaskId { get; init; }

    public int RowVersion { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    public bool IsOverdue(DateOnly today) => TaskStatuses.IsOverdue(Status, DueDate, today);
}

internal record TaskSummaryRow
{
    /// <summary>This task, as the audit of classified reads names it.</summary>
    public ClassifiedRecord AuditedAs() =>
        new("task", Id.ToString(System.Globalization.CultureInfo.InvariantCulture), (Clearance)Classification, RegulationId);

    public int Id { get; init; }

    public int RegulationId { get; init; }

    public string Code { get; init; } = "";

    public int Seq { get; init; }

    public string TitleVi { get; init; } = "";

    public string TitleEn { get; init; } = "";

    public string LeadUnitCode { get; init; } = "";

    public string LeadAgencyCode { get; init; } = "";

    public int Classification { get; init; }

    public string Kind { get; init; } = "";

    public int PlanYear { get; init; }

    public DateOnly StartDate { get; init; }

    public DateOnly DueDate { get; init; }

    public string Priority { get; init; } = "";

    public string Status { get; init; } = "";

    public int Progress { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public TaskSummaryDto ToDto(IEnumerable<string> counterpartCodes, DateOnly today) => new(
        Id, RegulationId, Code, TitleVi, TitleEn, LeadUnitCode, LeadAgencyCode, [.. counterpartCodes],
        ((Infrastructure.Security.Clearance)Classification).ToName(), Kind, PlanYear, StartDate, DueDate, Priority, Status,
        TaskStatuses.IsOverdue(Status, DueDate, today), Progress, UpdatedAt);
}

internal sealed record ContactRow
{
    public string Name { get; init; } = "";

    public int? UnitId { get; init; }

    public string? Phone { get; init; }

    public string? Email { get; init; }
}

internal sealed record CounterpartCodeRow
{
    public int TaskId { get; init; }

    public string Code { get; init; } = "";
}

internal sealed record HistoryRow
{
    public int Id { get; init; }

    public DateTimeOffset OccurredAt { get; init; }

    public string ActorName { get; init; } = "";

    public string ActorKind { get; init; } = "";

    public string Kind { get; init; } = "";

    public string? FromStatus { get; init; }

    public string? ToStatus { get; init; }

    public string? Comment { get; init; }

    public string? ChangesJson { get; init; }

    public bool Redacted { get; init; }
}

internal record ReportRow
{
    public int Id { get; init; }

    public int TaskId { get; init; }

    public string ReportingUnitCode { get; init; } = "";

    public DateOnly ReportDate { get; init; }

    public int PercentComplete { get; init; }

    public string Narrative { get; init; } = "";

    public string? AttachmentName { get; init; }

    public long? AttachmentBytes { get; init; }

    public bool IsCorrection { get; init; }

    public string CreatedBy { get; init; } = "";

    public string CreatedByKind { get; init; } = "";

    public DateTimeOffset CreatedAt { get; init; }

    public bool Redacted { get; init; }

    public ProgressReportDto ToDto() => new(Id, TaskId, ReportingUnitCode, ReportDate, PercentComplete, Narrative, AttachmentName, AttachmentBytes,
        IsCorrection, CreatedBy, CreatedByKind, CreatedAt, Redacted);
}

internal sealed record ProvisionKey
{
    public int VersionId { get; init; }

    public string AknId { get; init; } = "";
}
