using CoordinationApi.Infrastructure.OpenApi;
using CoordinationApi.Features.Audit;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.Security;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace CoordinationApi.Features.Auth;

/// <summary>Username and password of a person.</summary>
/// <param name="Username">e.g. <c>mps.coordinator</c>.</param>
/// <param name="Password">The password; never stored or logged.</param>
public sealed record SignInRequest(string Username, string Password);

/// <summary>The kinds of token the API issues: bearer tokens only.</summary>
public static class TokenTypes
{
    public const string Bearer = "Bearer";

    [VocabularyName("TokenType")]
    public static readonly string[] All = [Bearer];
}

/// <summary>A bearer token to send as <c>Authorization: Bearer …</c>.</summary>
/// <param name="AccessToken">The signed JWT.</param>
/// <param name="TokenType">Always <c>Bearer</c>.</param>
/// <param name="ExpiresIn">Seconds until it expires.</param>
/// <param name="ExpiresAt">When it expires.</param>
public sealed record TokenDto(string AccessToken, [Vocabulary(typeof(TokenTypes))] string TokenType, int ExpiresIn, DateTimeOffset ExpiresAt);

internal sealed class SignInRequestValidator : AbstractValidator<SignInRequest>
{
    public SignInRequestValidator()
    {
        RuleFor(r => r.Username).NotEmpty().MaximumLength(100);
        RuleFor(r => r.Password).NotEmpty().MaximumLength(200);
    }
}

internal sealed record SignInUserRow
{
    public int Id { get; init; }

    public required string Username { get; init; }

    public required string DisplayName { get; init; }

    public int AgencyId { get; init; }

    public required string AgencyCode { get; init; }

    public string? UnitCode { get; init; }

    public required string Roles { get; init; }

    public int Clearance { get; init; }

    public required string PasswordHash { get; init; }

    public bool Active { get; init; }

    public int FailedSignIns { get; init; }

    public DateTimeOffset? LockedUntil { get; init; }

    public required string SecurityStamp { get; init; }
}

/// <summary>What signing in needs besides the request (bound with <c>[AsParameters]</c>).</summary>
public sealed record AuthServices(DbConnectionFactory Db, WriteScopes Writes, TokenService Tokens, AuthOptions Options, TimeProvider Clock, HttpContext Http);

public static partial class AuthEndpoints
{
    private static readonly PasswordHasher<string> Hasher = new();

    /// <summary>Password hash that no password matches, verified when the user is unknown so timing does not tell.</summary>
    private static readonly string DecoyHash = Hasher.HashPassword("decoy", Guid.NewGuid().ToString());

    /// <summary>Exchanges a username and password for a short-lived bearer token. Repeated failures lock the account.</summary>
    public static async Task<Results<Ok<TokenDto>, ProblemHttpResult>> CreateToken(
        SignInRequest request, [AsParameters] AuthServices services, CancellationToken cancellationToken)
    {
        var username = request.Username.Trim().ToLowerInvariant();
        SignInUserRow? user;
        // The password is checked before the write lock is taken (its hash takes tens of milliseconds, which every other
        // write would wait for); what it decides is then written by statements that count and lock atomically, so sign-ins
        // running at the same time, here or on another instance, each count.
        await using (var reading = await services.Db.OpenAsync(cancellationToken))
        {
            user = await reading.QuerySingleOrDefaultAsync<SignInUserRow>(AuthSql.UserForSignIn, new { Username = username });
        }

        var now = services.Clock.GetUtcNow();
        if (user is null || !user.Active)
        {
            Hasher.VerifyHashedPassword(username, DecoyHash, request.Password);
            return SignInFailed("The username or password is wrong.");
        }

        var actor = new AuditActor("user", user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), user.Username, user.AgencyId,
            ProblemDetailsSetup.TraceId(services.Http), services.Http.Connection.RemoteIpAddress?.ToString());
        if (user.LockedUntil > now)
        {
            return Locked(user.LockedUntil.Value);
        }

        var verdict = Hasher.VerifyHashedPassword(username, user.PasswordHash, request.Password);
        await using var write = await services.Writes.BeginAsync(actor, cancellationToken);
        var (connection, transaction) = write;
        if (verdict == PasswordVerificationResult.Failed)
        {
            var lockUntil = now.AddMinutes(services.Options.LockoutMinutes);
            if (await connection.ExecuteAsync(AuthSql.RecordFailure, new { user.Id, Threshold = services.Options.LockoutThreshold, LockedUntil = lockUntil, Now = now }, transaction) == 0)
            {
                return await LockedMeanwhile(write, user.Id);
            }

            // This transaction's own count: the row stays locked for it until it commits.
            var counted = await connection.QuerySingleAsync<SignInUserRow>(AuthSql.UserForSignIn, new { Username = username }, transaction);
            // Only this transaction's update can have set it: the update required the account unlocked.
            var locks = counted.LockedUntil is not null;
            var failures = locks ? services.Options.LockoutThreshold : counted.FailedSignIns;
            DateTimeOffset? lockedUntil = locks ? lockUntil : null;
            await write.AuditAsync(actor, new AuditEvent(
                locks ? "user.lock" : "auth.sign-in-failed", "user", actor.Id,
                After: new { failedSignIns = failures, lockedUntil }, Classification: (Clearance)user.Clearance));
            await write.CommitAsync();
            return SignInFailed(locks
                ? $"The account is locked for {services.Options.LockoutMinutes} minutes after {failures} failed sign-ins."
                : "The username or password is wrong.");
        }

        if (await connection.ExecuteAsync(AuthSql.RecordSuccess, new { user.Id, Now = now }, transaction) == 0)
        {
            return await LockedMeanwhile(write, user.Id);
        }

        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            await connection.ExecuteAsync(AuthSql.UpgradeHash, new { user.Id, PasswordHash = Hasher.HashPassword(username, request.Password) }, transaction);
        }

        await write.AuditAsync(actor, new AuditEvent("auth.sign-in", "user", actor.Id, Classification: (Clearance)user.Clearance));
        await write.CommitAsync();

        var (token, expires) = services.Tokens.Issue(user.Id, user.Username, user.DisplayName, user.AgencyCode, user.UnitCode,
            user.Roles.Split(',', StringSplitOptions.RemoveEmptyEntries), (Clearance)user.Clearance, user.SecurityStamp);
        return TypedResults.Ok(new TokenDto(token, TokenTypes.Bearer, (int)(expires - now).TotalSeconds, expires));
    }

    internal static string HashPassword(string username, string password) => Hasher.HashPassword(username, password);

    /// <summary>Another sign-in locked the account after this one read it: nothing is written.</summary>
    private static async Task<ProblemHttpResult> LockedMeanwhile(WriteScope write, int id)
    {
        var lockedUntil = await write.Connection.ExecuteScalarAsync<DateTimeOffset>(AuthSql.LockedUntil, new { Id = id }, write.Transaction);
        await write.Transaction.RollbackAsync(CancellationToken.None);
        return Locked(lockedUntil);
    }

    private static ProblemHttpResult Locked(DateTimeOffset until) =>
        SignInFailed($"The account is locked until {until:u} after repeated failed sign-ins.");

    private static ProblemHttpResult SignInFailed(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in failed.");
}
