using System.Globalization;
using CoordinationApi.Features.Reviews;
using CoordinationApi.Features.Tasks;
using CoordinationApi.Infrastructure.Security;

namespace CoordinationApi.Features.Documents;

/// <summary>The content of each official document: what it says, in Vietnamese or English, from the data its reader may see.</summary>
internal static class ReviewDocuments
{
    /// <summary>Column widths (twips) of the tables; each set sums to the text width.</summary>
    private static readonly int[] ResultColumns = [750, 3078, 1300, 1300, 2700]; // the evaluation holds its comment: the widest after the task
    private static readonly int[] PlanColumns = [750, 3278, 1800, 1900, 1400];
    private static readonly int[] CarriedColumns = [750, 4189, 4189]; // each task named by its own code and title
    private static readonly int[] CountColumns = [750, 5378, 3000];
    private static readonly int[] YearColumns = [1400, 2576, 2576, 2576];
    private static readonly int[] ArticleColumns = [750, 4378, 1500, 2500];

    public static byte[] Report(
        OfficialDocument d, ReviewFacts facts, List<TaskSummaryRow> tasks, Dictionary<int, EvaluationRow> evaluations, PlanDto plan, Clearance marking)
    {
        var review = facts.Review;
        var regulation = Title(d, facts.Regulation);
        var meetingDate = facts.Minutes.HeldOn ?? review.ScheduledOn;
        d.Paragraph(d.T(
            $"Thực hiện {regulation} ký ngày {d.Date(facts.Regulation.SignedOn)}, {AgencyName(d, facts.Host)} chủ trì tổ chức {KindVi(review.Kind)} năm {review.PeriodYear}"
                + $"{(meetingDate is { } on ? $" vào ngày {d.Date(on)}" : "")}{(Place(facts) is { } at ? $" tại {at}" : "")}. Kết quả như sau:",
            $"Pursuant to the {regulation} signed on {d.Date(facts.Regulation.SignedOn)}, the {AgencyName(d, facts.Host)} hosted the {KindEn(review.Kind)} of {review.PeriodYear}"
                + $"{(meetingDate is { } date ? $" on {d.Date(date)}" : "")}{(Place(facts) is { } place ? $" in {place}" : "")}. The results are as follows:"));

        d.Heading(d.T("I. THÔNG TIN CHUNG", "I. GENERAL INFORMATION"));
        d.Labelled(d.T("Cơ quan chủ trì:", "Host:"), AgencyName(d, facts.Host));
        d.Labelled(d.T("Năm kế hoạch:", "Plan year:"), review.PeriodYear.ToString(CultureInfo.InvariantCulture));
        d.Labelled(d.T("Thời gian:", "Date:"), meetingDate is { } held ? d.Date(held) : d.T("chưa xác định", "not set"));
        d.Labelled(d.T("Địa điểm:", "Place:"), Place(facts) ?? d.T("chưa xác định", "not set"));
        d.Labelled(d.T("Tình trạng:", "Status:"), ReviewStatus(d, review.Status));

        d.Heading(d.T("II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ", "II. RESULTS BY TASK"));
        d.Table(
            [d.T("STT", "No."), d.T("Nhiệm vụ", "Task"), d.T("Đơn vị chủ trì", "Lead unit"), d.T("Trạng thái", "Status"), d.T("Đánh giá", "Evaluation")],
            ResultColumns,
            tasks.Select((t, i) => (IReadOnlyList<string>)[
                (i + 1).ToString(CultureInfo.InvariantCulture),
                $"{t.Code}: {d.T(t.TitleVi, t.TitleEn)}",
                t.LeadUnitCode,
                TaskStatus(d, t.Status),
                evaluations.TryGetValue(t.Id, out var e) ? Result(d, e.Result) + (e.Comment is { Length: > 0 } c ? $"\n({c})" : "") : d.T("Chưa đánh giá", "Not evaluated"),
            ]));

        d.Heading(d.T("III. SỐ LIỆU TỔNG HỢP", "III. FIGURES"));
        // The figures of the year (cancelled tasks aside), the same the five-year summary gives for this year.
        var figures = ReviewFigures.Of(tasks, evaluations);
        var cancelled = figures.Cancelled > 0 ? d.T($" (không kể {figures.Cancelled} nhiệm vụ đã hủy)", $" (not counting {figures.Cancelled} cancelled)") : "";
        d.Paragraph(d.T(
            $"Tổng số nhiệm vụ: {figures.Tasks}{cancelled}; hoàn thành: {figures.Completed} ({Percent(figures.Completed, figures.Tasks)}); được đánh giá: {figures.Evaluated}.",
            $"Tasks: {figures.Tasks}{cancelled}; completed: {figures.Completed} ({Percent(figures.Completed, figures.Tasks)}); evaluated: {figures.Evaluated}."));
        var byResult = EvaluationResults.All.Select(r => (Result(d, r), figures.ByResult[r]))
            .Append((d.T("Chưa đánh giá", "Not evaluated"), figures.NotEvaluated));
        d.Table([d.T("STT", "No."), d.T("Kết quả đánh giá", "Result"), d.T("Số nhiệm vụ", "Tasks")], CountColumns, Counted(byResult));
        var byStatus = TaskStatuses.Stored.Select(s => (TaskStatus(d, s), tasks.Count(t => t.Status == s))).Where(s => s.Item2 > 0);
        d.Table([d.T("STT", "No."), d.T("Trạng thái", "Status"), d.T("Số nhiệm vụ", "Tasks")], CountColumns, Counted(byStatus));

        d.Heading(d.T($"IV. NHIỆM VỤ CHUYỂN SANG NĂM {plan.PlanYear}", $"IV. WORK CARRIED OVER INTO {plan.PlanYear}"));
        var carried = plan.Items.Where(i => i.Origin == PlanOrigins.CarriedOver).ToList();
        d.Paragraph(plan.Adopted
            ? d.T($"Hội nghị thống nhất chuyển {carried.Count} nhiệm vụ chưa hoàn thành sang kế hoạch năm {plan.PlanYear}:",
                $"The review carried {carried.Count} unfinished task(s) over into the plan of {plan.PlanYear}:")
            : d.T($"Các nhiệm vụ chưa hoàn thành sẽ được chuyển sang kế hoạch năm {plan.PlanYear} khi kết thúc hội nghị ({carried.Count} nhiệm vụ):",
                $"The unfinished tasks to be carried over into the plan of {plan.PlanYear} when the review is concluded ({carried.Count}):"));
        d.Table([d.T("STT", "No."), d.T("Nhiệm vụ", "Task"), d.T("Nhiệm vụ năm sau", "Next year's task")], CarriedColumns,
            carried.Select((c, i) => (IReadOnlyList<string>)[
                (i + 1).ToString(CultureInfo.InvariantCulture), Original(d, c, tasks),
                c.Task is { } next ? $"{next.Code}: {d.T(next.TitleVi, next.TitleEn)}" : d.T("(sẽ tạo)", "(to be created)"),
            ]));

        return d.Build(
            Letterhead(d, facts, "BC", d.T("Báo cáo", "Report"),
                d.T($"Kết quả thực hiện {regulation}\nnăm {review.PeriodYear}", $"Results of implementing the {regulation}\nin {review.PeriodYear}"), marking),
            Recipients(d, facts), Signature(d, facts));
    }

