using System.Text.Json;
using CoordinationApi.Features.Notifications;
using CoordinationApi.Infrastructure.Events;

namespace CoordinationApi.Tests.Features.Notifications;

/// <summary>
/// The sentence of every kind of <see cref="EventKinds.All"/>, in Vietnamese and English, with the payloads the handlers
/// publish (TaskEvents, ReviewEvents, CommentThreads, the reminders' shape of the brief), including a review postponed to
/// no date (review.moved with toDate null): never a "?" standing for a missing field, never the bare fallback "actor: kind".
/// </summary>
public sealed class NotificationTextTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    /// <summary>Per kind, each payload its publishers write (a task's or a review's).</summary>
    private static readonly Dictionary<string, object[]> Payloads = new()
    {
        [EventKinds.TaskAssigned] = [new { taskId = 7, taskCode = "QC2021-T07", regulationId = 1, leadUnitCode = "MPS-A05", counterpartUnitCodes = new[] { "MIC-ATTT" }, assignedUnitCodes = new[] { "MIC-ATTT" } }],
        [EventKinds.TaskStatusChanged] = [new { taskId = 7, taskCode = "QC2021-T07", regulationId = 1, fromStatus = "assigned", toStatus = "in_progress" }],
        [EventKinds.TaskProgressReported] = [new { taskId = 7, taskCode = "QC2021-T07", regulationId = 1, reportId = 3, percentComplete = 40, reportingUnitCode = "MPS-A05" }],
        [EventKinds.TaskCommented] = [new { taskId = 7, taskCode = "QC2021-T07", regulationId = 1, commentId = 5 }],
        [EventKinds.ReviewCommented] = [new { reviewId = 2, regulationId = 1, commentId = 6 }],
        [EventKinds.Mentioned] = [new { commentId = 5, taskId = 7, regulationId = 1, mentionedUserIds = new[] { 4 } }, new { commentId = 6, reviewId = 2, regulationId = 1, mentionedUserIds = new[] { 4 } }],
        [EventKinds.TaskDueSoon] = [new { taskId = 7, taskCode = "QC2021-T07", regulationId = 1, dueDate = new DateOnly(2026, 12, 20), daysLeft = 7 }, new { taskId = 7, taskCode = "QC2021-T07", regulationId = 1, dueDate = new DateOnly(2026, 12, 14), daysLeft = 1 }],
        [EventKinds.TaskOverdue] = [new { taskId = 7, taskCode = "QC2021-T07", regulationId = 1, dueDate = new DateOnly(2026, 12, 1), daysOverdue = 5 }],
        [EventKinds.ReviewScheduled] = [new { reviewId = 2, regulationId = 1, year = 2026, scheduledOn = new DateOnly(2026, 12, 15), hostAgencyCode = "MPS" }],
        [EventKinds.ReviewMoved] = [new { reviewId = 2, regulationId = 1, year = 2026, fromDate = new DateOnly(2026, 12, 15), toDate = (DateOnly?)new DateOnly(2026, 12, 22) }, new { reviewId = 2, regulationId = 1, year = 2026, fromDate = new DateOnly(2026, 12, 15), toDate = (DateOnly?)null }],
        [EventKinds.EvaluationRequested] = [new { reviewId = 2, regulationId = 1, year = 2026 }],
        [EventKinds.ReviewConcluded] = [new { reviewId = 2, regulationId = 1, year = 2026 }],
        [EventKinds.PlanAdopted] = [new { reviewId = 2, regulationId = 1, planYear = 2027 }],
    };

    [Test]
    public void Every_kind_has_a_payload_here()
    {
        Assert.That(Payloads.Keys, Is.EquivalentTo(EventKinds.All), "a kind without a payload would go unchecked");
    }

    [Test]
    public void Every_kind_reads_as_a_whole_sentence_in_both_languages_with_no_missing_field()
    {
        var sentences = 0;
        foreach (var kind in EventKinds.All)
        {
            foreach (var payload in Payloads[kind])
            {
                var json = JsonSerializer.Serialize(payload, Web);
                using var document = JsonDocument.Parse(json);
                var onTask = document.RootElement.TryGetProperty("taskId", out _);
                var row = new NotificationRow
                {
                    Kind = kind, ActorName = "Nguyễn Văn A", PayloadJson = json,
                    TaskId = onTask ? 7 : null, TaskCode = onTask ? "QC2021-T07" : null, TitleVi = "Tiêu đề", TitleEn = "Title",
                    ReviewId = onTask ? null : 2, ReviewYear = onTask ? null : 2026, RegulationId = 1,
                };
                foreach (var language in new[] { "vi", "en" })
                {
                    var text = NotificationText.Compose(row, language);
                    Assert.That(text, Does.Not.Contain("?"), $"{kind} ({language}) with {json}: {text}");
                    Assert.That(text, Is.Not.EqualTo($"{row.ActorName}: {kind}."), $"{kind} ({language}) has a sentence of its own");
                    Assert.That(text, Does.EndWith("."), $"{kind} ({language})");
                    sentences++;
                }
            }
        }

        Assert.That(sentences, Is.EqualTo(Payloads.Values.Sum(p => p.Length) * 2));
    }

    [Test]
    public void A_postponed_review_says_it_has_no_new_date()
    {
        var row = new NotificationRow
        {
            Kind = EventKinds.ReviewMoved, ActorName = "A", ReviewId = 2, ReviewYear = 2026,
            PayloadJson = """{"reviewId":2,"regulationId":1,"year":2026,"fromDate":"2026-12-15","toDate":null}""",
        };
        Assert.That(NotificationText.Compose(row, "vi"), Is.EqualTo("Hội nghị tổng kết năm 2026 (dự kiến ngày 15/12/2026) được hoãn, chưa có ngày mới."));
        Assert.That(NotificationText.Compose(row, "en"), Is.EqualTo("The 2026 review (planned for 15 December 2026) was postponed, no new date yet."));
        var moved = row with { PayloadJson = """{"reviewId":2,"regulationId":1,"year":2026,"fromDate":"2026-12-15","toDate":"2026-12-22"}""" };
        Assert.That(NotificationText.Compose(moved, "vi"), Is.EqualTo("Hội nghị tổng kết năm 2026 được dời từ ngày 15/12/2026 sang ngày 22/12/2026."));
    }
}
