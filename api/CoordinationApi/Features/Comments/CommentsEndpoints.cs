using CoordinationApi.Infrastructure.Audit;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoordinationApi.Features.Comments;

/// <summary>
/// Comments on tasks (<c>/tasks/{id}/comments</c>) and on reviews (<c>/reviews/{id}/comments</c>): read by whoever may read
/// the task or review, written by coordinators and officers (and agency systems with the write scope), edited by their
/// author only.
/// </summary>
public static class CommentsEndpoints
{
    public static RouteGroupBuilder MapComments(this RouteGroupBuilder api)
    {
        var taskRead = api.MapGroup("/tasks").WithTags("Comments").RequireAccess(Access.TasksRead);
        taskRead.MapGet("/{id:int}/comments", ListTaskComments).WithName(nameof(ListTaskComments)).ProducesProblem(StatusCodes.Status404NotFound);
        taskRead.MapGet("/{id:int}/comments/{commentId:int}", GetTaskComment).WithName(nameof(GetTaskComment)).ProducesProblem(StatusCodes.Status404NotFound);
        taskRead.MapGet("/{id:int}/comments/{commentId:int}/revisions", ListTaskCommentRevisions).WithName(nameof(ListTaskCommentRevisions))
            .ProducesProblem(StatusCodes.Status404NotFound);
        var taskWrite = api.MapGroup("/tasks").WithTags("Comments").RequireAccess(Access.TasksWrite);
        taskWrite.MapPost("/{id:int}/comments", CreateTaskComment).WithName(nameof(CreateTaskComment)).WithMetadata(Idempotency.Honoured)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        taskWrite.MapPut("/{id:int}/comments/{commentId:int}", UpdateTaskComment).WithName(nameof(UpdateTaskComment))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);