    /// <summary>
    /// The task a plan item carries over, by its own code and title: an adopted item's title is its successor's, so the
    /// original's title comes from the review's tasks (its code alone if the reader may not see it).
    /// </summary>
    private static string Original(OfficialDocument d, PlanItemDto item, List<TaskSummaryRow> tasks)
    {
        if (item.Task is null)
        {
            return $"{item.SourceTaskCode}: {d.T(item.TitleVi, item.TitleEn)}";
        }

        return tasks.FirstOrDefault(t => t.Id == item.SourceTaskId) is { } source
            ? $"{source.Code}: {d.T(source.TitleVi, source.TitleEn)}"
            : item.SourceTaskCode ?? "";
    }

    public static byte[] Plan(
        OfficialDocument d, ReviewFacts facts, PlanDto plan, List<(int TaskId, string AknId)> citations, List<ArticleRow> articles,
        Dictionary<int, (string Lead, IReadOnlyList<string> Partners)> previewUnits, ReferenceData reference, Clearance marking)
    {
        var regulation = Title(d, facts.Regulation);
        d.Heading(d.T("I. MỤC ĐÍCH, YÊU CẦU", "I. PURPOSE"));
        d.Paragraph(plan.Adopted
            ? d.T($"Triển khai các nhiệm vụ năm {plan.PlanYear} theo {regulation}, như đã được thống nhất tại {KindVi(facts.Review.Kind)} năm {facts.Review.PeriodYear}.",
                $"To carry out the tasks of {plan.PlanYear} under the {regulation}, as adopted by the {KindEn(facts.Review.Kind)} of {facts.Review.PeriodYear}.")
            : d.T($"Dự thảo kế hoạch năm {plan.PlanYear}: hội nghị năm {facts.Review.PeriodYear} chưa kết thúc; danh sách dưới đây là các nhiệm vụ dự kiến chuyển sang.",
                $"Draft plan of {plan.PlanYear}: the review of {facts.Review.PeriodYear} is not concluded; the tasks below are those it would carry over."));

        d.Heading(d.T("II. NHIỆM VỤ CỤ THỂ", "II. TASKS"));
        var articleOf = citations.ToLookup(c => c.TaskId, c => articles.FirstOrDefault(a => c.AknId == a.AknId || c.AknId.StartsWith(a.AknId + "__", StringComparison.Ordinal)));
        var groups = plan.Items
            .Select(i => (Item: i, Article: articleOf[i.Task?.Id ?? i.SourceTaskId ?? 0].FirstOrDefault(a => a is not null)))
            .GroupBy(x => x.Article?.AknId)
            .OrderBy(g => g.Key is null ? int.MaxValue : articles.FindIndex(a => a.AknId == g.Key))
            .ToList();
        if (groups.Count == 0)
        {
            d.Paragraph(d.T("Không có nhiệm vụ.", "No tasks."));
        }

        foreach (var group in groups)
        {
            var article = group.First().Article;
            d.Heading(article is null
                ? d.T("Nhiệm vụ khác", "Other tasks")
                : d.T($"Điều {article.Num}. {article.HeadingVi}", $"Article {article.Num}. {article.HeadingEn ?? article.HeadingVi}"));
            d.Table(
                [d.T("STT", "No."), d.T("Nhiệm vụ", "Task"), d.T("Đơn vị chủ trì", "Lead unit"), d.T("Đơn vị phối hợp", "Partner units"), d.T("Thời hạn", "Due")],
                PlanColumns,
                group.Select((x, i) => (IReadOnlyList<string>)[
                    (i + 1).ToString(CultureInfo.InvariantCulture),
                    $"{x.Item.Task?.Code ?? x.Item.SourceTaskCode}: {d.T(x.Item.TitleVi, x.Item.TitleEn)}",
                    x.Item.Task is { } t ? UnitName(d, reference, t.LeadUnitCode)
                        : previewUnits.TryGetValue(x.Item.SourceTaskId ?? 0, out var source) ? UnitName(d, reference, source.Lead) : "",
                    string.Join("\n", (x.Item.Task?.CounterpartUnitCodes
                        ?? (previewUnits.TryGetValue(x.Item.SourceTaskId ?? 0, out var from) ? from.Partners : [])).Select(c => UnitName(d, reference, c))),
                    x.Item.Task is { } due ? d.Date(due.DueDate) : d.T("Theo kế hoạch được thông qua", "As adopted"),
                ]));
        }

        d.Heading(d.T("III. TỔ CHỨC THỰC HIỆN", "III. IMPLEMENTATION"));
        d.Paragraph(d.T(
            "Các đơn vị chủ trì phối hợp với đơn vị phối hợp triển khai nhiệm vụ đúng thời hạn, báo cáo tiến độ trên hệ thống theo dõi chung; Văn phòng hai bên theo dõi, đôn đốc và tổng hợp kết quả phục vụ hội nghị năm sau.",
            "The lead units carry out each task with their partner units by its due date and report progress in the shared register; the standing Offices of the parties follow up and compile the results for the next review."));
        return d.Build(
            Letterhead(d, facts, "KH", d.T("Kế hoạch", "Plan"),
                d.T($"Thực hiện {regulation}\nnăm {plan.PlanYear}{(plan.Adopted ? "" : " (dự thảo)")}", $"Implementing the {regulation}\nin {plan.PlanYear}{(plan.Adopted ? "" : " (draft)")}"),
                marking),
            Recipients(d, facts), Signature(d, facts));
    }

