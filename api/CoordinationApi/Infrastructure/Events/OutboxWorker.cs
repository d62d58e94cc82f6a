using CoordinationApi.Infrastructure.Data;

namespace CoordinationApi.Infrastructure.Events;

/// <summary>Settings of the outbox's background work (section <c>Outbox</c>).</summary>
public sealed record OutboxOptions
{
    /// <summary><c>Outbox:Enabled</c>: whether this instance runs the consumers and scheduled jobs (default true).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary><c>Outbox:PollSeconds</c>: how long a consumer waits for a wake-up before it looks anyway (default 10).</summary>
    public double PollSeconds { get; init; } = 10;

    /// <summary><c>Outbox:LeaseSeconds</c>: how long a job's lease lasts without renewal (default 60).</summary>
    public double LeaseSeconds { get; init; } = 60;
}

/// <summary>
/// Background work over the outbox that runs on one instance at a time: it holds the lease named <see cref="Name"/>
/// (renewed on every round), then calls <see cref="RunOnceAsync"/> until it reports nothing left to do, then waits for the
/// next committed event (<see cref="OutboxSignal"/>) or the poll interval. A round that throws is logged and retried on
/// the next round; the work itself must be safe to repeat (a cursor moved in the transaction of what it did).
/// </summary>
public abstract class OutboxWorker(
    WriteScopes writes, OutboxSignal signal, OutboxOptions options, TimeProvider clock, ILogger logger) : BackgroundService
{
    private readonly string holder = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    /// <summary>The lease's name (and, for a consumer, its cursor's name).</summary>
    protected abstract string Name { get; }

    /// <summary>One round of work; true when there may be more to do at once.</summary>
    protected abstract Task<bool> RunOnceAsync(CancellationToken cancellationToken);

    /// <summary>How long to wait between rounds when idle; the outbox's poll interval unless a worker needs otherwise.</summary>
    protected virtual TimeSpan IdleWait => TimeSpan.FromSeconds(options.PollSeconds);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Enabled)
        {
            return;
        }

        // Let the host finish starting (and the database be prepared) before the first round.
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await JobLease.TryAcquireAsync(writes, Name, holder, TimeSpan.FromSeconds(options.LeaseSeconds), stoppingToken))
                {
                    var rounds = 0;
                    while (await RunOnceAsync(stoppingToken) && ++rounds < 100 && !stoppingToken.IsCancellationRequested)
                    {
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception failure)
            {
                logger.LogWarning(failure, "Outbox work {Name} failed; it is retried on the next round.", Name);
            }

            await signal.WaitAsync(IdleWait, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await JobLease.ReleaseAsync(writes, Name, holder);
        }
        catch (Exception failure)
        {
            // The lease expires by itself; another instance takes it over then.
            logger.LogDebug(failure, "Could not release the lease {Name}.", Name);
        }
    }
}
