using System.Data.Common;
using CoordinationApi.Infrastructure.Audit;
using CoordinationApi.Infrastructure.Data;
using Dapper;

namespace CoordinationApi.Infrastructure.Events;

/// <summary>
/// A lease in the database (job_leases): scheduled work named <c>name</c> runs on the instance that holds it, one at a
/// time across instances. A holder renews its lease while it works; a lease that was not renewed (its instance stopped)
/// expires and the next instance to ask takes it over.
/// </summary>
public static class JobLease
{
    /// <summary>Takes or renews the lease <paramref name="name"/> for <paramref name="holder"/> until now + <paramref name="ttl"/>.</summary>
    public static async Task<bool> TryAcquireAsync(
        WriteScopes writes, string name, string holder, TimeSpan ttl, CancellationToken cancellationToken)
    {
        await using var write = await writes.BeginAsync(AuditActor.System, cancellationToken);
        var (connection, transaction) = write;
        var until = write.Now + ttl;
        var taken = await connection.ExecuteAsync(
            "UPDATE job_leases SET holder = @holder, expires_at = @until WHERE name = @name AND (holder = @holder OR expires_at < @now)",
            new { name, holder, until, now = write.Now }, transaction);
        if (taken == 0)
        {
            if (await connection.ExecuteScalarAsync<int>(
                    "SELECT COUNT(*) FROM job_leases WHERE name = @name", new { name }, transaction) > 0)
            {
                return false;
            }

            try
            {
                await connection.ExecuteAsync(
                    "INSERT INTO job_leases (name, holder, expires_at) VALUES (@name, @holder, @until)",
                    new { name, holder, until }, transaction);
            }
            catch (DbException)
            {
                // Another instance inserted it first: it holds the lease.
                return false;
            }
        }

        await write.CommitAsync();
        return true;
    }

    /// <summary>Gives the lease up (an instance stopping), so another may take it at once.</summary>
    public static async Task ReleaseAsync(WriteScopes writes, string name, string holder)
    {
        await using var write = await writes.BeginAsync(AuditActor.System, CancellationToken.None);
        var (connection, transaction) = write;
        await connection.ExecuteAsync(
            "DELETE FROM job_leases WHERE name = @name AND holder = @holder", new { name, holder }, transaction);
        await write.CommitAsync();
    }
}