    public static byte[] Minutes(OfficialDocument d, ReviewFacts facts, ReviewMinutesDto minutes, ReferenceData reference)
    {
        var review = facts.Review;
        var regulation = Title(d, facts.Regulation);
        var on = minutes.HeldOn ?? review.ScheduledOn;
        d.Labelled(d.T("Thời gian:", "Date:"), on is { } date ? d.Date(date) : d.T("chưa ghi nhận", "not recorded"));
        d.Labelled(d.T("Địa điểm:", "Place:"), Place(facts) ?? d.T("chưa ghi nhận", "not recorded"));
        d.Labelled(d.T("Cơ quan chủ trì:", "Host:"), AgencyName(d, facts.Host));
        d.Labelled(d.T("Chủ trì hội nghị:", "Chaired by:"), minutes.ChairedBy ?? review.Chairs ?? d.T("chưa ghi nhận", "not recorded"));
        d.Heading(d.T("I. THÀNH PHẦN THAM DỰ", "I. ATTENDEES"));
        if (minutes.Attendees.Count == 0)
        {
            d.Paragraph(review.Attendees ?? d.T("Chưa ghi nhận.", "Not recorded."));
        }

        foreach (var a in minutes.Attendees)
        {
            var unit = a.UnitCode is null ? null : UnitName(d, reference, a.UnitCode);
            var party = facts.Regulation.Parties.FirstOrDefault(p => p.AgencyCode == a.AgencyCode);
            var where = unit ?? (party is null ? a.AgencyCode : AgencyName(d, party));
            d.Paragraph($"- {a.Name}{(a.Title is { Length: > 0 } title ? $", {title}" : "")}, {where}.");
        }

        d.Heading(d.T("II. NỘI DUNG", "II. PROCEEDINGS"));
        d.Paragraph(minutes.Notes ?? review.Minutes ?? d.T(
            $"Hội nghị đánh giá kết quả thực hiện {regulation} năm {review.PeriodYear} và thống nhất kế hoạch năm {review.PeriodYear + 1}.",
            $"The meeting reviewed the results of implementing the {regulation} in {review.PeriodYear} and agreed the plan of {review.PeriodYear + 1}."));
        d.Heading(d.T("III. KẾT LUẬN CỦA HỘI NGHỊ", "III. DECISIONS"));
        if (minutes.Decisions.Count == 0)
        {
            d.Paragraph(d.T("Chưa ghi nhận.", "Not recorded."));
        }

        for (var i = 0; i < minutes.Decisions.Count; i++)
        {
            d.Paragraph(string.Create(CultureInfo.InvariantCulture, $"{i + 1}. {minutes.Decisions[i]}"));
        }

        var chair = minutes.ChairedBy is { } name ? minutes.Attendees.FirstOrDefault(a => a.Name == name) : null;
        return d.Build(
            Letterhead(d, facts, "BB", d.T("Biên bản", "Minutes"),
                d.T($"{Capitalised(KindVi(review.Kind))} năm {review.PeriodYear}\n{regulation}", $"{Capitalised(KindEn(review.Kind))} of {review.PeriodYear}\n{regulation}"),
                Clearance.Unclassified),
            Recipients(d, facts),
            new SignatureBlock(d.T("Chủ trì hội nghị", "Chair of the meeting"), chair?.Title, minutes.ChairedBy ?? d.T("(ký, ghi rõ họ tên)", "(signature and full name)")));
    }

