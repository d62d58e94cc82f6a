namespace CoordinationApi.Infrastructure.Events;

/// <summary>
/// Wakes the outbox's consumers on this instance when a write that published events commits, so they need not wait for
/// their next poll. Other instances (and a consumer that was busy) find the events on their next poll.
/// </summary>
public sealed class OutboxSignal
{
    private readonly Lock gate = new();
    private TaskCompletionSource pulse = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Wakes every waiter.</summary>
    public void Pulse()
    {
        TaskCompletionSource fired;
        lock (gate)
        {
            fired = pulse;
            pulse = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        fired.TrySetResult();
    }

    /// <summary>Waits for the next <see cref="Pulse"/> or <paramref name="timeout"/>, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider clock, CancellationToken cancellationToken)
    {
        Task next;
        lock (gate)
        {
            next = pulse.Task;
        }

        try
        {
            await next.WaitAsync(timeout, clock, cancellationToken);
        }
        catch (TimeoutException)
        {
            // The poll interval ended: look anyway.
        }
    }
}
