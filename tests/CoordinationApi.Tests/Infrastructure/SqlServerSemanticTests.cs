namespace CoordinationApi.Tests.Infrastructure;

/// <summary>
/// SQL Server fidelity beyond parsing: every statement the code can send to SQL Server (gathered as for
/// <see cref="SqlServerSyntaxTests"/>) is bound against the schema database/sqlserver/*.sql creates, the way SQL Server
/// binds it before running it. Each kind of mistake the binder looks for has a broken statement below that it must report.
/// </summary>
public sealed class SqlServerSemanticTests
{
    private static readonly Lazy<SqlServerCatalog> Catalog = new(() => SqlServerCatalog.FromScripts(
        Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "database", "sqlserver"), "*.sql")
            .Order(StringComparer.Ordinal)
            .Select(File.ReadAllText)));

    private static SqlServerBinder Binder => new(Catalog.Value);

    public static IEnumerable<TestCaseData> Statements() =>
        SqlServerSyntaxTests.SqlServerStatements()
            .Select(s => new TestCaseData(s.Sql).SetName($"Statement {s.Name} binds"));

    [TestCaseSource(nameof(Statements))]
    public void Statement_binds_against_the_schema(string sql)
    {
        var problems = Binder.Check(sql);
        Assert.That(problems, Is.Empty, () => string.Join("\n", problems) + "\n\n" + sql);
    }

    [Test]
    public void The_catalog_is_the_schema_the_migrations_create()
    {
        var catalog = Catalog.Value;
        Assert.That(catalog.Tables.Keys, Is.SupersetOf(new[] { "agencies", "tasks", "provisions", "audit_entries", "search_documents", "reviews" }));
        Assert.That(catalog.Column("provisions", "row_version").Type, Is.EqualTo("INT"), "ALTER TABLE ... ADD of 0004");
        Assert.That(catalog.Column("tasks", "description_vi").Length, Is.EqualTo(-1));
        Assert.That(catalog.Column("tasks", "title_vi").Length, Is.EqualTo(1000));
    }

    /// <summary>
    /// Codes and AKN ids are compared and ordered as the code compares them (ordinal): a binary collation, so
    /// <c>para_1__point_a</c> sorts before <c>para_10</c> and codes differing in case are distinct, as on SQLite.
    /// </summary>
    [Test]
    public void Codes_and_provision_ids_have_a_binary_collation()
    {
        var identifiers = Catalog.Value.Tables
            .SelectMany(t => t.Value.Values.Select(c => (Table: t.Key, Column: c)))
            .Where(x => x.Column.Name is "code" or "akn_id" or "parent_akn_id" or "person_key" or "username")
            .ToList();
        Assert.That(identifiers, Has.Count.GreaterThanOrEqualTo(8));
        Assert.Multiple(() =>
        {
            foreach (var (table, column) in identifiers)
            {
                Assert.That(column.Collation, Does.EndWith("_BIN2"), $"{table}.{column.Name}");
            }
        });
    }

    /// <summary>
    /// An external provider's subject (up to 255 characters) and username (up to 200, longer tokens are refused) fit
    /// every column that records who acted; SQLite does not enforce lengths, so this is where an overflow shows.
    /// </summary>
    [TestCase("audit_entries", "actor_id", CoordinationApi.Infrastructure.Security.CallerClaims.MaxSubjectLength)]
    [TestCase("audit_entries", "actor_name", CoordinationApi.Infrastructure.Security.CallerClaims.MaxNameLength)]
    [TestCase("task_history", "actor_name", CoordinationApi.Infrastructure.Security.CallerClaims.MaxNameLength)]
    [TestCase("progress_reports", "created_by", CoordinationApi.Infrastructure.Security.CallerClaims.MaxNameLength)]
    [TestCase("review_evaluations", "evaluated_by", CoordinationApi.Infrastructure.Security.CallerClaims.MaxNameLength)]
    [TestCase("api_clients", "created_by", CoordinationApi.Infrastructure.Security.CallerClaims.MaxNameLength)]
    public void Actor_columns_hold_the_longest_accepted_identity(string table, string column, int length) =>
        Assert.That(Catalog.Value.Column(table, column).Length, Is.GreaterThanOrEqualTo(length));

    [TestCase("SELECT id FROM nowhere;", "unknown table nowhere")]
    [TestCase("SELECT t.nothing FROM tasks t;", "unknown column t.nothing")]
    [TestCase("SELECT nothing FROM tasks;", "unknown column nothing")]
    [TestCase("SELECT x.id FROM tasks t;", "unknown table alias x")]
    [TestCase("UPDATE tasks SET nothing = 1 WHERE id = @Id;", "unknown column tasks.nothing")]
    [TestCase("INSERT INTO tasks (nothing) VALUES (1);", "unknown column tasks.nothing")]
    [TestCase("SELECT d.nothing FROM (SELECT id FROM tasks) d;", "unknown column d.nothing")]
    [TestCase("WITH c AS (SELECT id FROM tasks) SELECT c.code FROM c;", "unknown column c.code")]
    [TestCase("DECLARE @t TABLE (id INT); INSERT INTO tasks (seq) OUTPUT INSERTED.nothing INTO @t VALUES (1);", "unknown column INSERTED.nothing")]
    [TestCase("SELECT t.id FROM tasks t WHERE t.id IN (SELECT value FROM OPENJSON(@Ids) WITH (v INT '$'));", "unknown column value")]
    [TestCase("SELECT code FROM tasks t JOIN units u ON u.id = t.lead_unit_id;", "ambiguous column code")]
    [TestCase("SELECT t.id FROM tasks t WHERE EXISTS (SELECT 1 FROM units u JOIN agencies a ON a.id = u.agency_id WHERE code = t.code);", "ambiguous column code")]
    [TestCase("SELECT t.id, x.s FROM tasks t CROSS APPLY (SELECT SUM(t.progress * r.percent_complete) AS s FROM progress_reports r WHERE r.task_id = t.id) x;", "Msg 8124")]
    [TestCase("SELECT d.id FROM (SELECT id FROM tasks ORDER BY id) d;", "ORDER BY clause is not valid")]
    [TestCase("WITH c AS (SELECT id FROM tasks ORDER BY id) SELECT id FROM c;", "ORDER BY clause is not valid")]
    [TestCase("SELECT t.id FROM tasks t WHERE t.id IN (SELECT r.task_id FROM progress_reports r ORDER BY r.id);", "ORDER BY clause is not valid")]
    [TestCase("SELECT id FROM tasks WHERE id IN @Ids;", "parameter list: IN @Ids")]
    [TestCase("INSERT INTO units (agency_id, tier, code, name_vi, name_en) OUTPUT INSERTED.id VALUES (1, N'ministry', N'X', N'', N'');", "OUTPUT without INTO")]
    [TestCase("SELECT STRING_AGG(c.akn_id, '|') FROM task_citations c;", "STRING_AGG of a text that is not NVARCHAR(MAX)")]
    public void The_binder_reports_a_broken_statement(string sql, string expected) =>
        Assert.That(Binder.Check(sql), Has.Some.Contains(expected));

    [TestCase("SELECT d.id FROM (SELECT TOP (5) id FROM tasks ORDER BY id) d;")]
    [TestCase("SELECT d.id FROM (SELECT id FROM tasks ORDER BY id OFFSET 0 ROWS FETCH NEXT 5 ROWS ONLY) d;")]
    [TestCase("SELECT t.id, x.s FROM tasks t CROSS APPLY (SELECT SUM(r.percent_complete) AS s FROM progress_reports r WHERE r.task_id = t.id) x;")]
    [TestCase("SELECT t.id FROM tasks t WHERE t.id IN (SELECT j.id FROM OPENJSON(@Ids) WITH (id INT '$') j);")]
    [TestCase("DECLARE @t TABLE (id INT); INSERT INTO units (agency_id, tier, code, name_vi, name_en) OUTPUT INSERTED.id INTO @t VALUES (1, N'ministry', N'X', N'', N''); SELECT id FROM @t;")]
    [TestCase("SELECT STRING_AGG(CAST(c.akn_id AS NVARCHAR(MAX)), '|') WITHIN GROUP (ORDER BY c.akn_id) FROM task_citations c;")]
    [TestCase("SELECT t.code AS TaskCode FROM tasks t JOIN units u ON u.id = t.lead_unit_id ORDER BY TaskCode;")]
    public void The_binder_accepts_the_correct_form(string sql) =>
        Assert.That(Binder.Check(sql), Is.Empty);
}
