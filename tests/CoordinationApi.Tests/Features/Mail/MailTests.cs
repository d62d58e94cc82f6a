using System.Text;
using CoordinationApi.Infrastructure.Audit;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Events;
using CoordinationApi.Infrastructure.Security;
using CoordinationApi.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace CoordinationApi.Tests.Features.Mail;

/// <summary>
/// The mail worker against a real SMTP server on loopback (netDumbster), which the tests stop and start. Events and
/// <c>mail_queue</c> rows are written straight into the database, as the notifications fan-out writes them. The fixture
/// owns a port it stops and restarts, so it runs alone.
/// </summary>
[NonParallelizable]
public sealed class MailTests() : ApiTest("Sqlite", Settings)
{
    private const string BaseUrl = "https://dieuphoi.example.gov.vn";
    private const string Domain = "coordination.example.gov.vn";

    /// <summary>
    /// Text that must never reach a mail: token-shaped (so only the choice of fields keeps it out) and a phrase; "zqxj" is not
    /// hexadecimal, so no event key or Message-ID can hold it by chance.
    /// </summary>
    private const string Marker = "TITLEMARKERzqxj";
    private const string MarkerPhrase = "Kế hoạch mật số zqxj về phòng chống tội phạm";

    private static readonly int Port = LoopbackSmtp.FreePort();
    private LoopbackSmtp relay = null!;

    private static Dictionary<string, string?> Settings => new()
    {
        ["Mail:Host"] = "127.0.0.1",
        ["Mail:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Mail:Security"] = "None",
        ["Mail:From"] = $"Sổ điều phối <no-reply@{Domain}>",
        ["Mail:PublicBaseUrl"] = BaseUrl + "/",
        ["Mail:DigestHour"] = "7",
        ["Mail:RetrySeconds"] = "0.2",
        ["Mail:RetryMaxSeconds"] = "1",
        ["Mail:TimeoutSeconds"] = "5",
        ["Outbox:PollSeconds"] = "0.2",
    };

    [OneTimeSetUp]
    public async Task StartSmtpAndPrepareRecipients()
    {
        relay = new LoopbackSmtp(Port);
        await using var connection = await Db.OpenAsync();
        // Only this fixture's rows are in the queue: the tests play another instance holding the notifications consumer's
        // lease, so no fan-out adds mail of its own for the events they publish.
        await connection.ExecuteAsync("DELETE FROM job_leases WHERE name = 'notifications';");
        await connection.ExecuteAsync("INSERT INTO job_leases (name, holder, expires_at) VALUES ('notifications', 'mail tests', @Until);",
            new { Until = DateTimeOffset.UtcNow.AddYears(10) });
        foreach (var (username, language) in new[]
                 {
                     ("mps.admin", "vi"), ("mps.viewer", "vi"), ("mic.viewer", "en"), ("mps.coordinator", "vi"), ("mic.auditor", "en"),
                     ("mps.officer", "vi"), ("mic.officer", "en"), ("mps.auditor", "en"), ("mic.coordinator", "vi"), ("mps.registry_admin", "vi"),
                 })
        {
            await connection.ExecuteAsync("UPDATE users SET email = @Email, language = @Language WHERE username = @Username;",
                new { Email = Address(username), Language = language, Username = username });
        }
    }

    [OneTimeTearDown]
    public void StopSmtp() => relay.Dispose();

    private DbConnectionFactory Db => Factory.Services.GetRequiredService<DbConnectionFactory>();

