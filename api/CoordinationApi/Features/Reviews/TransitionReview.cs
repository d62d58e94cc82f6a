using System.Globalization;
using CoordinationApi.Features.Audit;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.OpenApi;
using CoordinationApi.Infrastructure.Security;
using FluentValidation;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoordinationApi.Features.Reviews;

/// <summary>A status change of a review, with what that step records.</summary>
/// <param name="To">scheduled, held, concluded, postponed or cancelled.</param>
/// <param name="ScheduledOn">To schedule: the date.</param>
/// <param name="Venue">To schedule: where.</param>
/// <param name="Chairs">To schedule: who chairs it.</param>
/// <param name="Attendees">To record it held: who attended.</param>
/// <param name="Minutes">To record it held: the minutes.</param>
/// <param name="Reason">To postpone or cancel: why.</param>
/// <param name="NewTasks">To conclude: tasks the next plan adds.</param>
public sealed record ReviewTransitionRequest(
    [Vocabulary(typeof(ReviewStatuses))] string To, DateOnly? ScheduledOn, string? Venue, string? Chairs, string? Attendees, string? Minutes, string? Reason, List<PlanTaskInput>? NewTasks);

internal sealed class ReviewTransitionRequestValidator : AbstractValidator<ReviewTransitionRequest>
{
    public ReviewTransitionRequestValidator()
    {
        RuleFor(r => r.To).MaximumLength(Bounds.Code).Must(ReviewStatuses.All.Contains).WithMessage($"The target status must be one of: {string.Join(", ", ReviewStatuses.All)}.");
        RuleFor(r => r.ScheduledOn).NotNull().When(r => r.To == ReviewStatuses.Scheduled).WithMessage("Give the date of the review.");
        RuleFor(r => r.ScheduledOn).IsDate();
        RuleFor(r => r.Venue).NotEmpty().When(r => r.To == ReviewStatuses.Scheduled).WithMessage("Give the venue.").MaximumLength(400);
        RuleFor(r => r.Chairs).NotEmpty().When(r => r.To == ReviewStatuses.Scheduled).WithMessage("Name who chairs it.").MaximumLength(1000);
        RuleFor(r => r.Attendees).NotEmpty().When(r => r.To == ReviewStatuses.Held).WithMessage("List who attended.").MaximumLength(20_000);
        RuleFor(r => r.Minutes).NotEmpty().When(r => r.To == ReviewStatuses.Held).WithMessage("Record the minutes.").MaximumLength(100_000);
        RuleFor(r => r.Reason).NotEmpty().When(r => r.To is ReviewStatuses.Postponed or ReviewStatuses.Cancelled)
            .WithMessage("Say why.").MaximumLength(1000);
        RuleFor(r => r.NewTasks).MaxItems(100);
        RuleForEach(r => r.NewTasks).NotNull().SetValidator(new PlanTaskInputValidator());
    }
}

