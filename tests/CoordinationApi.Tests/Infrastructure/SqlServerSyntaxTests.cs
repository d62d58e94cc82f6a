using System.Reflection;
using System.Text.RegularExpressions;
using CoordinationApi.Infrastructure.Data;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace CoordinationApi.Tests.Infrastructure;

/// <summary>
/// SQL Server fidelity without a server: every T-SQL script under database/sqlserver/ and every statement
/// the code can send to SQL Server must parse with Microsoft's own T-SQL parser (SQL Server 2022 grammar).
/// The statements are gathered from the code (every <c>*Sql</c> class), not from a hand-kept list.
/// </summary>
public sealed partial class SqlServerSyntaxTests
{
    public static IEnumerable<TestCaseData> Scripts() =>
        Directory.GetFiles(System.IO.Path.Combine(RepositoryRoot.Path, "database", "sqlserver"), "*.sql")
            .Order(StringComparer.Ordinal)
            .Select(path => new TestCaseData(path).SetName($"Script {System.IO.Path.GetFileName(path)} parses"));

    public static IEnumerable<TestCaseData> Statements() =>
        SqlServerStatements().Select(s => new TestCaseData(s.Sql).SetName($"Statement {s.Name} parses"));

    [TestCaseSource(nameof(Scripts))]
    public void Script_parses(string path) => AssertParses(File.ReadAllText(path), path);

    [TestCaseSource(nameof(Statements))]
    public void Statement_parses(string sql) => AssertParses(ExpandDapperLists(sql), sql);

    [Test]
    public void Statements_are_gathered_from_every_sql_class()
    {
        var statements = SqlServerStatements().ToList();
        Assert.That(statements.Select(s => s.Name.Split('.')[0]).Distinct(),
            Is.SupersetOf(new[] { "RegulationsSql", "AgenciesSql", "DemoSql", "HealthSql", "AuditSql", "AuditChainSql", "AdminSql", "AuthSql", "SecuritySql", "ReferenceDataSql", "TasksSql", "IdempotencySql", "DashboardSql", "ReviewsSql", "SummarySql", "CalendarSql", "RecognitionsSql", "ExportsSql" }));
    }

    [Test]
    public void The_parser_rejects_broken_sql()
    {
        // Guards the guard: a parser that accepted anything would make the tests above worthless.
        Assert.That(Parse("SELECT id FROM regulations WHERE").Count, Is.GreaterThan(0));
        Assert.That(Parse("SELECT id FROM regulations LIMIT 5").Count, Is.GreaterThan(0), "SQLite's LIMIT is not T-SQL");
    }

    /// <summary>Every SQL text of the API as SQL Server would receive it: the non-private constants and dialect-built statements of the *Sql classes (private ones are fragments of those).</summary>
    internal static IEnumerable<(string Name, string Sql)> SqlServerStatements()
    {
        var sqlTypes = typeof(DbConnectionFactory).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: true, IsSealed: true } && t.Name.EndsWith("Sql", StringComparison.Ordinal));
        foreach (var type in sqlTypes)
        {
            const BindingFlags flags = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly;
            foreach (var field in type.GetFields(flags).Where(f => f.FieldType == typeof(string) && !f.IsPrivate))
            {
                yield return ($"{type.Name}.{field.Name}", (string)field.GetValue(null)!);
            }

            var builders = type.GetMethods(flags)
                .Where(m => (m.ReturnType == typeof(string) || m.ReturnType == typeof(IEnumerable<string>)) && !m.IsSpecialName && !m.IsPrivate);
            foreach (var method in builders)
            {
                var parameters = method.GetParameters();
                if (parameters.Length != 1 || parameters[0].ParameterType != typeof(SqlDialect))
                {
                    Assert.Fail($"{type.Name}.{method.Name} builds SQL from something other than the dialect; make it testable here.");
                }

                var built = method.Invoke(null, [SqlDialect.SqlServer]);
                if (built is string sql)
                {
                    yield return ($"{type.Name}.{method.Name}", sql);
                }
                else
                {
                    // A builder's variants: every shape of a statement composed from optional parts.
                    var index = 0;
                    foreach (var variant in (IEnumerable<string>)built!)
                    {
                        yield return ($"{type.Name}.{method.Name}[{index++}]", variant);
                    }
                }
            }
        }
    }

    private static void AssertParses(string sql, string source)
    {
        var errors = Parse(sql);
        Assert.That(errors, Is.Empty, () => $"{source}:\n" + string.Join("\n", errors.Select(e => $"line {e.Line}, column {e.Column}: {e.Message}")));
    }

    private static IList<ParseError> Parse(string sql)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(sql);
        parser.Parse(reader, out var errors);
        return errors;
    }

    /// <summary>Dapper expands <c>IN @Ids</c> into <c>IN (@Ids1, @Ids2)</c> before SQL Server sees it.</summary>
    private static string ExpandDapperLists(string sql) => DapperList().Replace(sql, "IN (@$1_1, @$1_2)");

    [GeneratedRegex(@"IN\s+@(\w+)", RegexOptions.IgnoreCase)]
    private static partial Regex DapperList();
}
