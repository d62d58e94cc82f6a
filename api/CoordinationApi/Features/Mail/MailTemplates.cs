using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CoordinationApi.Infrastructure.Events;

namespace CoordinationApi.Features.Mail;

/// <summary>
/// The text of a mail, in Vietnamese or English. A mail leaves the register's protection (it is stored on mail servers
/// and read on phones), so it says only what kind of thing happened, to which task or review (its code), and where to
/// read it (a link to the web app, behind sign-in); never a title, a narrative or a comment. Only named payload fields
/// are read, and only when they look like a code, a date or a number (<see cref="TokenShape"/>), so even a payload that
/// carried text could not bring it into a mail.
/// </summary>
internal static partial class MailTemplates
{
    /// <summary>A code, a status, a date or a number: letters and digits with a few separators, no spaces, at most 64.</summary>
    [GeneratedRegex(@"^[\p{L}\p{N}][\p{L}\p{N}._:/+-]{0,63}$")]
    private static partial Regex TokenShape();

    public static bool IsEnglish(string language) => string.Equals(language, "en", StringComparison.Ordinal);

    /// <summary>One line saying what happened: the subject of a single mail, an item of a digest.</summary>
    public static string Sentence(MailItem item)
    {
        using var payload = JsonDocument.Parse(item.PayloadJson);
        var data = payload.RootElement;
        string Value(string name) => Token(data, name) ?? "—";
        var en = IsEnglish(item.Language);
        var code = Code(item, data);
        return item.Kind switch
        {
            EventKinds.TaskAssigned => en ? $"Task {code} assigned to your unit" : $"Nhiệm vụ {code} được giao cho đơn vị của bạn",
            EventKinds.TaskStatusChanged => en
                ? $"Task {code}: status {Value("fromStatus")} → {Value("toStatus")}"
                : $"Nhiệm vụ {code}: trạng thái {Value("fromStatus")} → {Value("toStatus")}",
            EventKinds.TaskProgressReported => en
                ? $"Task {code}: progress report ({Value("percentComplete")}%) from {Value("reportingUnitCode")}"
                : $"Nhiệm vụ {code}: báo cáo tiến độ ({Value("percentComplete")}%) của {Value("reportingUnitCode")}",
            EventKinds.TaskCommented => en ? $"Task {code}: new comment" : $"Nhiệm vụ {code}: có bình luận mới",
            EventKinds.TaskDueSoon => en
                ? $"Task {code} is due on {Value("dueDate")} ({Value("daysLeft")} days left)"
                : $"Nhiệm vụ {code} đến hạn ngày {Value("dueDate")} (còn {Value("daysLeft")} ngày)",
            EventKinds.TaskOverdue => en
                ? $"Task {code} is overdue since {Value("dueDate")} ({Value("daysOverdue")} days)"
                : $"Nhiệm vụ {code} quá hạn từ ngày {Value("dueDate")} ({Value("daysOverdue")} ngày)",
            EventKinds.ReviewScheduled => en
                ? $"Review {code} scheduled on {Value("scheduledOn")}, hosted by {Value("hostAgencyCode")}"
                : $"Kỳ rà soát {code} dự kiến ngày {Value("scheduledOn")}, {Value("hostAgencyCode")} chủ trì",
            EventKinds.ReviewMoved when Token(data, "toDate") is null => en
                ? $"Review {code} (planned for {Value("fromDate")}) postponed, no new date yet"
                : $"Kỳ rà soát {code} (dự kiến ngày {Value("fromDate")}) được hoãn, chưa có ngày mới",
            EventKinds.ReviewMoved => en
                ? $"Review {code} moved from {Value("fromDate")} to {Value("toDate")}"
                : $"Kỳ rà soát {code} dời từ ngày {Value("fromDate")} sang ngày {Value("toDate")}",
            EventKinds.ReviewCommented => en ? $"Review {code}: new comment" : $"Kỳ rà soát {code}: có bình luận mới",
            EventKinds.EvaluationRequested => en
                ? $"Review {code}: your evaluation of its tasks is requested"
                : $"Kỳ rà soát {code}: đề nghị đánh giá các nhiệm vụ",
            EventKinds.ReviewConcluded => en ? $"Review {code} concluded" : $"Kỳ rà soát {code} đã kết thúc",
            EventKinds.PlanAdopted => en
                ? $"Review {code}: plan for {Value("planYear")} adopted"
                : $"Kỳ rà soát {code}: kế hoạch năm {Value("planYear")} đã được thông qua",
            EventKinds.Mentioned => item.TaskId is not null || data.TryGetProperty("taskId", out _)
                ? en ? $"You were mentioned in a comment on task {code}" : $"Bạn được nhắc đến trong một bình luận về nhiệm vụ {code}"
                : en ? $"You were mentioned in a comment on review {code}" : $"Bạn được nhắc đến trong một bình luận về kỳ rà soát {code}",
            _ => en ? $"New notification ({Token(item.Kind) ?? "event"}): {code}" : $"Thông báo mới ({Token(item.Kind) ?? "event"}): {code}",
        };
    }

