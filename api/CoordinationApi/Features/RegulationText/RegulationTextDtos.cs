using CoordinationApi.Infrastructure.OpenApi;
using CoordinationApi.Infrastructure.Security;
using CoordinationApi.Features.Audit;
using CoordinationApi.Features.Regulations;
using CoordinationApi.Features.Tasks;

namespace CoordinationApi.Features.RegulationText;

/// <summary>The states of a version of the text: a draft coordinators edit, or published (it never changes again).</summary>
public static class VersionStatuses
{
    public const string Draft = "draft";
    public const string Published = "published";
    [VocabularyName("VersionStatus")]
    public static readonly string[] All = [Draft, Published];
}

/// <summary>How an article differs between two versions; unchanged articles are left out of a comparison.</summary>
public static class ArticleChanges
{
    public const string Added = "added";
    public const string Removed = "removed";
    public const string Changed = "changed";
    internal const string Unchanged = "unchanged";

    [VocabularyName("ArticleChangeKind")]
    public static readonly string[] All = [Added, Removed, Changed];
}

/// <summary>A version of a regulation's text. Its <c>ETag</c> changes with every edit of a draft's content.</summary>
/// <param name="Id">Version id.</param>
/// <param name="RegulationId">The regulation.</param>
/// <param name="Number">1 for the text as signed, then one per amendment.</param>
/// <param name="Status">draft (editable by coordinators) or published (never changes again).</param>
/// <param name="EffectiveFrom">Date from which a published version is in force.</param>
/// <param name="BasedOnNumber">The version an amendment started from.</param>
/// <param name="Note">What the version is, or what the amendment changes.</param>
/// <param name="CreatedAt">When the version was created.</param>
/// <param name="PublishedAt">When it was published.</param>
/// <param name="InForce">True for the version in force today: the published one with the latest effective date not after today.</param>
public sealed record VersionDto(
    int Id, int RegulationId, int Number, [Vocabulary(typeof(VersionStatuses))] string Status, DateOnly? EffectiveFrom, int? BasedOnNumber, string? Note,
    DateTimeOffset CreatedAt, DateTimeOffset? PublishedAt, bool InForce);

/// <summary>The text of one version as a tree.</summary>
/// <param name="RegulationId">The regulation.</param>
/// <param name="Version">The version shown.</param>
/// <param name="Lang">vi, en or both: the languages whose headings and texts are filled in.</param>
/// <param name="Chapters">The top of the tree (chapters, or articles of a text without chapters), each with its provisions, in order.</param>
public sealed record RegulationTextDto(int RegulationId, VersionDto Version, [Vocabulary(typeof(LangRules))] string Lang, List<ProvisionDto> Chapters);

/// <summary>One provision with the provisions under it and the tasks that cite it. Its <c>ETag</c> covers its own heading and text.</summary>
/// <param name="RegulationId">The regulation.</param>
/// <param name="VersionNumber">The version it belongs to.</param>
/// <param name="AknId">Its id, e.g. <c>chp_2__art_4__para_1</c>.</param>
/// <param name="ParentAknId">The provision it sits in; null at the top.</param>
/// <param name="Kind">chapter, article, clause or point.</param>
/// <param name="Num">Its number as printed: I, 1, a.</param>
/// <param name="Position">Its place among its siblings, from 1.</param>
/// <param name="HeadingVi">Heading in Vietnamese.</param>
/// <param name="HeadingEn">Heading in English.</param>
/// <param name="TextVi">Text in Vietnamese (authoritative).</param>
/// <param name="TextEn">Text in English.</param>
/// <param name="IsSummary">True when the text summarises the provision rather than quoting its official wording.</param>
/// <param name="Children">The provisions under it, in order.</param>
/// <param name="CitedBy">The tasks (within the caller's clearance) that cite it or a provision under it, in any version of the regulation.</param>
public sealed record ProvisionDetailDto(
    int RegulationId, int VersionNumber, string AknId, string? ParentAknId, [Vocabulary(typeof(AknIds), nameof(AknIds.Kinds))] string Kind, string Num, int Position,
    string? HeadingVi, string? HeadingEn, string? TextVi, string? TextEn, bool IsSummary,
    List<ProvisionDto> Children, List<CitingTaskDto> CitedBy);

/// <summary>A task citing a provision.</summary>
public sealed record CitingTaskDto : IClassifiedRecord
{
    /// <summary>Task id.</summary>
    public required int TaskId { get; init; }

    /// <summary>Task code.</summary>
    public required string Code { get; init; }

    /// <summary>Title in Vietnamese.</summary>
    public required string TitleVi { get; init; }

    /// <summary>Title in English.</summary>
    public required string TitleEn { get; init; }

    /// <summary>draft, assigned, in_progress, completed or cancelled.</summary>
    [Vocabulary(typeof(TaskStatuses), nameof(TaskStatuses.Stored))]
    public required string Status { get; init; }

    /// <summary>The provision the task cites: this one or one under it.</summary>
    public required string CitedAknId { get; init; }

