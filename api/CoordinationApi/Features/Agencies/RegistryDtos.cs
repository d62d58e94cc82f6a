using CoordinationApi.Features.Admin;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.OpenApi;
using CoordinationApi.Infrastructure.Security;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;

namespace CoordinationApi.Features.Agencies;

/// <summary>
/// An agency as it is written: the body of <c>POST /agencies</c> and of <c>PUT /agencies/{code}</c>, which takes back the
/// body <c>GET /agencies/{code}</c> returns.
/// </summary>
/// <param name="Code">Stable code, 2–32 capital letters, digits or dashes, e.g. <c>MOD</c>; it never changes.</param>
/// <param name="NameVi">Name in Vietnamese.</param>
/// <param name="NameEn">Name in English.</param>
/// <param name="Active">False retires the agency: it keeps its records, but gets no new units, persons or first admin. Default true.</param>
public sealed record AgencyRequest(string Code, string NameVi, string NameEn, bool? Active);

/// <summary>A unit as it is written: the body of <c>POST /units</c> and of <c>PUT /units/{code}</c> (the body GET returns).</summary>
/// <param name="Id">Ignored on create; on update, when given, the unit's id.</param>
/// <param name="Code">Stable code, unique across agencies, e.g. <c>MOD-VP</c>; it never changes.</param>
/// <param name="AgencyCode">The agency; it never changes.</param>
/// <param name="ParentCode">The unit above it, of the same agency; null only for the agency's ministry unit.</param>
/// <param name="Tier">ministry, department, division or provincial.</param>
/// <param name="NameVi">Name in Vietnamese.</param>
/// <param name="NameEn">Name in English.</param>
/// <param name="Active">False retires the unit (it keeps its tasks and people); default true.</param>
public sealed record UnitRequest(
    int? Id, string Code, string AgencyCode, string? ParentCode, [Vocabulary(typeof(UnitTiers))] string Tier, string NameVi, string NameEn, bool? Active);

/// <summary>A unit of an agency.</summary>
/// <param name="Id">Unit id.</param>
/// <param name="Code">Stable code, e.g. <c>MPS-VP</c>.</param>
/// <param name="AgencyCode">Its agency.</param>
/// <param name="ParentCode">The unit above it; null for the ministry unit.</param>
/// <param name="Tier">ministry, department, division or provincial.</param>
/// <param name="NameVi">Name in Vietnamese.</param>
/// <param name="NameEn">Name in English.</param>
/// <param name="Active">False when retired.</param>
public sealed record UnitDto(
    int Id, string Code, string AgencyCode, string? ParentCode, [Vocabulary(typeof(UnitTiers))] string Tier, string NameVi, string NameEn, bool Active);

/// <summary>
/// A person as it is written: the body of <c>POST /persons</c> and of <c>PUT /persons/{key}</c> (the body GET returns).
/// </summary>
/// <param name="Id">Ignored on create; on update, when given, the person's id.</param>
/// <param name="Key">Stable key, unique, e.g. <c>to-lam</c>: what regulation <c>signatories</c> take; it never changes.</param>
/// <param name="FullName">Full name.</param>
/// <param name="RankVi">Rank or title in Vietnamese, e.g. <c>Đại tướng</c>.</param>
/// <param name="RankEn">Rank or title in English.</param>
/// <param name="PositionVi">Position in Vietnamese, e.g. <c>Bộ trưởng</c>.</param>
/// <param name="PositionEn">Position in English.</param>
/// <param name="AgencyCode">The person's agency; it never changes.</param>
/// <param name="UnitCode">The person's unit, of that agency.</param>
/// <param name="Active">False retires the person: kept where they signed, named in no new regulation. Default true.</param>
public sealed record PersonRequest(
    int? Id, string Key, string FullName, string? RankVi, string? RankEn, string? PositionVi, string? PositionEn, string AgencyCode, string? UnitCode, bool? Active);

/// <summary>A person who signs regulations or is named in them.</summary>
/// <param name="Id">Person id (recognitions name a person by it).</param>
/// <param name="Key">Stable key: what regulation <c>signatories</c> take.</param>
/// <param name="FullName">Full name.</param>
/// <param name="RankVi">Rank or title in Vietnamese; empty when none.</param>
/// <param name="RankEn">Rank or title in English; empty when none.</param>
/// <param name="PositionVi">Position in Vietnamese; empty when none.</param>
/// <param name="PositionEn">Position in English; empty when none.</param>
/// <param name="AgencyCode">The person's agency.</param>
/// <param name="UnitCode">The person's unit.</param>
/// <param name="Active">False when retired.</param>
public sealed record PersonDto(
    int Id, string Key, string FullName, string RankVi, string RankEn, string PositionVi, string PositionEn, string AgencyCode, string? UnitCode, bool Active);

/// <summary>Filters and paging of the person list.</summary>
/// <param name="Agency">Only persons of this agency (code).</param>
/// <param name="Unit">Only persons of this unit (code).</param>
/// <param name="Q">Words of the name, case and diacritics ignored (<c>to lam</c> finds Tô Lâm).</param>
/// <param name="Active">true: only active persons; false: only retired ones; absent: both.</param>
/// <param name="Cursor">The <c>nextCursor</c> of the previous page; omit for the first page.</param>
/// <param name="Limit">Page size, 1–200 (default 50).</param>
public sealed record ListPersonsQuery(
    [property: FromQuery(Name = "agency")] string? Agency,
    [property: FromQuery(Name = "unit")] string? Unit,
    [property: FromQuery(Name = "q")] string? Q,
    [property: FromQuery(Name = "active")] bool? Active,
    [property: FromQuery(Name = "cursor")] string? Cursor,
    [property: FromQuery(Name = "limit")] int? Limit) : IPageQuery;