    [Test]
    public async Task A_queued_mail_is_sent_once_with_its_code_link_and_message_id_and_marked_sent()
    {
        var task = await AnyTask(Clearance.Unclassified);
        var evt = await Publish(EventKinds.TaskAssigned, Clearance.Unclassified, TaskPayload(task), task, null, ("mps.admin", "single", null));

        var mail = (await WaitForMails([MessageId(evt.Key, "mps.admin")])).Single();

        Assert.Multiple(() =>
        {
            Assert.That(mail.To, Is.EqualTo(Address("mps.admin")));
            Assert.That(mail.From, Is.EqualTo($"no-reply@{Domain}"));
            Assert.That(mail.Subject, Is.EqualTo($"[Điều phối] Nhiệm vụ {task.Code} được giao cho đơn vị của bạn"));
            Assert.That(mail.TextBody, Does.Contain($"{BaseUrl}/tasks/{task.Id}"));
            Assert.That(mail.TextBody, Does.Contain(evt.Key));
            Assert.That(mail.AutoSubmitted, Is.EqualTo("auto-generated"));
        });
        // The row is marked once the relay has taken the mail: wait for the worker's write.
        await WaitUntil(async () => (await QueueRow(evt.Id, "mps.admin")).Status != "pending", "the row marked");
        var row = await QueueRow(evt.Id, "mps.admin");
        Assert.Multiple(() =>
        {
            Assert.That(row.Status, Is.EqualTo("sent"));
            Assert.That(row.Attempts, Is.EqualTo(1));
            Assert.That(row.SentAt, Is.Not.Null);
            Assert.That(row.LastError, Is.Null);
        });
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.That(Received().Count(m => m.MessageId == MessageId(evt.Key, "mps.admin")), Is.EqualTo(1), "sent once, not again on later rounds");
    }

    [Test]
    public async Task Each_recipient_gets_the_mail_in_their_language()
    {
        var task = await AnyTask(Clearance.Unclassified);
        var payload = new Dictionary<string, object?>(TaskPayload(task)) { ["dueDate"] = "2026-12-31", ["daysLeft"] = 7 };
        var evt = await Publish(EventKinds.TaskDueSoon, Clearance.Unclassified, payload, task, null,
            ("mps.viewer", "single", null), ("mic.viewer", "single", null));

        var mails = await WaitForMails([MessageId(evt.Key, "mps.viewer"), MessageId(evt.Key, "mic.viewer")]);
        var vi = mails.Single(m => m.To == Address("mps.viewer"));
        var en = mails.Single(m => m.To == Address("mic.viewer"));

        Assert.Multiple(() =>
        {
            Assert.That(vi.Subject, Is.EqualTo($"[Điều phối] Nhiệm vụ {task.Code} đến hạn ngày 2026-12-31 (còn 7 ngày)"));
            Assert.That(vi.TextBody, Does.StartWith("Kính gửi "));
            Assert.That(en.Subject, Is.EqualTo($"[Coordination] Task {task.Code} is due on 2026-12-31 (7 days left)"));
            Assert.That(en.TextBody, Does.StartWith("Dear "));
            Assert.That(vi.MessageId, Is.Not.EqualTo(en.MessageId), "one Message-ID per event and recipient");
        });
    }

