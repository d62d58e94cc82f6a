namespace CoordinationApi.Tests.Infrastructure;

/// <summary>
/// The same test bodies run on every provider: SQLite always, SQL Server when
/// <c>COORDINATION_TEST_SQLSERVER</c> holds a connection string (the GitHub workflow sets it).
/// </summary>
public static class Providers
{
    public const string SqlServerVariable = "COORDINATION_TEST_SQLSERVER";

    public static IEnumerable<string> All()
    {
        yield return "Sqlite";
        if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(SqlServerVariable)))
        {
            yield return "SqlServer";
        }
    }
}