    public static byte[] Summary(OfficialDocument d, RegulationFacts regulation, PartyRow issuer, PreliminarySummaryDto summary, DateOnly today, Clearance marking)
    {
        var title = Title(d, regulation);
        var years = summary.Years;
        var from = years.FirstOrDefault();
        var to = years.LastOrDefault();
        var tasks = summary.Articles.SelectMany(a => a.Tasks).DistinctBy(t => t.TaskId).ToList();
        d.Paragraph(d.T(
            $"{Capitalised(title)} được ký ngày {d.Date(regulation.SignedOn)} giữa {string.Join(" và ", regulation.Parties.Select(p => p.AgencyNameVi))}. Báo cáo này sơ kết kết quả thực hiện giai đoạn {from}–{to}.",
            $"The {title} was signed on {d.Date(regulation.SignedOn)} between the {string.Join(" and the ", regulation.Parties.Select(p => p.AgencyNameEn))}. This report summarises its implementation over {from}–{to}."));

        d.Heading(d.T("I. KẾT QUẢ THEO NĂM", "I. RESULTS BY YEAR"));
        // Each year as its review saw it (the figures of that year's report); the chart shows the same tasks' results.
        d.Table([d.T("Năm", "Year"), d.T("Số nhiệm vụ", "Tasks"), d.T("Hoàn thành", "Completed"), d.T("Tỷ lệ", "Rate")], YearColumns,
            summary.ByYear.Select(y => (IReadOnlyList<string>)[
                y.Year.ToString(CultureInfo.InvariantCulture), y.Tasks.ToString(CultureInfo.InvariantCulture), y.Completed.ToString(CultureInfo.InvariantCulture),
                Percent(y.Completed, y.Tasks),
            ]));
        d.Paragraph(d.T(
            "Số liệu từng năm là số liệu của báo cáo hội nghị năm đó (nhiệm vụ chuyển sang năm sau được tính ở năm của nó là chưa hoàn thành; không kể nhiệm vụ đã hủy).",
            "Each year's figures are those of that year's review report (work carried over counts in its year as not completed; cancelled tasks aside)."));
        string[] colors = ["2E7D32", "F9A825", "C62828", "757575"];
        int[] Counts(SummaryYearDto y) => [y.Achieved, y.PartlyAchieved, y.NotAchieved, y.NotApplicable];
        d.Chart(new BarChartData(
            d.T("Kết quả đánh giá nhiệm vụ theo năm", "Results recorded per year"),
            [.. summary.ByYear.Select(y => y.Year.ToString(CultureInfo.InvariantCulture))],
            [.. EvaluationResults.All.Select((r, i) => new ChartSeries(Result(d, r), colors[i],
                [.. summary.ByYear.Select(y => (double)Counts(y)[i])]))]));

        d.Heading(d.T("II. KẾT QUẢ THEO CƠ QUAN", "II. RESULTS BY AGENCY"));
        d.Paragraph(d.T(
            "Số liệu theo cơ quan và theo điều khoản tính mỗi công việc một lần, theo nhiệm vụ sau cùng của nó (không kể nhiệm vụ đã hủy).",
            "The figures by agency and by article count each piece of work once, as its latest task (cancelled work aside)."));
        d.Table([d.T("STT", "No."), d.T("Cơ quan chủ trì", "Lead agency"), d.T("Hoàn thành / Số nhiệm vụ", "Completed / tasks")], CountColumns,
            summary.Agencies.Select((a, i) => (IReadOnlyList<string>)[
                (i + 1).ToString(CultureInfo.InvariantCulture),
                regulation.Parties.FirstOrDefault(p => p.AgencyCode == a.Code) is { } party ? AgencyName(d, party) : a.Code,
                string.Create(CultureInfo.InvariantCulture, $"{a.Total.Completed} / {a.Total.Tasks} ({Percent(a.Total.Completed, a.Total.Tasks)})"),
            ]));
        string[] agencyColors = ["1F4E79", "C55A11", "548235", "7030A0", "BF9000"];
        d.Chart(new BarChartData(
            d.T("Tỷ lệ hoàn thành theo năm (%)", "Completion rate per year (%)"),
            [.. years.Select(y => y.ToString(CultureInfo.InvariantCulture))],
            [.. summary.Agencies.Select((a, i) => new ChartSeries(a.Code, agencyColors[i % agencyColors.Length],
                [.. years.Select(y => a.ByYear.FirstOrDefault(b => b.Year == y) is { Tasks: > 0 } b ? Math.Round(100.0 * b.Completed / b.Tasks, 1) : 0)]))]));

        d.Heading(d.T("III. KẾT QUẢ THEO ĐIỀU KHOẢN", "III. RESULTS BY ARTICLE"));
        d.Table([d.T("STT", "No."), d.T("Điều", "Article"), d.T("Số nhiệm vụ", "Tasks"), d.T("Đạt / Một phần / Không đạt", "Achieved / partly / not")], ArticleColumns,
            summary.Articles.Select((a, i) => (IReadOnlyList<string>)[
                (i + 1).ToString(CultureInfo.InvariantCulture),
                d.T($"Điều {a.Num}. {a.HeadingVi}", $"Article {a.Num}. {a.HeadingEn ?? a.HeadingVi}"),
                a.Tasks.Count.ToString(CultureInfo.InvariantCulture),
                string.Create(CultureInfo.InvariantCulture,
                    $"{Tally(a, "achieved")} / {Tally(a, "partly_achieved")} / {Tally(a, "not_achieved")}"),
            ]));

        d.Heading(d.T("IV. ĐÁNH GIÁ CHUNG", "IV. OVERALL"));
        var completed = tasks.Count(t => t.Status == TaskStatuses.Completed);
        d.Paragraph(d.T(
            $"Trong giai đoạn {from}–{to}, các bên triển khai {tasks.Count} nhiệm vụ gắn với các điều khoản của Quy chế, hoàn thành {completed} nhiệm vụ ({Percent(completed, tasks.Count)}).",
            $"Over {from}–{to} the parties carried out {tasks.Count} task(s) tied to the articles of the regulation and completed {completed} ({Percent(completed, tasks.Count)})."));

        var head = new Letterhead(
            d.T(issuer.AgencyNameVi, issuer.AgencyNameEn), d.T(issuer.UnitNameVi, issuer.UnitNameEn), Symbol("BC", issuer), d.T(regulation.SignedAt, regulation.SignedAt), today,
            d.T("Báo cáo", "Report"),
            d.T($"Sơ kết {years.Count} năm thực hiện {title}\n(giai đoạn {from}–{to})", $"Preliminary review of {years.Count} years of the {title}\n({from}–{to})"),
            marking);
        return d.Build(head,
            [.. regulation.Parties.Where(p => p.AgencyId != issuer.AgencyId).Select(p => Office(d, p)),
                d.T("Lãnh đạo Bộ (để báo cáo)", "The Ministry's leadership (for information)"), d.T("Lưu: VT", "File")],
            new SignatureBlock(d.T($"TM. {issuer.UnitNameVi}", $"For the {issuer.UnitNameEn}"), null, d.T("(ký, ghi rõ họ tên)", "(signature and full name)")));
    }

