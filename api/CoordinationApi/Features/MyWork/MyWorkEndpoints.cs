using System.Globalization;
using CoordinationApi.Features.Reviews;
using CoordinationApi.Features.Tasks;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.OpenApi;
using CoordinationApi.Infrastructure.Security;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CoordinationApi.Features.MyWork;

/// <summary>What part a person's unit has in a task.</summary>
public static class MyWorkRoles
{
    public const string Lead = "lead";
    public const string Counterpart = "counterpart";

    [VocabularyName("MyWorkRole")]
    public static readonly string[] All = [Lead, Counterpart];
}

/// <summary>Where a task stands against its due date.</summary>
public static class DueStates
{
    public const string Overdue = "overdue";
    public const string DueSoon = "due_soon";
    public const string OnTrack = "on_track";

    /// <summary>"Due soon": due within this many days from today (the reminders' first warning, <c>Reminders:DueSoonDays</c> by default).</summary>
    public const int DueSoonDays = 7;

    [VocabularyName("DueState")]
    public static readonly string[] All = [Overdue, DueSoon, OnTrack];

    /// <summary>The state of an open task due on <paramref name="dueDate"/> (overdue is <see cref="TaskStatuses.IsOverdue"/>).</summary>
    public static string Of(string status, DateOnly dueDate, DateOnly today) =>
        TaskStatuses.IsOverdue(status, dueDate, today) ? Overdue : dueDate <= today.AddDays(DueSoonDays) ? DueSoon : OnTrack;
}

/// <summary>A task the person's unit leads or is a counterpart in.</summary>
/// <param name="Id">Task id.</param>
/// <param name="Code">Its code.</param>
/// <param name="Title">Its title in the language asked for.</param>
/// <param name="Status">assigned or in_progress.</param>
/// <param name="Progress">Percent complete.</param>
/// <param name="DueDate">Its due date.</param>
/// <param name="Role">lead (the person's unit leads it) or counterpart.</param>
/// <param name="DueState">overdue, due_soon (within 7 days) or on_track.</param>
public sealed record MyWorkTaskDto(
    int Id, string Code, string Title, [Vocabulary(typeof(TaskStatuses), nameof(TaskStatuses.Stored))] string Status, int Progress, DateOnly DueDate,
    [Vocabulary(typeof(MyWorkRoles))] string Role, [Vocabulary(typeof(DueStates))] string DueState) : IClassifiedRecord
{
    /// <summary>The task, for the audit of classified reads (not serialised).</summary>
    internal ClassifiedRecord Of { get; init; }

    ClassifiedRecord IClassifiedRecord.Audited => Of;
}

/// <summary>A task of a review's period that has no evaluation yet.</summary>
/// <param name="ReviewId">The review.</param>
/// <param name="Year">The year it reviews.</param>
/// <param name="TaskId">The task.</param>
/// <param name="TaskCode">Its code.</param>
/// <param name="Title">Its title in the language asked for.</param>
public sealed record AwaitingEvaluationDto(int ReviewId, int Year, int TaskId, string TaskCode, string Title) : IClassifiedRecord
{
    /// <summary>The task, for the audit of classified reads (not serialised).</summary>
    internal ClassifiedRecord Of { get; init; }

    ClassifiedRecord IClassifiedRecord.Audited => Of;
}

/// <summary>The signed-in person's work.</summary>
/// <param name="Tasks">The open tasks (assigned or in progress) their unit leads or is a counterpart in, by due date (at most 200).</param>
/// <param name="DueSoon">How many of those tasks are due within 7 days.</param>
/// <param name="Overdue">How many of those tasks are overdue.</param>
/// <param name="AwaitingEvaluation">
/// Tasks of reviews that are scheduled or held with no evaluation yet: for a coordinator those their agency leads, for
/// anyone else those their unit leads (at most 200).
/// </param>
public sealed record MyWorkDto(List<MyWorkTaskDto> Tasks, int DueSoon, int Overdue, List<AwaitingEvaluationDto> AwaitingEvaluation);