/// <summary>The first admin (roles admin and coordinator) of a new agency, created by a registry admin; from then on that admin manages the agency's people.</summary>
/// <param name="Username">3–50 characters: lower-case letters, digits, dot, dash, underscore.</param>
/// <param name="DisplayName">Name to show.</param>
/// <param name="UnitCode">A unit of the new agency.</param>
/// <param name="Clearance">Not above the registry admin's own clearance.</param>
/// <param name="Password">At least 10 characters; hand it over out of band.</param>
public sealed record FirstAdminRequest(string Username, string DisplayName, string? UnitCode, [Vocabulary(typeof(ClearanceNames))] string Clearance, string Password);

/// <summary>The account a registry admin gave an agency as its first admin (roles admin and coordinator).</summary>
/// <param name="Id">User id.</param>
/// <param name="Username">Sign-in name.</param>
/// <param name="DisplayName">Name to show.</param>
/// <param name="AgencyCode">The agency.</param>
/// <param name="UnitCode">The user's unit.</param>
/// <param name="Clearance">unclassified, confidential, secret or top-secret.</param>
/// <param name="Active">An inactive user cannot sign in.</param>
public sealed record FirstAdminDto(
    int Id, string Username, string DisplayName, string AgencyCode, string? UnitCode, [Vocabulary(typeof(ClearanceNames))] string Clearance, bool Active);

internal static class RegistryRules
{
    public const string CodePattern = "^[A-Z0-9][A-Z0-9-]{1,31}$";
    public const string KeyPattern = "^[a-z0-9][a-z0-9._-]{0,99}$";
    public const int NameLength = 400;
    public const int RankLength = 100;

    public static IRuleBuilderOptions<T, string> IsCode<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().MaximumLength(Bounds.Code).Matches(CodePattern).WithMessage("Use 2–32 capital letters, digits or dashes, starting with a letter or digit.");
}

internal sealed class AgencyRequestValidator : AbstractValidator<AgencyRequest>
{
    public AgencyRequestValidator()
    {
        RuleFor(r => r.Code).IsCode();
        RuleFor(r => r.NameVi).NotEmpty().MaximumLength(RegistryRules.NameLength);
        RuleFor(r => r.NameEn).NotEmpty().MaximumLength(RegistryRules.NameLength);
    }
}

internal sealed class UnitRequestValidator : AbstractValidator<UnitRequest>
{
    public UnitRequestValidator()
    {
        RuleFor(r => r.Id).IsId();
        RuleFor(r => r.Code).IsCode();
        RuleFor(r => r.AgencyCode).NotEmpty().MaximumLength(Bounds.Code);
        RuleFor(r => r.ParentCode).MaximumLength(Bounds.Code);
        RuleFor(r => r.Tier).MaximumLength(Bounds.Code).Must(UnitTiers.All.Contains).WithMessage($"Tier must be one of: {string.Join(", ", UnitTiers.All)}.");
        RuleFor(r => r.NameVi).NotEmpty().MaximumLength(RegistryRules.NameLength);
        RuleFor(r => r.NameEn).NotEmpty().MaximumLength(RegistryRules.NameLength);
    }
}

internal sealed class PersonRequestValidator : AbstractValidator<PersonRequest>
{
    public PersonRequestValidator()
    {
        RuleFor(r => r.Id).IsId();
        RuleFor(r => r.Key).NotEmpty().MaximumLength(100).Matches(RegistryRules.KeyPattern)
            .WithMessage("Use up to 100 lower-case letters, digits, dots, dashes or underscores, starting with a letter or digit.");
        RuleFor(r => r.FullName).NotEmpty().MaximumLength(Bounds.Name);
        RuleFor(r => r.RankVi).MaximumLength(RegistryRules.RankLength);
        RuleFor(r => r.RankEn).MaximumLength(RegistryRules.RankLength);
        RuleFor(r => r.PositionVi).MaximumLength(RegistryRules.NameLength);
        RuleFor(r => r.PositionEn).MaximumLength(RegistryRules.NameLength);
        RuleFor(r => r.AgencyCode).NotEmpty().MaximumLength(Bounds.Code);
        RuleFor(r => r.UnitCode).MaximumLength(Bounds.Code);
    }
}

internal sealed class ListPersonsQueryValidator : AbstractValidator<ListPersonsQuery>
{
    public ListPersonsQueryValidator(Cursors cursors)
    {
        Include(new PageRules<ListPersonsQuery>(cursors, RegistryEndpoints.PersonsList, Cursors.IsId));
        RuleFor(q => q.Agency).MaximumLength(Bounds.Code);
        RuleFor(q => q.Unit).MaximumLength(Bounds.Code);
        RuleFor(q => q.Q).MaximumLength(Bounds.Name);
    }
}

internal sealed class FirstAdminRequestValidator : AbstractValidator<FirstAdminRequest>
{
    public FirstAdminRequestValidator()
    {
        RuleFor(r => r.Username).NotEmpty().MaximumLength(50).Matches("^[a-z0-9._-]{3,50}$")
            .WithMessage("Use 3–50 lower-case letters, digits, dots, dashes or underscores.");
        RuleFor(r => r.DisplayName).NotEmpty().MaximumLength(200);
        RuleFor(r => r.UnitCode).MaximumLength(Bounds.Code);
        RuleFor(r => r.Clearance).IsClearance();
        RuleFor(r => r.Password).IsPassword();
    }
}
