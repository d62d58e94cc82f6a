using CoordinationApi.Features.Notifications;
using CoordinationApi.Infrastructure.Audit;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Events;
using CoordinationApi.Infrastructure.Security;
using CoordinationApi.Tests.Infrastructure;
using Dapper;

namespace CoordinationApi.Tests.Features.Notifications;

/// <summary>
/// The consumer's cursor is crash-safe (issue 19, part 2): a batch is fanned out whole with its cursor's move, or not at
/// all. A database trigger makes the write fail part-way (in the middle of the batch's fan-out, or at the cursor's move
/// itself); while it fails, nothing of the batch exists and the cursor stays; once the fault is gone the batch is fanned
/// out exactly once, just as an event that never met a fault.
/// </summary>
[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class NotificationCursorTests(string provider) : NotificationTest(provider)
{
    private const string Marker = "CRASH-MARK";

    [Test]
    public Task A_fault_in_the_middle_of_a_batch_leaves_nothing_of_it_and_the_batch_is_fanned_out_once_afterwards() =>
        FaultThenRecover(
            Factory.Provider == DatabaseProvider.SqlServer
                ? $"CREATE TRIGGER dbo.tr_test_crash ON dbo.mail_queue AFTER INSERT AS BEGIN IF EXISTS (SELECT 1 FROM inserted i JOIN dbo.events e ON e.id = i.event_id WHERE e.subject_code = '{Marker}') THROW 50000, 'crash', 1; END"
                : $"CREATE TRIGGER tr_test_crash BEFORE INSERT ON mail_queue WHEN (SELECT subject_code FROM events WHERE id = NEW.event_id) = '{Marker}' BEGIN SELECT RAISE(ABORT, 'crash'); END;");

    [Test]
    public Task A_fault_at_the_cursors_move_leaves_nothing_of_the_batch_and_the_batch_is_fanned_out_once_afterwards() =>
        FaultThenRecover(
            Factory.Provider == DatabaseProvider.SqlServer
                ? $"CREATE TRIGGER dbo.tr_test_crash ON dbo.outbox_cursors AFTER UPDATE AS BEGIN IF EXISTS (SELECT 1 FROM inserted WHERE consumer = '{NotificationFanOut.Consumer}') THROW 50000, 'crash', 1; END"
                : $"CREATE TRIGGER tr_test_crash BEFORE UPDATE ON outbox_cursors WHEN NEW.consumer = '{NotificationFanOut.Consumer}' BEGIN SELECT RAISE(ABORT, 'crash'); END;");

    private async Task FaultThenRecover(string trigger)
    {
        var task = TaskPerClassification()[(int)Clearance.Unclassified];
        foreach (var person in People)
        {
            await Execute("UPDATE users SET email = @Email WHERE id = @Id", new { Email = $"{person.Username}@test.example", person.Id });
        }

        OutboxEvent Assigned(string? subject) => new(EventKinds.TaskAssigned, Clearance.Unclassified,
            new { taskId = task.Id, taskCode = task.Code, regulationId = task.RegulationId }, task.RegulationId, task.Id, SubjectCode: subject);

        // A control event, fanned out without a fault: what each event of the batch must come to.
        var control = (await Publish(AuditActor.System, Assigned(task.Code)))[0];
        await WaitForFanOut(control.Id);
        var (controlApp, controlMail) = await Fanned(control.Id);
        Assert.That(controlApp, Is.Positive);
        Assert.That(controlMail, Is.Positive);
        var cursor = await Cursor();

        await Execute(trigger, new { });
        List<StoredEvent> batch;
        try
        {
            var failures = Failures();
            batch = await Publish(AuditActor.System, Assigned(task.Code), Assigned(task.Code), Assigned(Marker), Assigned(task.Code));
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (Failures() < failures + 2)
            {
                Assert.That(DateTime.UtcNow, Is.LessThan(deadline), () => $"the fault never struck.\n{ServerErrors()}");
                await Task.Delay(100);
            }

            // Failed twice (or more): nothing of the batch, not even of the events before the fault; the cursor stayed.
            Assert.That(await Cursor(), Is.EqualTo(cursor));
            foreach (var change in batch)
            {
                Assert.That(await Fanned(change.Id), Is.EqualTo((0L, 0L)), $"event {change.Id} of the failed batch");
            }
        }
        finally
        {
            await Execute(Factory.Provider == DatabaseProvider.SqlServer ? "DROP TRIGGER dbo.tr_test_crash" : "DROP TRIGGER tr_test_crash", new { });
        }

        await WaitForFanOut(batch[^1].Id);
        Assert.That(await Cursor(), Is.EqualTo(batch[^1].Id));
        foreach (var change in batch)
        {
            Assert.That(await Fanned(change.Id), Is.EqualTo((controlApp, controlMail)), $"event {change.Id}, once the fault is gone");
        }
    }

    private int Failures() => Factory.Logs.Records.Count(r =>
        r.Level == Microsoft.Extensions.Logging.LogLevel.Warning && r.Text.Contains($"Outbox work {NotificationFanOut.Consumer} failed", StringComparison.Ordinal));

    /// <summary>The notifications and queued mails of one event.</summary>
    private async Task<(long InApp, long Mail)> Fanned(long eventId)
    {
        await using var connection = await Db.OpenAsync();
        return (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM notifications WHERE event_id = @eventId", new { eventId }),
            await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM mail_queue WHERE event_id = @eventId", new { eventId }));
    }
}
