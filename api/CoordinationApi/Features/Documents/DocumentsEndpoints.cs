using System.Globalization;
using CoordinationApi.Features.Reviews;
using CoordinationApi.Features.Tasks;
using CoordinationApi.Infrastructure.Audit;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.OpenApi;
using CoordinationApi.Infrastructure.Security;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CoordinationApi.Features.Documents;

/// <summary>The official documents a review produces, and their languages.</summary>
public static class OfficialDocuments
{
    public const string Report = "report";
    public const string Plan = "plan";
    public const string Minutes = "minutes";

    /// <summary>The kinds of a review's document (a path segment, so listed in its description: a client generator makes no type of a path's values).</summary>
    public static readonly string[] Kinds = [Report, Plan, Minutes];

    /// <summary>The languages it comes in (<see cref="ContentLanguages"/>).</summary>
    public static readonly string[] Languages = ContentLanguages.All;
}

/// <summary>Which document of a review, in which language.</summary>
/// <param name="Kind">report (the annual review report), plan (the adopted plan for the next year) or minutes (of the review's meeting).</param>
/// <param name="Lang">vi (default) or en (the English rendering, same layout).</param>
public sealed record ReviewDocumentQuery(
    [property: FromRoute(Name = "kind")] string Kind,
    [Vocabulary(typeof(ContentLanguages), nameof(ContentLanguages.All))] [property: FromQuery(Name = "lang")] string? Lang);

internal sealed class ReviewDocumentQueryValidator : AbstractValidator<ReviewDocumentQuery>
{
    public ReviewDocumentQueryValidator()
    {
        RuleFor(q => q.Kind).MaximumLength(Bounds.Code).Must(OfficialDocuments.Kinds.Contains)
            .WithMessage($"The document must be one of: {string.Join(", ", OfficialDocuments.Kinds)}.");
        RuleFor(q => q.Lang).MaximumLength(Bounds.Code).Must(l => l is null || OfficialDocuments.Languages.Contains(l))
            .WithMessage("lang must be vi or en.");
    }
}

/// <summary>Which regulation and years the five-year summary covers (those of GET /reviews/summary), in which language.</summary>
/// <param name="RegulationId">The regulation.</param>
/// <param name="FromYear">First plan year (default: the year after signature).</param>
/// <param name="ToYear">Last plan year (default: the preliminary review's year).</param>
/// <param name="Lang">vi (default) or en.</param>
public sealed record SummaryDocumentQuery(
    [property: FromQuery(Name = "regulationId")] int RegulationId,
    [property: FromQuery(Name = "fromYear")] int? FromYear,
    [property: FromQuery(Name = "toYear")] int? ToYear,
    [Vocabulary(typeof(ContentLanguages), nameof(ContentLanguages.All))] [property: FromQuery(Name = "lang")] string? Lang);

internal sealed class SummaryDocumentQueryValidator : AbstractValidator<SummaryDocumentQuery>
{
    public SummaryDocumentQueryValidator()
    {
        RuleFor(q => q.RegulationId).IsId();
        RuleFor(q => q.FromYear).IsYear();
        RuleFor(q => q.ToYear).IsYear();
        RuleFor(q => q.ToYear).GreaterThanOrEqualTo(q => q.FromYear).When(q => q.FromYear is not null && q.ToYear is not null);
        RuleFor(q => q.ToYear).Must((q, to) => to - q.FromYear < Bounds.MaxYearSpan).When(q => q.FromYear is not null && q.ToYear is not null)
            .WithMessage($"At most {Bounds.MaxYearSpan} years at once.");
        RuleFor(q => q.Lang).MaximumLength(Bounds.Code).Must(l => l is null || OfficialDocuments.Languages.Contains(l))
            .WithMessage("lang must be vi or en.");
    }
}

/// <summary>What the document handlers use, bound as one <c>[AsParameters]</c> record.</summary>
public sealed record DocumentServices(DbConnectionFactory Db, WriteScopes Writes, ReferenceData Reference, Cursors Cursors, TimeProvider Clock, HttpContext Http)
{
    internal ReviewServices Reviews => new(Db, Writes, Reference, Cursors, Clock);
}

