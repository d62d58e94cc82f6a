using System.Text;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoordinationApi.Features.Admin;

/// <summary>
/// Administration within one's own reach (README, "Access rules"). An admin manages the people and agency systems of
/// their own agency whose clearance is not above theirs (the others do not exist for them: <c>AdminSql</c>); grants no
/// clearance above their own and no role or scope that lets in anything their own roles do not
/// (<see cref="Access.RoleWithin"/>, <see cref="Access.ScopeWithin"/>); and never changes their own roles or clearance.
/// </summary>
internal static class AdminReach
{
    /// <summary>A unit of the admin's agency, a clearance not above theirs, and roles within their own.</summary>
    /// <param name="granted">The roles the request gives that the user does not hold yet (all of them for a new user).</param>
    public static ValidationProblem? CheckGrant(
        Caller caller, ReferenceData reference, string? unitCode, string clearance, IEnumerable<string> granted, out UnitRef? unit)
    {
        var errors = new Dictionary<string, string[]>();
        unit = reference.Unit(unitCode);
        if (unitCode is not null && (unit is null || unit.AgencyId != caller.AgencyId))
        {
            errors["unitCode"] = [$"'{unitCode}' is not a unit of {caller.AgencyCode}."];
        }

        if (ClearanceNames.Parse(clearance) > caller.Clearance)
        {
            errors["clearance"] = [$"You cannot grant a clearance above your own ({caller.Clearance.ToName()})."];
        }

        var beyond = granted.Where(role => !Access.RoleWithin(role, caller.Roles)).ToList();
        if (beyond.Count > 0)
        {
            errors["roles"] = [$"You cannot grant {string.Join(", ", beyond)}: it gives access your own roles ({string.Join(", ", caller.Roles)}) do not."];
        }

        return errors.Count == 0 ? null : Problems.Invalid(errors);
    }

    /// <summary>An agency system gets no scope beyond the admin's roles and no clearance above the admin's.</summary>
    public static ValidationProblem? CheckClientGrant(Caller caller, IEnumerable<string> scopes, Clearance clearance)
    {
        var errors = new Dictionary<string, string[]>();
        if (clearance > caller.Clearance)
        {
            errors["clearance"] = [$"You cannot grant a clearance above your own ({caller.Clearance.ToName()})."];
        }

        var beyond = scopes.Where(scope => !Access.ScopeWithin(scope, caller.Roles)).ToList();
        if (beyond.Count > 0)
        {
            errors["scopes"] = [$"You cannot grant {string.Join(", ", beyond)}: it gives access your own roles ({string.Join(", ", caller.Roles)}) do not."];
        }

        return errors.Count == 0 ? null : Problems.Invalid(errors);
    }

    /// <summary>Nobody raises (or lowers) their own authority: another admin must.</summary>
    public static ProblemHttpResult? CheckNotSelf(Caller caller, int userId, UserRow before, UpdateUserRequest request)
    {
        var self = caller.Kind == CallerKind.User && caller.Id == userId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var rolesChanged = !before.Roles.Split(',', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal)
            .SequenceEqual(request.Roles.Order(StringComparer.Ordinal), StringComparer.Ordinal);
        return self && (rolesChanged || (int)ClearanceNames.Parse(request.Clearance) != before.Clearance)
            ? TypedResults.Problem("Another admin of your agency must change your roles or clearance.",
                statusCode: StatusCodes.Status403Forbidden, title: "You cannot change your own roles or clearance.")
            : null;
    }

    /// <summary>
    /// How a name is compared across people and agency systems, so that neither can pass for the other: NFC, trimmed,
    /// lower case (usernames are stored so).
    /// </summary>
    public static string IdentityKey(string name) => name.Normalize(NormalizationForm.FormC).Trim().ToLowerInvariant();
}
