using CoordinationApi.Infrastructure.Data;
using Dapper;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CoordinationApi.Features.Health;

/// <summary><c>/health/live</c>: the process answers. <c>/health/ready</c>: the database answers and its schema is current.</summary>
public static class HealthEndpoints
{
    public static IServiceCollection AddCoordinationHealth(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<DatabaseReadyCheck>("database", tags: ["ready"]);
        return services;
    }

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") }).AllowAnonymous();
        return app;
    }

    private sealed class DatabaseReadyCheck(DbConnectionFactory db, DatabaseMigrator migrator) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await using var connection = await db.OpenAsync(cancellationToken);
                await connection.ExecuteScalarAsync<int>(new CommandDefinition(HealthSql.Ping, cancellationToken: cancellationToken));
                return migrator.IsCurrent()
                    ? HealthCheckResult.Healthy("Database reachable, migrations current.")
                    : HealthCheckResult.Unhealthy("Database migrations are pending.");
            }
            catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException || DatabaseFaults.IsUnavailable(ex))
            {
                return HealthCheckResult.Unhealthy("Database unreachable.", ex);
            }
        }
    }
}

internal static class HealthSql
{
    /// <summary>Reads a table: <c>SELECT 1</c> alone succeeds on SQLite even while another process holds the file locked.</summary>
    public const string Ping = "SELECT COUNT(*) FROM agencies;";
}