public static partial class ReviewsEndpoints
{
    /// <summary>
    /// Moves a review through planned → scheduled (date, venue, chairs) → held (attendees, minutes) → concluded, or postponed
    /// or cancelled with a reason. Coordinators of the host agency only. Concluding needs every task of the period evaluated
    /// (409 listing the others) and adopts the next year's plan in the same transaction: unfinished tasks carried over
    /// (linked to the task they continue), the new tasks given, and the occurrences of recurring tasks.
    /// </summary>
    /// <param name="id">Review id.</param>
    public static async Task<Results<Ok<ReviewDto>, ValidationProblem, ProblemHttpResult>> TransitionReview(
        int id, ReviewTransitionRequest request, Caller caller, [AsParameters] ReviewServices services, CancellationToken cancellationToken)
    {
        await using var write = await services.Writes.BeginAsync(caller, cancellationToken);
        var (connection, transaction) = write;
        var now = write.Now;
        var review = await connection.QuerySingleOrDefaultAsync<ReviewRow>(ReviewsSql.One, CallerParameters.For(caller, new { Id = id }), transaction);
        if (review is null)
        {
            return NoSuchReview(id);
        }

        var legal = ReviewStatuses.MovesFrom(review.Status);
        if (!legal.Contains(request.To))
        {
            return Problems.Conflict("This status change is not allowed.",
                legal.Count == 0 ? $"A {review.Status} review cannot change status." : $"From {review.Status} a review can only move to: {string.Join(", ", legal)}.",
                new Dictionary<string, object?> { ["currentStatus"] = review.Status, ["allowed"] = legal });
        }

        if (!MayManage(caller, review))
        {
            return TypedResults.Problem($"Coordinators of the host agency ({review.HostAgencyCode}) manage this review.",
                statusCode: StatusCodes.Status403Forbidden, title: "You may not change this review.");
        }

        if (request.To == ReviewStatuses.Scheduled && request.ScheduledOn is { } on && on.Year < review.PeriodYear)
        {
            // The review of year N looks back on year N's plan: it cannot take place before that year has begun.
            return Problems.Invalid(new Dictionary<string, string[]>
            {
                ["scheduledOn"] = [$"A review of {review.PeriodYear} takes place in {review.PeriodYear} or later, not on {on:yyyy-MM-dd}."],
            });
        }

        if (request.To == ReviewStatuses.Held && review.ScheduledOn > write.Today)
        {
            return Problems.Conflict("The review has not taken place yet.", $"It is scheduled for {review.ScheduledOn:yyyy-MM-dd}.");
        }

        object? plan = null;
        var planLevel = Clearance.Unclassified;
        List<(Caller Actor, AuditEvent Change)> concluded = [];
        if (request.To == ReviewStatuses.Concluded)
        {
            var (adopted, level, problem, errors) = await ConcludeReview.AdoptPlanAsync(write, caller, services.Reference, review, request.NewTasks ?? [], concluded);
            if (errors is not null)
            {
                return Problems.Invalid(errors);
            }

            if (problem is not null)
            {
                return problem;
            }

            plan = adopted;
            planLevel = level;
        }

        var scheduling = request.To is ReviewStatuses.Scheduled;
        var changed = await connection.ExecuteAsync(ReviewsSql.Transition, new
        {
            Id = id, From = review.Status, request.To,
            ScheduledOn = scheduling ? request.ScheduledOn : review.ScheduledOn,
            Venue = scheduling ? request.Venue : review.Venue,
            Chairs = scheduling ? request.Chairs : review.Chairs,
            Attendees = request.To == ReviewStatuses.Held ? request.Attendees : review.Attendees,
            Minutes = request.To == ReviewStatuses.Held ? request.Minutes : review.Minutes,
            Reason = request.To is ReviewStatuses.Postponed or ReviewStatuses.Cancelled ? request.Reason : review.StatusReason,
            AdoptedPlanYear = request.To == ReviewStatuses.Concluded ? review.PeriodYear + 1 : review.AdoptedPlanYear,
            ConcludedAt = request.To == ReviewStatuses.Concluded ? now : review.ConcludedAt,
            Now = now,
        }, transaction);
        if (changed == 0)
        {
            return Problems.Conflict("The review changed meanwhile.", "Read it again and retry.");
        }

        var after = await connection.QuerySingleAsync<ReviewRow>(ReviewsSql.One, CallerParameters.For(caller, new { Id = id }), transaction);
        await ReviewEvents.TransitionedAsync(write, review, request.To);
        // The audit trail last: its chain's lock is then held only for the appends and the commit.
        foreach (var (actor, change) in concluded)
        {
            await write.AuditAsync(actor, change);
        }

        await write.AuditAsync(new AuditEvent(
            $"review.{request.To}", "review", id.ToString(CultureInfo.InvariantCulture), ToDto(review, caller),
            plan is null ? ToDto(after, caller) : new { review = ToDto(after, caller), plan }, planLevel, review.RegulationId));
        await write.CommitAsync();
        return TypedResults.Ok(ToDto(after, caller));
    }
}
