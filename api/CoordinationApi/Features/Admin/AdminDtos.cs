using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.OpenApi;
using CoordinationApi.Infrastructure.Security;
using FluentValidation;

namespace CoordinationApi.Features.Admin;

/// <summary>A person who can sign in.</summary>
/// <param name="Id">User id.</param>
/// <param name="Username">Sign-in name, lower case.</param>
/// <param name="DisplayName">Name to show.</param>
/// <param name="AgencyCode">The user's agency.</param>
/// <param name="UnitCode">The user's unit (officers act for it).</param>
/// <param name="Roles">admin, coordinator, officer, viewer, auditor.</param>
/// <param name="Clearance">unclassified, confidential, secret or top-secret.</param>
/// <param name="Active">An inactive user cannot sign in.</param>
/// <param name="LockedUntil">Set while the account is locked after failed sign-ins.</param>
/// <param name="FailedSignIns">Failed sign-ins in a row.</param>
/// <param name="Email">Where the user's notification mail goes; null: none is sent.</param>
/// <param name="Language">The language of the user's mail and notifications: vi or en.</param>
public sealed record UserDto(
    int Id, string Username, string DisplayName, string AgencyCode, string? UnitCode, [Vocabulary(typeof(Roles))] List<string> Roles, [Vocabulary(typeof(ClearanceNames))] string Clearance,
    bool Active, DateTimeOffset? LockedUntil, int FailedSignIns, string? Email, [Vocabulary(typeof(ContentLanguages))] string Language);

/// <summary>A new person of the admin's agency.</summary>
/// <param name="Username">3–50 characters: lower-case letters, digits, dot, dash, underscore.</param>
/// <param name="DisplayName">Name to show.</param>
/// <param name="UnitCode">A unit of the admin's agency.</param>
/// <param name="Roles">One or more of admin, coordinator, officer, viewer, auditor.</param>
/// <param name="Clearance">Not above the admin's own clearance.</param>
/// <param name="Password">At least 10 characters.</param>
/// <param name="Email">Where the user's notification mail goes (optional).</param>
/// <param name="Language">vi (the default) or en: the language of the user's mail and notifications.</param>
public sealed record CreateUserRequest(
    string Username, string DisplayName, string? UnitCode, [Vocabulary(typeof(Roles))] List<string> Roles, [Vocabulary(typeof(ClearanceNames))] string Clearance, string Password,
    string? Email = null, [Vocabulary(typeof(ContentLanguages))] string? Language = null);

/// <summary>Changes to a person; send the ETag you read in <c>If-Match</c>.</summary>
/// <param name="DisplayName">Name to show.</param>
/// <param name="UnitCode">A unit of the admin's agency.</param>
/// <param name="Roles">One or more of admin, coordinator, officer, viewer, auditor.</param>
/// <param name="Clearance">Not above the admin's own clearance.</param>
/// <param name="Active">False stops the user from signing in.</param>
/// <param name="Unlock">True clears a lockout; absent or false leaves it.</param>
/// <param name="Email">A new address for the user's notification mail; an empty string removes it; absent or null leaves it.</param>
/// <param name="Language">vi or en; absent or null leaves it.</param>
[RoundTrips(typeof(UserDto))]
public sealed record UpdateUserRequest(
    string DisplayName, string? UnitCode, [Vocabulary(typeof(Roles))] List<string> Roles, [Vocabulary(typeof(ClearanceNames))] string Clearance, bool Active, bool? Unlock,
    string? Email = null, [Vocabulary(typeof(ContentLanguages))] string? Language = null);

/// <summary>A new password set by an admin.</summary>
/// <param name="Password">At least 10 characters.</param>
public sealed record SetPasswordRequest(string Password);

/// <summary>An agency system allowed to call the API with a key.</summary>
/// <param name="Id">Client id.</param>
/// <param name="Name">What the system is.</param>
/// <param name="AgencyCode">The agency it acts for.</param>
/// <param name="Scopes">What it may do, e.g. <c>tasks:read</c>.</param>
/// <param name="Clearance">Records classified above it do not exist for it.</param>
/// <param name="KeyPrefix">The visible start of its key, to recognise it; the key itself is never shown again.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="CreatedBy">Who created it: an admin's username, or <c>system</c> for the demo seed's clients.</param>
/// <param name="CreatedByKind">user (an admin) or system (the demo seed).</param>
/// <param name="RevokedAt">When its key was revoked; a revoked key is refused.</param>
public sealed record ApiClientDto(
    Guid Id, string Name, string AgencyCode, [Vocabulary(typeof(Scopes))] List<string> Scopes, [Vocabulary(typeof(ClearanceNames))] string Clearance, string KeyPrefix,
    DateTimeOffset CreatedAt, string CreatedBy, [Vocabulary(typeof(AuthorKinds))] string CreatedByKind, DateTimeOffset? RevokedAt);

/// <summary>A new client and its key. The key is shown this once: store it now.</summary>
/// <param name="Client">The client.</param>
/// <param name="ApiKey">Send as the <c>X-Api-Key</c> header.</param>
public sealed record ApiClientCreatedDto(ApiClientDto Client, string ApiKey);

/// <summary>A new agency system of the admin's agency.</summary>
/// <param name="Name">What the system is.</param>
/// <param name="Scopes">One or more of the API's scopes.</param>
/// <param name="Clearance">Not above the admin's own clearance.</param>
public sealed record CreateApiClientRequest(string Name, [Vocabulary(typeof(Scopes))] List<string> Scopes, [Vocabulary(typeof(ClearanceNames))] string Clearance);

internal sealed record UserRow
{
    public int Id { get; init; }

    public required string Username { get; init; }

    public required string DisplayName { get; init; }

    public required string AgencyCode { get; init; }

    public string? UnitCode { get; init; }

