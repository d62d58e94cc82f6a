using System.Globalization;
using System.Text.Json;
using CoordinationApi.Features.Tasks;
using CoordinationApi.Infrastructure.Events;
using CoordinationApi.Infrastructure.OpenApi;
using Microsoft.Net.Http.Headers;

namespace CoordinationApi.Features.Notifications;

/// <summary>
/// The sentence a notification reads as, in Vietnamese or English. It may name the task's title: a notification is only
/// ever shown to someone cleared for its task (the list filters in SQL), so the title never goes above the reader.
/// </summary>
internal static class NotificationText
{
    /// <summary>
    /// The reader's language: the first of <c>vi</c> or <c>en</c> their <c>Accept-Language</c> prefers (by quality, then
    /// order), else the language of their account.
    /// </summary>
    public static string LanguageOf(HttpRequest request, string accountLanguage)
    {
        if (StringWithQualityHeaderValue.TryParseList(request.Headers.AcceptLanguage, out var ranges))
        {
            foreach (var range in ranges.Select((r, i) => (r, i)).OrderByDescending(x => x.r.Quality ?? 1).ThenBy(x => x.i).Select(x => x.r))
            {
                if (range.Quality is 0)
                {
                    continue;
                }

                var tag = range.Value.Value ?? "";
                if (tag.StartsWith(ContentLanguages.Vietnamese, StringComparison.OrdinalIgnoreCase))
                {
                    return ContentLanguages.Vietnamese;
                }

                if (tag.StartsWith(ContentLanguages.English, StringComparison.OrdinalIgnoreCase))
                {
                    return ContentLanguages.English;
                }
            }
        }

        return accountLanguage == ContentLanguages.English ? ContentLanguages.English : ContentLanguages.Vietnamese;
    }