    private static int Tally(SummaryArticleDto article, string result) => article.Tasks.Sum(t => t.Results.Values.Count(r => r == result));

    private static IEnumerable<IReadOnlyList<string>> Counted(IEnumerable<(string Label, int Count)> rows) =>
        rows.Select((r, i) => (IReadOnlyList<string>)[(i + 1).ToString(CultureInfo.InvariantCulture), r.Label, r.Count.ToString(CultureInfo.InvariantCulture)]);

    private static Letterhead Letterhead(OfficialDocument d, ReviewFacts facts, string type, string documentType, string title, Clearance marking) => new(
        d.T(facts.Host.AgencyNameVi, facts.Host.AgencyNameEn), d.T(facts.Host.UnitNameVi, facts.Host.UnitNameEn), Symbol(type, facts.Host),
        Locality(Place(facts)) ?? facts.Regulation.SignedAt,
        facts.Minutes.HeldOn ?? facts.Review.ScheduledOn ?? (facts.Review.ConcludedAt is { } at ? DateOnly.FromDateTime(at.UtcDateTime) : facts.Today),
        documentType, title, marking);

    /// <summary>The type's abbreviation and the office's: <c>BC-VP</c> for a report of the Office (MPS-VP).</summary>
    private static string Symbol(string type, PartyRow office) =>
        $"{type}-{(office.UnitCode.StartsWith(office.AgencyCode + "-", StringComparison.Ordinal) ? office.UnitCode[(office.AgencyCode.Length + 1)..] : office.UnitCode)}";

