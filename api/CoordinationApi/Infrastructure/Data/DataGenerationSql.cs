namespace CoordinationApi.Infrastructure.Data;

/// <summary>
/// The database's change marker (migration 0013): moved in the transaction of every audited change, read by what an
/// instance keeps in memory (the dashboard, agencies and units) to know whether any instance has changed the data since.
/// </summary>
public static class DataGenerationSql
{
    public const string Read = "SELECT value FROM data_generation WHERE id = 1;";

    public const string Bump = "UPDATE data_generation SET value = value + 1 WHERE id = 1;";
}
