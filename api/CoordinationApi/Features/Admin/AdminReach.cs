using System.Globalization;
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

    /// <summary>Whether the admin acts on their own account.</summary>
    public static bool IsSelf(Caller caller, int userId) =>
        caller.Kind == CallerKind.User && caller.Id == userId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Nobody raises (or lowers) their own authority, deactivates themselves (leaving the agency without its admin) or
    /// sets their own password without the current one: another admin must.
    /// </summary>
    public static ProblemHttpResult? CheckNotSelf(Caller caller, int userId, UserRow before, UpdateUserRequest request)
    {
        var rolesChanged = !before.Roles.Split(',', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal)
            .SequenceEqual(request.Roles.Order(StringComparer.Ordinal), StringComparer.Ordinal);
        return IsSelf(caller, userId) && (rolesChanged || (int)ClearanceNames.Parse(request.Clearance) != before.Clearance || request.Active != before.Active)
            ? TypedResults.Problem("Another admin of your agency must change your roles, clearance or active state.",
                statusCode: StatusCodes.Status403Forbidden, title: "You cannot change your own roles, clearance or active state.")
            : null;
    }

    /// <summary>An admin's own password is changed by another admin here (the admin endpoint asks for no current password).</summary>
    public static ProblemHttpResult? CheckNotOwnPassword(Caller caller, int userId) =>
        IsSelf(caller, userId)
            ? TypedResults.Problem("Another admin of your agency must set your password.",
                statusCode: StatusCodes.Status403Forbidden, title: "You cannot set your own password here.")
            : null;

    /// <summary>Names no person or agency system may take: the audit trail's own actor.</summary>
    public static readonly IReadOnlySet<string> ReservedNames = new HashSet<string>(StringComparer.Ordinal) { "system" };

    /// <summary>Whether a new person's or agency system's name is reserved or looks like a name in use (see <see cref="NameSkeleton"/>).</summary>
    public static bool IsTaken(string name, IEnumerable<string> namesInUse)
    {
        var skeleton = NameSkeleton(name);
        return ReservedNames.Contains(skeleton) || namesInUse.Any(taken => NameSkeleton(taken) == skeleton);
    }

    /// <summary>
    /// How a name is compared across people and agency systems of every agency, so that neither can pass for another:
    /// compatibility-decomposed (NFKD: fullwidth and styled letters become plain ones), without accents, format and
    /// zero-width characters (Unicode Cf), blank fillers (Hangul fillers, the blank Braille pattern), whitespace or control
    /// characters, case-folded invariantly, with common look-alikes (dotless i, Latin small capitals, IPA letters,
    /// Cyrillic and Greek letters shaped like Latin ones) mapped to the Latin letter.
    /// </summary>
    public static string NameSkeleton(string name)
    {
        var text = name.Normalize(NormalizationForm.FormKD);
        var skeleton = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (Rune.IsWhiteSpace(rune) || Rune.IsControl(rune) || category is UnicodeCategory.Format or UnicodeCategory.NonSpacingMark
                or UnicodeCategory.EnclosingMark or UnicodeCategory.SpacingCombiningMark || Invisible.Contains(rune.Value))
            {
                continue;
            }

            var lower = Rune.ToLowerInvariant(rune);
            skeleton.Append(lower.IsBmp && LookAlikes.TryGetValue((char)lower.Value, out var latin) ? latin.ToString() : lower.ToString());
        }

        return skeleton.ToString();
    }

    /// <summary>Letters and symbols drawn blank: Hangul fillers (choseong, jungseong, compatibility, halfwidth) and the blank Braille pattern.</summary>
    private static readonly HashSet<int> Invisible = [0x115F, 0x1160, 0x3164, 0xFFA0, 0x2800];

    /// <summary>Lower-case letters (after case folding) drawn like a Latin letter, and that letter.</summary>
    private static readonly Dictionary<char, char> LookAlikes = new()
    {
        ['ı'] = 'i', ['ȷ'] = 'j', ['ſ'] = 's', ['ℓ'] = 'l',
        // Latin small capitals
        ['ᴀ'] = 'a', ['ʙ'] = 'b', ['ᴄ'] = 'c', ['ᴅ'] = 'd', ['ᴇ'] = 'e', ['ꜰ'] = 'f', ['ɢ'] = 'g', ['ʜ'] = 'h', ['ɪ'] = 'i', ['ᴊ'] = 'j',
        ['ᴋ'] = 'k', ['ʟ'] = 'l', ['ᴍ'] = 'm', ['ɴ'] = 'n', ['ᴏ'] = 'o', ['ᴘ'] = 'p', ['ꞯ'] = 'q', ['ʀ'] = 'r', ['ꜱ'] = 's', ['ᴛ'] = 't',
        ['ᴜ'] = 'u', ['ᴠ'] = 'v', ['ᴡ'] = 'w', ['ʏ'] = 'y', ['ᴢ'] = 'z', ['ᴌ'] = 'l', ['ᴦ'] = 'r', ['ᴨ'] = 'n', ['ᴩ'] = 'p',
        // IPA and other Latin letters shaped like a plain one
        ['ɑ'] = 'a', ['ɡ'] = 'g', ['ɩ'] = 'i', ['ɛ'] = 'e', ['ʋ'] = 'v', ['ɵ'] = 'o', ['ɼ'] = 'r', ['ɾ'] = 'r', ['ʂ'] = 's', ['ɦ'] = 'h',
        ['ɭ'] = 'l', ['ɱ'] = 'm', ['ɳ'] = 'n', ['ʈ'] = 't', ['ʐ'] = 'z', ['ɖ'] = 'd', ['ɓ'] = 'b', ['ƅ'] = 'b', ['ǀ'] = 'l',
        // Cyrillic
        ['а'] = 'a', ['в'] = 'b', ['е'] = 'e', ['з'] = '3', ['к'] = 'k', ['м'] = 'm', ['н'] = 'h', ['о'] = 'o', ['р'] = 'p',
        ['с'] = 'c', ['т'] = 't', ['у'] = 'y', ['х'] = 'x', ['і'] = 'i', ['ј'] = 'j', ['ѕ'] = 's', ['ԁ'] = 'd', ['һ'] = 'h',
        ['ԛ'] = 'q', ['ԝ'] = 'w', ['ү'] = 'y', ['ѵ'] = 'v', ['ӏ'] = 'l',
        // Greek
        ['α'] = 'a', ['β'] = 'b', ['ε'] = 'e', ['ζ'] = 'z', ['η'] = 'h', ['ι'] = 'i', ['κ'] = 'k', ['μ'] = 'm', ['ν'] = 'n', ['ο'] = 'o',
        ['ρ'] = 'p', ['τ'] = 't', ['υ'] = 'y', ['χ'] = 'x', ['ϲ'] = 'c', ['ϳ'] = 'j',
    };
}