    /// <summary>Where the web app shows what the event concerns: the task's or the review's page.</summary>
    public static string Link(MailItem item, MailOptions options)
    {
        using var payload = JsonDocument.Parse(item.PayloadJson);
        var data = payload.RootElement;
        var taskId = item.TaskId ?? Number(data, "taskId");
        var reviewId = item.ReviewId ?? Number(data, "reviewId");
        var path = item.Kind.StartsWith("task.", StringComparison.Ordinal) || (item.Kind == EventKinds.Mentioned && taskId is not null)
            ? taskId is { } t ? $"/tasks/{t}" : "/"
            : reviewId is { } r ? $"/reviews/{r}" : taskId is { } task ? $"/tasks/{task}" : "/";
        return options.PublicBaseUrl.TrimEnd('/') + path;
    }

    public static (string Subject, string Body) Single(MailItem item, MailOptions options)
    {
        var en = IsEnglish(item.Language);
        var sentence = Sentence(item);
        var body = new StringBuilder()
            .AppendLine(en ? $"Dear {item.DisplayName}," : $"Kính gửi {item.DisplayName},")
            .AppendLine()
            .AppendLine(sentence + ".")
            .AppendLine()
            .AppendLine(en ? "Read it in the register (sign-in required):" : "Xem chi tiết trong sổ điều phối (cần đăng nhập):")
            .AppendLine(Link(item, options))
            .AppendLine()
            .Append(Footer(en, item.EventKey));
        return ((en ? "[Coordination] " : "[Điều phối] ") + sentence, body.ToString());
    }

    public static (string Subject, string Body) Digest(IReadOnlyList<MailItem> items, MailOptions options, DateOnly day)
    {
        var first = items[0];
        var en = IsEnglish(first.Language);
        var date = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var body = new StringBuilder()
            .AppendLine(en ? $"Dear {first.DisplayName}," : $"Kính gửi {first.DisplayName},")
            .AppendLine()
            .AppendLine(en ? $"{items.Count} notifications since your last digest:" : $"{items.Count} thông báo kể từ bản tóm tắt trước:")
            .AppendLine();
        foreach (var item in items)
        {
            body.AppendLine($"- {Sentence(item)}").AppendLine($"  {Link(item, options)}");
        }

        body.AppendLine().Append(Footer(en, string.Join(", ", items.Select(i => i.EventKey))));
        var subject = en ? $"[Coordination] Daily digest {date}: {items.Count} notifications" : $"[Điều phối] Tóm tắt ngày {date}: {items.Count} thông báo";
        return (subject, body.ToString());
    }

    private static string Footer(bool en, string eventKeys) => en
        ? "This mail names only the kind of change, the code and a link: titles, narratives and comments are shown only in the " +
          "register, to those cleared to read them. Choose which notifications you receive by e-mail under Notification settings.\n" +
          $"Event: {eventKeys}\n"
        : "Thư này chỉ nêu loại thay đổi, mã và đường dẫn: tiêu đề, nội dung và bình luận chỉ hiển thị trong sổ điều phối, cho người " +
          "có thẩm quyền đọc. Chọn những thông báo nhận qua thư trong mục Cài đặt thông báo.\n" +
          $"Mã sự kiện: {eventKeys}\n";

    /// <summary>The task's or review's code: the event's subject code when it is one, else its id.</summary>
    private static string Code(MailItem item, JsonElement data)
    {
        if ((Token(item.SubjectCode) ?? Token(data, "taskCode")) is { } code)
        {
            return code;
        }

        if ((item.TaskId ?? Number(data, "taskId")) is { } task)
        {
            return $"#{task}";
        }

        if (Token(data, "year") is { } year)
        {
            return $"REVIEW-{year}";
        }

        return (item.ReviewId ?? Number(data, "reviewId")) is { } review ? $"#{review}" : "—";
    }

    private static string? Token(JsonElement data, string name) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.Number => value.GetRawText(),
                JsonValueKind.String => Token(value.GetString()),
                _ => null,
            }
            : null;

    private static string? Token(string? text) => text is not null && TokenShape().IsMatch(text) ? text : null;

    private static long? Number(JsonElement data, string name) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
            && value.TryGetInt64(out var number) ? number : null;
}