    public required string Roles { get; init; }

    public int Clearance { get; init; }

    public bool Active { get; init; }

    public int FailedSignIns { get; init; }

    public DateTimeOffset? LockedUntil { get; init; }

    public int RowVersion { get; init; }

    public string? Email { get; init; }

    public string Language { get; init; } = ContentLanguages.Vietnamese;

    public UserDto ToDto() => new(Id, Username, DisplayName, AgencyCode, UnitCode,
        [.. Roles.Split(',', StringSplitOptions.RemoveEmptyEntries)], ((Clearance)Clearance).ToName(), Active, LockedUntil, FailedSignIns, Email, Language);
}

internal sealed record ApiClientRow
{
    public Guid Id { get; init; }

    public required string Name { get; init; }

    public required string AgencyCode { get; init; }

    public required string Scopes { get; init; }

    public int Clearance { get; init; }

    public required string KeyPrefix { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public required string CreatedBy { get; init; }

    /// <summary>Only the demo seed creates clients outside the admin endpoint, which only people (admins) reach.</summary>
    public bool IsDemo { get; init; }

    public DateTimeOffset? RevokedAt { get; init; }

    public ApiClientDto ToDto() => new(Id, Name, AgencyCode, [.. Scopes.Split(',', StringSplitOptions.RemoveEmptyEntries)],
        ((Clearance)Clearance).ToName(), KeyPrefix, CreatedAt, CreatedBy, IsDemo ? AuthorKinds.System : AuthorKinds.User, RevokedAt);
}

internal static partial class AccessRules
{
    public static IRuleBuilderOptions<T, List<string>> AreRoles<T>(this IRuleBuilder<T, List<string>> rule) =>
        rule.NotEmpty().MaxItems(Roles.All.Length).DistinctItems().Must(roles => roles.All(Roles.All.Contains))
            .WithMessage($"Roles must be distinct values among: {string.Join(", ", Roles.All)}.");

    public static IRuleBuilderOptions<T, string> IsClearance<T>(this IRuleBuilder<T, string> rule) =>
        rule.MaximumLength(Bounds.Code).Must(c => ClearanceNames.TryParse(c, out _)).WithMessage($"Clearance must be one of: {string.Join(", ", ClearanceNames.All)}.");

    public static IRuleBuilderOptions<T, string> IsPassword<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().MinimumLength(10).MaximumLength(200);

    /// <summary>One plain address (no display name, no list): what a mail relay accepts as a recipient.</summary>
    public static IRuleBuilderOptions<T, string?> IsEmail<T>(this IRuleBuilder<T, string?> rule, bool emptyRemoves) =>
        rule.MaximumLength(254).Must(e => e is null || (emptyRemoves && e.Length == 0) || MailAddress().IsMatch(e))
            .WithMessage(emptyRemoves ? "Give one e-mail address such as name@agency.gov.vn, or an empty string to remove it." : "Give one e-mail address such as name@agency.gov.vn.");

    public static IRuleBuilderOptions<T, string?> IsLanguage<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(Bounds.Code).Must(l => l is null || ContentLanguages.All.Contains(l))
            .WithMessage($"Language must be one of: {string.Join(", ", ContentLanguages.All)}.");

    [System.Text.RegularExpressions.GeneratedRegex(@"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$")]
    private static partial System.Text.RegularExpressions.Regex MailAddress();
}

internal sealed class CreateUserRequestValidator : AbstractValidator<CreateUserRequest>
{
    public CreateUserRequestValidator()
    {
        RuleFor(r => r.Username).NotEmpty().MaximumLength(50).Matches("^[a-z0-9._-]{3,50}$")
            .WithMessage("Use 3–50 lower-case letters, digits, dots, dashes or underscores.");
        RuleFor(r => r.DisplayName).NotEmpty().MaximumLength(200);
        RuleFor(r => r.UnitCode).MaximumLength(32);
        RuleFor(r => r.Roles).AreRoles();
        RuleForEach(r => r.Roles).MaximumLength(Bounds.Code);
        RuleFor(r => r.Clearance).IsClearance();
        RuleFor(r => r.Password).IsPassword();
        RuleFor(r => r.Email).IsEmail(emptyRemoves: false);
        RuleFor(r => r.Language).IsLanguage();
    }
}

internal sealed class UpdateUserRequestValidator : AbstractValidator<UpdateUserRequest>
{
    public UpdateUserRequestValidator()
    {
        RuleFor(r => r.DisplayName).NotEmpty().MaximumLength(200);
        RuleFor(r => r.UnitCode).MaximumLength(32);
        RuleFor(r => r.Roles).AreRoles();
        RuleForEach(r => r.Roles).MaximumLength(Bounds.Code);
        RuleFor(r => r.Clearance).IsClearance();
        RuleFor(r => r.Email).IsEmail(emptyRemoves: true);
        RuleFor(r => r.Language).IsLanguage();
    }
}

internal sealed class SetPasswordRequestValidator : AbstractValidator<SetPasswordRequest>
{
    public SetPasswordRequestValidator() => RuleFor(r => r.Password).IsPassword();
}

internal sealed class CreateApiClientRequestValidator : AbstractValidator<CreateApiClientRequest>
{
    public CreateApiClientRequestValidator()
    {
        RuleFor(r => r.Name).NotEmpty().MaximumLength(200);
        RuleForEach(r => r.Scopes).MaximumLength(Bounds.Code);
        RuleFor(r => r.Scopes).NotEmpty().MaxItems(Scopes.All.Length).DistinctItems().Must(scopes => scopes.All(Scopes.All.Contains))
            .WithMessage($"Scopes must be distinct values among: {string.Join(", ", Scopes.All)}.");
        RuleFor(r => r.Clearance).IsClearance();
    }
}
