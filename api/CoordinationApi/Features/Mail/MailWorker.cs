using System.Net.Sockets;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Events;
using Dapper;
using MailKit;
using MailKit.Net.Smtp;
using MimeKit;
using MimeKit.Text;

namespace CoordinationApi.Features.Mail;

/// <summary>
/// Sends <c>mail_queue</c> through the relay (<see cref="MailOptions"/>), on one instance at a time (the lease
/// <c>mail</c>). Each mail's Message-ID is made from its event key and recipient, so a mail sent again after a crash
/// between the relay's acceptance and the row's update is one mail to a receiver that dedupes. A failed attempt is retried
/// with exponential backoff and holds the recipient's later mails, so each person gets them in event order; a relay
/// outage delays mail and loses none. Digest rows wait for <see cref="MailOptions.DigestHour"/> and go out as one mail.
/// </summary>
internal sealed class MailWorker : OutboxWorker
{
    private const int Batch = 200;
    private const string Single = "single";

    private readonly WriteScopes writes;
    private readonly DbConnectionFactory db;
    private readonly MailOptions mail;
    private readonly TimeProvider clock;
    private readonly ILogger<MailWorker> logger;

    public MailWorker(
        WriteScopes writes, DbConnectionFactory db, OutboxSignal signal, OutboxOptions outbox, MailOptions mail, TimeProvider clock,
        ILogger<MailWorker> logger)
        : base(writes, signal, outbox, clock, logger)
    {
        this.writes = writes;
        this.db = db;
        this.mail = mail;
        this.clock = clock;
        this.logger = logger;
    }

    protected override string Name => "mail";

    /// <summary>With mail off the worker does not run at all: it takes no lease and writes nothing; queued rows wait.</summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => mail.Enabled ? base.ExecuteAsync(stoppingToken) : Task.CompletedTask;

    protected override async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        List<MailItem> due;
        await using (var connection = await db.OpenAsync(cancellationToken))
        {
            due = (await connection.QueryAsync<MailItem>(new CommandDefinition(MailSql.Due(db.Dialect), new { Now = now, Take = Batch },
                cancellationToken: cancellationToken))).AsList();
        }

        if (due.Count == 0)
        {
            return false;
        }

        var unsendable = due.Select(item => (item, reason: Unsendable(item))).Where(x => x.reason is not null).ToList();
        var waiting = due.Where(item => item.Delivery != Single && Unsendable(item) is null && DigestTime(item.CreatedAt) > now).ToList();
        if (unsendable.Count > 0 || waiting.Count > 0)
        {
            await using var write = await writes.BeginAsync(AuditActor.System, cancellationToken);
            var (connection, transaction) = write;
            foreach (var (item, reason) in unsendable)
            {
                await connection.ExecuteAsync(MailSql.Dropped, new { item.Id, Error = reason }, transaction);
            }

            foreach (var item in waiting)
            {
                await connection.ExecuteAsync(MailSql.Deferred, new { item.Id, NextAttemptAt = DigestTime(item.CreatedAt) }, transaction);
            }

            await write.CommitAsync();
        }

        var sendable = due.Where(item => Unsendable(item) is null && !waiting.Contains(item)).ToList();
        // One mail per single row; one per recipient for the digest rows: each group is a recipient's mails in event order.
        var groups = sendable.GroupBy(item => (item.UserId, item.Delivery))
            .SelectMany(g => g.Key.Delivery == Single ? g.Select(item => new[] { item }) : [g.ToArray()])
            .GroupBy(mails => (mails[0].UserId, mails[0].Delivery))
            .ToList();
        if (groups.Count == 0)
        {
            return true;
        }

        using var client = new SmtpClient { Timeout = (int)TimeSpan.FromSeconds(mail.TimeoutSeconds).TotalMilliseconds };
        try
        {
            await client.ConnectAsync(mail.Host, mail.Port, mail.SocketOptions, cancellationToken);
            if (mail.UserName.Length > 0)
            {
                await client.AuthenticateAsync(mail.UserName, mail.Password, cancellationToken);
            }
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            logger.LogWarning("The mail relay {Host}:{Port} cannot be reached ({Error}); mail waits.", mail.Host, mail.Port, failure.Message);
            // The first waiting mail of each recipient counts the attempt; the later ones wait behind it.
            foreach (var recipient in groups)
            {
                await FailedAsync(recipient.First(), failure, cancellationToken);
            }

            return false;
        }