    /// <summary>The sentence of one notification in <paramref name="language"/>.</summary>
    public static string Compose(NotificationRow row, string language)
    {
        var en = language == ContentLanguages.English;
        using var document = JsonDocument.Parse(row.PayloadJson);
        var payload = document.RootElement;
        var actor = row.ActorName;
        var task = row.TaskCode is null
            ? (en ? "a task" : "một nhiệm vụ")
            : $"{row.TaskCode} “{(en ? row.TitleEn : row.TitleVi)}”";
        var year = row.ReviewYear?.ToString(CultureInfo.InvariantCulture) ?? Text(payload, "year") ?? "";
        var review = year.Length == 0
            ? (en ? "the review" : "hội nghị tổng kết")
            : (en ? $"the {year} review" : $"hội nghị tổng kết năm {year}");
        return row.Kind switch
        {
            EventKinds.TaskAssigned => en ? $"{actor} assigned task {task} to your unit." : $"{actor} đã giao nhiệm vụ {task} cho đơn vị.",
            EventKinds.TaskStatusChanged => en
                ? $"Task {task} moved from {Status(Text(payload, "fromStatus"), en)} to {Status(Text(payload, "toStatus"), en)}."
                : $"Nhiệm vụ {task} chuyển từ “{Status(Text(payload, "fromStatus"), en)}” sang “{Status(Text(payload, "toStatus"), en)}”.",
            EventKinds.TaskProgressReported => en
                ? $"{actor} reported progress of {Text(payload, "percentComplete") ?? "?"}% on task {task}."
                : $"{actor} đã báo cáo tiến độ {Text(payload, "percentComplete") ?? "?"}% của nhiệm vụ {task}.",
            EventKinds.TaskCommented => en ? $"{actor} commented on task {task}." : $"{actor} đã bình luận về nhiệm vụ {task}.",
            EventKinds.TaskDueSoon => en
                ? $"Task {task} is due on {Date(Text(payload, "dueDate"), en)} ({Text(payload, "daysLeft") ?? "?"} {(Text(payload, "daysLeft") == "1" ? "day" : "days")} left)."
                : $"Nhiệm vụ {task} đến hạn ngày {Date(Text(payload, "dueDate"), en)} (còn {Text(payload, "daysLeft") ?? "?"} ngày).",
            EventKinds.TaskOverdue => en
                ? $"Task {task} is overdue: it was due on {Date(Text(payload, "dueDate"), en)}."
                : $"Nhiệm vụ {task} đã quá hạn (hạn ngày {Date(Text(payload, "dueDate"), en)}).",
            EventKinds.ReviewScheduled => en
                ? $"{Capital(review)} is scheduled for {Date(Text(payload, "scheduledOn"), en)}."
                : $"{Capital(review)} được lên lịch vào ngày {Date(Text(payload, "scheduledOn"), en)}.",
            // Postponed: moved to no date (review.moved with toDate null).
            EventKinds.ReviewMoved when Text(payload, "toDate") is null => en
                ? $"{Capital(review)}{From(Text(payload, "fromDate"), en)} was postponed, no new date yet."
                : $"{Capital(review)}{From(Text(payload, "fromDate"), en)} được hoãn, chưa có ngày mới.",
            EventKinds.ReviewMoved when Text(payload, "fromDate") is null => en
                ? $"{Capital(review)} moved to {Date(Text(payload, "toDate"), en)}."
                : $"{Capital(review)} được dời sang ngày {Date(Text(payload, "toDate"), en)}.",
            EventKinds.ReviewMoved => en
                ? $"{Capital(review)} moved from {Date(Text(payload, "fromDate"), en)} to {Date(Text(payload, "toDate"), en)}."
                : $"{Capital(review)} được dời từ ngày {Date(Text(payload, "fromDate"), en)} sang ngày {Date(Text(payload, "toDate"), en)}.",
            EventKinds.ReviewCommented => en ? $"{actor} commented on {review}." : $"{actor} đã bình luận về {review}.",
            EventKinds.EvaluationRequested => en
                ? $"{Capital(review)} asks for the evaluation of your agency's tasks."
                : $"{Capital(review)} đề nghị đánh giá các nhiệm vụ của cơ quan.",
            EventKinds.ReviewConcluded => en ? $"{Capital(review)} was concluded." : $"{Capital(review)} đã kết thúc.",
            EventKinds.PlanAdopted => en
                ? $"The plan for {Text(payload, "planYear") ?? "?"} was adopted."
                : $"Kế hoạch năm {Text(payload, "planYear") ?? "?"} đã được thông qua.",
            EventKinds.Mentioned => row.TaskCode is not null
                ? (en ? $"{actor} mentioned you in a comment on task {task}." : $"{actor} đã nhắc đến bạn trong bình luận về nhiệm vụ {task}.")
                : (en ? $"{actor} mentioned you in a comment on {review}." : $"{actor} đã nhắc đến bạn trong bình luận về {review}."),
            _ => en ? $"{actor}: {row.Kind}." : $"{actor}: {row.Kind}.",
        };
    }

    private static string? Text(JsonElement payload, string name) =>
        payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;

    private static string Date(string? iso, bool en) =>
        DateOnly.TryParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date.ToString(en ? "d MMMM yyyy" : "dd/MM/yyyy", CultureInfo.InvariantCulture)
            : iso ?? "?";

    /// <summary>" (planned for 15/12/2026)", or nothing without a date.</summary>
    private static string From(string? iso, bool en) =>
        iso is null ? "" : en ? $" (planned for {Date(iso, en)})" : $" (dự kiến ngày {Date(iso, en)})";

    private static string Capital(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static string Status(string? status, bool en) => (status, en) switch
    {
        (null, _) => "?",
        (TaskStatuses.Draft, true) => "draft",
        (TaskStatuses.Assigned, true) => "assigned",
        (TaskStatuses.InProgress, true) => "in progress",
        (TaskStatuses.Completed, true) => "completed",
        (TaskStatuses.Cancelled, true) => "cancelled",
        (TaskStatuses.CarriedOver, true) => "carried over",
        (TaskStatuses.Draft, false) => "dự thảo",
        (TaskStatuses.Assigned, false) => "đã giao",
        (TaskStatuses.InProgress, false) => "đang thực hiện",
        (TaskStatuses.Completed, false) => "hoàn thành",
        (TaskStatuses.Cancelled, false) => "đã hủy",
        (TaskStatuses.CarriedOver, false) => "chuyển tiếp",
        _ => status,
    };
}
