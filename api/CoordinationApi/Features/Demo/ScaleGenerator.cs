using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using CoordinationApi.Features.Audit;
using CoordinationApi.Features.Search;
using CoordinationApi.Features.Tasks;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Security;
using Dapper;

namespace CoordinationApi.Features.Demo;

/// <summary>
/// Fills the database with N more joint tasks of the demo regulation, for benchmarks: their counterparts, citations,
/// progress reports, search documents, evaluations by the 2022–2025 reviews, and a stretch of audit entries (with a valid
/// hash chain). Reproducible: the same seed gives the same data. Run as <c>--generate-tasks N [--generate-seed S]</c>.
/// </summary>
public sealed class ScaleGenerator(DbConnectionFactory db, WriteScopes writes, TimeProvider clock, ILogger<ScaleGenerator> logger)
{
    private static readonly string[] Statuses = [TaskStatuses.Draft, TaskStatuses.Assigned, TaskStatuses.InProgress, TaskStatuses.Completed, TaskStatuses.Cancelled];
    private static readonly string[] Kinds = [TaskKinds.OneOff, TaskKinds.OneOff, TaskKinds.OneOff, TaskKinds.Continuous, TaskKinds.Recurring];
    private static readonly string[] Priorities = ["low", "normal", "normal", "high", "urgent"];
    private static readonly string[] Results = ["achieved", "achieved", "partly_achieved", "not_achieved", "not_applicable"];

    private static readonly string[] TopicsVi =
    [
        "Bảo đảm an ninh mạng hệ thống thông tin", "Xử lý thông tin xấu, độc trên không gian mạng", "Bảo vệ bí mật nhà nước trên mạng bưu chính, viễn thông",
        "Phòng, chống lừa đảo qua mạng viễn thông", "Quản lý báo chí và thông tin cơ sở", "Trao đổi thông tin giữa Văn phòng hai Bộ",
        "Kiểm tra liên ngành dịch vụ viễn thông", "Đấu tranh phòng, chống tội phạm công nghệ cao",
    ];

    private static readonly string[] TopicsEn =
    [
        "Securing information systems", "Handling harmful information in cyberspace", "Protecting state secrets in post and telecom networks",
        "Fighting fraud over telecom networks", "Press and grassroots information management", "Information exchange between the two Offices",
        "Joint inspection of telecom services", "Fighting high-tech crime",
    ];

