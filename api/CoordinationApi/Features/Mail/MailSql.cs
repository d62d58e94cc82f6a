using CoordinationApi.Infrastructure.Data;

namespace CoordinationApi.Features.Mail;

/// <summary>A queued mail with what its text needs: the event (codes and ids, no text) and the recipient.</summary>
internal sealed record MailItem
{
    public long Id { get; init; }

    public long EventId { get; init; }

    public int UserId { get; init; }

    public string Delivery { get; init; } = "";

    public int Attempts { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public string EventKey { get; init; } = "";

    public string Kind { get; init; } = "";

    public int Classification { get; init; }

    public int? TaskId { get; init; }

    public int? ReviewId { get; init; }

    public string? SubjectCode { get; init; }

    public string PayloadJson { get; init; } = "{}";

    public string DisplayName { get; init; } = "";

    public string? Email { get; init; }

    public string Language { get; init; } = "vi";

    public bool Active { get; init; }

    public int Clearance { get; init; }
}

internal static class MailSql
{
    /// <summary>
    /// Pending rows whose time has come, oldest event first per recipient and delivery. A row waits while an earlier row
    /// of the same recipient and delivery waits (a failed attempt's backoff): mails reach each person in event order.
    /// </summary>
    public static string Due(SqlDialect dialect) => $"""
        SELECT q.id AS {nameof(MailItem.Id)}, q.event_id AS {nameof(MailItem.EventId)}, q.user_id AS {nameof(MailItem.UserId)},
               q.delivery AS {nameof(MailItem.Delivery)}, q.attempts AS {nameof(MailItem.Attempts)}, q.created_at AS {nameof(MailItem.CreatedAt)},
               e.event_key AS {nameof(MailItem.EventKey)}, e.kind AS {nameof(MailItem.Kind)}, e.classification AS {nameof(MailItem.Classification)},
               e.task_id AS {nameof(MailItem.TaskId)}, e.review_id AS {nameof(MailItem.ReviewId)}, e.subject_code AS {nameof(MailItem.SubjectCode)},
               e.payload_json AS {nameof(MailItem.PayloadJson)}, u.display_name AS {nameof(MailItem.DisplayName)}, u.email AS {nameof(MailItem.Email)},
               u.language AS {nameof(MailItem.Language)}, u.active AS {nameof(MailItem.Active)}, u.clearance AS {nameof(MailItem.Clearance)}
        FROM mail_queue q
        JOIN events e ON e.id = q.event_id
        JOIN users u ON u.id = q.user_id
        WHERE q.status = 'pending' AND q.next_attempt_at <= @Now
          AND NOT EXISTS (SELECT 1 FROM mail_queue b
                          WHERE b.user_id = q.user_id AND b.delivery = q.delivery AND b.status = 'pending'
                            AND b.event_id < q.event_id AND b.next_attempt_at > @Now)
        ORDER BY q.user_id, q.delivery, q.event_id
        {dialect.Limit("@Take")};
        """;

    /// <summary>Rows sent (<c>@Ids</c>: a JSON array, <see cref="SqlDialect.JsonList"/>).</summary>
    public static string Sent(SqlDialect dialect) => $"""
        UPDATE mail_queue SET status = 'sent', sent_at = @Now, attempts = attempts + 1, last_error = NULL
        WHERE {dialect.InList("id", "@Ids", "BIGINT")} AND status = 'pending';
        """;

    /// <summary>A failed attempt: counted, its error kept, the next one later (the backoff).</summary>
    public static string Failed(SqlDialect dialect) => $"""
        UPDATE mail_queue SET attempts = attempts + 1, next_attempt_at = @NextAttemptAt, last_error = @Error
        WHERE {dialect.InList("id", "@Ids", "BIGINT")} AND status = 'pending';
        """;

    /// <summary>A row that can never be sent (no address, recipient inactive or no longer cleared, refused by the relay).</summary>
    public const string Dropped = """
        UPDATE mail_queue SET status = 'dropped', last_error = @Error
        WHERE id = @Id AND status = 'pending';
        """;

    /// <summary>A digest row waits for the digest hour; moving its time is not an attempt.</summary>
    public const string Deferred = "UPDATE mail_queue SET next_attempt_at = @NextAttemptAt WHERE id = @Id AND status = 'pending' AND attempts = 0;";
}