    /// <summary>
    /// Every kind, on a task or review of every classification, in both languages: the mail holds the kind's sentence, the
    /// code and the link, and none of the title, narrative or comment text, which is in the task's row and in the payload.
    /// </summary>
    [Test]
    public async Task No_kind_of_any_classification_puts_a_title_narrative_or_comment_into_a_mail()
    {
        var expected = new List<(string MessageId, string Kind, Clearance Classification, string Code, string Link)>();
        var review = await AnyReview();
        foreach (var classification in Enum.GetValues<Clearance>())
        {
            var task = await AnyTask(classification);
            await using (var connection = await Db.OpenAsync())
            {
                await connection.ExecuteAsync(
                    "UPDATE tasks SET title_vi = @Title, title_en = @Title, description_vi = @Phrase, description_en = @Phrase, classification = @Classification WHERE id = @Id;",
                    new { Title = $"{Marker} {MarkerPhrase}", Phrase = MarkerPhrase, Classification = (int)classification, task.Id });
            }

            foreach (var kind in EventKinds.All)
            {
                var onReview = kind.StartsWith("review.", StringComparison.Ordinal) || kind == EventKinds.PlanAdopted;
                var payload = new Dictionary<string, object?>(onReview ? ReviewPayload(review, task) : TaskPayload(task))
                {
                    ["title"] = Marker, ["titleVi"] = Marker, ["titleEn"] = MarkerPhrase, ["narrative"] = Marker, ["description"] = MarkerPhrase,
                    ["body"] = Marker, ["comment"] = MarkerPhrase, ["text"] = Marker,
                };
                var evt = await Publish(kind, classification, payload, onReview ? null : task, onReview ? review : null,
                    ("mps.coordinator", "single", null), ("mic.auditor", "single", null));
                var (code, link) = onReview ? ($"REVIEW-{review.Year}", $"{BaseUrl}/reviews/{review.Id}") : (task.Code, $"{BaseUrl}/tasks/{task.Id}");
                expected.Add((MessageId(evt.Key, "mps.coordinator"), kind, classification, code, link));
                expected.Add((MessageId(evt.Key, "mic.auditor"), kind, classification, code, link));
            }
        }

        var mails = (await WaitForMails([.. expected.Select(e => e.MessageId)])).ToDictionary(m => m.MessageId);
        var raw = Raw().ToList();
        Assert.That(mails, Has.Count.EqualTo(EventKinds.All.Count * 4 * 2));
        foreach (var (messageId, kind, classification, code, link) in expected)
        {
            var mail = mails[messageId];
            var text = mail.Subject + "\n" + mail.TextBody;
            Assert.Multiple(() =>
            {
                Assert.That(text, Does.Not.Contain(Marker).And.Not.Contain("zqxj").And.Not.Contain("Kế hoạch mật"), $"{kind} at {classification}");
                Assert.That(mail.Subject, Does.Contain(code), $"{kind} at {classification}: the code");
                Assert.That(mail.TextBody, Does.Contain(link), $"{kind} at {classification}: the link");
            });
        }

        // Nor anywhere in what went over the wire (headers, encodings included).
        Assert.That(raw.Where(r => r.Contains(Marker, StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public async Task An_outage_delays_mail_and_loses_none_each_sent_once_in_event_order()
    {
        var task = await AnyTask(Clearance.Unclassified);
        relay.Stop();
        var events = new List<(long Id, string Key)>();
        try
        {
            for (var i = 0; i < 6; i++)
            {
                var payload = new Dictionary<string, object?>(TaskPayload(task)) { ["fromStatus"] = "assigned", ["toStatus"] = $"step{i}" };
                events.Add(await Publish(EventKinds.TaskStatusChanged, Clearance.Unclassified, payload, task, null,
                    ("mps.officer", "single", null), ("mic.officer", "single", null)));
            }

            // The relay is down: attempts are counted and their error kept; nothing is sent or lost.
            await WaitUntil(async () => (await QueueRow(events[0].Id, "mps.officer")).Attempts >= 2
                && (await QueueRow(events[0].Id, "mic.officer")).Attempts >= 2, "failed attempts while the relay is down");
            var first = await QueueRow(events[0].Id, "mps.officer");
            var later = await QueueRow(events[^1].Id, "mps.officer");
            Assert.Multiple(() =>
            {
                Assert.That(first.Status, Is.EqualTo("pending"));
                Assert.That(first.LastError, Is.Not.Null.And.Not.Empty);
                Assert.That(first.NextAttemptAt, Is.GreaterThan(DateTimeOffset.UtcNow.AddSeconds(-2)));
                Assert.That(later.Status, Is.EqualTo("pending"));
                Assert.That(later.Attempts, Is.Zero, "later mails wait behind the first; they are not attempted out of order");
            });
        }
        finally
        {
            relay.Start();
        }

        var ids = events.SelectMany(e => new[] { MessageId(e.Key, "mps.officer"), MessageId(e.Key, "mic.officer") }).ToList();
        await WaitForMails(ids);
        await WaitUntil(async () => await Scalar($"SELECT COUNT(*) FROM mail_queue WHERE event_id IN ({string.Join(',', events.Select(e => e.Id))}) AND status = 'pending'") == 0,
            "every row marked");
        await Task.Delay(TimeSpan.FromSeconds(1));
        var received = Received().Where(m => ids.Contains(m.MessageId)).ToList();
        Assert.That(received.Select(m => m.MessageId), Is.EquivalentTo(ids), "each mail exactly once");
        foreach (var user in new[] { "mps.officer", "mic.officer" })
        {
            var order = received.Where(m => m.To == Address(user)).Select(m => m.MessageId).ToList();
            Assert.That(order, Is.EqualTo(events.Select(e => MessageId(e.Key, user)).ToList()), $"{user}'s mails in event order");
        }

        Assert.That(await Scalar($"SELECT COUNT(*) FROM mail_queue WHERE event_id IN ({string.Join(',', events.Select(e => e.Id))}) AND status <> 'sent'"), Is.Zero);
    }

    [Test]
    public async Task Digest_rows_wait_for_the_digest_hour_and_go_out_as_one_mail()
    {
        var task = await AnyTask(Clearance.Unclassified);
        // Rows from two days ago: their digest hour has passed.
        var earlier = DateTimeOffset.UtcNow.AddDays(-2);
        // In one write, as rows made at different times before the digest hour are all there when it comes.
        var digested = new List<(long Id, string Key)>();
        await UserId("mps.auditor");
        await using (var write = await Factory.Services.GetRequiredService<WriteScopes>().BeginAsync(AuditActor.System, CancellationToken.None))
        {
            foreach (var kind in new[] { EventKinds.TaskAssigned, EventKinds.TaskCommented, EventKinds.TaskOverdue })
            {
                digested.Add(await Publish(write, kind, Clearance.Unclassified, TaskPayload(task), task, null, ("mps.auditor", "digest", earlier)));
            }

            await write.CommitAsync();
        }

        // A row made now waits for the next digest hour.
        var fresh = await Publish(EventKinds.TaskAssigned, Clearance.Unclassified, TaskPayload(task), task, null, ("mic.coordinator", "digest", null));

        var digestId = $"digest.{digested[^1].Key}.{await UserId("mps.auditor")}@{Domain}";
        var mail = (await WaitForMails([digestId])).Single();
        Assert.Multiple(() =>
        {
            Assert.That(mail.Subject, Does.StartWith("[Coordination] Daily digest ").And.EndWith(": 3 notifications"));
            Assert.That(mail.TextBody.Split('\n').Count(l => l.StartsWith("- ", StringComparison.Ordinal)), Is.EqualTo(3));
            Assert.That(mail.TextBody, Does.Contain($"{BaseUrl}/tasks/{task.Id}"));
            Assert.That(Received().Count(m => m.To == Address("mps.auditor")), Is.EqualTo(1), "one mail for the three rows");
        });
        foreach (var evt in digested)
        {
            await WaitUntil(async () => (await QueueRow(evt.Id, "mps.auditor")).Status != "pending", "the digest rows marked");
            Assert.That((await QueueRow(evt.Id, "mps.auditor")).Status, Is.EqualTo("sent"));
        }

        await WaitUntil(async () => (await QueueRow(fresh.Id, "mic.coordinator")).NextAttemptAt > DateTimeOffset.UtcNow, "the fresh row deferred");
        var waiting = await QueueRow(fresh.Id, "mic.coordinator");
        var local = waiting.NextAttemptAt.ToOffset(TimeSpan.FromHours(7));
        Assert.Multiple(() =>
        {
            Assert.That(waiting.Status, Is.EqualTo("pending"));
            Assert.That(waiting.Attempts, Is.Zero, "waiting for the digest is not an attempt");
            Assert.That((local.Hour, local.Minute, local.Second), Is.EqualTo((7, 0, 0)));
            Assert.That(waiting.NextAttemptAt - DateTimeOffset.UtcNow, Is.LessThanOrEqualTo(TimeSpan.FromDays(1)));
            // Nothing of the fresh row went out, alone or in a digest (other mail of the fixture may reach this person).
            Assert.That(Received().Any(m => m.To == Address("mic.coordinator") && (m.MessageId == MessageId(fresh.Key, "mic.coordinator")
                || m.MessageId.StartsWith("digest.", StringComparison.Ordinal))), Is.False);
        });
    }

    [Test]
    public async Task Rows_that_can_never_be_sent_are_dropped_with_their_reason()
    {
        var task = await AnyTask(Clearance.Secret);
        await Execute("UPDATE users SET email = NULL WHERE username = 'mic.admin';", new { });
        await Execute("UPDATE users SET active = 0 WHERE username = 'mps.registry_admin';", new { });
        // mic.viewer is unclassified: a secret event is not for them (their clearance may have been lowered after the fan-out).
        var evt = await Publish(EventKinds.TaskAssigned, Clearance.Secret, TaskPayload(task), task, null,
            ("mic.admin", "single", null), ("mps.registry_admin", "single", null), ("mic.viewer", "single", null), ("mps.coordinator", "single", null));

        await WaitForMails([MessageId(evt.Key, "mps.coordinator")]);
        await WaitUntil(async () => await Scalar($"SELECT COUNT(*) FROM mail_queue WHERE event_id = {evt.Id} AND status = 'dropped'") == 3, "three dropped");
        Assert.Multiple(async () =>
        {
            Assert.That((await QueueRow(evt.Id, "mic.admin")).LastError, Does.Contain("no valid e-mail address"));
            Assert.That((await QueueRow(evt.Id, "mps.registry_admin")).LastError, Does.Contain("inactive"));
            Assert.That((await QueueRow(evt.Id, "mic.viewer")).LastError, Does.Contain("no longer cleared"));
            Assert.That(Received().Count(m => m.MessageId.StartsWith(evt.Key, StringComparison.Ordinal)), Is.EqualTo(1));
        });
    }

    // ---- helpers ----

    private static string Address(string username) => $"{username}@test.{username.Split('.')[0]}.gov.vn";

    private static string MessageId(string eventKey, string username) => $"{eventKey}.{UserIds[username]}@{Domain}";

    private static readonly Dictionary<string, int> UserIds = [];

    private async Task<int> UserId(string username)
    {
        if (!UserIds.TryGetValue(username, out var id))
        {
            UserIds[username] = id = (int)await Scalar($"SELECT id FROM users WHERE username = '{username}'");
        }

        return id;
    }

    private sealed record TaskRef
    {
        public int Id { get; init; }

        public string Code { get; init; } = "";

        public int RegulationId { get; init; }
    }

    private sealed record ReviewRef
    {
        public int Id { get; init; }

        public int Year { get; init; }

        public int RegulationId { get; init; }
    }

    private sealed record QueueState
    {
        public string Status { get; init; } = "";

        public int Attempts { get; init; }

        public DateTimeOffset NextAttemptAt { get; init; }

        public string? LastError { get; init; }

        public DateTimeOffset? SentAt { get; init; }
    }

    private async Task<TaskRef> AnyTask(Clearance classification)
    {
        await using var connection = await Db.OpenAsync();
        return await connection.QueryFirstAsync<TaskRef>(
            "SELECT id AS Id, code AS Code, regulation_id AS RegulationId FROM tasks ORDER BY id LIMIT 1 OFFSET @C;",
            new { C = (int)classification });
    }

    [Test]
    public async Task A_postponed_review_is_said_postponed_not_moved_to_no_date()
    {
        var review = await AnyReview();
        var payload = new { reviewId = review.Id, regulationId = review.RegulationId, year = review.Year, fromDate = "2026-12-15", toDate = (string?)null };
        var evt = await Publish(EventKinds.ReviewMoved, Clearance.Unclassified, payload, null, review, ("mps.admin", "single", null), ("mic.viewer", "single", null));

        var mails = await WaitForMails([MessageId(evt.Key, "mps.admin"), MessageId(evt.Key, "mic.viewer")]);
        Assert.Multiple(() =>
        {
            Assert.That(mails.Single(m => m.To == Address("mps.admin")).Subject, Does.Contain("được hoãn, chưa có ngày mới").And.Not.Contain("—"));
            Assert.That(mails.Single(m => m.To == Address("mic.viewer")).Subject, Does.Contain("postponed, no new date yet").And.Not.Contain("—"));
        });
    }

    private async Task<ReviewRef> AnyReview()
    {
        await using var connection = await Db.OpenAsync();
        return await connection.QueryFirstAsync<ReviewRef>("SELECT id AS Id, period_year AS Year, regulation_id AS RegulationId FROM reviews ORDER BY id LIMIT 1;");
    }

    private static Dictionary<string, object?> TaskPayload(TaskRef task) => new()
    {
        ["taskId"] = task.Id, ["taskCode"] = task.Code, ["regulationId"] = task.RegulationId, ["leadUnitCode"] = "MPS-A05",
        ["counterpartUnitCodes"] = new[] { "MIC-ATTT" }, ["assignedUnitCodes"] = new[] { "MPS-A05" }, ["fromStatus"] = "assigned",
        ["toStatus"] = "in_progress", ["reportId"] = 1, ["percentComplete"] = 40, ["reportingUnitCode"] = "MPS-A05", ["dueDate"] = "2026-12-13",
        ["daysLeft"] = 7, ["daysOverdue"] = 3, ["commentId"] = 9, ["mentionedUserIds"] = new[] { 1 },
    };

    private static Dictionary<string, object?> ReviewPayload(ReviewRef review, TaskRef task) => new()
    {
        ["reviewId"] = review.Id, ["regulationId"] = review.RegulationId, ["year"] = review.Year, ["scheduledOn"] = "2026-12-20",
        ["hostAgencyCode"] = "MPS", ["fromDate"] = "2026-12-20", ["toDate"] = "2026-12-27", ["taskIds"] = new[] { task.Id },
        ["planYear"] = review.Year + 1, ["taskCount"] = 5, ["commentId"] = 9,
    };

    /// <summary>Publishes an event as a handler does and queues it for the recipients, as the fan-out does, in one write.</summary>
    private async Task<(long Id, string Key)> Publish(
        string kind, Clearance classification, object payload, TaskRef? task, ReviewRef? review,
        params (string User, string Delivery, DateTimeOffset? CreatedAt)[] recipients)
    {
        foreach (var recipient in recipients)
        {
            await UserId(recipient.User);
        }

        var writes = Factory.Services.GetRequiredService<WriteScopes>();
        await using var write = await writes.BeginAsync(AuditActor.System, CancellationToken.None);
        var published = await Publish(write, kind, classification, payload, task, review, recipients);
        await write.CommitAsync();
        return published;
    }

    private static async Task<(long Id, string Key)> Publish(
        WriteScope write, string kind, Clearance classification, object payload, TaskRef? task, ReviewRef? review,
        params (string User, string Delivery, DateTimeOffset? CreatedAt)[] recipients)
    {
        var stored = await write.PublishAsync(new OutboxEvent(kind, classification, payload, task?.RegulationId ?? review?.RegulationId,
            task?.Id, review?.Id, task?.Code ?? (review is null ? null : $"REVIEW-{review.Year}")));
        foreach (var (user, delivery, createdAt) in recipients)
        {
            await write.Connection.ExecuteAsync(
                """
                INSERT INTO mail_queue (event_id, user_id, delivery, status, attempts, next_attempt_at, created_at)
                VALUES (@EventId, @UserId, @Delivery, 'pending', 0, @At, @At);
                """,
                new { EventId = stored!.Id, UserId = UserIds[user], Delivery = delivery, At = createdAt ?? write.Now }, write.Transaction);
        }

        return (stored!.Id, stored.EventKey);
    }

    private async Task<QueueState> QueueRow(long eventId, string username)
    {
        await using var connection = await Db.OpenAsync();
        return await connection.QuerySingleAsync<QueueState>(
            """
            SELECT status AS Status, attempts AS Attempts, next_attempt_at AS NextAttemptAt, last_error AS LastError, sent_at AS SentAt
            FROM mail_queue WHERE event_id = @EventId AND user_id = @UserId;
            """, new { EventId = eventId, UserId = await UserId(username) });
    }

    private IEnumerable<string> Raw() => relay.Raw;

    private IEnumerable<Mail> Received() => Raw().Select(data =>
    {
        var message = MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(data)));
        return new Mail(message.MessageId ?? "", message.To.Mailboxes.Single().Address, message.From.Mailboxes.Single().Address,
            message.Subject ?? "", message.TextBody ?? "", message.Headers["Auto-Submitted"] ?? "");
    });

    /// <summary>A mail as the relay received it.</summary>
    private sealed record Mail(string MessageId, string To, string From, string Subject, string TextBody, string AutoSubmitted);

    private async Task<List<Mail>> WaitForMails(List<string> messageIds)
    {
        List<Mail> found = [];
        await WaitUntil(() =>
        {
            found = [.. Received().Where(m => messageIds.Contains(m.MessageId))];
            return Task.FromResult(found.Select(m => m.MessageId).Distinct().Count() == messageIds.Count);
        }, $"{messageIds.Count} mails");
        return found;
    }

    private async Task WaitUntil(Func<Task<bool>> condition, string what)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            if (DateTime.UtcNow > until)
            {
                Assert.Fail($"Timed out waiting for {what}.\n{ServerErrors()}\n" +
                    string.Join("\n", Factory.Logs.Records.Where(r => r.Text.Contains("Mail", StringComparison.Ordinal)).Select(r => r.Text).TakeLast(10)));
            }

            await Task.Delay(100);
        }
    }
}
