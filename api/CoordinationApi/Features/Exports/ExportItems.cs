using CoordinationApi.Features.RegulationText;
using CoordinationApi.Features.Reviews;
using CoordinationApi.Features.Tasks;
using CoordinationApi.Infrastructure.OpenApi;
using CoordinationApi.Infrastructure.Security;

namespace CoordinationApi.Features.Exports;

// The rows of the exports as clients receive them: each property is a column (CSV and XLSX header, JSON member, in this
// order), and the OpenAPI document describes the JSON and JSON-lines rows with these types. A handler projects its
// database row onto one of these, so the document and the files cannot drift apart.

/// <summary>A row of the unit export.</summary>
public sealed record UnitExportItem(int Id, string Code, string Agency, string? Parent, [Vocabulary(typeof(UnitTiers))] string Tier, string NameVi, string NameEn);

/// <summary>A row of the article export: a chapter, article, clause or point of one version of a regulation.</summary>
public sealed record ArticleExportItem(
    int RegulationId, int Version, string AknId, string? ParentAknId, [Vocabulary(typeof(AknIds), nameof(AknIds.Kinds))] string Kind, string Num, string? HeadingVi, string? HeadingEn,
    string? TextVi, string? TextEn, bool IsSummary);

/// <summary>A row of the task export: the task list's item with its citations (<c>|</c>-joined in CSV and XLSX).</summary>
public sealed record TaskExportItem(
    int Id, int RegulationId, string Code, string TitleVi, string TitleEn, string LeadUnitCode, string LeadAgencyCode,
    IReadOnlyList<string> CounterpartUnitCodes, IReadOnlyList<string> Citations, [Vocabulary(typeof(ClearanceNames))] string Classification,
    [Vocabulary(typeof(TaskKinds))] string Kind, int PlanYear, DateOnly StartDate, DateOnly DueDate,
    [Vocabulary(typeof(TaskKinds), nameof(TaskKinds.Priorities))] string Priority,
    [Vocabulary(typeof(TaskStatuses), nameof(TaskStatuses.Stored))] string Status, bool Overdue, int Progress, DateTimeOffset UpdatedAt);

/// <summary>A row of the progress report export.</summary>
public sealed record ProgressReportExportItem(
    int Id, int TaskId, string TaskCode, int RegulationId, string ReportingUnitCode, DateOnly ReportDate, int Percent, string Narrative,
    string? AttachmentName, long? AttachmentBytes, bool IsCorrection, string CreatedBy, [Vocabulary(typeof(AuthorKinds))] string CreatedByKind, DateTimeOffset CreatedAt);

/// <summary>A row of the evidence manifest: one evidence file, its hash and what it is evidence of.</summary>
public sealed record EvidenceExportItem(
    int Id, string FileName, string MediaType, long SizeBytes, string Sha256, [Vocabulary(typeof(ClearanceNames))] string Classification, int RegulationId,
    int? TaskId, string? TaskCode, int? ReportId, int? ReviewId, DateTimeOffset UploadedAt, string UploadedBy, [Vocabulary(typeof(AuthorKinds))] string UploadedByKind);

/// <summary>A row of the review export.</summary>
public sealed record ReviewExportItem(
    int Id, int RegulationId, [Vocabulary(typeof(ReviewKinds))] string Kind, int PeriodYear, string HostAgencyCode,
    [Vocabulary(typeof(ReviewStatuses))] string Status, int? PlannedMonth, DateOnly? ScheduledOn, string? Venue, string? Chairs, string? Attendees, string? Minutes, string? StatusReason, int? AdoptedPlanYear, DateTimeOffset? ConcludedAt);

/// <summary>A row of the evaluation export; <c>comment</c> is null and <c>redacted</c> true when it is above the caller's clearance.</summary>
public sealed record EvaluationExportItem(
    int ReviewId, [Vocabulary(typeof(ReviewKinds))] string ReviewKind, int PeriodYear, int TaskId, string TaskCode, string TitleVi, string TitleEn,
    [Vocabulary(typeof(EvaluationResults))] string Result, string? Comment, bool Redacted, string EvaluatedBy, [Vocabulary(typeof(AuthorKinds))] string EvaluatedByKind, DateTimeOffset EvaluatedAt);

/// <summary>A row of the recognition export.</summary>
public sealed record RecognitionExportItem(
    int Id, string AwardVi, string AwardEn, string AwardingAgencyCode, string? RecipientName, string? RecipientRankVi,
    string? RecipientPositionVi, string? RecipientPositionEn, string? RecipientUnitCode, string RecipientAgencyCode, DateOnly AwardedOn,
    string OccasionVi, string OccasionEn);

/// <summary>A row of the audit export; <c>before</c> and <c>after</c> are the entry's JSON, as text.</summary>
public sealed record AuditExportItem(
    long Id, DateTimeOffset OccurredAt, [Vocabulary(typeof(AuthorKinds))] string ActorType, string ActorId, string ActorName, string Action, string EntityType, string EntityId,
    [Vocabulary(typeof(ClearanceNames))] string Classification, string? Before, string? After, string? RequestId, string? ClientIp, string PrevHash, string Hash);