        foreach (var recipient in groups)
        {
            foreach (var items in recipient)
            {
                try
                {
                    await client.SendAsync(Compose(items, now), cancellationToken);
                }
                catch (SmtpCommandException refused) when (refused.ErrorCode == SmtpErrorCode.RecipientNotAccepted && (int)refused.StatusCode >= 500)
                {
                    await DropAsync(items, $"The relay refused the address: {refused.Message}", cancellationToken);
                    continue;
                }
                catch (Exception failure) when (failure is not OperationCanceledException)
                {
                    await FailedAsync(items, failure, cancellationToken);
                    if (failure is SmtpCommandException && client.IsConnected)
                    {
                        // This recipient's later mails wait behind this one; the next recipient's may go.
                        break;
                    }

                    // The connection is gone (an outage): the rest waits for the next round.
                    return false;
                }

                await using var write = await writes.BeginAsync(AuditActor.System, CancellationToken.None);
                await write.Connection.ExecuteAsync(MailSql.Sent(write.Dialect), new { Ids = SqlDialect.JsonList(items.Select(i => i.Id)), write.Now }, write.Transaction);
                await write.CommitAsync();
            }
        }

        await client.DisconnectAsync(quit: true, cancellationToken);
        return due.Count == Batch;
    }

    /// <summary>Why a row can never be sent; null when it can. Checked when it is sent, as a person may change after the fan-out.</summary>
    private static string? Unsendable(MailItem item) =>
        !item.Active ? "The recipient is inactive."
        : string.IsNullOrWhiteSpace(item.Email) || !MailboxAddress.TryParse(item.Email, out _) ? "The recipient has no valid e-mail address."
        : item.Clearance < item.Classification ? "The recipient is no longer cleared for what the event concerns."
        : null;

    /// <summary>The first digest hour (Vietnam time) at or after <paramref name="createdAt"/>: when a digest row may go.</summary>
    private DateTimeOffset DigestTime(DateTimeOffset createdAt)
    {
        var local = createdAt.ToOffset(RegisterCalendar.Offset);
        var at = new DateTimeOffset(local.Year, local.Month, local.Day, mail.DigestHour, 0, 0, RegisterCalendar.Offset);
        return at < local ? at.AddDays(1) : at;
    }

    private MimeMessage Compose(MailItem[] items, DateTimeOffset now)
    {
        var first = items[0];
        var last = items[^1];
        var (subject, body) = first.Delivery == Single
            ? MailTemplates.Single(first, mail)
            : MailTemplates.Digest(items, mail, DateOnly.FromDateTime(now.ToOffset(RegisterCalendar.Offset).DateTime));
        var from = MailboxAddress.Parse(mail.From);
        var message = new MimeMessage
        {
            Subject = subject,
            Date = now,
            // A receiver dedupes on it: the same event to the same person is always the same Message-ID.
            MessageId = first.Delivery == Single ? $"{first.EventKey}.{first.UserId}@{from.Domain}" : $"digest.{last.EventKey}.{last.UserId}@{from.Domain}",
            Body = new TextPart(TextFormat.Plain) { Text = body },
        };
        message.From.Add(from);
        message.To.Add(new MailboxAddress(first.DisplayName, first.Email!));
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Headers.Add("X-Coordination-Event", string.Join(' ', items.Select(i => i.EventKey)));
        return message;
    }

    private async Task FailedAsync(MailItem[] items, Exception failure, CancellationToken cancellationToken)
    {
        logger.LogWarning("Mail {Ids} not sent ({Error}); retried later.", string.Join(',', items.Select(i => i.Id)), failure.Message);
        var error = failure is SocketException or IOException ? $"The relay could not be reached: {failure.Message}" : failure.Message;
        await using var write = await writes.BeginAsync(AuditActor.System, cancellationToken);
        await write.Connection.ExecuteAsync(MailSql.Failed(write.Dialect), new
        {
            Ids = SqlDialect.JsonList(items.Select(i => i.Id)),
            NextAttemptAt = write.Now + mail.Backoff(items[0].Attempts + 1),
            Error = error.Length > 1000 ? error[..1000] : error,
        }, write.Transaction);
        await write.CommitAsync();
    }

    private async Task DropAsync(MailItem[] items, string reason, CancellationToken cancellationToken)
    {
        logger.LogWarning("Mail {Ids} dropped: {Reason}", string.Join(',', items.Select(i => i.Id)), reason);
        await using var write = await writes.BeginAsync(AuditActor.System, cancellationToken);
        foreach (var item in items)
        {
            await write.Connection.ExecuteAsync(MailSql.Dropped, new { item.Id, Error = reason.Length > 1000 ? reason[..1000] : reason }, write.Transaction);
        }

        await write.CommitAsync();
    }
}
