using CoordinationApi.Infrastructure.OpenApi;
using CoordinationApi.Features.Audit;
using CoordinationApi.Infrastructure.Data;
using Dapper;

namespace CoordinationApi.Features.Search;

/// <summary>
/// Keeps <c>search_documents</c> in step with what it indexes, in the transaction of the write that changes it.
/// Another kind of record joins the search by writing its rows here (kind, entity id, regulation, classification,
/// folded heading and body) whenever it changes; the search query already returns <c>task</c> rows.
/// </summary>
public static class SearchIndex
{
    public const string ProvisionKind = "provision";
    public const string TaskKind = "task";

    [VocabularyName("SearchHitKind")]
    public static readonly string[] Kinds = [ProvisionKind, TaskKind];

    /// <summary>Indexes the provisions that are not in the index yet: those of one version, or all of them (start-up backfill).</summary>
    public static async Task IndexMissingProvisionsAsync(WriteScope write, int? versionId = null)
    {
        var (connection, transaction) = write;
        var rows = await connection.QueryAsync<IndexedProvisionRow>(
            versionId is null ? SearchSql.UnindexedProvisions : SearchSql.UnindexedProvisionsOfVersion, new { VersionId = versionId }, transaction);
        await connection.ExecuteAsync(SearchSql.InsertDocument, rows.Select(p => new
        {
            Kind = ProvisionKind, EntityId = p.Id, p.RegulationId, p.VersionId, Classification = 0,
            FoldedHeading = TextFolding.IndexForm(p.HeadingVi, p.HeadingEn),
            FoldedBody = TextFolding.IndexForm(p.TextVi, p.TextEn),
        }), transaction);
    }

    /// <summary>Re-reads and re-indexes changed provisions.</summary>
    public static async Task ReindexProvisionsAsync(WriteScope write, int versionId, params int[] provisionIds)
    {
        await RemoveProvisionsAsync(write, provisionIds);
        await IndexMissingProvisionsAsync(write, versionId);
    }

    public static Task RemoveProvisionsAsync(WriteScope write, IReadOnlyCollection<int> provisionIds) =>
        provisionIds.Count == 0
            ? Task.CompletedTask
            : write.Connection.ExecuteAsync(SearchSql.DeleteDocuments(write.Dialect),
                new { Kind = ProvisionKind, EntityIds = SqlDialect.JsonList(provisionIds) }, write.Transaction);

    /// <summary>(Re)indexes tasks: their code, titles and descriptions in both languages, with their classification.</summary>
    public static async Task IndexTasksAsync(WriteScope write, IReadOnlyCollection<int>? taskIds = null)
    {
        var (connection, transaction, dialect) = ((ReadScope)write);
        if (taskIds is not null)
        {
            await connection.ExecuteAsync(SearchSql.DeleteDocuments(dialect), new { Kind = TaskKind, EntityIds = SqlDialect.JsonList(taskIds) }, transaction);
        }

        var rows = taskIds is null
            ? await connection.QueryAsync<IndexedTaskRow>(SearchSql.UnindexedTasks, transaction: transaction)
            : await connection.QueryAsync<IndexedTaskRow>(SearchSql.UnindexedTasksAmong(dialect), new { Ids = SqlDialect.JsonList(taskIds) }, transaction);
        await connection.ExecuteAsync(SearchSql.InsertDocument, rows.Select(t => new
        {
            Kind = TaskKind, EntityId = t.Id, t.RegulationId, VersionId = (int?)null, t.Classification,
            FoldedHeading = TextFolding.IndexForm(t.Code, t.TitleVi, t.TitleEn),
            FoldedBody = TextFolding.IndexForm(t.DescriptionVi, t.DescriptionEn),
        }), transaction);
    }

    /// <summary>Indexes what was written before the index existed, or by the demo seed: run at start-up after migrating and seeding.</summary>
    public static async Task BackfillAsync(WriteScopes writes, CancellationToken cancellationToken = default)
    {
        await using var write = await writes.BeginAsync(AuditActor.System, cancellationToken);
        await IndexMissingProvisionsAsync(write);
        await IndexTasksAsync(write);
        await write.CommitAsync();
    }
}
