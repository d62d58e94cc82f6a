using System.Globalization;
using CoordinationApi.Infrastructure.Http;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;

namespace CoordinationApi.Features.Admin;

/// <summary>A page of the admin's people, by username.</summary>
/// <param name="Cursor">The <c>nextCursor</c> of the previous page; omit for the first page.</param>
/// <param name="Limit">Page size, 1–200 (default 50).</param>
public sealed record UsersQuery([property: FromQuery(Name = "cursor")] string? Cursor, [property: FromQuery(Name = "limit")] int? Limit) : IPageQuery;

internal sealed class UsersQueryValidator : AbstractValidator<UsersQuery>
{
    public UsersQueryValidator(Cursors cursors) => Include(new PageRules<UsersQuery>(cursors, AdminLists.UsersList, AdminLists.IsUserPosition));
}

/// <summary>A page of the admin's agency systems, oldest first.</summary>
/// <param name="Cursor">The <c>nextCursor</c> of the previous page; omit for the first page.</param>
/// <param name="Limit">Page size, 1–200 (default 50).</param>
public sealed record ApiClientsQuery([property: FromQuery(Name = "cursor")] string? Cursor, [property: FromQuery(Name = "limit")] int? Limit) : IPageQuery;

internal sealed class ApiClientsQueryValidator : AbstractValidator<ApiClientsQuery>
{
    public ApiClientsQueryValidator(Cursors cursors) => Include(new PageRules<ApiClientsQuery>(cursors, AdminLists.ClientsList, AdminLists.IsClientPosition));
}

/// <summary>The keyset order of the admin lists: people by username (unique); agency systems by creation time, then key prefix (unique).</summary>
internal static class AdminLists
{
    public const string UsersList = "admin-users";
    public const string ClientsList = "admin-api-clients";

    /// <summary>A person's position: their username.</summary>
    public static bool IsUserPosition(string position) => position.Length is > 0 and <= Bounds.Name && !position.Contains('|', StringComparison.Ordinal);

    /// <summary>An agency system's position: <c>~ticks|keyPrefix</c> (UTC ticks of its creation).</summary>
    public static bool IsClientPosition(string position) => TryClientKey(position, out _, out _);

    public static string ClientPosition(ApiClientRow row) =>
        string.Create(CultureInfo.InvariantCulture, $"~{row.CreatedAt.UtcTicks}|{row.KeyPrefix}");

    /// <summary>The keyset parameters of a clients page: none on the first page.</summary>
    public static (DateTimeOffset? KeyAt, string? KeyPrefix) ClientKey(string position) =>
        TryClientKey(position, out var at, out var prefix) ? (at, prefix) : (null, null);

    private static bool TryClientKey(string position, out DateTimeOffset createdAt, out string keyPrefix)
    {
        createdAt = default;
        keyPrefix = "";
        var bar = position.IndexOf('|', StringComparison.Ordinal);
        if (bar < 2 || position[0] != '~' || bar == position.Length - 1 || position.Length > Bounds.Name
            || !long.TryParse(position.AsSpan(1, bar - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || ticks < Bounds.MinInstant.UtcTicks || ticks > Bounds.MaxInstant.UtcTicks)
        {
            return false;
        }

        createdAt = new DateTimeOffset(ticks, TimeSpan.Zero);
        keyPrefix = position[(bar + 1)..];
        return true;
    }
}