        // A review's comments are unclassified (a review is): reading them returns no classified record.
        var reviewRead = api.MapGroup("/reviews").WithTags("Comments").RequireAccess(Access.ReviewsRead);
        reviewRead.MapGet("/{id:int}/comments", ListReviewComments).WithName(nameof(ListReviewComments)).ReturnsNoClassifiedData()
            .ProducesProblem(StatusCodes.Status404NotFound);
        reviewRead.MapGet("/{id:int}/comments/{commentId:int}", GetReviewComment).WithName(nameof(GetReviewComment)).ReturnsNoClassifiedData()
            .ProducesProblem(StatusCodes.Status404NotFound);
        reviewRead.MapGet("/{id:int}/comments/{commentId:int}/revisions", ListReviewCommentRevisions).WithName(nameof(ListReviewCommentRevisions))
            .ReturnsNoClassifiedData().ProducesProblem(StatusCodes.Status404NotFound);
        var reviewWrite = api.MapGroup("/reviews").WithTags("Comments").RequireAccess(Access.ReviewComments);
        reviewWrite.MapPost("/{id:int}/comments", CreateReviewComment).WithName(nameof(CreateReviewComment)).WithMetadata(Idempotency.Honoured)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        reviewWrite.MapPut("/{id:int}/comments/{commentId:int}", UpdateReviewComment).WithName(nameof(UpdateReviewComment))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
        return api;
    }

    /// <summary>
    /// The comments on a task, oldest first. A task the caller may not read (above their clearance, or of a regulation their
    /// agency is not party to) is a 404; a comment written while the task was classified above the caller's clearance (before
    /// a declassification) is left out.
    /// </summary>
    /// <param name="id">Task id.</param>
    public static Task<Results<Ok<Page<CommentDto>>, ProblemHttpResult>> ListTaskComments(
        int id, [AsParameters] CommentsQuery query, Caller caller, [AsParameters] CommentServices services, CancellationToken cancellationToken) =>
        CommentThreads.ListAsync(CommentThreads.Task, id, query, caller, services, cancellationToken);

    /// <summary>A comment on a task, with its <c>ETag</c>; 404 when the task or the comment does not exist for the caller.</summary>
    /// <param name="id">Task id.</param>
    /// <param name="commentId">Comment id.</param>
    public static Task<Results<Ok<CommentDto>, ProblemHttpResult>> GetTaskComment(
        int id, int commentId, Caller caller, [AsParameters] CommentServices services, CancellationToken cancellationToken) =>
        CommentThreads.GetAsync(CommentThreads.Task, id, commentId, caller, services, cancellationToken);

    /// <summary>
    /// Comments on a task: coordinators and officers of the regulation's parties who may read the task, and agency systems with
    /// <c>tasks:write</c>. The comment takes the task's classification. <c>@username</c> mentions a person who may read the
    /// task (anyone else named is not mentioned, and nothing says so). Publishes <c>task.commented</c> and, when someone is
    /// mentioned, <c>comment.mentioned</c>. Accepts an <c>Idempotency-Key</c>.
    /// </summary>
    /// <param name="id">Task id.</param>
    public static Task<Results<Created<CommentDto>, ValidationProblem, ProblemHttpResult>> CreateTaskComment(
        int id, CommentRequest request, Caller caller, [AsParameters] CommentServices services, CancellationToken cancellationToken) =>
        CommentThreads.CreateAsync(CommentThreads.Task, id, request, caller, services, cancellationToken);

    /// <summary>
    /// Edits a comment on a task: its author only (403 for anyone else). <c>If-Match</c> with the comment's <c>etag</c> is
    /// required (428 without it, 412 when stale). The earlier text is kept as a revision; people the new text newly mentions
    /// are told (<c>comment.mentioned</c>). The same text sent back writes nothing.
    /// </summary>
    /// <param name="id">Task id.</param>
    /// <param name="commentId">Comment id.</param>
    public static Task<Results<Ok<CommentDto>, ValidationProblem, ProblemHttpResult>> UpdateTaskComment(
        int id, int commentId, CommentRequest request, Caller caller, [AsParameters] CommentServices services, CancellationToken cancellationToken) =>
        CommentThreads.UpdateAsync(CommentThreads.Task, id, commentId, request, caller, services, cancellationToken);

    /// <summary>Every text a comment on a task has had, oldest first (those above the caller's clearance left out).</summary>
    /// <param name="id">Task id.</param>
    /// <param name="commentId">Comment id.</param>
    public static Task<Results<Ok<Page<CommentRevisionDto>>, ProblemHttpResult>> ListTaskCommentRevisions(
        int id, int commentId, [AsParameters] CommentsQuery query, Caller caller, [AsParameters] CommentServices services, CancellationToken cancellationToken) =>
        CommentThreads.RevisionsAsync(CommentThreads.Task, id, commentId, query, caller, services, cancellationToken);

    /// <summary>The comments on a review, oldest first. A review of a regulation the caller's agency is not party to is a 404.</summary>
    /// <param name="id">Review id.</param>
    public static Task<Results<Ok<Page<CommentDto>>, ProblemHttpResult>> ListReviewComments(
        int id, [AsParameters] CommentsQuery query, Caller caller, [AsParameters] CommentServices services, CancellationToken cancellationToken) =>
        CommentThreads.ListAsync(CommentThreads.Review, id, query, caller, services, cancellationToken);

    /// <summary>A comment on a review, with its <c>ETag</c>; 404 when the review or the comment does not exist for the caller.</summary>
    /// <param name="id">Review id.</param>
    /// <param name="commentId">Comment id.</param>
    public static Task<Results<Ok<CommentDto>, ProblemHttpResult>> GetReviewComment(
        int id, int commentId, Caller caller, [AsParameters] CommentServices services, CancellationToken cancellationToken) =>
        CommentThreads.GetAsync(CommentThreads.Review, id, commentId, caller, services, cancellationToken);

    /// <summary>
    /// Comments on a review: coordinators and officers of the regulation's parties, and agency systems with
    /// <c>reviews:write</c>. <c>@username</c> mentions a person who may read the review. Publishes <c>review.commented</c>
    /// and, when someone is mentioned, <c>comment.mentioned</c>. Accepts an <c>Idempotency-Key</c>.
    /// </summary>
    /// <param name="id">Review id.</param>
    public static Task<Results<Created<CommentDto>, ValidationProblem, ProblemHttpResult>> CreateReviewComment(
        int id, CommentRequest request, Caller caller, [AsParameters] CommentServices services, CancellationToken cancellationToken) =>
        CommentThreads.CreateAsync(CommentThreads.Review, id, request, caller, services, cancellationToken);

    /// <summary>
    /// Edits a comment on a review: its author only (403 for anyone else), with <c>If-Match</c> (428 without it, 412 when
    /// stale). The earlier text is kept as a revision.
    /// </summary>
    /// <param name="id">Review id.</param>
    /// <param name="commentId">Comment id.</param>
    public static Task<Results<Ok<CommentDto>, ValidationProblem, ProblemHttpResult>> UpdateReviewComment(
        int id, int commentId, CommentRequest request, Caller caller, [AsParameters] CommentServices services, CancellationToken cancellationToken) =>
        CommentThreads.UpdateAsync(CommentThreads.Review, id, commentId, request, caller, services, cancellationToken);

    /// <summary>Every text a comment on a review has had, oldest first.</summary>
    /// <param name="id">Review id.</param>
    /// <param name="commentId">Comment id.</param>
    public static Task<Results<Ok<Page<CommentRevisionDto>>, ProblemHttpResult>> ListReviewCommentRevisions(
        int id, int commentId, [AsParameters] CommentsQuery query, Caller caller, [AsParameters] CommentServices services, CancellationToken cancellationToken) =>
        CommentThreads.RevisionsAsync(CommentThreads.Review, id, commentId, query, caller, services, cancellationToken);
}
