using System.Globalization;
using CoordinationApi.Infrastructure.Audit;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Events;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.OpenApi;
using CoordinationApi.Infrastructure.Security;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoordinationApi.Features.Notifications;

/// <summary>How one kind of event reaches you.</summary>
/// <param name="Kind">The kind of event.</param>
/// <param name="InApp">It appears among your notifications.</param>
/// <param name="Email">It is mailed to you (when your account has an address): one mail each, or in the daily digest.</param>
public sealed record KindPreferenceDto([Vocabulary(typeof(EventKinds))] string Kind, bool InApp, bool Email);

/// <summary>How events reach you: per kind, and whether mails come one by one or as one daily digest.</summary>
/// <param name="Digest">Gather your mails into one daily digest instead of one mail per event.</param>
/// <param name="Kinds">Every kind of event (a PUT may list fewer: a kind left out takes the defaults).</param>
public sealed record NotificationPreferencesDto(bool Digest, List<KindPreferenceDto> Kinds);

internal sealed class NotificationPreferencesValidator : AbstractValidator<NotificationPreferencesDto>
{
    public NotificationPreferencesValidator()
    {
        RuleFor(p => p.Kinds).NotNull().MaxItems(EventKinds.All.Count)
            .Must(kinds => kinds is null || kinds.Where(k => k is not null).Select(k => k.Kind).Distinct(StringComparer.Ordinal).Count() == kinds.Count(k => k is not null))
            .WithMessage("Name each kind at most once.");
        RuleForEach(p => p.Kinds).NotNull().ChildRules(kind =>
            kind.RuleFor(k => k.Kind).NotEmpty().MaximumLength(Bounds.Code * 2).Must(k => EventKinds.All.Contains(k))
                .WithMessage($"Kind must be one of: {string.Join(", ", EventKinds.All)}."));
    }
}

/// <summary>
/// Your notification preferences (<c>/me/notification-preferences</c>): which kinds reach you in the app and by e-mail,
/// and the daily digest. Without a choice: everything in the app; by e-mail assignments, due and overdue reminders,
/// mentions and evaluation requests, one mail each.
/// </summary>
public static class NotificationPreferencesEndpoints
{
    /// <summary>The ETag of preferences never changed (the defaults).</summary>
    internal const int DefaultsVersion = 0;

    public static RouteGroupBuilder MapNotificationPreferences(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/me").WithTags("Notifications").RequireAccess(Access.People);
        group.MapGet("/notification-preferences", GetNotificationPreferences).WithName(nameof(GetNotificationPreferences)).ReturnsNoClassifiedData();
        group.MapPut("/notification-preferences", UpdateNotificationPreferences).WithName(nameof(UpdateNotificationPreferences))
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        return api;
    }

    /// <summary>Your notification preferences, every kind listed, with their <c>ETag</c> (<c>"0"</c> while you have chosen nothing).</summary>
    public static async Task<Ok<NotificationPreferencesDto>> GetNotificationPreferences(
        Caller caller, [AsParameters] NotificationServices services, CancellationToken cancellationToken)
    {
        await using var connection = await services.Db.OpenAsync(cancellationToken);
        var (preferences, rowVersion) = await ReadAsync(new ReadScope(connection, services.Db.Dialect), NotificationsEndpoints.UserId(caller));
        Concurrency.SetETag(services.Http, rowVersion);
        return TypedResults.Ok(preferences);
    }