/// <summary>The language of the titles.</summary>
/// <param name="Lang">vi or en; omit for the person's own language.</param>
public sealed record MyWorkQuery([Vocabulary(typeof(ContentLanguages))] [property: FromQuery(Name = "lang")] string? Lang);

internal sealed class MyWorkQueryValidator : AbstractValidator<MyWorkQuery>
{
    public MyWorkQueryValidator() =>
        RuleFor(q => q.Lang).MaximumLength(Bounds.Code).Must(l => l is null || ContentLanguages.All.Contains(l))
            .WithMessage($"The language must be one of: {string.Join(", ", ContentLanguages.All)}.");
}

/// <summary>What the "my work" handler takes from the container.</summary>
public sealed record MyWorkServices(DbConnectionFactory Db, TimeProvider Clock);

public static class MyWorkEndpoints
{
    /// <summary>The most tasks (and tasks awaiting evaluation) one answer lists; the counts count them all.</summary>
    public const int MaxItems = 200;

    public static RouteGroupBuilder MapMyWork(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/me").WithTags("My work").RequireAccess(Access.People);
        group.MapGet("/work", GetMyWork).WithName(nameof(GetMyWork));
        return group;
    }

    /// <summary>
    /// The signed-in person's work: the open tasks their unit leads or is a counterpart in, how many are due within 7 days
    /// or overdue, and the tasks that await an evaluation in a scheduled or held review — within their agency's
    /// regulations and their clearance. People only (an agency system has no unit).
    /// </summary>
    public static async Task<Ok<MyWorkDto>> GetMyWork(
        [AsParameters] MyWorkQuery query, Caller caller, [AsParameters] MyWorkServices services, CancellationToken cancellationToken)
    {
        var today = services.Clock.Today();
        var parameters = CallerParameters.For(caller, new
        {
            caller.UnitId,
            Username = caller.Name,
            query.Lang,
            IsCoordinator = caller.IsInRole(Roles.Coordinator) ? 1 : 0,
            Today = today,
            DueSoonUntil = today.AddDays(DueStates.DueSoonDays),
            Take = MaxItems,
        });
        await using var connection = await services.Db.OpenReadAsync(cancellationToken);
        var tasks = (await connection.QueryAsync<MyWorkTaskRow>(new CommandDefinition(MyWorkSql.Tasks(services.Db.Dialect), parameters, cancellationToken: cancellationToken))).AsList();
        var counts = await connection.QuerySingleAsync<MyWorkCountsRow>(new CommandDefinition(MyWorkSql.Counts, parameters, cancellationToken: cancellationToken));
        var awaiting = (await connection.QueryAsync<AwaitingRow>(new CommandDefinition(MyWorkSql.AwaitingEvaluation(services.Db.Dialect), parameters, cancellationToken: cancellationToken))).AsList();

        return TypedResults.Ok(new MyWorkDto(
            [.. tasks.Select(t => new MyWorkTaskDto(t.Id, t.Code, t.Title, t.Status, t.Progress, t.DueDate, t.IsLead == 1 ? MyWorkRoles.Lead : MyWorkRoles.Counterpart,
                DueStates.Of(t.Status, t.DueDate, today)) { Of = Audited(t.Id, t.Classification, t.RegulationId) })],
            counts.DueSoon ?? 0,
            counts.Overdue ?? 0,
            [.. awaiting.Select(a => new AwaitingEvaluationDto(a.ReviewId, a.Year, a.TaskId, a.TaskCode, a.Title) { Of = Audited(a.TaskId, a.Classification, a.RegulationId) })]));
    }

    private static ClassifiedRecord Audited(int taskId, int classification, int regulationId) =>
        new("task", taskId.ToString(CultureInfo.InvariantCulture), (Clearance)classification, regulationId);
}
