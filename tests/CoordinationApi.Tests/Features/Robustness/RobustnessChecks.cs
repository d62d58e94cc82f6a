using System.Text.Json;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace CoordinationApi.Tests.Features.Robustness;

/// <summary>What every robustness test checks after the storm: the audit chain, and row counts read past the API.</summary>
internal static class RobustnessChecks
{
    public static async Task AuditChainHolds(HttpClient auditor)
    {
        using var response = await auditor.GetAsync(new Uri("/api/v1/audit/verify", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.IsSuccessStatusCode, Is.True, body);
        Assert.That(JsonDocument.Parse(body).RootElement.GetProperty("valid").GetBoolean(), Is.True, body);
    }

    public static async Task<long> Scalar(ApiFactory factory, string sql, object? parameters = null)
    {
        await using var connection = await factory.Services.GetRequiredService<DbConnectionFactory>().OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql, parameters);
    }

    public static async Task<Dictionary<string, long>> CountRows(ApiFactory factory, params string[] tables)
    {
        var counts = new Dictionary<string, long>();
        foreach (var table in tables)
        {
            counts[table] = await Scalar(factory, $"SELECT COUNT(*) FROM {table}");
        }

        return counts;
    }
}