    public async Task GenerateAsync(int count, int seed, CancellationToken cancellationToken = default)
    {
        var watch = Stopwatch.StartNew();
        var random = new Random(seed);
        await using var connection = await db.OpenAsync(cancellationToken);
        var regulation = await connection.QuerySingleAsync<(int Id, int VersionId, string Code)>(GeneratorSql.Regulation);
        var units = (await connection.QueryAsync<(int Id, int AgencyId, string Tier)>(GeneratorSql.Units)).ToList();
        var provisions = (await connection.QueryAsync<string>(GeneratorSql.Provisions, new { regulation.VersionId })).ToList();
        var reviews = (await connection.QueryAsync<(int Id, int Year)>(GeneratorSql.HeldReviews, new { RegulationId = regulation.Id })).ToDictionary(r => r.Year, r => r.Id);
        var firstSeq = await connection.ExecuteScalarAsync<int>(TasksSql.NextSeq, new { RegulationId = regulation.Id });
        var byTierAndAgency = units.ToLookup(u => (u.Tier, u.AgencyId));
        var leads = units.Where(u => units.Any(o => o.AgencyId != u.AgencyId && o.Tier == u.Tier)).ToList();
        var now = clock.GetUtcNow();

        const int Batch = 20_000;
        for (var start = 0; start < count; start += Batch)
        {
            await using var write = await writes.BeginAsync(AuditActor.System, cancellationToken);
            using var task = Command(write, TasksSql.Insert(write.Dialect));
            using var counterpart = Command(write, TasksSql.InsertCounterpart);
            using var citation = Command(write, TasksSql.InsertCitation);
            using var report = Command(write, TasksSql.InsertReport(write.Dialect));
            using var document = Command(write, SearchSql.InsertDocument);
            using var evaluation = Command(write, GeneratorSql.InsertEvaluation);
            for (var i = start; i < Math.Min(count, start + Batch); i++)
            {
                var seq = firstSeq + i;
                var lead = leads[random.Next(leads.Count)];
                var others = byTierAndAgency.Where(g => g.Key.Tier == lead.Tier && g.Key.AgencyId != lead.AgencyId).SelectMany(g => g).ToList();
                var partner = others[random.Next(others.Count)];
                var year = 2022 + random.Next(5);
                var startDate = new DateOnly(year, 1 + random.Next(12), 1 + random.Next(28));
                var due = startDate.AddDays(30 + random.Next(300));
                var status = Statuses[random.Next(Statuses.Length)];
                var classification = random.Next(100) switch { < 70 => 0, < 85 => 1, < 95 => 2, _ => 3 };
                var kind = Kinds[random.Next(Kinds.Length)];
                var topic = random.Next(TopicsVi.Length);
                var progress = status switch { TaskStatuses.Completed => 100, TaskStatuses.InProgress => 10 * (1 + random.Next(9)), _ => 0 };
                var code = string.Create(CultureInfo.InvariantCulture, $"{regulation.Code}-T{seq:00}");
                var titleVi = string.Create(CultureInfo.InvariantCulture, $"{TopicsVi[topic]} ({seq})");
                var titleEn = string.Create(CultureInfo.InvariantCulture, $"{TopicsEn[topic]} ({seq})");
                var id = Convert.ToInt32(await Run(task, cancellationToken, ("RegulationId", regulation.Id), ("Seq", seq), ("Code", code),
                    ("TitleVi", titleVi), ("TitleEn", titleEn), ("DescriptionVi", "Nhiệm vụ sinh tự động để đo hiệu năng."),
                    ("DescriptionEn", "Generated task for benchmarks."), ("LeadUnitId", lead.Id), ("LeadAgencyId", lead.AgencyId),
                    ("Classification", classification), ("Kind", kind), ("Recurrence", kind == TaskKinds.Recurring ? "quarterly" : null),
                    ("PlanYear", year), ("StartDate", startDate), ("DueDate", due), ("Priority", Priorities[random.Next(Priorities.Length)]),
                    ("Status", status), ("Progress", progress), ("SeriesTaskId", null), ("ContinuesTaskId", null), ("IsDemo", true),
                    ("Now", now), ("CompletedAt", status == TaskStatuses.Completed ? now : null)), CultureInfo.InvariantCulture);
                await Run(counterpart, cancellationToken, ("TaskId", id), ("UnitId", partner.Id));
                await Run(citation, cancellationToken, ("TaskId", id), ("VersionId", regulation.VersionId), ("AknId", provisions[random.Next(provisions.Count)]));
                if (progress > 0)
                {
                    await Run(report, cancellationToken, ("TaskId", id), ("Classification", classification), ("ReportingUnitId", lead.Id), ("ReportDate", startDate.AddDays(15)),
                        ("Percent", progress), ("Narrative", "Báo cáo tiến độ sinh tự động."), ("AttachmentName", null), ("AttachmentBytes", null),
                        ("IsCorrection", false), ("CreatedBy", "generator"), ("CreatedByKind", AuthorKinds.System), ("Now", now));
                }

                await Run(document, cancellationToken, ("Kind", SearchIndex.TaskKind), ("EntityId", id), ("RegulationId", regulation.Id),
                    ("VersionId", null), ("Classification", classification), ("FoldedHeading", TextFolding.IndexForm(code, titleVi, titleEn)),
                    ("FoldedBody", TextFolding.IndexForm("Nhiệm vụ sinh tự động để đo hiệu năng.", "Generated task for benchmarks.")));
                if (reviews.TryGetValue(year, out var reviewId) && status is TaskStatuses.Completed or TaskStatuses.Cancelled)
                {
                    await Run(evaluation, cancellationToken, ("ReviewId", reviewId), ("TaskId", id), ("Result", Results[random.Next(Results.Length)]),
                        ("Comment", null), ("EvaluatedBy", "generator"), ("EvaluatedByKind", AuthorKinds.System), ("Now", now));
                }
            }

            // A stretch of audit history too, one entry per 10 tasks, chained like any other.
            for (var i = start; i < Math.Min(count, start + Batch); i += 10)
            {
                await write.AuditAsync(new AuditEvent(
                    "task.create", "task", (firstSeq + i).ToString(CultureInfo.InvariantCulture), After: new { generated = true },
                    Classification: (Clearance)(i % 4 == 0 ? 2 : 0), RegulationId: regulation.Id));
            }

            await write.CommitAsync();
            logger.LogInformation("Generated {Done} of {Count} tasks ({Elapsed:0.0} s)", Math.Min(count, start + Batch), count, watch.Elapsed.TotalSeconds);
        }

        await connection.ExecuteAsync(GeneratorSql.Analyze(db.Dialect));
        logger.LogInformation("Generated {Count} tasks in {Elapsed:0.0} s (seed {Seed})", count, watch.Elapsed.TotalSeconds, seed);
    }

    private static DbCommand Command(WriteScope write, string sql)
    {
        var command = write.Connection.CreateCommand();
        command.Transaction = write.Transaction;
        command.CommandText = sql;
        return command;
    }

    /// <summary>Runs a prepared statement with new values: one command object per statement, reused for every row.</summary>
    private static async Task<object?> Run(DbCommand command, CancellationToken cancellationToken, params (string Name, object? Value)[] values)
    {
        if (command.Parameters.Count == 0)
        {
            foreach (var (name, _) in values)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@" + name;
                command.Parameters.Add(parameter);
            }
        }

        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i].Value switch
            {
                null => DBNull.Value,
                DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                DateTimeOffset instant => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
                bool flag => flag ? 1 : 0,
                var other => other,
            };
        }

        return await command.ExecuteScalarAsync(cancellationToken);
    }
}

internal static class GeneratorSql
{
    public const string Regulation = """
        SELECT r.id, v.id, r.code
        FROM regulations r JOIN regulation_versions v ON v.regulation_id = r.id AND v.number = 1
        WHERE r.is_demo = 1
        ORDER BY r.id;
        """;

    public const string Units = "SELECT id, agency_id, tier FROM units ORDER BY id;";

    public const string Provisions = "SELECT akn_id FROM provisions WHERE version_id = @VersionId AND kind <> 'chapter' ORDER BY id;";

    public const string HeldReviews = "SELECT id, period_year FROM reviews WHERE regulation_id = @RegulationId AND kind = 'annual';";

    public const string InsertEvaluation = """
        INSERT INTO review_evaluations (review_id, task_id, result, comment, evaluated_by, evaluated_by_kind, evaluated_at, classification)
        VALUES (@ReviewId, @TaskId, @Result, @Comment, @EvaluatedBy, @EvaluatedByKind, @Now, (SELECT t.classification FROM tasks t WHERE t.id = @TaskId));
        """;

    /// <summary>Fresh statistics for the query planner after a bulk load.</summary>
    public static string Analyze(SqlDialect dialect) => dialect.Provider == DatabaseProvider.SqlServer ? "EXEC sp_updatestats;" : "ANALYZE;";
}