    private static IReadOnlyList<string> Recipients(OfficialDocument d, ReviewFacts facts) =>
    [
        .. facts.Regulation.Parties.Where(p => p.AgencyId != facts.Host.AgencyId).Select(p => Office(d, p)),
        d.T("Lãnh đạo Bộ (để báo cáo)", "The Ministry's leadership (for information)"),
        d.T("Lưu: VT", "File"),
    ];

    /// <summary>A party's standing office as a recipient: its name, and its agency's when the name does not hold it.</summary>
    private static string Office(OfficialDocument d, PartyRow party)
    {
        var (unit, agency) = d.English ? (party.UnitNameEn, party.AgencyNameEn) : (party.UnitNameVi, party.AgencyNameVi);
        return unit.Contains(agency, StringComparison.OrdinalIgnoreCase) ? unit : $"{unit} ({agency})";
    }

    /// <summary>For the host's Office, by the meeting's chair as the minutes record them (their title from the attendee list).</summary>
    private static SignatureBlock Signature(OfficialDocument d, ReviewFacts facts)
    {
        var chair = facts.Minutes.ChairedBy;
        var title = chair is null ? null : facts.Minutes.Attendees.FirstOrDefault(a => a.Name == chair)?.Title;
        return new SignatureBlock(d.T($"TM. {facts.Host.UnitNameVi}", $"For the {facts.Host.UnitNameEn}"), title,
            chair ?? d.T("(ký, ghi rõ họ tên)", "(signature and full name)"));
    }