/// <summary>
/// The official documents of the yearly cycle as Word documents (.docx) laid out per Decree 30/2020/NĐ-CP: a review's
/// report, the plan it adopted and its minutes, and the five-year preliminary summary with its charts. Each holds only what
/// its reader may see (the same SQL scope as the data it is made from); each download is audited like an export.
/// </summary>
public static class DocumentsEndpoints
{
    public static RouteGroupBuilder MapDocuments(this RouteGroupBuilder api)
    {
        var read = api.MapGroup("/reviews").WithTags("Reviews").RequireAccess(Access.ReviewsRead);
        read.MapGet("/{id:int}/documents/{kind}", GetReviewDocument).WithName(nameof(GetReviewDocument))
            .Produces(StatusCodes.Status200OK, contentType: OfficialDocument.MediaType)
            .WithMetadata(new FileContentMetadata(OfficialDocument.MediaType, "The document, a Word document (.docx) laid out per Decree 30/2020/NĐ-CP."))
            .ProducesProblem(StatusCodes.Status404NotFound);
        read.MapGet("/summary/document", GetSummaryDocument).WithName(nameof(GetSummaryDocument))
            .Produces(StatusCodes.Status200OK, contentType: OfficialDocument.MediaType)
            .WithMetadata(new FileContentMetadata(OfficialDocument.MediaType, "The summary with its charts, a Word document (.docx) laid out per Decree 30/2020/NĐ-CP."))
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    /// <summary>
    /// A review's official document as a Word document (.docx), per Decree 30/2020/NĐ-CP, in Vietnamese (or English with
    /// <c>lang=en</c>): <c>report</c>, the review report (the review's facts, the result of each task with its status and
    /// evaluation, the figures, what is carried over); <c>plan</c>, the plan the review adopted for the next year (by article,
    /// lead and partner units, due dates; a draft while the review is not concluded); <c>minutes</c>, the minutes of its
    /// meeting. Only the tasks the caller may see are in it; it is marked MẬT / TỐI MẬT / TUYỆT MẬT after the most classified
    /// of them. A review the caller may not read is a 404. Each download is audited.
    /// </summary>
    /// <param name="id">Review id.</param>
    public static async Task<Results<DocumentResult, ProblemHttpResult>> GetReviewDocument(
        int id, [AsParameters] ReviewDocumentQuery query, Caller caller, [AsParameters] DocumentServices services, CancellationToken cancellationToken)
    {
        var lang = query.Lang ?? "vi";
        await using var connection = await services.Db.OpenAsync(cancellationToken);
        var scope = new ReadScope(connection, services.Db.Dialect);
        var review = await connection.QuerySingleOrDefaultAsync<ReviewRow>(new CommandDefinition(
            ReviewsSql.One, CallerParameters.For(caller, new { Id = id }), cancellationToken: cancellationToken));
        if (review is null)
        {
            return ReviewsEndpoints.NoSuchReview(id);
        }

        var facts = await ReviewFactsAsync(scope, caller, review, services, cancellationToken);
        var document = new OfficialDocument(lang);
        var included = new List<ClassifiedRecord>();
        byte[] bytes;
        switch (query.Kind)
        {
            case OfficialDocuments.Report:
                var tasks = (await connection.QueryAsync<TaskSummaryRow>(new CommandDefinition(ReviewsSql.ScopeTasks,
                    CallerParameters.For(caller, new { review.RegulationId, review.PeriodYear, ReviewId = review.Id }), cancellationToken: cancellationToken))).AsList();
                var evaluations = (await connection.QueryAsync<EvaluationRow>(new CommandDefinition(ReviewsSql.Evaluations,
                    CallerParameters.For(caller, new { ReviewId = review.Id }), cancellationToken: cancellationToken))).ToDictionary(e => e.TaskId);
                var plan = await PlanAsync(id, caller, services, cancellationToken);
                included.AddRange(tasks.Select(t => t.AuditedAs()));
                included.AddRange(plan.Items.Select(i => i.Of));
                bytes = ReviewDocuments.Report(document, facts, tasks, evaluations, plan, Highest(included));
                break;
            case OfficialDocuments.Plan:
                var adopted = await PlanAsync(id, caller, services, cancellationToken);
                included.AddRange(adopted.Items.Select(i => i.Of));
                var ids = adopted.Items.Select(i => i.Task?.Id ?? i.SourceTaskId ?? 0).Where(i => i > 0).Distinct().ToList();
                var citations = ids.Count == 0 ? [] : (await connection.QueryAsync<(int TaskId, string AknId)>(new CommandDefinition(
                    DocumentsSql.Citations(services.Db.Dialect), new { Ids = SqlDialect.JsonList(ids) }, cancellationToken: cancellationToken))).AsList();
                var articles = (await connection.QueryAsync<ArticleRow>(new CommandDefinition(DocumentsSql.Articles(services.Db.Dialect),
                    new { review.RegulationId, Today = services.Clock.Today() }, cancellationToken: cancellationToken))).AsList();
                // A preview names the tasks it would carry over: their units are those of the tasks as they stand (scoped like the plan).
                var sources = adopted.Adopted || ids.Count == 0 ? [] : (await connection.QueryAsync<TaskSummaryRow>(new CommandDefinition(
                    ReviewsSql.TasksByIds(services.Db.Dialect), CallerParameters.For(caller, new { Ids = SqlDialect.JsonList(ids) }),
                    cancellationToken: cancellationToken))).AsList();
                var partners = (sources.Count == 0 ? [] : await connection.QueryAsync<CounterpartCodeRow>(new CommandDefinition(
                    TasksSql.CounterpartCodes(services.Db.Dialect), new { Ids = SqlDialect.JsonList(sources.Select(t => t.Id)) },
                    cancellationToken: cancellationToken))).ToLookup(c => c.TaskId, c => c.Code);
                var units = sources.ToDictionary(t => t.Id, t => (t.LeadUnitCode, (IReadOnlyList<string>)[.. partners[t.Id]]));
                bytes = ReviewDocuments.Plan(document, facts, adopted, citations, articles, units, services.Reference, Highest(included));
                break;
            default:
                var (minutes, _) = await ReviewMinutesEndpoints.ReadAsync(scope, id);
                bytes = ReviewDocuments.Minutes(document, facts, minutes, services.Reference);
                break;
        }

        return new DocumentResult(bytes, string.Create(CultureInfo.InvariantCulture, $"review-{id}-{query.Kind}-{lang}.docx"),
            () => AuditAsync(caller, services, nameof(GetReviewDocument), query.Kind, lang, new { reviewId = id, review.RegulationId }, review.RegulationId, included));
    }

    /// <summary>
    /// The five-year preliminary summary (the data of GET /reviews/summary, same query) as a Word document (.docx) per
    /// Decree 30/2020/NĐ-CP, with charts (native chart parts): the results recorded per year, and each agency's completion
    /// rate per year; then the figures per year, per agency and per article. Only the tasks the caller may see are counted;
    /// marked after the most classified of them. A regulation the caller may not read is a 404. Each download is audited.
    /// </summary>
    public static async Task<Results<DocumentResult, ProblemHttpResult>> GetSummaryDocument(
        [AsParameters] SummaryDocumentQuery query, Caller caller, [AsParameters] DocumentServices services, CancellationToken cancellationToken)
    {
        var lang = query.Lang ?? "vi";
        var answer = await ReviewsEndpoints.GetPreliminarySummary(new SummaryQuery(query.RegulationId, query.FromYear, query.ToYear), caller,
            services.Reviews, cancellationToken);
        if (answer.Result is not Ok<PreliminarySummaryDto> { Value: { } summary })
        {
            return (ProblemHttpResult)answer.Result;
        }

        await using var connection = await services.Db.OpenAsync(cancellationToken);
        var regulation = await RegulationAsync(new ReadScope(connection, services.Db.Dialect), caller, query.RegulationId, cancellationToken);
        var tasks = summary.Articles.SelectMany(a => a.Tasks).DistinctBy(t => t.TaskId).ToList();
        var included = tasks.Select(t => t.Of).ToList();
        var issuer = regulation.Parties.FirstOrDefault(p => p.AgencyId == caller.AgencyId) ?? regulation.Parties[0];
        var bytes = ReviewDocuments.Summary(new OfficialDocument(lang), regulation, issuer, summary, services.Clock.Today(), Highest(included));
        return new DocumentResult(bytes, string.Create(CultureInfo.InvariantCulture,
            $"summary-{query.RegulationId}-{summary.Years.FirstOrDefault()}-{summary.Years.LastOrDefault()}-{lang}.docx"),
            () => AuditAsync(caller, services, nameof(GetSummaryDocument), "summary", lang,
                new { regulationId = query.RegulationId, fromYear = summary.Years.FirstOrDefault(), toYear = summary.Years.LastOrDefault() }, query.RegulationId, included));
    }

    private static Clearance Highest(IEnumerable<ClassifiedRecord> records) =>
        records.Select(r => r.Classification).DefaultIfEmpty(Clearance.Unclassified).Max();

    private static async Task<PlanDto> PlanAsync(int id, Caller caller, DocumentServices services, CancellationToken cancellationToken) =>
        (await ReviewsEndpoints.GetReviewPlan(id, caller, services.Reviews, cancellationToken)).Result is Ok<PlanDto> { Value: { } plan }
            ? plan
            : throw new InvalidOperationException($"The plan of review {id} could not be read though the review was.");

    /// <summary>The regulation, its parties and their standing offices, within the caller's scope (checked by the caller's read of the review).</summary>
    private static async Task<RegulationFacts> RegulationAsync(ReadScope scope, Caller caller, int regulationId, CancellationToken cancellationToken)
    {
        using var results = await scope.Connection.QueryMultipleAsync(new CommandDefinition(DocumentsSql.Regulation,
            CallerParameters.For(caller, new { RegulationId = regulationId }), scope.Transaction, cancellationToken: cancellationToken));
        var regulation = await results.ReadSingleAsync<RegulationFacts>();
        return regulation with { Parties = (await results.ReadAsync<PartyRow>()).AsList() };
    }

    private static async Task<ReviewFacts> ReviewFactsAsync(
        ReadScope scope, Caller caller, ReviewRow review, DocumentServices services, CancellationToken cancellationToken)
    {
        var regulation = await RegulationAsync(scope, caller, review.RegulationId, cancellationToken);
        var host = regulation.Parties.FirstOrDefault(p => p.AgencyId == review.HostAgencyId) ?? regulation.Parties[0];
        var (minutes, _) = await ReviewMinutesEndpoints.ReadAsync(scope, review.Id);
        return new ReviewFacts(review, regulation, host, minutes, services.Clock.Today());
    }

    /// <summary>The download's audit entry, like an export's: what was produced, for whom, and the classified tasks it holds.</summary>
    private static async Task AuditAsync(
        Caller caller, DocumentServices services, string operation, string document, string lang, object of, int regulationId, List<ClassifiedRecord> included)
    {
        if (HeadRequests.IsHead(services.Http))
        {
            // HEAD: the GET's headers without the document; nothing was handed out.
            return;
        }

        var classified = included.Where(r => r.Classification >= Clearance.Secret).Distinct().ToList();
        await using var write = await services.Writes.BeginAsync(caller, CancellationToken.None);
        await write.AuditReadAsync(new AuditEvent("export", "document", document, After: new
        {
            operation, document, lang, of, tasks = included.Count,
            records = classified.Select(r => new { type = r.Type, id = r.Id, classification = r.Classification.ToName() }),
        }, Classification: Highest(included), RegulationId: regulationId));
        await write.CommitAsync();
    }
}

/// <summary>
/// A document handed out: the file, then its audit entry, written as the response is (like an export's), so an answer
/// replaced before it is sent (a GET's stale If-Match is a 412) hands out nothing and records nothing.
/// </summary>
public sealed class DocumentResult(byte[] bytes, string fileName, Func<Task> audit) : IResult, IAuditsItsOwnReads
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        try
        {
            await TypedResults.File(bytes, OfficialDocument.MediaType, fileName).ExecuteAsync(httpContext);
        }
        finally
        {
            await audit();
        }
    }
}

