using CoordinationApi.Infrastructure.Audit;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Events;
using CoordinationApi.Infrastructure.Security;
using CoordinationApi.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace CoordinationApi.Tests.Features.Mail;

/// <summary>Without <c>Mail:Host</c> mail is off and queued rows wait untouched; a relay without a sender refuses to start.</summary>
public sealed class MailSettingsTests() : ApiTest("Sqlite", new Dictionary<string, string?> { ["Outbox:PollSeconds"] = "0.2" })
{
    [Test]
    public async Task Without_a_host_queued_mail_waits_untouched()
    {
        var writes = Factory.Services.GetRequiredService<WriteScopes>();
        long queued;
        await using (var write = await writes.BeginAsync(AuditActor.System, CancellationToken.None))
        {
            var stored = await write.PublishAsync(new OutboxEvent(EventKinds.ReviewConcluded, Clearance.Unclassified, new { reviewId = 1, year = 2026 }));
            queued = await write.Connection.ExecuteScalarAsync<long>(
                """
                INSERT INTO mail_queue (event_id, user_id, delivery, status, attempts, next_attempt_at, created_at)
                VALUES (@EventId, (SELECT id FROM users WHERE username = 'mps.coordinator'), 'single', 'pending', 0, @Now, @Now)
                RETURNING id;
                """, new { EventId = stored!.Id, write.Now }, write.Transaction);
            await write.CommitAsync();
        }

        // Many poll intervals: the worker looks and leaves the row alone.
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.That(await Scalar($"SELECT COUNT(*) FROM mail_queue WHERE id = {queued} AND status = 'pending' AND attempts = 0 AND last_error IS NULL"), Is.EqualTo(1));
    }

    [TestCase("Mail:From", "not an address", "Mail:From")]
    [TestCase("Mail:PublicBaseUrl", "ftp://example.gov.vn", "Mail:PublicBaseUrl")]
    [TestCase("Mail:DigestHour", "24", "Mail:DigestHour")]
    public void A_relay_with_a_setting_that_could_never_send_refuses_to_start(string key, string value, string named)
    {
        using var factory = new ApiFactory(overrides: new Dictionary<string, string?>
        {
            ["Mail:Host"] = "127.0.0.1", ["Mail:From"] = "no-reply@coordination.example.gov.vn", [key] = value,
        });
        var failure = Assert.Catch(() => factory.CreateClient());
        Assert.That(failure!.ToString(), Does.Contain(named));
    }
}