    /// <summary>The version the citation was made against (AKN ids are stable across versions).</summary>
    public required int CitedVersionNumber { get; init; }

    /// <summary>The task's classification level and regulation, for the audit of classified reads (not serialised).</summary>
    internal int Classification { get; init; }

    internal int RegulationId { get; init; }

    ClassifiedRecord IClassifiedRecord.Audited =>
        new("task", TaskId.ToString(System.Globalization.CultureInfo.InvariantCulture), (Clearance)Classification, RegulationId);
}

/// <summary>Which articles of a version the tasks carry out.</summary>
/// <param name="RegulationId">The regulation.</param>
/// <param name="VersionNumber">The version.</param>
/// <param name="Articles">Articles in the version.</param>
/// <param name="CitedArticles">Articles cited by at least one task (the article or a provision under it, in any version).</param>
/// <param name="Uncited">The articles no task (within the caller's clearance) cites, in order.</param>
public sealed record CoverageDto(int RegulationId, int VersionNumber, int Articles, int CitedArticles, List<UncitedArticleDto> Uncited);

/// <summary>An article that no task cites.</summary>
/// <param name="AknId">Its id.</param>
/// <param name="Num">Its number.</param>
/// <param name="HeadingVi">Heading in Vietnamese.</param>
/// <param name="HeadingEn">Heading in English.</param>
public sealed record UncitedArticleDto(string AknId, string Num, string? HeadingVi, string? HeadingEn);

/// <summary>What changed between two versions, article by article; unchanged articles are left out.</summary>
/// <param name="RegulationId">The regulation.</param>
/// <param name="From">The earlier side.</param>
/// <param name="To">The later side.</param>
/// <param name="Articles">The added, removed and changed articles, in the order of <paramref name="To"/> (removed ones where they stood).</param>
public sealed record VersionComparisonDto(int RegulationId, VersionDto From, VersionDto To, List<ArticleChangeDto> Articles);

/// <summary>
/// One article that differs. The text compared is the article's own text followed by its clauses and points, one per
/// line, each prefixed with its number. The diffs are word by word: joining the texts of the <c>equal</c> and
/// <c>delete</c> operations gives the old text, of <c>equal</c> and <c>insert</c> the new one.
/// </summary>
/// <param name="AknId">The article's id.</param>
/// <param name="Num">Its number.</param>
/// <param name="Change">added, removed or changed.</param>
/// <param name="HeadingVi">Its heading in Vietnamese (the new one; the old one when removed).</param>
/// <param name="HeadingEn">Its heading in English (likewise).</param>
/// <param name="HeadingChanged">True when the heading differs in either language.</param>
/// <param name="TextChanged">True when the text differs in either language.</param>
/// <param name="HeadingViDiff">Word diff of the Vietnamese heading.</param>
/// <param name="HeadingEnDiff">Word diff of the English heading.</param>
/// <param name="TextViDiff">Word diff of the Vietnamese text.</param>
/// <param name="TextEnDiff">Word diff of the English text.</param>
public sealed record ArticleChangeDto(
    string AknId, string Num, [Vocabulary(typeof(ArticleChanges))] string Change, string? HeadingVi, string? HeadingEn, bool HeadingChanged, bool TextChanged,
    List<DiffOpDto> HeadingViDiff, List<DiffOpDto> HeadingEnDiff, List<DiffOpDto> TextViDiff, List<DiffOpDto> TextEnDiff);

/// <summary>One operation of a word diff.</summary>
/// <param name="Op">equal, insert or delete.</param>
/// <param name="Text">The words (with the spaces and punctuation between them) it covers.</param>
public sealed record DiffOpDto([Vocabulary(typeof(WordDiff), nameof(WordDiff.Ops))] string Op, string Text);

internal sealed record VersionRow
{
    public required int Id { get; init; }

    public required int RegulationId { get; init; }

    public required int Number { get; init; }

    public required string Status { get; init; }

    public DateOnly? EffectiveFrom { get; init; }

    public int? BasedOnNumber { get; init; }

    public string? Note { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? PublishedAt { get; init; }

    public required int RowVersion { get; init; }

    public bool IsDraft => Status == "draft";
}

internal sealed record TextRow
{
    public required int Id { get; init; }

    public required string AknId { get; init; }

    public string? ParentAknId { get; init; }

    public required string Kind { get; init; }

    public required int Ordinal { get; init; }

    public required string Num { get; init; }

    public string? HeadingVi { get; init; }

    public string? HeadingEn { get; init; }

    public string? TextVi { get; init; }

    public string? TextEn { get; init; }

    public required bool IsSummary { get; init; }

    public required int RowVersion { get; init; }

    public ProvisionRow ToProvisionRow() => new()
    {
        AknId = AknId, ParentAknId = ParentAknId, Kind = Kind, Num = Num, HeadingVi = HeadingVi, HeadingEn = HeadingEn,
        TextVi = TextVi, TextEn = TextEn, IsSummary = IsSummary,
    };
}