/// <summary>A regulation as its documents name it.</summary>
internal sealed record RegulationFacts
{
    public string Code { get; init; } = "";

    public string TitleVi { get; init; } = "";

    public string TitleEn { get; init; } = "";

    public DateOnly SignedOn { get; init; }

    public string SignedAt { get; init; } = "";

    public List<PartyRow> Parties { get; init; } = [];
}

/// <summary>A party and its standing office.</summary>
internal sealed record PartyRow
{
    public int AgencyId { get; init; }

    public string AgencyCode { get; init; } = "";

    public string AgencyNameVi { get; init; } = "";

    public string AgencyNameEn { get; init; } = "";

    public string UnitCode { get; init; } = "";

    public string UnitNameVi { get; init; } = "";

    public string UnitNameEn { get; init; } = "";
}

internal sealed record ArticleRow
{
    public string AknId { get; init; } = "";

    public string Num { get; init; } = "";

    public string? HeadingVi { get; init; }

    public string? HeadingEn { get; init; }
}

/// <summary>What every document of a review starts from.</summary>
internal sealed record ReviewFacts(ReviewRow Review, RegulationFacts Regulation, PartyRow Host, ReviewMinutesDto Minutes, DateOnly Today);

internal static class DocumentsSql
{
    public static readonly string Regulation = $"""
        SELECT r.code AS {nameof(RegulationFacts.Code)}, r.title_vi AS {nameof(RegulationFacts.TitleVi)}, r.title_en AS {nameof(RegulationFacts.TitleEn)},
               r.signed_on AS {nameof(RegulationFacts.SignedOn)}, r.signed_at AS {nameof(RegulationFacts.SignedAt)}
        FROM regulations r
        WHERE r.id = @RegulationId AND {Scope.RegulationVisible("r.id")};

        SELECT a.id AS {nameof(PartyRow.AgencyId)}, a.code AS {nameof(PartyRow.AgencyCode)}, a.name_vi AS {nameof(PartyRow.AgencyNameVi)},
               a.name_en AS {nameof(PartyRow.AgencyNameEn)}, u.code AS {nameof(PartyRow.UnitCode)}, u.name_vi AS {nameof(PartyRow.UnitNameVi)},
               u.name_en AS {nameof(PartyRow.UnitNameEn)}
        FROM regulation_parties rp
        JOIN agencies a ON a.id = rp.agency_id
        JOIN units u ON u.id = rp.standing_unit_id
        WHERE rp.regulation_id = @RegulationId AND {Scope.RegulationVisible("rp.regulation_id")}
        ORDER BY rp.ordinal;
        """;

    /// <summary>The provisions some tasks cite (the caller could read the tasks: they came from a scoped read).</summary>
    public static string Citations(SqlDialect dialect) => $"""
        SELECT c.task_id, c.akn_id
        FROM task_citations c
        WHERE {dialect.InList("c.task_id", "@Ids")}
        ORDER BY c.task_id, c.akn_id;
        """;

    /// <summary>The articles of the regulation's version in force.</summary>
    public static string Articles(SqlDialect dialect) => $"""
        SELECT p.akn_id AS {nameof(ArticleRow.AknId)}, p.num AS {nameof(ArticleRow.Num)}, p.heading_vi AS {nameof(ArticleRow.HeadingVi)},
               p.heading_en AS {nameof(ArticleRow.HeadingEn)}
        FROM provisions p
        WHERE p.kind = 'article'
          AND p.version_id = (SELECT v.id FROM regulation_versions v
                              WHERE v.regulation_id = @RegulationId AND v.status = 'published' AND v.effective_from <= @Today
                              ORDER BY v.effective_from DESC, v.number DESC
                              {dialect.Limit("1")})
        ORDER BY p.id;
        """;
}