    /// <summary>
    /// Replaces your notification preferences: each kind listed as given, a kind left out back to its default. Requires
    /// <c>If-Match</c> with the ETag a GET answered (428 without it, 412 when stale). Preferences sent back unchanged write nothing.
    /// </summary>
    public static async Task<Results<Ok<NotificationPreferencesDto>, ValidationProblem, ProblemHttpResult>> UpdateNotificationPreferences(
        NotificationPreferencesDto request, Caller caller, [AsParameters] NotificationServices services, CancellationToken cancellationToken)
    {
        if (!Concurrency.TryReadIfMatch(services.Http, out var ifMatch, out var precondition))
        {
            return precondition;
        }

        await using var write = await services.Writes.BeginAsync(caller, cancellationToken);
        var (connection, transaction) = write;
        var userId = NotificationsEndpoints.UserId(caller);
        var (before, rowVersion) = await ReadAsync(write, userId);
        if (!ifMatch.Matches(rowVersion))
        {
            return Concurrency.Stale();
        }

        var chosen = request.Kinds.ToDictionary(k => k.Kind, StringComparer.Ordinal);
        var after = new NotificationPreferencesDto(request.Digest, [.. EventKinds.All.Select(kind => chosen.GetValueOrDefault(kind) ?? Default(kind))]);
        if (NoChange.Between(before, after))
        {
            Concurrency.SetETag(services.Http, rowVersion);
            return TypedResults.Ok(before);
        }

        var row = new { UserId = userId, after.Digest, write.Now, RowVersion = rowVersion };
        if (rowVersion == DefaultsVersion)
        {
            await connection.ExecuteAsync(PreferencesSql.InsertSettings, row, transaction);
        }
        else if (await connection.ExecuteAsync(PreferencesSql.UpdateSettings, row, transaction) == 0)
        {
            return Concurrency.Stale();
        }

        await connection.ExecuteAsync(PreferencesSql.DeleteKinds, row, transaction);
        await connection.ExecuteAsync(PreferencesSql.InsertKind,
            after.Kinds.Where(k => k != Default(k.Kind)).Select(k => new { UserId = userId, k.Kind, k.InApp, k.Email }), transaction);
        await write.AuditAsync(new AuditEvent("notification.preferences", "user", userId.ToString(CultureInfo.InvariantCulture), before, after));
        await write.CommitAsync();
        Concurrency.SetETag(services.Http, rowVersion + 1);
        return TypedResults.Ok(after);
    }

    /// <summary>A kind as it reaches someone who has chosen nothing.</summary>
    internal static KindPreferenceDto Default(string kind) => new(kind, NotificationDefaults.InApp, NotificationDefaults.EmailKinds.Contains(kind));

    private static async Task<(NotificationPreferencesDto Preferences, int RowVersion)> ReadAsync(ReadScope scope, int userId)
    {
        using var results = await scope.Connection.QueryMultipleAsync(PreferencesSql.Read, new { UserId = userId }, scope.Transaction);
        var settings = await results.ReadSingleOrDefaultAsync<SettingsRow>();
        var kinds = (await results.ReadAsync<KindRow>()).ToDictionary(k => k.Kind, k => new KindPreferenceDto(k.Kind, k.InApp, k.Email), StringComparer.Ordinal);
        var preferences = new NotificationPreferencesDto(settings?.Digest ?? false, [.. EventKinds.All.Select(kind => kinds.GetValueOrDefault(kind) ?? Default(kind))]);
        return (preferences, settings?.RowVersion ?? DefaultsVersion);
    }

    private sealed record KindRow
    {
        public string Kind { get; init; } = "";

        public bool InApp { get; init; }

        public bool Email { get; init; }
    }

    private sealed record SettingsRow
    {
        public bool Digest { get; init; }

        public int RowVersion { get; init; }
    }
}

internal static class PreferencesSql
{
    public const string Read = """
        SELECT s.digest AS Digest, s.row_version AS RowVersion FROM notification_settings s WHERE s.user_id = @UserId;
        SELECT p.kind AS Kind, p.in_app AS InApp, p.email AS Email FROM notification_preferences p WHERE p.user_id = @UserId;
        """;

    public const string InsertSettings = "INSERT INTO notification_settings (user_id, digest, row_version, updated_at) VALUES (@UserId, @Digest, 1, @Now);";

    public const string UpdateSettings = """
        UPDATE notification_settings SET digest = @Digest, row_version = row_version + 1, updated_at = @Now
        WHERE user_id = @UserId AND row_version = @RowVersion;
        """;

    public const string DeleteKinds = "DELETE FROM notification_preferences WHERE user_id = @UserId;";

    public const string InsertKind = "INSERT INTO notification_preferences (user_id, kind, in_app, email) VALUES (@UserId, @Kind, @InApp, @Email);";
}