    private static string Title(OfficialDocument d, RegulationFacts regulation) =>
        d.English ? Lower(regulation.TitleEn) : Lower(regulation.TitleVi);

    /// <summary>A title inside a sentence: its first letter lower case ("Quy chế" → "quy chế"), unless it is an acronym.</summary>
    private static string Lower(string title) =>
        title.Length > 1 && char.IsUpper(title[0]) && !char.IsUpper(title[1]) ? char.ToLowerInvariant(title[0]) + title[1..] : title;

    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static string? Place(ReviewFacts facts) => facts.Minutes.Place ?? facts.Review.Venue;

    /// <summary>The locality a document is dated from: the last part of an address ("…, 44 Yết Kiêu, Hà Nội" → "Hà Nội").</summary>
    private static string? Locality(string? place) => place?.Split(',').Select(p => p.Trim()).LastOrDefault(p => p.Length > 0);

    private static string AgencyName(OfficialDocument d, PartyRow party) => d.T(party.AgencyNameVi, party.AgencyNameEn);

    private static string UnitName(OfficialDocument d, ReferenceData reference, string code) =>
        reference.Unit(code) is { } unit ? d.T(unit.NameVi, unit.NameEn) : code;

    private static string Percent(int part, int whole) =>
        whole == 0 ? "0%" : string.Create(CultureInfo.InvariantCulture, $"{Math.Round(100.0 * part / whole, 1)}%");

    private static string KindVi(string kind) => kind switch
    {
        ReviewKinds.Preliminary => "hội nghị sơ kết",
        ReviewKinds.Extraordinary => "hội nghị bất thường",
        _ => "hội nghị đánh giá thường niên",
    };

    private static string KindEn(string kind) => kind switch
    {
        ReviewKinds.Preliminary => "preliminary review",
        ReviewKinds.Extraordinary => "extraordinary review",
        _ => "annual review",
    };

    private static string ReviewStatus(OfficialDocument d, string status) => status switch
    {
        ReviewStatuses.Planned => d.T("dự kiến", "planned"),
        ReviewStatuses.Scheduled => d.T("đã lên lịch", "scheduled"),
        ReviewStatuses.Held => d.T("đã tổ chức", "held"),
        ReviewStatuses.Concluded => d.T("đã kết thúc, kế hoạch năm sau đã được thông qua", "concluded, next year's plan adopted"),
        ReviewStatuses.Postponed => d.T("hoãn", "postponed"),
        _ => d.T("hủy", "cancelled"),
    };

    private static string TaskStatus(OfficialDocument d, string status) => status switch
    {
        TaskStatuses.Draft => d.T("Dự thảo", "Draft"),
        TaskStatuses.Assigned => d.T("Đã giao", "Assigned"),
        TaskStatuses.InProgress => d.T("Đang thực hiện", "In progress"),
        TaskStatuses.Completed => d.T("Hoàn thành", "Completed"),
        TaskStatuses.CarriedOver => d.T("Chuyển năm sau", "Carried over"),
        _ => d.T("Hủy", "Cancelled"),
    };

    private static string Result(OfficialDocument d, string result) => result switch
    {
        "achieved" => d.T("Đạt", "Achieved"),
        "partly_achieved" => d.T("Đạt một phần", "Partly achieved"),
        "not_achieved" => d.T("Không đạt", "Not achieved"),
        _ => d.T("Không áp dụng", "Not applicable"),
    };
}
